//! Accounts for the people who run the site: Argon2id password hashes, sessions in the
//! database (so several servers share them) behind an `HttpOnly`, `SameSite=Strict` cookie,
//! login attempts limited per client address and per name, and a CSRF token per session that
//! every signed-in form carries. Readers never have an account and never get a cookie: only
//! `POST /login` sets one.

use crate::limit::{address_key, Buckets};
use crate::net::Peers;
use crate::shell::{self, Shell};
use crate::store::{Role, Store, User};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use leptos::prelude::*;
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Instant;

/// The session cookie's name.
pub const COOKIE: &str = "fixpath_session";

/// How long a session lasts.
const SESSION_DAYS: i64 = 7;

/// Shortest and longest password accepted, in characters.
pub const PASSWORD_CHARS: std::ops::RangeInclusive<usize> = 10..=1024;

/// Longest login form read.
const MAX_LOGIN_BYTES: usize = 4096;

/// Failed sign-ins allowed per minute from one client address (IPv6: one /64).
const ATTEMPTS_PER_ADDRESS: f64 = 5.0;

/// Failed sign-ins allowed per minute for one account name, from anywhere: high enough that
/// someone else's guessing cannot easily lock the owner out, low enough to slow guessing spread
/// over many addresses.
const ATTEMPTS_PER_NAME: f64 = 30.0;

/// Addresses and names remembered by the limiters at most.
const MAX_BUCKETS: usize = 100_000;

/// Password checks running at once at most (Argon2 is meant to be slow): others wait.
const CONCURRENT_CHECKS: usize = 2;

/// Hashes a password with Argon2id (the crate's default parameters: 19 MiB, 2 passes) and a
/// random salt, as a PHC string.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing the password: {e}"))
}

/// True when `password` matches the PHC string `hash`.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// A login name: 1 to 64 of lowercase letters, digits, `.`, `_`, `-`, `@`.
pub fn valid_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-' | b'@'))
}

/// Checks a new password's length; the message says what is wrong.
pub fn check_password(password: &str) -> Result<(), String> {
    let n = password.chars().count();
    if PASSWORD_CHARS.contains(&n) {
        Ok(())
    } else {
        Err(format!(
            "a password has {} to {} characters (this one has {n})",
            PASSWORD_CHARS.start(),
            PASSWORD_CHARS.end()
        ))
    }
}

/// 32 random bytes as hex.
fn token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// The signed-in person of a request, with the CSRF token their forms carry.
#[derive(Debug, Clone)]
pub struct Signed {
    /// Their account.
    pub user: User,
    /// What their forms must send back as `csrf`.
    pub csrf: String,
    token_hash: String,
}

impl Signed {
    /// What the page header shows of them.
    pub fn header(&self) -> crate::shell::SignedIn {
        crate::shell::SignedIn {
            name: self.user.name.clone(),
            csrf: self.csrf.clone(),
        }
    }
}

/// Login and sessions.
pub struct Accounts {
    store: Store,
    peers: Peers,
    /// Cookies get `Secure` (the site is served over HTTPS).
    secure: bool,
    by_address: Buckets<IpAddr>,
    by_name: Buckets<String>,
    checks: tokio::sync::Semaphore,
    /// The page around forms.
    pub shell: Shell,
}

impl Accounts {
    /// Accounts in `store`; `secure` marks cookies `Secure`.
    pub fn new(store: Store, peers: Peers, secure: bool, shell: Shell) -> Accounts {
        Accounts {
            store,
            peers,
            secure,
            by_address: Buckets::new(ATTEMPTS_PER_ADDRESS, MAX_BUCKETS),
            by_name: Buckets::new(ATTEMPTS_PER_NAME, MAX_BUCKETS),
            checks: tokio::sync::Semaphore::new(CONCURRENT_CHECKS),
            shell,
        }
    }

    /// The store the accounts are in.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The signed-in person of these headers, if their session cookie is live.
    pub async fn signed_in(&self, headers: &HeaderMap) -> Option<Signed> {
        let token = session_cookie(headers)?;
        let hash = token_hash(token);
        match self.store.session(&hash).await {
            Ok(Some((user, csrf))) => Some(Signed {
                user,
                csrf,
                token_hash: hash,
            }),
            Ok(None) => None,
            Err(e) => {
                tracing::error!("reading a session: {e:#}");
                None
            }
        }
    }

    fn cookie(&self, value: &str, max_age: i64) -> HeaderValue {
        session_cookie_header(value, max_age, self.secure)
    }
}

