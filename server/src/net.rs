//! Connections from the public internet, each with a limit: a client must send a request's
//! headers within a deadline (which also closes kept-alive connections left idle), the number of
//! open connections is capped below the process's file limit, every request but the live-reload
//! stream has a time limit, and shutdown waits for open requests only so long.

use axum::extract::ConnectInfo;
use axum::http::HeaderMap;
use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt as _;

/// The limits on connections and requests; each is a flag of `fixpath` (see `--help`).
#[derive(Debug, Clone)]
pub struct Limits {
    /// Time a client has to send a request's headers; also how long a kept-alive connection may
    /// sit idle before it is closed.
    pub header_timeout: Duration,
    /// Time any request may take, the live-reload stream excepted (answered 408 after it).
    pub request_timeout: Duration,
    /// Connections open at once; more are closed as soon as they are accepted.
    pub max_connections: usize,
    /// Live-reload event streams open at once (watch mode).
    pub max_event_streams: usize,
    /// Live-reload event streams one client address may hold open.
    pub max_event_streams_per_client: usize,
    /// How long shutdown waits for open requests before the process exits anyway.
    pub shutdown_timeout: Duration,
    /// Proxies whose `X-Forwarded-For` is believed (`--trusted-proxy`): a request from one of
    /// them counts as coming from the client it names, for the per-client caps and for who sees
    /// writers' problems. Nobody else's forwarded headers are read.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Searches run at once (the search page, the header box and `/api/search` share them);
    /// more wait their turn, first come, first served
    /// (within the request time limit). Default: one per CPU.
    pub searches: usize,
    /// Memory the rendered-page cache may use, in bytes (`--page-cache`); 0 turns it off.
    pub page_cache: u64,
    /// Largest answer the page cache keeps, in bytes (`--page-cache-entry`).
    pub page_cache_entry: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            max_connections: 4096,
            max_event_streams: 256,
            max_event_streams_per_client: 8,
            shutdown_timeout: Duration::from_secs(10),
            trusted_proxies: Vec::new(),
            searches: std::thread::available_parallelism().map_or(2, std::num::NonZero::get),
            page_cache: 64 * 1024 * 1024,
            page_cache_entry: 1024 * 1024,
        }
    }
}

/// File descriptors kept free for everything but connections (content files, the index, logs).
const RESERVED_FILES: u64 = 128;

/// Raises the soft limit on open files to the hard limit, and returns how many connections fit
/// under it (at most `wanted`).
pub fn connection_budget(wanted: usize) -> usize {
    #[cfg(unix)]
    {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit and setrlimit only read and write the struct passed to them.
        let files = unsafe {
            if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
                return wanted;
            }
            if limit.rlim_cur < limit.rlim_max {
                let raised = libc::rlimit {
                    rlim_cur: limit.rlim_max,
                    rlim_max: limit.rlim_max,
                };
                if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                    limit = raised;
                }
            }
            limit.rlim_cur
        };
        let room = usize::try_from(files.saturating_sub(RESERVED_FILES).max(16)).unwrap_or(usize::MAX);
        wanted.min(room)
    }
    #[cfg(not(unix))]
    wanted
}

/// Serves `app` on `listener` until `stop` resolves; then stops accepting, runs `on_stop`, and
/// waits up to `limits.shutdown_timeout` for open connections to finish.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: &Limits,
    stop: impl std::future::Future<Output = ()>,
    on_stop: impl FnOnce(),
) {
    let max_connections = connection_budget(limits.max_connections);
    let slots = Arc::new(Semaphore::new(max_connections));
    let graceful = GracefulShutdown::new();
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    builder.http2().timer(TokioTimer::new());
    tracing::info!(
        "accepting up to {max_connections} connections; headers within {:?}, requests within {:?}",
        limits.header_timeout,
        limits.request_timeout
    );
    tokio::pin!(stop);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(c) => c,
                Err(e) => {
                    // Out of file descriptors, or a connection reset while queued: the ones
                    // already open go on; try again shortly.
                    tracing::warn!("accepting a connection failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            tracing::debug!("{peer}: {max_connections} connections open already; closed");
            continue;
        };
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
            req.extensions_mut().insert(ConnectInfo(peer));
            app.clone().oneshot(req.map(axum::body::Body::new))
        });
        let connection = builder.serve_connection_with_upgrades(TokioIo::new(stream), service);
        let connection = graceful.watch(connection.into_owned());
        tokio::spawn(async move {
            let _ = connection.await;
            drop(slot);
        });
    }
    drop(listener);
    on_stop();
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(limits.shutdown_timeout) => {
            tracing::warn!(
                "requests still open after {:?}; stopping anyway",
                limits.shutdown_timeout
            );
        }
    }
}

