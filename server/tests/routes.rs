//! Every route through the router (no socket): pages, nodes, 404s, the JSON API, server
//! functions, hostile input, compression and cache headers.

use crate::support::{bundled, fixture, get, repo_path, router_for, send};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};

const SEED: &str = "/articles/firmware-flash-failed";

#[tokio::test]
async fn home_lists_every_article_grouped_by_tag() {
    let r = get(&bundled(), "/").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(
        r.body.contains("<title>Fixpath</title>"),
        "{}",
        &r.body[..500.min(r.body.len())]
    );
    assert!(r.body.contains("id=\"tag-firmware\""));
    assert!(r.body.contains("href=\"/articles/firmware-flash-failed\""));
    assert!(r.body.contains("A firmware update aborted partway through."));
    assert!(r.body.contains("href=\"/articles/gateway-will-not-pair\""));
}

#[tokio::test]
async fn the_start_node_asks_which_cause_matches() {
    let r = get(&bundled(), SEED).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("<title>Firmware flash failed · Fixpath</title>"));
    assert!(r.body.contains("Which of these matches?"));
    // The front matter's `updated: 2026-10-14`, for readers and machines.
    assert!(
        r.body
            .contains("Updated <time datetime=\"2026-10-14\">14 Oct 2026</time>"),
        "the page shows when the article last changed"
    );
    for id in ["space", "power", "checksum", "hardware"] {
        assert!(
            r.body
                .contains(&format!("href=\"/articles/firmware-flash-failed/fix/{id}/1\"")),
            "{id}"
        );
    }
    assert!(
        r.body
            .contains("href=\"/articles/firmware-flash-failed/fix/space/1?walk=1\""),
        "I'm not sure"
    );
    assert!(
        r.body
            .contains("href=\"/articles/firmware-flash-failed/last-resort/1\""),
        "None of these"
    );
}

#[tokio::test]
async fn every_node_renders_completely_on_the_server() {
    let app = bundled();
    let cases = [
        ("/fix/power/1", "Step 1 of 3"),
        ("/fix/power/2", "boot from the recovery partition"),
        ("/fix/power/3", "Did this fix it?"),
        ("/fix/checksum", "Step 1 of 2"),
        (
            "/last-resort/2?tried=space,power,checksum,hardware",
            "Insert the card, hold the recovery button",
        ),
        (
            "/verify?fixed=power",
            "The firmware version reported in the UI matches the intended build.",
        ),
        ("/resolved?fixed=power", "If power was lost"),
        ("/escalate?tried=power&amp;lr=1", "Contact support"),
        (
            "/full",
            "Do not flash across revisions even if the web UI accepts the file.",
        ),
    ];
    for (node, needle) in cases {
        let r = get(&app, &format!("{SEED}{}", node.replace("&amp;", "&"))).await;
        assert_eq!(r.status, StatusCode::OK, "{node}");
        assert!(r.body.contains(needle), "{node} lacks {needle}");
    }
}