/// The `Set-Cookie` value for a session token: never readable by scripts, never sent along with
/// a request another site starts, and over HTTPS only when the site is served over HTTPS.
fn session_cookie_header(value: &str, max_age: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("fixpath_session=; Max-Age=0"))
}

/// The session token of a `Cookie` header.
fn session_cookie(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix(COOKIE)?.strip_prefix('='))
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Where to go after signing in: a dashboard address, else the dashboard.
fn next_page(next: &str) -> &str {
    let ok = next.starts_with("/admin")
        && !next.contains("//")
        && !next.contains('\\')
        && next.len() <= 512
        && next.bytes().all(|b| b.is_ascii_graphic());
    if ok {
        next
    } else {
        "/admin"
    }
}

fn login_page(shell: &Shell, next: &str, error: Option<&str>, status: StatusCode) -> Response {
    let next = next_page(next).to_string();
    let error = error.map(str::to_string);
    let body = view! {
        <section class="login">
            <h1>"Sign in"</h1>
            <p class="hint">"For the people who run this help site. Readers never need an account."</p>
            {error.map(|e| view! { <p class="error-note" role="alert">{e}</p> })}
            <form method="post" action="/login" class="login-form">
                <input type="hidden" name="next" value=next/>
                <label for="login-name">"Name"</label>
                <input id="login-name" name="name" type="text" autocomplete="username" required autocapitalize="none" spellcheck="false"/>
                <label for="login-password">"Password"</label>
                <input id="login-password" name="password" type="password" autocomplete="current-password" required/>
                <div class="actions"><button type="submit" class="btn btn-primary">"Sign in"</button></div>
            </form>
        </section>
    };
    shell::respond(status, shell.render("Sign in", None, body))
}

/// `GET /login`.
pub async fn login_form(State(accounts): State<Arc<Accounts>>, uri: axum::http::Uri, headers: HeaderMap) -> Response {
    let next = query_value(uri.query().unwrap_or(""), "next").unwrap_or_default();
    if accounts.signed_in(&headers).await.is_some() {
        return redirect(next_page(&next));
    }
    login_page(&accounts.shell, &next, None, StatusCode::OK)
}

fn query_value(query: &str, key: &str) -> Option<String> {
    form_urlencoded::parse(query.as_bytes())
        .take(16)
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

/// `POST /login`: name and password; a session cookie and `303` to `next` when they match.
pub async fn login(State(accounts): State<Arc<Accounts>>, req: Request) -> Response {
    if !accounts.peers.same_origin(req.headers(), req.uri()) {
        return (StatusCode::FORBIDDEN, "Sign in from this site's own page.\n").into_response();
    }
    let ip = address_key(accounts.peers.client(req.headers(), crate::net::peer_of(&req)));
    let Ok(body) = axum::body::to_bytes(req.into_body(), MAX_LOGIN_BYTES).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "That form is too long.\n").into_response();
    };
    let form: HashMap<String, String> = form_urlencoded::parse(&body)
        .take(8)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let field = |k: &str| form.get(k).map_or("", String::as_str);
    let (name, password, next) = (field("name").trim().to_lowercase(), field("password"), field("next"));
    // Names that cannot exist share one bucket, so junk names cannot fill the table.
    let name_key = if valid_name(&name) { name.clone() } else { String::new() };
    let now = Instant::now();
    let limited = !accounts.by_address.take(ip, now) || !accounts.by_name.take(name_key.clone(), now);
    if limited {
        return login_page(
            &accounts.shell,
            next,
            Some("Too many attempts. Wait a minute, then try again."),
            StatusCode::TOO_MANY_REQUESTS,
        );
    }
    let found = if valid_name(&name) {
        accounts.store.user(&name).await
    } else {
        Ok(None)
    };
    let found = match found {
        Ok(f) => f,
        Err(e) => {
            tracing::error!("reading an account: {e:#}");
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                "Signing in is not possible just now.\n",
            )
                .into_response();
        }
    };
    // The same work whether or not the name exists, so timing does not tell which names do.
    let hash = found
        .as_ref()
        .map_or_else(|| DUMMY_HASH.to_string(), |(_, h)| h.clone());
    let password = password.to_string();
    let Ok(_permit) = accounts.checks.acquire().await else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let matches = tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .unwrap_or(false);
    let Some((user, _)) = found.filter(|_| matches) else {
        return login_page(
            &accounts.shell,
            next,
            Some("That name and password do not match an account."),
            StatusCode::UNAUTHORIZED,
        );
    };
    accounts.by_address.give_back(&ip);
    accounts.by_name.give_back(&name_key);
    let (session, csrf) = (token(), token());
    let expires = crate::store::now() + SESSION_DAYS * 86_400;
    if let Err(e) = accounts
        .store
        .add_session(&token_hash(&session), &user.name, &csrf, expires)
        .await
    {
        tracing::error!("storing a session: {e:#}");
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "Signing in is not possible just now.\n",
        )
            .into_response();
    }
    let mut res = redirect(next_page(next));
    res.headers_mut()
        .insert(header::SET_COOKIE, accounts.cookie(&session, SESSION_DAYS * 86_400));
    res
}

