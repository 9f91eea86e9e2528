//! Connections from the public internet, each with a limit: a client must send a request's
//! headers within a deadline (which also closes kept-alive connections left idle), the number of
//! open connections is capped below the process's file limit, every request but the live-reload
//! stream has a time limit, and shutdown waits for open requests only so long.

use axum::extract::ConnectInfo;
use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use std::net::SocketAddr;
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

/// True for a request from this machine that no proxy relayed: a loopback peer and no
/// `Forwarded`/`X-Forwarded-For` header (a proxy on the same machine makes every visitor look
/// local, but it says so in those headers).
pub fn is_local(headers: &axum::http::HeaderMap, peer: Option<SocketAddr>) -> bool {
    peer.is_some_and(|p| p.ip().is_loopback())
        && !headers.contains_key(axum::http::header::FORWARDED)
        && !headers.contains_key("x-forwarded-for")
}