#[tokio::test]
async fn the_escalation_node_carries_a_summary_of_what_was_tried() {
    let escalate = |host: &str| {
        let mut req = Request::get(format!("{SEED}/escalate?tried=checksum,power&lr=1"))
            .body(Body::empty())
            .unwrap();
        req.headers_mut().insert(header::HOST, host.parse().unwrap());
        req.headers_mut()
            .insert("x-forwarded-host", "evil.example".parse().unwrap());
        req
    };
    let r = send(&bundled(), escalate("evil.example")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Tried without success:"), "{}", r.body);
    assert!(r.body.contains("1. Firmware image checksum does not match"));
    assert!(r.body.contains("2. Power lost during flashing"));
    assert!(r.body.contains("3. Last resort: SD card reflash"));
    // Without a configured address the link is relative: a client's Host never gets in.
    assert!(
        r.body
            .contains("Guide: /articles/firmware-flash-failed/escalate?tried=checksum,power&amp;lr=1"),
        "{}",
        r.body
    );
    assert!(!r.body.contains("evil.example"), "{}", r.body);

    let site = std::sync::Arc::new(server::Site::load(&repo_path("content"), server::LoadOptions::default()).unwrap());
    let configured = server::router_with(
        app::catalog::SharedCatalog(site),
        crate::support::options(),
        server::Routing {
            public_url: Some(server::parse_public_url("https://help.example.com/").unwrap()),
            ..Default::default()
        },
    );
    let r = send(&configured, escalate("evil.example")).await;
    assert!(
        r.body.contains(
            "Guide: https://help.example.com/articles/firmware-flash-failed/escalate?tried=checksum,power&amp;lr=1"
        ),
        "{}",
        r.body
    );
    // The copy button (an island) is handed the same text, link included.
    assert!(
        r.body
            .matches("https://help.example.com/articles/firmware-flash-failed/escalate?tried=checksum,power")
            .count()
            >= 2,
        "the copy button copies the same link: {}",
        r.body
    );
    assert!(!r.body.contains("evil.example"));
}

#[test]
fn public_urls_are_a_scheme_and_a_host() {
    assert_eq!(
        server::parse_public_url("https://help.example.com/").unwrap(),
        "https://help.example.com"
    );
    assert_eq!(
        server::parse_public_url("http://127.0.0.1:8080").unwrap(),
        "http://127.0.0.1:8080"
    );
    for bad in [
        "help.example.com",
        "ftp://x.example",
        "https://x.example/help",
        "https://u@x.example",
        "https://x.example/?a=1",
        "javascript:alert(1)",
    ] {
        assert!(server::parse_public_url(bad).is_err(), "{bad}");
    }
}

#[tokio::test]
async fn unknown_articles_and_nodes_are_404_pages() {
    let app = bundled();
    for uri in [
        "/articles/nope",
        "/articles/firmware-flash-failed/fix/nope/1",
        "/articles/firmware-flash-failed/fix/power/0",
        "/articles/firmware-flash-failed/fix/power/4",
        "/articles/firmware-flash-failed/last-resort/9",
        "/articles/firmware-flash-failed/bogus/path",
        "/no/such/page",
    ] {
        let r = get(&app, uri).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(r.body.contains("Page not found"), "{uri}");
        assert_eq!(r.headers[header::CACHE_CONTROL], "no-store", "{uri}");
    }
}

#[tokio::test]
async fn old_addresses_redirect_with_their_step_and_what_was_tried() {
    // camera-offline.md was once at /kb/offline/ (gateway-offline.md claims it too, later, and
    // loses), and names gateway-offline's own address, which is not redirected.
    let (app, _) = router_for(&fixture("check/old-addresses/content"));
    for (from, to) in [
        ("/kb/offline", "/articles/camera-offline"),
        ("/kb/offline/", "/articles/camera-offline"),
        (
            "/kb/offline/fix/cable-is-loose/1?tried=x&from=search",
            "/articles/camera-offline/fix/cable-is-loose/1?tried=x&from=search",
        ),
        ("/kb/gateway-offline", "/articles/gateway-offline"),
    ] {
        let r = get(&app, from).await;
        assert_eq!(r.status, StatusCode::MOVED_PERMANENTLY, "{from}: {}", r.body);
        assert_eq!(r.headers[header::LOCATION], to, "{from}");
        // Where it leads is a page.
        assert_eq!(get(&app, to).await.status, StatusCode::OK, "{to}");
    }
    let head = send(&app, Request::head("/kb/offline").body(Body::empty()).unwrap()).await;
    assert_eq!(head.status, StatusCode::MOVED_PERMANENTLY);
    // A page's own address, a near miss, another site's address and a form post are not redirected.
    for uri in [
        "/articles/gateway-offline",
        "/kb/offline-2",
        "/kb",
        "/old.example.com/kb/camera-offline",
        "/kb/admin",
    ] {
        let r = get(&app, uri).await;
        assert_ne!(r.status, StatusCode::MOVED_PERMANENTLY, "{uri}");
        assert!(!r.headers.contains_key(header::LOCATION), "{uri}");
    }
    let post = send(&app, Request::post("/kb/offline").body(Body::empty()).unwrap()).await;
    assert_ne!(post.status, StatusCode::MOVED_PERMANENTLY);
    // A hostile path under an old address stays a bounded redirect.
    let long = format!("/kb/offline{}", "/x".repeat(2000));
    let r = get(&app, &long).await;
    assert_eq!(r.status, StatusCode::MOVED_PERMANENTLY);
    // Names among the aliases are still searched.
    let r = get(&app, "/api/search?q=camera%20shows%20offline").await;
    assert!(r.body.contains("camera-offline"), "{}", r.body);
}

#[tokio::test]
async fn hostile_query_strings_are_harmless() {
    let app = bundled();
    for q in [
        "?tried=%ZZ%&walk=%3Cscript%3Ealert(1)%3C/script%3E",
        "?tried=space,space,space,../../etc,power&fixed=javascript:alert(1)",
        "?tried=%00%01%02&lr=%F0%9F%92%A5",
        "?walk=1&walk=0&&&==&tried",
    ] {
        let r = get(&app, &format!("{SEED}{q}")).await;
        assert_eq!(r.status, StatusCode::OK, "{q}");
        assert!(
            !r.body.contains("<script>alert") && !r.body.contains("javascript:alert"),
            "{q}"
        );
    }
    let long = format!("{SEED}?tried={}", "space,".repeat(5000));
    assert_eq!(get(&app, &long).await.status, StatusCode::OK);
}

#[tokio::test]
async fn the_json_api_lists_articles_and_returns_trees() {
    let app = bundled();
    let r = get(&app, "/api/articles").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers[header::CONTENT_TYPE], "application/json");
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    let list = v["articles"].as_array().unwrap();
    assert!(list.len() >= 7);
    assert!(list
        .iter()
        .any(|a| a["slug"] == "firmware-flash-failed" && a["tags"][0] == "firmware"));

    let r = get(&app, "/api/articles/firmware-flash-failed").await;
    assert_eq!(r.status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["title"], "Firmware flash failed");
    assert_eq!(v["url"], "/articles/firmware-flash-failed");
    assert_eq!(v["causes"].as_array().unwrap().len(), 4);
    assert_eq!(v["causes"][1]["id"], "power");
    assert_eq!(v["causes"][1]["fix"]["steps"].as_array().unwrap().len(), 3);
    assert_eq!(v["last_resort"]["steps"].as_array().unwrap().len(), 3);
    let tree = v["tree"].as_array().unwrap();
    assert_eq!(tree[0]["id"], "start");
    assert!(tree
        .iter()
        .any(|n| n["id"] == "fix/checksum/2" && n["url"] == "/articles/firmware-flash-failed/fix/checksum/2"));
    assert_eq!(tree.last().unwrap()["kind"], "escalate");

    let r = get(&app, "/api/articles/nope").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["error"], "no article named `nope`");
}

