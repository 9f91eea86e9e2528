//! Outcome analytics and reader feedback, through the router, on both databases: SQLite in a
//! temporary folder, and PostgreSQL when `FIXPATH_TEST_POSTGRES_URL` names a server (the test
//! command starts one; `FIXPATH_REQUIRE_POSTGRES=1` makes its absence a failure).

use crate::support::{options, repo_path, send, Reply, Server};
use app::catalog::SharedCatalog;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use server::analytics::{Analytics, Settings};
use server::feedback::FeedbackDesk;
use server::net::Peers;
use server::store::{self, Batch, CountKey, CountRow, Store};
use server::{LoadOptions, Routing, Site};
use std::io::{Read, Write};
use std::sync::Arc;
use std::time::Duration;

pub(crate) const GUIDE: &str = "/articles/firmware-flash-failed";
pub(crate) const BROWSER: &str =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";

/// A fresh, empty store of each kind available.
pub(crate) async fn stores() -> Vec<(Store, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut all = vec![(Store::open_sqlite(dir.path()).await.expect("sqlite opens"), Some(dir))];
    match std::env::var("FIXPATH_TEST_POSTGRES_URL") {
        Ok(url) => all.push((
            Store::open_postgres(&fresh_postgres_database(&url).await)
                .await
                .expect("postgres opens"),
            None,
        )),
        Err(_) if std::env::var_os("FIXPATH_REQUIRE_POSTGRES").is_some() => {
            panic!("FIXPATH_REQUIRE_POSTGRES is set but FIXPATH_TEST_POSTGRES_URL is not")
        }
        Err(_) => eprintln!("FIXPATH_TEST_POSTGRES_URL is not set: PostgreSQL not tested here (script/test tests it)"),
    }
    all
}

/// Creates an empty database on the server at `url` and returns its URL.
async fn fresh_postgres_database(url: &str) -> String {
    use sqlx::Connection as _;
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let name = format!(
        "fixpath_test_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    let mut admin = sqlx::PgConnection::connect(url)
        .await
        .expect("connects to the test PostgreSQL");
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name}"))
        .execute(&mut admin)
        .await
        .unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .unwrap();
    let (base, _) = url.rsplit_once('/').expect("a database URL ends in /name");
    format!("{base}/{name}")
}

/// The bundled content served with counting into `store`.
pub(crate) struct Counting {
    pub app: Router,
    analytics: Arc<Analytics>,
    writer: tokio::task::JoinHandle<()>,
    pub store: Store,
}

pub(crate) fn counting(store: Store, settings: Settings) -> Counting {
    let site = Arc::new(Site::load(&repo_path("content"), LoadOptions::default()).expect("content loads"));
    let catalog = SharedCatalog(site);
    let (analytics, writer) = Analytics::start(store.clone(), catalog.clone(), settings, Peers::default());
    let feedback = Arc::new(FeedbackDesk::new(store.clone(), catalog.clone(), Peers::default(), 6));
    let accounts = Arc::new(server::accounts::Accounts::new(
        store.clone(),
        Peers::default(),
        false,
        server::shell::Shell::new(options()),
    ));
    let app = server::router_with(
        catalog,
        options(),
        Routing {
            analytics: Some(analytics.clone()),
            feedback: Some(feedback),
            accounts: Some(accounts),
            ..Default::default()
        },
    );
    Counting {
        app,
        analytics,
        writer,
        store,
    }
}

pub(crate) fn quick() -> Settings {
    Settings {
        flush_every: Duration::from_millis(20),
        ..Default::default()
    }
}

impl Counting {
    /// A page request from the visitor whose browser is `agent`, with extra headers.
    pub(crate) async fn visit(&self, agent: &str, uri: &str, extra: &[(&str, &str)]) -> Reply {
        let mut req = Request::get(uri)
            .header("host", "help.test")
            .header("user-agent", agent);
        for (k, v) in extra {
            req = req.header(*k, *v);
        }
        send(&self.app, req.body(Body::empty()).unwrap()).await
    }

    /// Flushes everything queued (as on SIGTERM) and returns the store.
    pub(crate) async fn finish(self) -> (Store, Arc<Analytics>) {
        self.analytics.shutdown();
        tokio::time::timeout(Duration::from_secs(20), self.writer)
            .await
            .expect("the writer stops")
            .expect("the writer does not panic");
        (self.store, self.analytics)
    }
}