/// The address of the client that sent a request, when the server knows it.
pub fn peer_of<B>(req: &axum::http::Request<B>) -> Option<SocketAddr> {
    req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0)
}

/// The client a request comes from: the peer, or, when the peer is a trusted proxy, the last
/// address in `X-Forwarded-For` that is not itself a trusted proxy (proxies append, so earlier
/// entries are whatever the client claimed). `None` when a trusted proxy names no valid client.
pub fn client_ip(headers: &HeaderMap, peer: Option<SocketAddr>, trusted: &[IpAddr]) -> Option<IpAddr> {
    let peer = peer?.ip();
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    let forwarded: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect();
    for entry in forwarded.iter().rev() {
        match entry.trim().parse::<IpAddr>() {
            Ok(ip) if trusted.contains(&ip) => {}
            Ok(ip) => return Some(ip),
            Err(_) => return None,
        }
    }
    None
}

/// True for a request from a browser on this machine: a loopback peer that sent no
/// `Forwarded`/`X-Forwarded-For` (a proxy on the same machine makes every visitor look local,
/// but it says so in those headers), or a trusted proxy relaying a loopback client.
pub fn is_local(headers: &HeaderMap, peer: Option<SocketAddr>, trusted: &[IpAddr]) -> bool {
    match peer {
        Some(p) if trusted.contains(&p.ip()) => client_ip(headers, peer, trusted).is_some_and(|c| c.is_loopback()),
        Some(p) => {
            p.ip().is_loopback()
                && !headers.contains_key(axum::http::header::FORWARDED)
                && !headers.contains_key("x-forwarded-for")
        }
        None => false,
    }
}

/// [`is_local`] for a request's parts (the peer comes from its `ConnectInfo`).
pub fn parts_are_local(parts: &axum::http::request::Parts, trusted: &[IpAddr]) -> bool {
    let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0);
    is_local(&parts.headers, peer, trusted)
}

/// What the server knows of where requests come from: the proxies it trusts and the host of its
/// public address (`--public-url`), for telling its own pages' posts and links from other sites'.
#[derive(Debug, Clone, Default)]
pub struct Peers {
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted: Arc<[IpAddr]>,
    /// The host (and port) of `--public-url`, when configured.
    pub public_host: Option<String>,
}

impl Peers {
    /// Peers for `trusted` proxies and the site's public address (`https://host[:port]`).
    pub fn new(trusted: &[IpAddr], public_url: Option<&str>) -> Peers {
        Peers {
            trusted: trusted.to_vec().into(),
            public_host: public_url.map(|u| host_of(u).to_string()),
        }
    }

    /// The client of a request (see [`client_ip`]).
    pub fn client(&self, headers: &HeaderMap, peer: Option<SocketAddr>) -> Option<IpAddr> {
        client_ip(headers, peer, &self.trusted)
    }

    /// True when `authority` (`host[:port]`) is this site: its public address, the request's
    /// `Host`, or the authority of its URI (HTTP/2 sends no `Host`).
    fn is_this_site(&self, authority: &str, headers: &HeaderMap, uri: &axum::http::Uri) -> bool {
        let host = headers.get(axum::http::header::HOST).and_then(|v| v.to_str().ok());
        !authority.is_empty()
            && [
                self.public_host.as_deref(),
                host,
                uri.authority().map(axum::http::uri::Authority::as_str),
            ]
            .into_iter()
            .flatten()
            .any(|h| h.eq_ignore_ascii_case(authority))
    }

    /// True unless the request says it comes from another site: an `Origin` that is not this
    /// site, or `Sec-Fetch-Site` other than `same-origin`/`none`. Clients that send neither
    /// (not browsers) pass: they could as well post directly.
    pub fn same_origin(&self, headers: &HeaderMap, uri: &axum::http::Uri) -> bool {
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        if let Some(site) = header("sec-fetch-site") {
            if !matches!(site, "same-origin" | "none") {
                return false;
            }
        }
        match header("origin") {
            None => true,
            Some(origin) => self.is_this_site(host_of(origin), headers, uri),
        }
    }

    /// The path and query of a `Referer` on this site, `Some("")` for one elsewhere, `None`
    /// when the request has none.
    pub fn referer_path(&self, headers: &HeaderMap, uri: &axum::http::Uri) -> Option<String> {
        let referer = headers.get(axum::http::header::REFERER)?.to_str().ok()?;
        let rest = referer
            .strip_prefix("https://")
            .or_else(|| referer.strip_prefix("http://"))
            .unwrap_or("");
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let own = self.is_this_site(authority, headers, uri) && path.starts_with('/');
        Some(if own { path.to_string() } else { String::new() })
    }
}