#[tokio::test]
async fn server_functions_answer_get_requests() {
    let app = bundled();
    let r = get(&app, "/rpc/article?slug=firmware-flash-failed").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["slug"], "firmware-flash-failed");
    let r = get(&app, "/rpc/article?slug=nope").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["NotFound"], "no guide is called `nope`");
    let r = get(&app, "/rpc/article?bogus=%ZZ").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
}

#[tokio::test]
async fn hostile_markdown_is_rendered_inert() {
    let (app, site) = router_for(&fixture("hostile"));
    assert_eq!(site.library.len(), 1, "{:?}", site.library.diagnostics);
    for uri in [
        "/articles/hostile",
        "/articles/hostile/escalate?tried=bad",
        "/articles/hostile/resolved?fixed=bad",
        "/articles/hostile/fix/bad/1",
        "/articles/hostile/fix/bad/2",
        "/articles/hostile/full",
        "/api/articles/hostile",
    ] {
        let r = get(&app, uri).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}");
        // Plain-text fields of the JSON API may carry the writer's literal text; HTML pages never may.
        let text_ok = uri.starts_with("/api/");
        // (The feedback form's own empty `<textarea …></textarea>` is the page's, not the writer's.)
        for bad in ["<script>alert", "</textarea><script", "</title><script"] {
            assert!(text_ok || !r.body.contains(bad), "{uri} contains {bad}");
        }
        for bad in [
            "alert('",
            "onerror",
            "onclick",
            "onload",
            "javascript:",
            "<iframe",
            "<object",
            "<embed",
            "position:fixed",
        ] {
            assert!(!r.body.contains(bad), "{uri} contains {bad}");
        }
    }
}

