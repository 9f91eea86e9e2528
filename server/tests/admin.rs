//! Accounts, sign-in and the writers' dashboard, on both databases.

use crate::analytics::{counting, quick, stores, Counting, BROWSER, GUIDE};
use crate::support::{send, Reply, Server};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use server::store::{Role, Store, User};
use std::io::Write as _;
use std::process::{Command, Stdio};

const PASSWORD: &str = "correct horse battery";

async fn add_user(store: &Store, name: &str, role: Role) {
    let hash = server::accounts::hash_password(PASSWORD).unwrap();
    let user = User {
        name: name.into(),
        role,
        created: server::store::now(),
    };
    assert!(store.add_user(&user, &hash).await.unwrap());
}

fn form(uri: &str, body: &str, cookie: Option<&str>) -> Request<Body> {
    let mut req = Request::post(uri)
        .header("host", "help.test")
        .header("origin", "http://help.test")
        .header("content-type", "application/x-www-form-urlencoded");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    req.body(Body::from(body.to_string())).unwrap()
}

fn page(uri: &str, cookie: &str) -> Request<Body> {
    Request::get(uri)
        .header("host", "help.test")
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap()
}

/// Signs in and returns the `name=value` of the session cookie.
async fn sign_in(c: &Counting, name: &str) -> String {
    let r = send(
        &c.app,
        form(
            "/login",
            &format!("name={name}&password={PASSWORD}&next=%2Fadmin"),
            None,
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let cookie = r.headers[header::SET_COOKIE].to_str().unwrap().to_string();
    cookie.split(';').next().unwrap().to_string()
}

#[tokio::test]
async fn readers_never_get_a_cookie_and_the_dashboard_needs_a_writer() {
    for (store, _dir) in stores().await {
        let kind = store.backend();
        add_user(&store, "wendy", Role::Writer).await;
        add_user(&store, "alex", Role::Agent).await;
        let c = counting(store, quick());
        for uri in ["/", GUIDE, "/search?q=checksum", "/login", "/verify"] {
            let r = c.visit(BROWSER, uri, &[]).await;
            assert!(
                !r.headers.contains_key(header::SET_COOKIE),
                "{kind}: {uri} set a cookie"
            );
        }
        let r = c.visit(BROWSER, "/admin?days=7", &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(r.headers[header::LOCATION], "/login?next=%2Fadmin%3Fdays%3D7");
        assert_eq!(
            c.visit(BROWSER, "/admin/api/summary", &[]).await.status,
            StatusCode::UNAUTHORIZED
        );

        // A wrong password, a name that does not exist, a post from another site.
        let wrong = send(&c.app, form("/login", "name=wendy&password=nope-nope-nope", None)).await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED, "{kind}");
        assert!(wrong.body.contains("do not match"));
        assert!(!wrong.headers.contains_key(header::SET_COOKIE));
        let nobody = send(
            &c.app,
            form("/login", &format!("name=nobody&password={PASSWORD}"), None),
        )
        .await;
        assert_eq!(nobody.status, StatusCode::UNAUTHORIZED);
        let mut cross = form("/login", &format!("name=wendy&password={PASSWORD}"), None);
        cross
            .headers_mut()
            .insert("origin", "https://evil.example".parse().unwrap());
        assert_eq!(send(&c.app, cross).await.status, StatusCode::FORBIDDEN);

        let r = send(
            &c.app,
            form(
                "/login",
                &format!("name=wendy&password={PASSWORD}&next=%2Fadmin%3Fdays%3D7"),
                None,
            ),
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{kind}");
        assert_eq!(r.headers[header::LOCATION], "/admin?days=7");
        let set = r.headers[header::SET_COOKIE].to_str().unwrap();
        for part in ["HttpOnly", "SameSite=Strict", "Path=/"] {
            assert!(set.contains(part), "{set}");
        }
        let cookie = set.split(';').next().unwrap().to_string();
        let dash = send(&c.app, page("/admin", &cookie)).await;
        assert_eq!(dash.status, StatusCode::OK, "{kind}: {}", dash.body);
        assert!(dash.body.contains("How the guides are doing"));
        assert_eq!(dash.headers[header::CACHE_CONTROL], "private, no-store");
        assert!(!dash.body.contains("<script"), "the dashboard runs no script");

        // An agent may sign in but not see the dashboard.
        let agent = sign_in(&c, "alex").await;
        assert_eq!(send(&c.app, page("/admin", &agent)).await.status, StatusCode::FORBIDDEN);

        // Signing out needs the session's CSRF token.
        let no_token = send(&c.app, form("/logout", "csrf=guess", Some(&cookie))).await;
        assert_eq!(no_token.status, StatusCode::FORBIDDEN);
        let csrf = dash
            .body
            .split(r#"name="csrf" value=""#)
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("the sign-out form carries a token")
            .to_string();
        let out = send(&c.app, form("/logout", &format!("csrf={csrf}"), Some(&cookie))).await;
        assert_eq!(out.status, StatusCode::SEE_OTHER);
        assert!(out.headers[header::SET_COOKIE].to_str().unwrap().contains("Max-Age=0"));
        assert_eq!(
            send(&c.app, page("/admin", &cookie)).await.status,
            StatusCode::SEE_OTHER,
            "{kind}: the session is gone"
        );
    }
}

#[tokio::test]
async fn sign_in_attempts_are_limited() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_sqlite(dir.path()).await.unwrap();
    add_user(&store, "wendy", Role::Writer).await;
    let c = counting(store, quick());
    // Signing in successfully does not use up the allowance.
    for _ in 0..8 {
        sign_in(&c, "wendy").await;
    }
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(
            send(&c.app, form("/login", "name=wendy&password=wrong-wrong-wrong", None))
                .await
                .status,
        );
    }
    assert_eq!(statuses[..5], [StatusCode::UNAUTHORIZED; 5]);
    assert_eq!(statuses[5], StatusCode::TOO_MANY_REQUESTS);
    // Even the right password waits now: guessing cannot go on.
    let r = send(&c.app, form("/login", &format!("name=wendy&password={PASSWORD}"), None)).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
}

async fn json(c: &Counting, uri: &str, cookie: &str) -> serde_json::Value {
    let r: Reply = send(&c.app, page(uri, cookie)).await;
    assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

#[tokio::test]
async fn the_dashboard_shows_what_happened_as_html_json_and_csv() {
    for (store, _dir) in stores().await {
        let kind = store.backend();
        add_user(&store, "wendy", Role::Writer).await;
        let c = counting(store, quick());
        // Three visitors: one fixed by "power" after "checksum" failed, one escalated, one left.
        let (a, b, d) = (format!("A {BROWSER}"), format!("B {BROWSER}"), format!("D {BROWSER}"));
        for uri in [
            GUIDE.to_string(),
            format!("{GUIDE}/fix/checksum/1"),
            format!("{GUIDE}?tried=checksum"),
            format!("{GUIDE}/fix/power/1?tried=checksum"),
            format!("{GUIDE}/verify?tried=checksum&fixed=power"),
            format!("{GUIDE}/resolved?tried=checksum&fixed=power"),
        ] {
            c.visit(&a, &uri, &[]).await;
        }
        c.visit(&b, GUIDE, &[]).await;
        c.visit(&b, &format!("{GUIDE}/fix/checksum/1"), &[]).await;
        c.visit(&b, &format!("{GUIDE}/escalate?tried=checksum"), &[]).await;
        c.visit(&d, GUIDE, &[]).await;
        c.visit(&d, "/search?q=qqqzzzxxyy", &[]).await;
        let comment = "comment=%3Cscript%3Ealert(1)%3C%2Fscript%3E+step+3+is+unclear";
        let r = send(
            &c.app,
            form(
                "/feedback",
                &format!("article=firmware-flash-failed&node=escalate&helpful=no&{comment}"),
                None,
            ),
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let (store, _) = c.finish().await;
        let c = counting(store, quick());
        let cookie = sign_in(&c, "wendy").await;

        let s = json(&c, "/admin/api/summary?days=7", &cookie).await;
        assert_eq!(s["period"]["days"], 7);
        assert_eq!(s["totals"]["visits"], 3, "{kind}: {s}");
        assert_eq!(s["totals"]["resolved"], 1);
        assert_eq!(s["totals"]["escalated"], 1);
        assert!((s["totals"]["resolution_rate"].as_f64().unwrap() - 1.0 / 3.0).abs() < 1e-9);
        assert_eq!(s["trend"].as_array().unwrap().len(), 7);
        assert_eq!(s["trend"][6]["visits"], 3, "today is the last day");
        let checksum = s["weak_fixes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["cause"] == "checksum")
            .cloned();
        assert!(
            checksum.is_none(),
            "checksum was chosen twice, under the threshold of three"
        );
        assert_eq!(s["zero_result_searches"][0]["query"], "qqqzzzxxyy", "{kind}: {s}");
        assert_eq!(s["feedback"][0]["helpful"], false);

        let r = json(&c, "/admin/api/articles/firmware-flash-failed?days=30", &cookie).await;
        let funnel: Vec<(String, i64)> = serde_json::from_value(r["funnel"].clone()).unwrap();
        assert_eq!(
            funnel,
            vec![
                ("Visits".into(), 3),
                ("Fixes started".into(), 3),
                ("Fixes followed to the end".into(), 2),
                ("Visits ended fixed".into(), 1),
                ("Visits ended at support".into(), 1)
            ],
            "{kind}"
        );
        let causes = r["causes"].as_array().unwrap();
        let checksum = causes.iter().find(|c| c["cause"] == "checksum").unwrap();
        assert_eq!(
            (checksum["chosen"].as_i64(), checksum["failed"].as_i64()),
            (Some(2), Some(1))
        );
        assert_eq!(checksum["label"], "If the checksum is wrong");
        let power = causes.iter().find(|c| c["cause"] == "power").unwrap();
        assert_eq!(power["success_rate"], 1.0);
        assert_eq!(r["escalated_after"][0], serde_json::json!(["checksum", 1]));

        // The pages: figures and the reader's comment, escaped.
        let html = send(&c.app, page("/admin/articles/firmware-flash-failed", &cookie))
            .await
            .body;
        assert!(html.contains("Firmware flash failed"), "{kind}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt; step 3 is unclear"),
            "{html}"
        );
        assert!(!html.contains("<script>alert"));
        assert!(html.contains("<ul class=\"chart bars\""));
        let dash = send(&c.app, page("/admin", &cookie)).await.body;
        assert!(dash.contains("<svg class=\"chart trend\""), "{kind}");
        assert!(dash.contains("qqqzzzxxyy"));

        // CSV for BI tools.
        let csv = send(&c.app, page("/admin/api/counts.csv?days=1", &cookie)).await;
        assert_eq!(csv.headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
        assert!(csv.body.starts_with("article,node,event,detail,count\r\n"));
        assert!(
            csv.body
                .contains("firmware-flash-failed,resolved,resolved,checksum,1\r\n"),
            "{}",
            csv.body
        );
        let fb = send(&c.app, page("/admin/api/feedback.csv", &cookie)).await.body;
        assert!(fb.contains(",firmware-flash-failed,escalate,no,<script>"), "{fb}");
        assert_eq!(
            send(&c.app, page("/admin/api/nope", &cookie)).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            send(&c.app, page("/admin?days=0", &cookie)).await.status,
            StatusCode::BAD_REQUEST
        );
    }
}

#[test]
fn the_user_command_adds_lists_and_removes_accounts() {
    let data = tempfile::tempdir().unwrap();
    let fixpath = |args: &[&str], stdin: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_fixpath"))
            .arg("user")
            .args(args)
            .arg("--data")
            .arg(data.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    };
    let out = fixpath(&["add", "ana", "--role", "admin"], &format!("{PASSWORD}\n"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = fixpath(&["add", "ana"], &format!("{PASSWORD}\n"));
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("already an account"));
    let out = fixpath(&["add", "bo"], "short\n");
    assert!(String::from_utf8_lossy(&out.stderr).contains("10 to 1024 characters"));
    let out = fixpath(&["add", "Not Valid"], &format!("{PASSWORD}\n"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a login name"));
    let list = fixpath(&["list"], "");
    let list = String::from_utf8_lossy(&list.stdout);
    assert!(list.starts_with("ana\tadmin\t"), "{list}");
    assert_eq!(list.lines().count(), 1);
    // The stored hash is Argon2id and the password signs in.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (user, hash) = rt.block_on(async {
        Store::open_sqlite(data.path())
            .await
            .unwrap()
            .user("ana")
            .await
            .unwrap()
            .unwrap()
    });
    assert_eq!(user.role, Role::Admin);
    assert!(hash.starts_with("$argon2id$") && server::accounts::verify_password(PASSWORD, &hash));
    assert!(fixpath(&["remove", "ana"], "").status.success());
    assert!(!fixpath(&["remove", "ana"], "").status.success());
}

/// The real server signs a writer in and shows the dashboard (flags, cookie, page).
#[test]
fn the_server_serves_the_dashboard_to_a_signed_in_writer() {
    let server = Server::start(&[]);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = Store::open_sqlite(server.data.path()).await.unwrap();
        add_user(&store, "wendy", Role::Writer).await;
    });
    let request = |raw: String| {
        let mut s = server.connect();
        s.write_all(raw.as_bytes()).unwrap();
        let mut reply = Vec::new();
        let _ = std::io::Read::read_to_end(&mut s, &mut reply);
        String::from_utf8_lossy(&reply).into_owned()
    };
    let body = format!("name=wendy&password={PASSWORD}");
    let login = request(format!(
        "POST /login HTTP/1.1\r\nHost: {}\r\nOrigin: http://{}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        server.addr,
        server.addr,
        body.len()
    ));
    assert!(login.starts_with("HTTP/1.1 303"), "{login}");
    let cookie = login
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .and_then(|c| c.split(';').next())
        .expect("a session cookie")
        .to_string();
    let dash = request(format!(
        "GET /admin HTTP/1.1\r\nHost: {}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n",
        server.addr
    ));
    assert!(dash.starts_with("HTTP/1.1 200"), "{dash}");
    assert!(dash.contains("How the guides are doing"));
}