fn today() -> String {
    store::day_of(store::now())
}

fn row(node: &str, event: &str, detail: &str, count: i64) -> CountRow {
    CountRow {
        article: "firmware-flash-failed".into(),
        node: node.into(),
        event: event.into(),
        detail: detail.into(),
        count,
    }
}

#[tokio::test]
async fn a_walk_through_a_guide_is_counted_exactly_once_per_step() {
    for (store, _dir) in stores().await {
        let kind = store.backend();
        let c = counting(store, quick());
        let a = "Visitor A ".to_string() + BROWSER;
        let b = "Visitor B ".to_string() + BROWSER;
        for uri in [
            GUIDE.to_string(),
            GUIDE.to_string(), // a reload: not counted again
            format!("{GUIDE}/fix/checksum/1"),
            format!("{GUIDE}?tried=checksum"), // "No, still failing": back to the causes
            format!("{GUIDE}/fix/power/1?tried=checksum"),
            format!("{GUIDE}/verify?tried=checksum&fixed=power"), // "It worked"
            format!("{GUIDE}/resolved?tried=checksum&fixed=power"),
        ] {
            assert_eq!(c.visit(&a, &uri, &[]).await.status, StatusCode::OK, "{uri}");
        }
        c.visit(&b, GUIDE, &[]).await;
        c.visit(
            &b,
            &format!("{GUIDE}/escalate?tried=space,power,checksum,hardware&lr=1"),
            &[],
        )
        .await;
        // "None of these": the last resort, which does not help, then support.
        let e = "Visitor E ".to_string() + BROWSER;
        for uri in [
            GUIDE.to_string(),
            format!("{GUIDE}/last-resort/1"),
            format!("{GUIDE}/last-resort/3"),
            format!("{GUIDE}/escalate?lr=1"),
        ] {
            assert_eq!(c.visit(&e, &uri, &[]).await.status, StatusCode::OK, "{uri}");
        }
        // A visitor whose browser has the page already (it revalidates: 304) is counted too.
        let f = "Visitor F ".to_string() + BROWSER;
        assert_eq!(
            c.visit(&f, GUIDE, &[("if-none-match", "*")]).await.status,
            StatusCode::NOT_MODIFIED
        );
        // Not counted: a prefetch, a robot, visitors who opt out, a step that does not exist.
        c.visit(BROWSER, &format!("{GUIDE}/fix/space/1"), &[("sec-purpose", "prefetch")])
            .await;
        c.visit("Googlebot/2.1", &format!("{GUIDE}/fix/space/1"), &[]).await;
        c.visit(BROWSER, &format!("{GUIDE}/fix/space/1"), &[("sec-gpc", "1")])
            .await;
        c.visit(BROWSER, &format!("{GUIDE}/fix/space/1"), &[("dnt", "1")]).await;
        assert_eq!(
            c.visit(BROWSER, &format!("{GUIDE}/fix/nope/1"), &[]).await.status,
            StatusCode::NOT_FOUND
        );
        let (store, analytics) = c.finish().await;
        assert_eq!(analytics.dropped(), 0);
        let got = store
            .counts(Some("firmware-flash-failed"), &today(), &today())
            .await
            .unwrap();
        let mut want = vec![
            row("escalate", "escalated", "last-resort", 1),
            row("escalate", "escalated", "checksum,hardware,power,space,last-resort", 1),
            row("escalate", "failed", "last-resort", 2),
            row("escalate", "view", "", 2),
            row("last-resort/1", "chosen", "last-resort", 1),
            row("last-resort/1", "view", "", 1),
            row("last-resort/3", "view", "", 1),
            row("fix/checksum/1", "chosen", "checksum", 1),
            row("fix/checksum/1", "view", "", 1),
            row("fix/power/1", "chosen", "power", 1),
            row("fix/power/1", "view", "", 1),
            row("resolved", "resolved", "checksum", 1),
            row("resolved", "view", "", 1),
            row("resolved", "worked", "power", 1),
            row("start", "entered", "", 4),
            row("start", "failed", "checksum", 1),
            row("start", "view", "", 4),
            row("start", "view", "checksum", 1),
            row("verify", "view", "", 1),
        ];
        want.sort_by(|x, y| (&x.node, &x.event, &x.detail).cmp(&(&y.node, &y.event, &y.detail)));
        assert_eq!(got, want, "{kind}");
        // The raw events are kept too, one per counter step.
        let events = store.events(0, 1000).await.unwrap();
        assert_eq!(events.len() as i64, want.iter().map(|r| r.count).sum::<i64>(), "{kind}");
    }
}