#[tokio::test]
async fn responses_are_compressed_and_carry_cache_headers() {
    let app = bundled();
    let mut req = Request::get(SEED).body(Body::empty()).unwrap();
    req.headers_mut().insert(header::ACCEPT_ENCODING, "br".parse().unwrap());
    let r = send(&app, req).await;
    assert_eq!(r.headers[header::CONTENT_ENCODING], "br");
    assert_eq!(r.headers[header::CACHE_CONTROL], "no-cache");
    assert_eq!(r.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");

    let mut req = Request::get("/api/articles").body(Body::empty()).unwrap();
    req.headers_mut()
        .insert(header::ACCEPT_ENCODING, "gzip".parse().unwrap());
    let r = send(&app, req).await;
    assert_eq!(r.headers[header::CONTENT_ENCODING], "gzip");
}

#[tokio::test]
async fn malformed_requests_get_clear_errors() {
    let app = bundled();
    let r = send(&app, Request::post("/api/articles").body(Body::from("{")).unwrap()).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    let r = get(&app, "/articles/%ff%fe").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = get(&app, "/api/articles/%ZZ").await;
    assert!(r.status.is_client_error(), "{}", r.status);
}

#[test]
fn a_binary_built_without_cargo_leptos_still_names_its_assets() {
    // `cargo test` (like a plain `cargo build`) compiles Leptos without LEPTOS_OUTPUT_NAME.
    let manifest = std::fs::read_to_string(crate::support::repo_path("Cargo.toml")).unwrap();
    let metadata = manifest
        .split("[[workspace.metadata.leptos]]")
        .nth(1)
        .expect("leptos metadata");
    assert!(
        metadata.contains(&format!("\nname = \"{}\"", server::OUTPUT_NAME)),
        "OUTPUT_NAME must match the name in [[workspace.metadata.leptos]]"
    );
    let config = server::Config {
        content: crate::support::repo_path("content"),
        addr: "127.0.0.1:0".parse().unwrap(),
        site_root: None,
        drafts: false,
        watch: false,
        public: None,
        limits: server::net::Limits::default(),
        public_url: None,
        security: server::headers::Security::default(),
        show_problems_to_all: false,
        data: "data".into(),
        database_url: None,
        analytics: None,
        retention: server::store::Retention::default(),
        feedback_per_minute: 6,
    };
    let options = server::leptos_options(&config).unwrap();
    assert_eq!(&*options.output_name, server::OUTPUT_NAME);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_render_while_another_router_is_being_built() {
    // Listing the routes suppresses resource loading process-wide; a page rendered meanwhile
    // used to wait forever (leptos-rs/leptos#4773). Routers are built in parallel here the
    // way the test suite and embedding applications build them.
    let app = bundled();
    let builder = tokio::task::spawn_blocking(|| {
        for _ in 0..15 {
            drop(bundled());
        }
    });
    let mut renders = 0;
    while !builder.is_finished() {
        let page = get(&app, "/").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Firmware flash failed"));
        renders += 1;
    }
    builder.await.unwrap();
    assert!(renders > 0);
}

/// The inline scripts of a page a browser would run (not data blocks such as JSON-LD).
fn inline_scripts(body: &str) -> Vec<String> {
    body.split("<script")
        .skip(1)
        .filter_map(|tag| {
            let end = tag.find('>')?;
            let open = &tag[..end];
            if open.contains(" src=") || open.contains("application/ld+json") {
                return None;
            }
            let rest = &tag[end + 1..];
            Some(rest[..rest.find("</script>")?].to_string())
        })
        .collect()
}

#[tokio::test]
async fn every_page_has_a_strict_csp_that_allows_exactly_its_inline_scripts_by_hash() {
    let app = bundled();
    let mut policies = std::collections::HashSet::new();
    for url in [
        "/",
        SEED,
        "/articles/firmware-flash-failed/fix/space/1",
        "/articles/firmware-flash-failed/escalate?tried=space",
        "/articles/firmware-update-faq",
        "/search?q=checksum",
        "/verify",
        "/no-such-page",
    ] {
        let r = get(&app, url).await;
        let csp = r.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().to_string();
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains("'nonce-"),
            "{url}: {csp}"
        );
        assert!(
            csp.contains("object-src 'none'") && csp.contains("base-uri 'none'"),
            "{csp}"
        );
        let scripts = inline_scripts(&r.body);
        assert!(scripts.len() >= 4, "{url}: the head's scripts are inline: {scripts:?}");
        for script in &scripts {
            let hash = server::headers::script_hash(script);
            assert!(
                csp.contains(&hash),
                "{url}: the policy does not allow {script:?} ({hash})"
            );
        }
        assert!(
            r.body.split("nonce=\"").skip(1).all(|rest| rest.starts_with('"')),
            "{url}: no nonce: the page is the same for everyone"
        );
        // No inline style anywhere: the policy would refuse it.
        assert!(!r.body.contains(" style="), "{url}: inline style in {}", r.body);
        for h in ["permissions-policy", "cross-origin-opener-policy"] {
            assert!(r.headers.contains_key(h), "{url}: {h}");
        }
        assert!(
            !r.headers.contains_key(header::STRICT_TRANSPORT_SECURITY),
            "{url}: no HSTS over plain HTTP"
        );
        policies.insert(csp);
    }
    assert_eq!(policies.len(), 1, "one policy for every page: {policies:?}");
    // A script that is not the site's own (injected into a page) is not allowed.
    let csp = policies.into_iter().next().unwrap();
    assert!(!csp.contains(&server::headers::script_hash("alert(1)")));
    let api = get(&app, "/api/articles").await;
    let csp = api.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("default-src 'none'") && csp.contains("sandbox"), "{csp}");
}

#[tokio::test]
async fn https_sites_send_hsts_and_configured_framing() {
    let site = std::sync::Arc::new(server::Site::load(&repo_path("content"), server::LoadOptions::default()).unwrap());
    let app = server::router_with(
        app::catalog::SharedCatalog(site),
        crate::support::options(),
        server::Routing {
            public_url: Some("https://help.example.com".into()),
            security: server::headers::Security {
                frame_ancestors: vec!["https://desk.example.com".into()],
                remote_images: false,
                https: true,
            },
            ..Default::default()
        },
    );
    let r = get(&app, SEED).await;
    assert_eq!(r.headers[header::STRICT_TRANSPORT_SECURITY], "max-age=31536000");
    let csp = r.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("frame-ancestors https://desk.example.com"), "{csp}");
    assert!(
        !r.headers.contains_key(header::X_FRAME_OPTIONS),
        "XFO would forbid the configured frame"
    );
}