/// The `host[:port]` of an `http(s)://` address ("" for anything else).
fn host_of(url: &str) -> &str {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or("");
    &rest[..rest.find('/').unwrap_or(rest.len())]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xff(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", value.parse().unwrap());
        h
    }

    #[test]
    fn forwarded_addresses_are_believed_only_from_trusted_proxies() {
        let proxy: IpAddr = "10.0.0.2".parse().unwrap();
        let from = |ip: &str| Some(SocketAddr::new(ip.parse().unwrap(), 5000));
        let trusted = [proxy];
        // A client that is no proxy cannot pick its address.
        assert_eq!(
            client_ip(&xff("127.0.0.1"), from("203.0.113.7"), &trusted),
            "203.0.113.7".parse().ok()
        );
        assert!(!is_local(&xff("127.0.0.1"), from("203.0.113.7"), &trusted));
        // Through the proxy: the last untrusted entry, not what the client put first.
        assert_eq!(
            client_ip(&xff("127.0.0.1, 198.51.100.4"), from("10.0.0.2"), &trusted),
            "198.51.100.4".parse().ok()
        );
        assert_eq!(
            client_ip(&xff("198.51.100.4, 10.0.0.2"), from("10.0.0.2"), &trusted),
            "198.51.100.4".parse().ok()
        );
        assert!(!is_local(&xff("127.0.0.1, 198.51.100.4"), from("10.0.0.2"), &trusted));
        assert!(is_local(&xff("127.0.0.1"), from("10.0.0.2"), &trusted));
        // A trusted proxy that names nobody, or garbage, is nobody local.
        assert_eq!(client_ip(&HeaderMap::new(), from("10.0.0.2"), &trusted), None);
        assert_eq!(client_ip(&xff("not-an-ip"), from("10.0.0.2"), &trusted), None);
        assert!(!is_local(&HeaderMap::new(), from("10.0.0.2"), &trusted));
        // Without trusted proxies, loopback is local unless it says it relays someone.
        assert!(is_local(&HeaderMap::new(), from("127.0.0.1"), &[]));
        assert!(!is_local(&xff("203.0.113.9"), from("127.0.0.1"), &[]));
    }

    #[test]
    fn only_same_site_posts_pass() {
        let peers = Peers::default();
        let uri: axum::http::Uri = "/feedback".parse().unwrap();
        let same_origin = |h: &HeaderMap| peers.same_origin(h, &uri);
        let h = |pairs: &[(&'static str, &'static str)]| {
            let mut m = HeaderMap::new();
            for (k, v) in pairs {
                m.insert(*k, v.parse().unwrap());
            }
            m
        };
        assert!(same_origin(&h(&[
            ("host", "help.example.com"),
            ("origin", "https://help.example.com")
        ])));
        assert!(!same_origin(&h(&[
            ("host", "help.example.com"),
            ("origin", "https://evil.example")
        ])));
        assert!(!same_origin(&h(&[("host", "help.example.com"), ("origin", "null")])));
        assert!(!same_origin(&h(&[
            ("host", "help.example.com"),
            ("sec-fetch-site", "cross-site")
        ])));
        assert!(same_origin(&h(&[("host", "help.example.com")])));
        // Behind a proxy that rewrites Host, the configured public address is what counts.
        let behind = Peers::new(&[], Some("https://help.example.com"));
        let proxied = h(&[("host", "127.0.0.1:3000"), ("origin", "https://help.example.com")]);
        assert!(behind.same_origin(&proxied, &uri));
        assert!(!same_origin(&proxied));
        // HTTP/2 has no Host: the request's own authority.
        let h2: axum::http::Uri = "https://help.example.com/feedback".parse().unwrap();
        assert!(peers.same_origin(&h(&[("origin", "https://help.example.com")]), &h2));
    }

    #[test]
    fn referers_are_this_sites_or_elsewhere() {
        let peers = Peers::default();
        let uri: axum::http::Uri = "/articles/x".parse().unwrap();
        let with = |r: &'static str| {
            let mut m = HeaderMap::new();
            m.insert("host", "help.example.com".parse().unwrap());
            m.insert("referer", r.parse().unwrap());
            peers.referer_path(&m, &uri)
        };
        assert_eq!(with("https://help.example.com/search?q=x"), Some("/search?q=x".into()));
        assert_eq!(with("https://evil.example/search?q=x"), Some(String::new()));
        assert_eq!(with("https://help.example.com.evil/search"), Some(String::new()));
        assert_eq!(peers.referer_path(&HeaderMap::new(), &uri), None);
    }
}