#[tokio::test]
async fn a_hydrated_page_reports_its_moves_and_other_sites_cannot() {
    for (store, _dir) in stores().await {
        let kind = store.backend();
        let c = counting(store, quick());
        let beacon = |origin: &str, body: &str| {
            Request::post(app::VIEW_BEACON)
                .header("host", "help.test")
                .header("origin", origin)
                .header("user-agent", BROWSER)
                .header("content-type", "text/plain;charset=UTF-8")
                .body(Body::from(body.to_string()))
                .unwrap()
        };
        let moved = format!("{GUIDE}/fix/space/1\n/search?q=Space+Ran+Out");
        let r = send(&c.app, beacon("http://help.test", &moved)).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{kind}");
        // The same move reported twice (a double beacon) counts once.
        send(&c.app, beacon("http://help.test", &moved)).await;
        let r = send(
            &c.app,
            beacon("https://evil.example", &format!("{GUIDE}/fix/power/1\n")),
        )
        .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{kind}");
        let r = send(&c.app, beacon("http://help.test", "https://evil.example/\n")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{kind}");
        let (store, _) = c.finish().await;
        let got = store.counts(None, &today(), &today()).await.unwrap();
        // Its first page here (the page before was a search): a visit that starts at the fix.
        assert_eq!(
            got,
            vec![
                row("fix/space/1", "chosen", "space", 1),
                row("fix/space/1", "entered", "", 1),
                row("fix/space/1", "view", "", 1)
            ],
            "{kind}"
        );
        let searches = store.searches(&today(), &today(), 10).await.unwrap();
        assert_eq!(searches.len(), 1, "{kind}");
        assert_eq!(
            (searches[0].query.as_str(), searches[0].opens, searches[0].searches),
            ("space ran out", 1, 0)
        );
    }
}

#[tokio::test]
async fn submitted_searches_are_counted_with_their_results_and_opens() {
    for (store, _dir) in stores().await {
        let kind = store.backend();
        let c = counting(store, quick());
        c.visit(BROWSER, "/search?q=Chcksum%20%20WRONG", &[]).await;
        c.visit(&format!("Other {BROWSER}"), "/search?q=chcksum+wrong", &[])
            .await;
        c.visit(BROWSER, "/search?q=qqqzzzxxyy", &[]).await;
        // Opening a result: the page's Referer is the search page.
        c.visit(
            BROWSER,
            &format!("{GUIDE}/fix/checksum/1"),
            &[("referer", "http://help.test/search?q=chcksum+wrong")],
        )
        .await;
        // Another site's "search page" is not ours.
        c.visit(
            BROWSER,
            &format!("{GUIDE}/fix/power/1"),
            &[("referer", "http://evil.example/search?q=chcksum+wrong")],
        )
        .await;
        let (store, _) = c.finish().await;
        let mut got = store.searches(&today(), &today(), 10).await.unwrap();
        got.sort_by(|a, b| a.query.cmp(&b.query));
        assert_eq!(got.len(), 2, "{kind}: {got:?}");
        assert_eq!(
            (got[0].query.as_str(), got[0].searches, got[0].opens),
            ("chcksum wrong", 2, 1)
        );
        assert!(got[0].results > 0, "{kind}: the corrected search finds guides");
        assert_eq!(
            (got[1].query.as_str(), got[1].searches, got[1].results),
            ("qqqzzzxxyy", 1, 0)
        );
    }
}

#[tokio::test]
async fn a_full_queue_drops_and_counts_and_shutdown_writes_the_rest() {
    for (store, _dir) in stores().await {
        let kind = store.backend();
        // Nothing is written for an hour unless shutdown asks.
        let c = counting(
            store,
            Settings {
                queue: 3,
                flush_every: Duration::from_secs(3600),
                ..Default::default()
            },
        );
        for n in 1..=3 {
            // Each is a view and a "chosen": six events for a queue of three.
            c.visit(
                BROWSER,
                &format!("{GUIDE}/fix/{}/1", ["space", "power", "checksum"][n - 1]),
                &[],
            )
            .await;
        }
        let (store, analytics) = c.finish().await;
        assert_eq!(analytics.dropped(), 3, "{kind}");
        assert_eq!(analytics.written(), 3, "{kind}");
        let got: i64 = store
            .counts(None, &today(), &today())
            .await
            .unwrap()
            .iter()
            .map(|r| r.count)
            .sum();
        assert_eq!(got, 3, "{kind}: what was queued is written on shutdown");
    }
}

#[tokio::test]
async fn counters_add_up_across_batches_and_expire() {
    for (store, _dir) in stores().await {
        let kind = store.backend();
        let key = |day: &str| CountKey {
            day: day.into(),
            article: "a".into(),
            node: "start".into(),
            event: "view".into(),
            detail: String::new(),
        };
        for _ in 0..2 {
            let mut batch = Batch::default();
            batch.counts.insert(key("2020-01-01"), 2);
            batch.counts.insert(key("2026-12-01"), 5);
            store.write(&batch).await.unwrap();
        }
        let sum = |rows: Vec<CountRow>| rows.iter().map(|r| r.count).sum::<i64>();
        assert_eq!(
            sum(store.counts(None, "2020-01-01", "2020-01-01").await.unwrap()),
            4,
            "{kind}"
        );
        assert_eq!(
            sum(store.counts(None, "2000-01-01", "2099-01-01").await.unwrap()),
            14,
            "{kind}"
        );
        let deleted = store.expire(0, "2026-01-01").await.unwrap();
        assert_eq!(deleted, 1, "{kind}");
        assert_eq!(
            sum(store.counts(None, "2000-01-01", "2099-01-01").await.unwrap()),
            10,
            "{kind}"
        );
    }
}

fn feedback_post(origin: Option<&str>, body: &str) -> Request<Body> {
    let mut req = Request::post("/feedback")
        .header("host", "help.test")
        .header("content-type", "application/x-www-form-urlencoded");
    if let Some(o) = origin {
        req = req.header("origin", o);
    }
    req.body(Body::from(body.to_string())).unwrap()
}

#[tokio::test]
async fn feedback_is_stored_then_acknowledged_and_hostile_posts_are_refused() {
    for (store, _dir) in stores().await {
        let kind = store.backend();
        let c = counting(store, quick());
        let ok = format!(
            "article=firmware-flash-failed&node=resolved&helpful=yes&comment={}&back=%2Farticles%2Ffirmware-flash-failed%2Fresolved%3Ffixed%3Dpower",
            "Great+guide%0Athanks"
        );
        let r = send(&c.app, feedback_post(Some("http://help.test"), &ok)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{kind}: {}", r.body);
        assert_eq!(
            r.headers["location"],
            "/articles/firmware-flash-failed/resolved?fixed=power&feedback=sent#feedback"
        );
        // Acknowledged means stored: it is there without waiting for any flush.
        let stored = c.store.feedback(None, 0, 10).await.unwrap();
        assert_eq!(stored.len(), 1, "{kind}");
        assert_eq!(
            (stored[0].node.as_str(), stored[0].helpful, stored[0].comment.as_str()),
            ("resolved", true, "Great guide\nthanks")
        );

        let refused = [
            (Some("https://evil.example"), ok.clone(), StatusCode::FORBIDDEN),
            (
                None,
                "article=nope&node=start&helpful=yes".to_string(),
                StatusCode::BAD_REQUEST,
            ),
            (
                None,
                "article=firmware-flash-failed&node=fix/nope/1&helpful=no".to_string(),
                StatusCode::BAD_REQUEST,
            ),
            (
                None,
                "article=firmware-flash-failed&node=resolved&helpful=maybe".to_string(),
                StatusCode::BAD_REQUEST,
            ),
            (
                None,
                format!(
                    "article=firmware-flash-failed&node=resolved&helpful=no&comment={}",
                    "x".repeat(9000)
                ),
                StatusCode::PAYLOAD_TOO_LARGE,
            ),
        ];
        for (origin, body, status) in refused {
            let r = send(&c.app, feedback_post(origin, &body)).await;
            assert_eq!(r.status, status, "{kind}: {}", &body[..body.len().min(80)]);
        }
        // A long comment is cut to the limit; the page's own `back` is kept only on this guide.
        let long = format!(
            "article=firmware-flash-failed&node=escalate&helpful=no&comment={}&back=https%3A%2F%2Fevil.example%2F",
            "y".repeat(3000)
        );
        let r = send(&c.app, feedback_post(None, &long)).await;
        assert_eq!(
            r.headers["location"],
            "/articles/firmware-flash-failed?feedback=sent#feedback"
        );
        let stored = c.store.feedback(None, 0, 10).await.unwrap();
        assert_eq!(
            stored[0].comment.chars().count(),
            server::feedback::MAX_COMMENT_CHARS,
            "{kind}"
        );
        // The thank-you page is not a second visit.
        c.visit(
            BROWSER,
            "/articles/firmware-flash-failed/resolved?fixed=power&feedback=sent",
            &[],
        )
        .await;
        let (store, _) = c.finish().await;
        assert!(
            store.counts(None, &today(), &today()).await.unwrap().is_empty(),
            "{kind}"
        );
    }
}

#[tokio::test]
async fn the_thank_you_replaces_the_form_and_the_form_works_without_javascript() {
    let dir = tempfile::tempdir().unwrap();
    let c = counting(Store::open_sqlite(dir.path()).await.unwrap(), quick());
    let page = c.visit(BROWSER, &format!("{GUIDE}/resolved?fixed=power"), &[]).await;
    assert!(
        page.body.contains(r#"<form method="post" action="/feedback""#),
        "{}",
        page.body
    );
    assert!(page
        .body
        .contains(r#"name="back" value="/articles/firmware-flash-failed/resolved?fixed=power""#));
    assert!(page.body.contains("Was this helpful?"));
    let thanks = c
        .visit(BROWSER, &format!("{GUIDE}/resolved?fixed=power&feedback=sent"), &[])
        .await;
    assert!(thanks.body.contains("Thanks for your answer"));
    assert!(!thanks.body.contains("<form method=\"post\""));
    // Plain pages ask too; a step in the middle of a fix does not.
    let faq = c.visit(BROWSER, "/articles/firmware-update-faq", &[]).await;
    assert!(faq.body.contains("Was this helpful?"));
    let step = c.visit(BROWSER, &format!("{GUIDE}/fix/power/1"), &[]).await;
    assert!(!step.body.contains("Was this helpful?"));
}

#[tokio::test]
async fn feedback_from_one_address_is_rate_limited() {
    let dir = tempfile::tempdir().unwrap();
    let c = counting(Store::open_sqlite(dir.path()).await.unwrap(), quick());
    let post = |ip: [u8; 4]| {
        let mut req = feedback_post(None, "article=firmware-flash-failed&node=resolved&helpful=yes");
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((ip, 4000))));
        req
    };
    for _ in 0..6 {
        let r = send(&c.app, post([192, 0, 2, 1])).await;
        assert!(r.headers["location"].to_str().unwrap().contains("feedback=sent"));
    }
    let r = send(&c.app, post([192, 0, 2, 1])).await;
    assert!(r.headers["location"].to_str().unwrap().contains("feedback=busy"));
    let r = send(&c.app, post([192, 0, 2, 2])).await;
    assert!(
        r.headers["location"].to_str().unwrap().contains("feedback=sent"),
        "another address is not limited"
    );
    assert_eq!(c.store.feedback(None, 0, 100).await.unwrap().len(), 7);
}

/// The real binary: an answer acknowledged with "Thanks" survives `kill -9` straight after.
#[test]
fn acknowledged_feedback_survives_kill_9() {
    let mut server = Server::start(&[]);
    let body = "article=firmware-flash-failed&node=escalate&helpful=no&comment=still+broken";
    let mut s = server.connect();
    write!(
        s,
        "POST /feedback HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        server.addr,
        body.len()
    )
    .unwrap();
    let mut reply = Vec::new();
    let _ = s.read_to_end(&mut reply);
    let reply = String::from_utf8_lossy(&reply);
    assert!(reply.starts_with("HTTP/1.1 303"), "{reply}");
    server.child.kill().unwrap(); // SIGKILL: no shutdown, no flush
    server.child.wait().unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let stored = rt.block_on(async {
        let store = Store::open_sqlite(server.data.path()).await.unwrap();
        store.feedback(None, 0, 10).await.unwrap()
    });
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].comment, "still broken");
}

/// The real binary: SIGTERM writes the counters still queued.
#[test]
fn sigterm_writes_the_queued_counts() {
    let mut server = Server::start(&[]);
    let mut s = server.connect();
    write!(
        s,
        "GET {GUIDE}/fix/power/1 HTTP/1.1\r\nHost: {}\r\nUser-Agent: {BROWSER}\r\nConnection: close\r\n\r\n",
        server.addr
    )
    .unwrap();
    let mut reply = Vec::new();
    let _ = s.read_to_end(&mut reply);
    assert!(reply.starts_with(b"HTTP/1.1 200"));
    let pid = server.child.id().to_string();
    assert!(std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    assert!(server.child.wait().unwrap().success());
    let rt = tokio::runtime::Runtime::new().unwrap();
    let rows = rt.block_on(async {
        let store = Store::open_sqlite(server.data.path()).await.unwrap();
        store.counts(None, &today(), &today()).await.unwrap()
    });
    assert_eq!(
        rows,
        vec![
            row("fix/power/1", "chosen", "power", 1),
            row("fix/power/1", "view", "", 1)
        ]
    );
}

#[tokio::test]
async fn pages_keep_serving_when_the_database_is_gone() {
    for (store, _dir) in stores().await {
        let kind = store.backend();
        let c = counting(store, quick());
        // The database goes away (its pool closed: every statement now fails at once).
        c.store.close().await;
        let page = c.visit(BROWSER, &format!("{GUIDE}/fix/power/1"), &[]).await;
        assert_eq!(page.status, StatusCode::OK, "{kind}");
        assert!(page.body.contains("If power was lost"));
        let r = send(
            &c.app,
            feedback_post(None, "article=firmware-flash-failed&node=resolved&helpful=yes"),
        )
        .await;
        assert_eq!(
            r.status,
            StatusCode::SERVICE_UNAVAILABLE,
            "{kind}: feedback says it was not saved"
        );
        assert!(r.body.contains("could not be saved"));
        let (_, analytics) = c.finish().await;
        assert_eq!(
            analytics.dropped(),
            2,
            "{kind}: the view and the \"chosen\" were dropped and counted"
        );
        assert_eq!(analytics.written(), 0);
    }
}

#[tokio::test]
async fn the_page_before_tells_a_failure_from_choosing_again() {
    for (store, _dir) in stores().await {
        let kind = store.backend();
        let c = counting(store, quick());
        // Each page with the one before it as its Referer, as a browser sends them.
        let walk = [
            GUIDE.to_string(),
            format!("{GUIDE}/fix/checksum/1"),
            format!("{GUIDE}/fix/checksum/2"),
            format!("{GUIDE}?tried=checksum"), // "No": back to the causes
            format!("{GUIDE}/fix/space/1?tried=checksum&walk=1"), // "I'm not sure": not a second failure
            format!("{GUIDE}/verify?tried=checksum&walk=1&fixed=space"), // "Yes" …
            format!("{GUIDE}/fix/power/1?tried=checksum,space&walk=1"), // … but the checklist says no
        ];
        let mut before: Option<String> = None;
        for uri in &walk {
            let referer = before.as_ref().map(|b| format!("http://help.test{b}"));
            let extra: Vec<(&str, &str)> = referer.iter().map(|r| ("referer", r.as_str())).collect();
            assert_eq!(c.visit(BROWSER, uri, &extra).await.status, StatusCode::OK, "{uri}");
            before = Some(uri.clone());
        }
        // Coming in from another site at a step is a visit that starts there.
        c.visit(
            &format!("Other {BROWSER}"),
            &format!("{GUIDE}/fix/hardware/1"),
            &[("referer", "https://forum.example/thread/7")],
        )
        .await;
        let (store, _) = c.finish().await;
        let got = store.counts(None, &today(), &today()).await.unwrap();
        let of = |event: &str| -> Vec<(String, String, i64)> {
            got.iter()
                .filter(|r| r.event == event)
                .map(|r| (r.node.clone(), r.detail.clone(), r.count))
                .collect()
        };
        assert_eq!(
            of("failed"),
            vec![
                ("fix/power/1".into(), "space".into(), 1),
                ("start".into(), "checksum".into(), 1)
            ],
            "{kind}"
        );
        assert_eq!(of("worked"), vec![], "{kind}: the checklist said no");
        assert_eq!(
            of("entered"),
            vec![
                ("fix/hardware/1".into(), String::new(), 1),
                ("start".into(), String::new(), 1)
            ],
            "{kind}"
        );
        assert_eq!(of("chosen").len(), 4, "{kind}: checksum, space, power, hardware");
    }
}