#[tokio::test]
async fn canonical_links_sitemap_and_robots_use_the_configured_address_only() {
    // Without --public-url: no canonical link, no sitemap, and robots.txt names none.
    let plain = bundled();
    let page = get(&plain, SEED).await;
    assert!(!page.body.contains("rel=\"canonical\""), "{}", page.body);
    assert_eq!(get(&plain, "/sitemap.xml").await.status, StatusCode::NOT_FOUND);
    let robots = get(&plain, "/robots.txt").await;
    assert_eq!(robots.status, StatusCode::OK);
    assert!(
        robots.body.contains("Disallow: /search") && !robots.body.contains("Sitemap:"),
        "{}",
        robots.body
    );

    let site = std::sync::Arc::new(server::Site::load(&repo_path("content"), server::LoadOptions::default()).unwrap());
    let app = server::router_with(
        app::catalog::SharedCatalog(site.clone()),
        crate::support::options(),
        server::Routing {
            public_url: Some("https://help.example.com".into()),
            ..Default::default()
        },
    );
    // A step with a trail and a hostile Host: the canonical is the step itself, at the public address.
    let req = Request::get("/articles/firmware-flash-failed/fix/power/2?tried=space")
        .header(header::HOST, "evil.example")
        .header("x-forwarded-host", "evil.example")
        .body(Body::empty())
        .unwrap();
    let step = send(&app, req).await;
    assert!(
        step.body.contains(
            "<link rel=\"canonical\" href=\"https://help.example.com/articles/firmware-flash-failed/fix/power/2\">"
        ),
        "{}",
        step.body
    );
    let search = get(&app, "/search?q=checksum").await;
    assert!(!search.body.contains("rel=\"canonical\""));
    assert!(
        search.body.contains("<meta name=\"robots\" content=\"noindex\">"),
        "{}",
        search.body
    );

    let robots = get(&app, "/robots.txt").await;
    assert!(
        robots.body.contains("Sitemap: https://help.example.com/sitemap.xml"),
        "{}",
        robots.body
    );
    let map = get(&app, "/sitemap.xml").await;
    assert_eq!(map.status, StatusCode::OK);
    assert!(map.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("application/xml"));
    assert!(
        map.body.contains("<loc>https://help.example.com/</loc>"),
        "{}",
        map.body
    );
    assert!(
        map.body.contains("<url><loc>https://help.example.com/articles/firmware-flash-failed</loc><lastmod>2026-10-14</lastmod></url>"),
        "{}",
        map.body
    );
    // Each cause's branch, so a search engine can land a visitor on it.
    assert!(map
        .body
        .contains("<loc>https://help.example.com/articles/firmware-flash-failed/fix/checksum/1</loc>"));
    assert!(
        !map.body.contains("/fix/checksum/2<"),
        "later steps are not entry points"
    );
    assert!(!map.body.contains("evil.example"));
    // Every guide is listed.
    assert_eq!(
        map.body.matches("<url>").count(),
        3 + site.library.sections().values().filter(|s| s.count > 0).count()
            + site.library.articles().map(|a| 1 + a.causes.len()).sum::<usize>()
    );
    assert_eq!(
        get(&app, "/sitemaps/1.xml").await.status,
        StatusCode::NOT_FOUND,
        "one file suffices"
    );
}

#[tokio::test]
async fn plain_guides_faqs_and_references_render_whole_with_anchors() {
    let app = bundled();
    let guide = get(&app, "/articles/firmware-recovery-playbook").await;
    assert_eq!(guide.status, StatusCode::OK);
    let b = &guide.body;
    assert!(
        b.contains("<title>Recovering a device after a failed firmware upgrade · Fixpath</title>"),
        "{b}"
    );
    assert!(b.contains("<span class=\"kind\">Guide</span>"), "{b}");
    // Each heading has its anchor and a link to it; the outline lists them, `###` under `##`.
    assert!(b.contains("<h2 id=\"enter-recovery-mode\">Enter recovery mode"), "{b}");
    assert!(
        b.contains(
            "<a href=\"#enter-recovery-mode\" aria-label=\"Link to “Enter recovery mode”\" class=\"anchor\">#</a>"
        ),
        "{b}"
    );
    assert!(b.contains("<h3 id=\"what-to-collect\">What to collect"), "{b}");
    assert!(b.contains("On this page"), "{b}");
    assert!(
        b.contains("<ol><li><a href=\"#what-to-collect\">What to collect</a></li>"),
        "{b}"
    );
    // No tree furniture: no tabs, no causes, and tree addresses are 404.
    assert!(
        !b.contains("Which of these matches?") && !b.contains("view-tabs"),
        "{b}"
    );
    assert_eq!(
        get(&app, "/articles/firmware-recovery-playbook/escalate").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, "/articles/firmware-recovery-playbook/full").await.status,
        StatusCode::OK
    );

    let faq = get(&app, "/articles/firmware-update-faq").await;
    let b = &faq.body;
    assert!(
        b.contains("<summary><h2 id=\"is-it-safe-to-unplug-the-device-during-an-update\">"),
        "{b}"
    );
    assert!(b.contains("<details class=\"faq\">"), "{b}");
    assert!(
        b.contains("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"FAQPage\""),
        "{b}"
    );
    assert!(b.contains("\"name\":\"How long does an update take?\""), "{b}");
    // The trees link to the playbook, and the reference's tables keep their alignment.
    let reference = get(&app, "/articles/led-patterns-and-error-codes").await;
    assert!(
        reference.body.contains("<td align=\"right\">E42</td>"),
        "{}",
        reference.body
    );
    let escalate = get(&app, "/articles/firmware-flash-failed/escalate").await;
    assert!(
        escalate.body.contains("href=\"/articles/firmware-recovery-playbook\""),
        "{}",
        escalate.body
    );

    // The API: a plain page is one place, with its kind.
    let api = get(&app, "/api/articles/firmware-update-faq").await;
    let v: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(v["kind"], "faq");
    assert_eq!(v["tree"].as_array().map(Vec::len), Some(1), "{v}");
    let list: serde_json::Value = serde_json::from_str(&get(&app, "/api/articles").await.body).unwrap();
    let kinds: Vec<&str> = list["articles"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["kind"].as_str())
        .collect();
    for k in ["tree", "guide", "faq", "reference"] {
        assert!(kinds.contains(&k), "{kinds:?}");
    }
}