/// A valid Argon2id hash of a random password, checked when the name does not exist.
static DUMMY_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| hash_password(&token()).unwrap_or_default());

/// `POST /logout` (with the session's `csrf`): ends the session and clears the cookie.
pub async fn logout(State(accounts): State<Arc<Accounts>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let Some(signed) = accounts.signed_in(&parts.headers).await else {
        return redirect("/");
    };
    let same_site = accounts.peers.same_origin(&parts.headers, &parts.uri);
    let Ok(body) = axum::body::to_bytes(body, MAX_LOGIN_BYTES).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    if !same_site || !csrf_matches(&body, &signed) {
        return (
            StatusCode::FORBIDDEN,
            "This form has expired: reload the page and try again.\n",
        )
            .into_response();
    }
    if let Err(e) = accounts.store.remove_session(&signed.token_hash).await {
        tracing::error!("ending a session: {e:#}");
    }
    let mut res = redirect("/");
    res.headers_mut().insert(header::SET_COOKIE, accounts.cookie("", 0));
    res
}

/// True when the form `body` carries the session's CSRF token.
pub fn csrf_matches(body: &[u8], signed: &Signed) -> bool {
    let sent = form_urlencoded::parse(body)
        .take(32)
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v);
    // Equal length and every byte compared: no early exit that timing could reveal.
    sent.is_some_and(|s| {
        s.len() == signed.csrf.len()
            && s.bytes()
                .zip(signed.csrf.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    })
}

fn redirect(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_string())]).into_response()
}

/// The check in front of `/admin`: the signed-in person when their role is at least `role`;
/// otherwise the response to send (the login page for pages, 401 for the JSON and CSV API,
/// 403 for a role too low).
pub async fn require(
    accounts: &Accounts,
    headers: &HeaderMap,
    path_and_query: &str,
    role: Role,
) -> Result<Signed, Response> {
    match accounts.signed_in(headers).await {
        Some(s) if s.user.role >= role => Ok(s),
        Some(_) => Err((StatusCode::FORBIDDEN, "Your account may not see this page.\n").into_response()),
        None if path_and_query.starts_with("/admin/api/") => {
            Err((StatusCode::UNAUTHORIZED, "Sign in at /login first.\n").into_response())
        }
        None => {
            let next: String = form_urlencoded::byte_serialize(path_and_query.as_bytes()).collect();
            Err(redirect(&format!("/login?next={next}")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("correct horse battery!", &h));
        assert!(!verify_password("x", "not a hash"));
        assert_ne!(
            h,
            hash_password("correct horse battery").unwrap(),
            "a new salt each time"
        );
    }

    #[test]
    fn names_passwords_and_cookies_are_checked() {
        assert!(valid_name("ana.writer@example.com"));
        assert!(!valid_name("Ana") && !valid_name("") && !valid_name(&"a".repeat(65)) && !valid_name("a b"));
        assert!(check_password("0123456789").is_ok());
        assert!(check_password("short").unwrap_err().contains("10 to 1024"));
        let mut h = HeaderMap::new();
        let t = "a".repeat(64);
        h.insert(header::COOKIE, format!("other=1; {COOKIE}={t}").parse().unwrap());
        assert_eq!(session_cookie(&h), Some(t.as_str()));
        h.insert(header::COOKIE, format!("{COOKIE}=zz").parse().unwrap());
        assert_eq!(session_cookie(&h), None);
    }

    #[test]
    fn the_cookie_is_secure_behind_https() {
        let plain = session_cookie_header("abc", 60, false);
        assert_eq!(
            plain,
            "fixpath_session=abc; Path=/; HttpOnly; SameSite=Strict; Max-Age=60"
        );
        let https = session_cookie_header("abc", 60, true);
        assert!(https.to_str().unwrap().ends_with("; Secure"));
    }

    #[test]
    fn after_signing_in_only_dashboard_pages_are_destinations() {
        assert_eq!(next_page("/admin/articles/x?days=7"), "/admin/articles/x?days=7");
        assert_eq!(next_page("https://evil.example/"), "/admin");
        assert_eq!(next_page("/admin//evil.example"), "/admin");
        assert_eq!(next_page("/"), "/admin");
    }
}