/// A router over `count` generated articles (tags from the generator's topics), with a public
/// address.
fn generated(count: usize) -> (axum::Router, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    fixpath_corpus::write(dir.path(), count, 11).unwrap();
    let site = std::sync::Arc::new(server::Site::load(dir.path(), server::LoadOptions::default()).unwrap());
    let app = server::router_with(
        app::catalog::SharedCatalog(site),
        crate::support::options(),
        server::Routing {
            public_url: Some("https://help.example.com".into()),
            ..Default::default()
        },
    );
    (app, dir)
}

/// Every `href="…"` in a page.
fn hrefs(body: &str) -> Vec<String> {
    body.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(|s| s.replace("&amp;", "&"))
        .collect()
}

#[tokio::test]
async fn a_large_site_has_a_small_home_and_every_guide_within_three_clicks() {
    let (app, _dir) = generated(600);
    let home = get(&app, "/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.len() < 50 * 1024, "home is {} bytes", home.body.len());
    assert!(home.body.contains("600 guides"), "{}", home.body);
    assert!(home.body.contains("Recently updated") && home.body.contains("action=\"/search\""));
    // Home → tag page (any page) → guide.
    let mut reached = std::collections::BTreeSet::new();
    let tag_pages: Vec<String> = hrefs(&home.body)
        .into_iter()
        .filter(|h| h.starts_with("/tags/"))
        .collect();
    assert!(!tag_pages.is_empty());
    for first in &tag_pages {
        let page = get(&app, first).await;
        assert_eq!(page.status, StatusCode::OK, "{first}");
        let pages: Vec<String> = std::iter::once(first.clone())
            .chain(
                hrefs(&page.body)
                    .into_iter()
                    .filter(|h| h.starts_with("/tags/") && h != first),
            )
            .collect();
        for p in pages {
            let body = if &p == first {
                page.body.clone()
            } else {
                get(&app, &p).await.body
            };
            reached.extend(
                hrefs(&body)
                    .into_iter()
                    .filter_map(|h| h.strip_prefix("/articles/").map(str::to_string)),
            );
        }
    }
    assert_eq!(reached.len(), 600, "every guide is two clicks past home");

    // Pages are numbered, fifty to a page, and bad page numbers are errors, not empty pages.
    let first = &tag_pages[0];
    let p1 = get(&app, first).await;
    assert!(p1.body.matches("<li class=\"card\">").count() <= 50);
    assert!(p1.body.contains("aria-current=\"page\">1</a>"), "{}", p1.body);
    assert_eq!(
        get(&app, &format!("{first}?page=9999")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, &format!("{first}?page=abc")).await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(get(&app, "/tags/no-such-tag").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_article_list_api_is_paginated_with_a_total() {
    let (app, _dir) = generated(120);
    let page = |q: &'static str| {
        let app = app.clone();
        async move {
            let r = get(&app, &format!("/api/articles{q}")).await;
            (
                r.status,
                serde_json::from_str::<serde_json::Value>(&r.body).unwrap_or_default(),
            )
        }
    };
    let (status, v) = page("").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (v["total"].as_u64(), v["pages"].as_u64(), v["per_page"].as_u64()),
        (Some(120), Some(3), Some(50))
    );
    assert_eq!(v["articles"].as_array().map(Vec::len), Some(50));
    let (_, last) = page("?page=3").await;
    assert_eq!(last["articles"].as_array().map(Vec::len), Some(20));
    let (_, all) = page("?per_page=500").await;
    assert_eq!(all["articles"].as_array().map(Vec::len), Some(120));
    assert_eq!(page("?page=4").await.0, StatusCode::NOT_FOUND);
    assert_eq!(page("?page=0").await.0, StatusCode::BAD_REQUEST);
    assert_eq!(page("?per_page=501").await.0, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_atom_feed_lists_the_newest_guides_at_the_public_address() {
    assert_eq!(get(&bundled(), "/feed.xml").await.status, StatusCode::NOT_FOUND);
    let (app, _dir) = generated(80);
    let feed = get(&app, "/feed.xml").await;
    assert_eq!(feed.status, StatusCode::OK);
    assert!(feed.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("application/atom+xml"));
    let updated: Vec<&str> = feed
        .body
        .split("<entry>")
        .skip(1)
        .filter_map(|e| e.split("<updated>").nth(1)?.split('<').next())
        .collect();
    assert_eq!(updated.len(), server::sitemap::FEED_ENTRIES, "{}", feed.body);
    assert!(updated.windows(2).all(|w| w[0] >= w[1]), "newest first: {updated:?}");
    assert!(
        feed.body.contains("<id>https://help.example.com/articles/"),
        "{}",
        feed.body
    );
    let home = get(&app, "/").await;
    assert!(
        home.body.contains("type=\"application/atom+xml\""),
        "the feed is discoverable"
    );
}

#[tokio::test]
async fn folders_are_sections_with_breadcrumbs_index_pages_and_numbered_pages() {
    let (app, _dir) = generated(600);
    let home = get(&app, "/").await;
    assert!(
        home.body.contains("<h2 id=\"sections-h\">Sections</h2>"),
        "{}",
        home.body
    );
    // Six families of 400 filed articles; the `_index.md` titles them.
    assert!(
        home.body
            .contains("<a href=\"/sections/cameras\">Cameras</a><p>68 guides</p>"),
        "{}",
        home.body
    );
    let cameras = get(&app, "/sections/cameras").await;
    assert_eq!(cameras.status, StatusCode::OK);
    let b = &cameras.body;
    assert!(b.contains("<title>Cameras – page 1 of 2 · Fixpath</title>"), "{b}");
    assert!(
        b.contains("Troubleshooting guides for cameras, by symptom."),
        "the index page introduces it: {b}"
    );
    assert!(b.contains("href=\"/sections/cameras/advanced\">Advanced"), "{b}");
    assert_eq!(
        b.matches("<li class=\"card\"><a href=\"/articles/").count(),
        50,
        "fifty to a page"
    );
    assert!(b.contains("href=\"/sections/cameras?page=2\""), "{b}");
    let page2 = get(&app, "/sections/cameras?page=2").await;
    assert_eq!(page2.status, StatusCode::OK);
    let on_page2 = page2.body.matches("<li class=\"card\"><a href=\"/articles/").count();
    let advanced = get(&app, "/sections/cameras/advanced").await;
    assert!(
        advanced.body.contains(
            "<a href=\"/\">All guides</a> › <a href=\"/sections/cameras\">Cameras</a><!></nav><h1>Advanced</h1>"
        ),
        "{}",
        advanced.body
    );
    let in_advanced = advanced.body.matches("<li class=\"card\"><a href=\"/articles/").count();
    assert_eq!(
        50 + on_page2 + in_advanced,
        68,
        "every filed camera guide is on one of the pages"
    );
    // A guide's breadcrumbs name its folders.
    let slug = hrefs(&advanced.body)
        .into_iter()
        .find_map(|h| h.strip_prefix("/articles/").map(str::to_string))
        .unwrap();
    let guide = get(&app, &format!("/articles/{slug}")).await;
    assert!(
        guide.body.contains(
            "› <a href=\"/sections/cameras\">Cameras</a> › <a href=\"/sections/cameras/advanced\">Advanced</a>"
        ),
        "{}",
        guide.body
    );
    for (bad, status) in [
        ("/sections/cameras?page=3", StatusCode::NOT_FOUND),
        ("/sections/cameras?page=x", StatusCode::BAD_REQUEST),
        ("/sections/no-such-folder", StatusCode::NOT_FOUND),
        ("/sections/", StatusCode::NOT_FOUND),
    ] {
        assert_eq!(get(&app, bad).await.status, status, "{bad}");
    }
    let sitemap = get(&app, "/sitemap.xml").await;
    assert!(sitemap
        .body
        .contains("<loc>https://help.example.com/sections/cameras/advanced</loc>"));
}

#[tokio::test]
async fn the_firmware_versions_log_lists_every_image_by_hardware_newest_first() {
    let app = bundled();
    let log = get(&app, "/firmware").await;
    assert_eq!(log.status, StatusCode::OK);
    let b = &log.body;
    assert!(b.contains("<title>Firmware versions · Fixpath</title>"), "{b}");
    assert!(
        b.contains("<h2 id=\"hw-nova-gateway-g2-rev-a\">Nova Gateway G2 rev A</h2>"),
        "{b}"
    );
    let newer = b
        .find("id=\"fw-nova-g2-reva-2.4.1.bin\"")
        .expect("2.4.1 has its anchor");
    let older = b
        .find("id=\"fw-nova-g2-reva-2.3.2.bin\"")
        .expect("2.3.2 has its anchor");
    assert!(newer < older, "newest first");
    assert!(
        b.contains("Fixes cloud pairing after the 2026 certificate rotation."),
        "{b}"
    );
    // 2.4.1 rev A is in two guides: one entry naming both.
    assert_eq!(b.matches("id=\"fw-nova-g2-reva-2.4.1.bin\"").count(), 1);
    let entry = &b[newer..older];
    assert!(
        entry.contains("href=\"/articles/firmware-flash-failed\"")
            && entry.contains("href=\"/articles/firmware-recovery-playbook\""),
        "{entry}"
    );
    let json = get(&app, "/api/firmware").await;
    assert_eq!(json.status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    let groups = v["groups"].as_array().unwrap();
    let names: Vec<&str> = groups.iter().filter_map(|g| g["hardware"].as_str()).collect();
    assert_eq!(
        names,
        [
            "Nova Camera C4",
            "Nova Dome D5",
            "Nova Gateway G2 rev A",
            "Nova Gateway G2 rev B"
        ]
    );
    assert_eq!(v["images"], 6);
    assert_eq!(groups[2]["images"][0]["version"], "2.4.1");
    assert_eq!(groups[2]["images"][0]["digests"][0]["algorithm"], "sha256");
}

#[tokio::test]
async fn code_blocks_are_highlighted_on_the_server_with_a_copy_button_for_later() {
    let r = get(&bundled(), "/articles/gateway-will-not-pair/full").await;
    assert_eq!(r.status, StatusCode::OK);
    let b = &r.body;
    assert!(b.contains("<div class=\"code-block\"><button type=\"button\" class=\"copy-code\" hidden=\"\">Copy</button><pre><code>"), "{b}");
    assert!(b.contains("<span class=\"hl-c\"># Windows PowerShell"), "{b}");
}

#[tokio::test]
async fn built_files_are_served_compressed_at_brotli_s_best_once_ready() {
    use http_body_util::BodyExt as _;
    use tower::ServiceExt as _;
    // A hashed build's folder with a compressible "wasm" file (words, as code compresses).
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir(site.path().join("pkg")).unwrap();
    let mut rng = fixpath_corpus::Rng(5);
    let words = [
        "local", "get", "call", "i32.add", "br_if", "end", "block", "loop", "memory", "const",
    ];
    let original: String = (0..200_000).map(|_| format!("{} ", rng.pick(&words))).collect();
    std::fs::write(site.path().join("pkg/app.abc123.wasm"), &original).unwrap();
    let options = leptos::config::LeptosOptions::builder()
        .output_name("app")
        .site_root(site.path().to_string_lossy().to_string())
        .hash_files(true)
        .build();
    let content = tempfile::tempdir().unwrap();
    let catalog = server::Site::load(content.path(), server::LoadOptions::default()).unwrap();
    let app = server::router(app::catalog::SharedCatalog(std::sync::Arc::new(catalog)), options);
    let get = |encoding: &'static str, method: &'static str| {
        let app = app.clone();
        async move {
            let res = app
                .oneshot(
                    Request::builder()
                        .method(method)
                        .uri("/pkg/app.abc123.wasm")
                        .header("accept-encoding", encoding)
                        .body(Body::empty())
                        .unwrap(),
                )
                .await
                .unwrap();
            let headers = res.headers().clone();
            (headers, res.into_body().collect().await.unwrap().to_bytes())
        }
    };
    let unbrotli = |b: &[u8]| {
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut std::io::Cursor::new(b), &mut out).unwrap();
        out
    };
    // The first answer is compressed on the fly; the best one follows once it is made.
    let (h, first) = get("gzip, deflate, br", "GET").await;
    assert_eq!(h["content-encoding"], "br");
    assert_eq!(unbrotli(&first), original.as_bytes());
    let mut best = first.clone();
    for _ in 0..100 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        best = get("gzip, deflate, br", "GET").await.1;
        if best.len() < first.len() {
            break;
        }
    }
    assert!(
        best.len() < first.len(),
        "best {} on the fly {}",
        best.len(),
        first.len()
    );
    assert_eq!(unbrotli(&best), original.as_bytes());
    let (h, _) = get("br", "GET").await;
    assert_eq!(h["content-type"], "application/wasm");
    assert_eq!(h["vary"], "accept-encoding");
    assert_eq!(h["cache-control"], "public, max-age=31536000, immutable");
    let (h, body) = get("br", "HEAD").await;
    assert!(body.is_empty());
    assert_eq!(h["content-encoding"], "br");
    // A browser without brotli gets what it accepts.
    let (h, _) = get("gzip", "GET").await;
    assert_eq!(h["content-encoding"], "gzip");
    // Nothing outside the folder, and no other file kinds.
    let res = app
        .clone()
        .oneshot(
            Request::get("/pkg/..%2Fsecret.wasm")
                .header("accept-encoding", "br")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_ne!(res.status(), StatusCode::OK);
}
