//! Fixpath's server: loads the content folder, serves the Leptos pages, the JSON API and the
//! built assets, with compression, cache headers and graceful shutdown.

pub mod accounts;
pub mod admin;
pub mod analytics;
pub mod api;
pub mod assets;
pub mod check;
pub mod content;
pub mod feedback;
pub mod headers;
pub mod limit;
pub mod net;
pub mod page_cache;
pub mod search;
pub mod shell;
mod site;
pub mod sitemap;
pub mod store;
pub mod watch;

use anyhow::Context as _;
use app::catalog::SharedCatalog;
use app::error::AppError;
use app::{shell, App};
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_http::timeout::TimeoutLayer;

pub use content::{Library, LoadOptions};
pub use search::SearchIndex;
pub use site::Site;

/// Everything the server needs to run.
#[derive(Debug, Clone)]
pub struct Config {
    /// The folder of Markdown articles.
    pub content: PathBuf,
    /// Where to listen.
    pub addr: SocketAddr,
    /// The built site (wasm, JS, CSS, public files); `None` uses Leptos' configuration.
    pub site_root: Option<PathBuf>,
    /// Publish drafts.
    pub drafts: bool,
    /// Reload when articles change, refresh open pages, show writers their mistakes on the page.
    pub watch: bool,
    /// The public files that image addresses resolve in (for the image check); `None` skips it.
    pub public: Option<PathBuf>,
    /// Timeouts and caps on connections and requests.
    pub limits: net::Limits,
    /// The site's public address (`https://help.example.com`) for absolute links; `None` keeps
    /// them relative.
    pub public_url: Option<String>,
    /// Who may frame the site and whether articles may show images from other hosts.
    pub security: headers::Security,
    /// In watch mode, show writers' problems (banner, strip, `/rpc/problems`) to every visitor,
    /// not only to browsers on this machine.
    pub show_problems_to_all: bool,
    /// The folder of the SQLite database (used unless `database_url` is given).
    pub data: PathBuf,
    /// A PostgreSQL database (`postgres://…`) instead of the SQLite file, for several servers.
    pub database_url: Option<String>,
    /// Outcome analytics and how it behaves; `None` (`--no-analytics`) counts nothing.
    pub analytics: Option<analytics::Settings>,
    /// How long events, counters and feedback are kept.
    pub retention: store::Retention,
    /// "Was this helpful?" answers accepted per minute from one client address.
    pub feedback_per_minute: u32,
}

impl Config {
    /// What the router serves besides the catalog: these limits and this address, and the
    /// watched site in watch mode.
    fn routing(&self, watched: Option<Arc<watch::WatchedSite>>) -> Routing {
        Routing {
            watched,
            limits: self.limits.clone(),
            public_url: self.public_url.clone(),
            security: headers::Security {
                https: self.public_url.as_deref().is_some_and(|u| u.starts_with("https://")),
                ..self.security.clone()
            },
            show_problems_to_all: self.show_problems_to_all,
            analytics: None,
            feedback: None,
            accounts: None,
        }
    }

    /// Opens the database and starts what writes to it: the analytics writer (unless
    /// `--no-analytics`) and the feedback desk, added to `routing`.
    async fn start_store(
        &self,
        catalog: &SharedCatalog,
        options: &LeptosOptions,
        routing: &mut Routing,
    ) -> anyhow::Result<Recording> {
        let store = store::Store::open(&self.data, self.database_url.as_deref()).await?;
        match store.backend() {
            "sqlite" => tracing::info!(
                "analytics and feedback in {}",
                self.data.join(store::SQLITE_FILE).display()
            ),
            other => tracing::info!("analytics and feedback in the {other} database"),
        }
        let peers = net::Peers::new(&self.limits.trusted_proxies, self.public_url.as_deref());
        routing.feedback = Some(Arc::new(feedback::FeedbackDesk::new(
            store.clone(),
            catalog.clone(),
            peers.clone(),
            self.feedback_per_minute,
        )));
        routing.accounts = Some(Arc::new(accounts::Accounts::new(
            store.clone(),
            peers.clone(),
            routing.security.https,
            shell::Shell::new(options.clone()),
        )));
        let writer = self.analytics.clone().map(|settings| {
            let (analytics, writer) = analytics::Analytics::start(store.clone(), catalog.clone(), settings, peers);
            routing.analytics = Some(analytics.clone());
            (analytics, writer)
        });
        if writer.is_none() {
            tracing::info!("analytics off (--no-analytics): nothing is counted");
        }
        let expiry = tokio::spawn(store::expire_forever(store.clone(), self.retention));
        Ok(Recording { store, writer, expiry })
    }
}

/// The database and the analytics writer of a running server, closed in order on shutdown.
struct Recording {
    store: store::Store,
    writer: Option<(Arc<analytics::Analytics>, tokio::task::JoinHandle<()>)>,
    expiry: tokio::task::JoinHandle<()>,
}

impl Recording {
    /// Writes the queued events and closes the database.
    async fn finish(self) {
        self.expiry.abort();
        if let Some((analytics, writer)) = self.writer {
            analytics.shutdown();
            if let Err(e) = writer.await {
                tracing::error!("analytics writer: {e}");
            }
            if analytics.dropped() > 0 {
                tracing::warn!(
                    "analytics: {} events were dropped (queue full or database down)",
                    analytics.dropped()
                );
            }
        }
        self.store.close().await;
    }
}

/// What a router serves besides the catalog.
#[derive(Default)]
pub struct Routing {
    /// Watch mode: live reload and writer banners.
    pub watched: Option<Arc<watch::WatchedSite>>,
    /// Timeouts and caps.
    pub limits: net::Limits,
    /// The public address absolute links use (see [`Config::public_url`]).
    pub public_url: Option<String>,
    /// The Content-Security-Policy's settings.
    pub security: headers::Security,
    /// Writers' problems go to every client, not only local ones (see [`Config::show_problems_to_all`]).
    pub show_problems_to_all: bool,
    /// Outcome counting: the page middleware and the view beacon.
    pub analytics: Option<Arc<analytics::Analytics>>,
    /// `POST /feedback`.
    pub feedback: Option<Arc<feedback::FeedbackDesk>>,
    /// `/login`, `/logout` and the dashboard at `/admin`.
    pub accounts: Option<Arc<accounts::Accounts>>,
}

/// Checks a `--public-url`: `http` or `https`, a host, no path, query or fragment; returns it
/// without a trailing slash.
pub fn parse_public_url(raw: &str) -> Result<String, String> {
    let uri: axum::http::Uri = raw.parse().map_err(|e| format!("`{raw}` is not a URL: {e}"))?;
    let scheme_ok = matches!(uri.scheme_str(), Some("http" | "https"));
    let path_ok = matches!(uri.path(), "" | "/") && uri.query().is_none() && !raw.contains('#');
    match uri.authority() {
        Some(a) if scheme_ok && path_ok && !a.as_str().contains('@') => {
            Ok(format!("{}://{}", uri.scheme_str().unwrap_or("https"), a.as_str()))
        }
        _ => Err(format!(
            "`{raw}` is not a site address: write the scheme and host only, e.g. https://help.example.com"
        )),
    }
}

/// The name cargo-leptos gives the built CSS, JS and wasm (`name` in the workspace's
/// `[[workspace.metadata.leptos]]`).
pub const OUTPUT_NAME: &str = "fixpath";

/// Leptos options from cargo-leptos' build-time and run-time settings, with our overrides.
pub fn leptos_options(config: &Config) -> anyhow::Result<LeptosOptions> {
    let conf = leptos::config::get_configuration(None).context("reading the Leptos configuration")?;
    let mut options = conf.leptos_options;
    options.site_addr = config.addr;
    // A binary built by plain `cargo build` (not cargo-leptos) has no output name compiled in;
    // without one, pages would link `/pkg/.css` and render unstyled.
    if options.output_name.is_empty() {
        options.output_name = OUTPUT_NAME.into();
    }
    // cargo-leptos passes these when it runs the server itself; a binary started by hand (or by
    // systemd) infers them: fingerprinted assets when the build left a hash file beside the binary,
    // production mode for release builds.
    if std::env::var_os("LEPTOS_HASH_FILES").is_none() {
        options.hash_files = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.join(&*options.hash_file)))
            .is_some_and(|f| f.is_file());
    }
    if std::env::var_os("LEPTOS_ENV").is_none() && !cfg!(debug_assertions) {
        options.env = leptos::config::Env::PROD;
    }
    if let Some(root) = &config.site_root {
        options.site_root = root.to_string_lossy().as_ref().into();
    }
    Ok(options)
}

/// The whole site as an axum router: pages, server functions, JSON API, static files.
pub fn router(catalog: SharedCatalog, options: LeptosOptions) -> Router {
    router_with(catalog, options, Routing::default())
}

/// The app's routes, listed once per process. Listing runs the app with resource loading
/// suppressed by a process-wide flag (leptos_server 0.8), so a page rendering on another
/// thread at that moment would wait forever on its resources (leptos-rs/leptos#4773); building
/// a second router (tests build many, in parallel) must not list them again.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// [`router`], plus what `routing` adds: live reload and writer banners for a watched site, the
/// configured limits, the public address for absolute links.
pub fn router_with(catalog: SharedCatalog, options: LeptosOptions, routing: Routing) -> Router {
    let Routing {
        watched,
        limits,
        public_url,
        security,
        show_problems_to_all,
        analytics,
        feedback,
        accounts,
    } = routing;
    let routes = route_list();
    let sitemaps = sitemap::routes(catalog.clone(), public_url.clone());
    let trusted: Arc<[std::net::IpAddr]> = limits.trusted_proxies.clone().into();
    let searching = app::catalog::SearchQueue::new(limits.searches);
    let context = {
        let catalog = catalog.clone();
        let searching = searching.clone();
        let watched = watched.clone();
        let trusted = trusted.clone();
        move || {
            let parts = leptos::prelude::use_context::<axum::http::request::Parts>();
            provide_context(catalog.clone());
            provide_context(searching.clone());
            // No nonce: the policy allows the pages' scripts by hash (see `headers`), so a page is
            // the same for every visitor and can be cached. leptos_axum makes one per request
            // for the lines it writes after the document; an empty one replaces it.
            provide_context(leptos::nonce::Nonce::from_value(""));
            // Writers' problems name files and errors: for the writer at this machine only.
            let local = parts.as_ref().is_some_and(|p| net::parts_are_local(p, &trusted));
            provide_context(app::catalog::ShowProblems(show_problems_to_all || local));
            if let Some(url) = &public_url {
                provide_context(app::PublicUrl(url.clone()));
                // The page's address without what was tried: one canonical URL per step.
                if let Some(path) = parts.as_ref().map(|p| p.uri.path()).filter(|p| *p != "/search") {
                    provide_context(app::Canonical(format!("{url}{path}")));
                }
            }
            if let Some(watched) = &watched {
                // Read before the page's data, so the page is at least as new as this version.
                provide_context(app::LiveReload(watched.version_tag()));
            }
        }
    };
    let hashed_assets = options.hash_files;
    // Hashed builds' files never change while the server runs: compress them once, at best.
    let precompressed = hashed_assets
        .then(|| assets::Precompressed::new(std::path::Path::new(&*options.site_root).join(&*options.site_pkg_dir)));
    // Every page's inline scripts are the same: allowed by hash, in one policy for all pages.
    let page_policy =
        axum::http::HeaderValue::from_str(&security.content_security_policy(&headers::page_scripts(&options)))
            .unwrap_or_else(|e| panic!("the Content-Security-Policy is not a header value: {e}"));
    let security = Arc::new(security);
    let page_cache = (limits.page_cache > 0).then(|| {
        Arc::new(page_cache::PageCache::new(
            limits.page_cache,
            limits.page_cache_entry,
            trusted.clone(),
            catalog.clone(),
        ))
    });
    let mut pages = Router::new()
        .leptos_routes_with_context(&options, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context(context, shell))
        .with_state(options);
    let mut api = api::routes(catalog.clone(), show_problems_to_all, trusted, searching);
    if let Some(cache) = page_cache {
        let layer = middleware::from_fn(move |req, next| page_cache::serve(cache.clone(), req, next));
        pages = pages.layer(layer.clone());
        api = api.layer(layer);
    }
    // Old addresses of articles redirect, when no page answers them.
    pages = pages.layer(middleware::from_fn({
        let catalog = catalog.clone();
        move |req, next| old_addresses(catalog.clone(), req, next)
    }));
    // Every request has a time limit but the live-reload stream, which is meant to stay open.
    let mut router = Router::new().merge(api).merge(sitemaps);
    if let Some(accounts) = accounts {
        router = router.merge(admin::routes(accounts, catalog));
    }
    if let Some(desk) = feedback {
        router = router.merge(
            Router::new()
                .route(app::FEEDBACK_PATH, axum::routing::post(feedback::post))
                .with_state(desk),
        );
    }
    if let Some(analytics) = &analytics {
        router = router.merge(
            Router::new()
                .route(app::VIEW_BEACON, axum::routing::post(analytics::view_beacon))
                .with_state(analytics.clone()),
        );
    }
    let mut router = router.merge(pages);
    if let Some(analytics) = analytics {
        router = router.layer(middleware::from_fn_with_state(analytics, analytics::count_pages));
    }
    let mut router = router.layer(TimeoutLayer::with_status_code(
        StatusCode::REQUEST_TIMEOUT,
        limits.request_timeout,
    ));
    if let Some(watched) = &watched {
        router = router.merge(watched.routes(&limits));
    }
    if let Some(pre) = precompressed {
        router = router.layer(middleware::from_fn(move |req, next| {
            assets::serve(pre.clone(), req, next)
        }));
    }
    router
        .layer(middleware::from_fn(server_fn_status))
        .layer(middleware::from_fn(move |req, next| {
            headers::headers(req, next, hashed_assets, security.clone(), page_policy.clone())
        }))
        .layer(CompressionLayer::new())
}

/// Redirects (301) a page request that found nothing to where the article at that old address
/// is now (front matter `aliases` that are paths, see [`content::moved`]), keeping the rest of
/// the path (the step) and the query (what was tried). An address a page answers is never
/// redirected, so an alias cannot hide a page.
async fn old_addresses(catalog: SharedCatalog, req: Request, next: Next) -> Response {
    if !matches!(*req.method(), axum::http::Method::GET | axum::http::Method::HEAD) {
        return next.run(req).await;
    }
    let uri = req.uri().clone();
    let res = next.run(req).await;
    if res.status() != StatusCode::NOT_FOUND {
        return res;
    }
    match catalog.0.moved(uri.path(), uri.query()) {
        Some(to) => match axum::http::HeaderValue::from_str(&to) {
            Ok(location) => (
                StatusCode::MOVED_PERMANENTLY,
                [(axum::http::header::LOCATION, location)],
            )
                .into_response(),
            Err(_) => res,
        },
        None => res,
    }
}

/// Largest server-function error body read to find its status (errors are a short JSON object).
const MAX_ERROR_BODY: usize = 16 * 1024;

/// Gives a failed server function the status its [`AppError`] names. Leptos answers every
/// server-function error with 500, including arguments that did not decode (a repeated `q`, a
/// `limit` that is no number), which are the caller's mistake: this reads the typed error back
/// and sets 400 or 404 where it says so.
async fn server_fn_status(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    if !res
        .headers()
        .contains_key(leptos::server_fn::error::SERVER_FN_ERROR_HEADER)
    {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_ERROR_BODY).await {
        Ok(b) => b,
        Err(e) => {
            tracing::error!("reading a server function's error: {e}");
            parts.status = StatusCode::INTERNAL_SERVER_ERROR;
            return Response::from_parts(parts, axum::body::Body::empty());
        }
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// Loads the content, logs every problem as `path:line:col: message`, and serves until SIGTERM or
/// Ctrl-C. Without `watch` it serves a finished, read-only [`Site`] (one merged index), the very
/// thing the tests build; with `watch` it serves the same site wrapped in a [`watch::WatchedSite`]
/// that reloads it on every change to the content folder.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    let options = leptos_options(&config)?;
    let load = LoadOptions {
        drafts: config.drafts,
        public: config.public.clone(),
        dates: true,
        remote_images: config.security.remote_images,
    };
    let content = config.content.clone();
    let started = std::time::Instant::now();
    if !config.watch {
        let site = tokio::task::spawn_blocking(move || Site::load(&content, load)).await??;
        log_loaded(&site, &config, started);
        let catalog = SharedCatalog(Arc::new(site));
        let mut routing = config.routing(None);
        let recording = config.start_store(&catalog, &options, &mut routing).await?;
        let app = router_with(catalog, options, routing);
        let served = listen(app, &config, || {}).await;
        recording.finish().await;
        return served;
    }
    let watched = tokio::task::spawn_blocking(move || watch::WatchedSite::load(&content, load)).await??;
    let watched = Arc::new(watched);
    log_loaded(&watched.site(), &config, started);
    let _watching = watched.watch()?;
    // Saves made while the folder was first read came before the watch: catch them up (only
    // files whose stamp changed are parsed again).
    let catch_up = watched.clone();
    match tokio::task::spawn_blocking(move || catch_up.reload()).await? {
        Ok(r) if r.reindexed > 0 => tracing::info!("{} articles changed while loading; updated", r.reindexed),
        Ok(_) => {}
        Err(e) => tracing::warn!("re-reading {} after the load failed: {e:#}", config.content.display()),
    }
    tracing::info!(
        "watching {} for changes; open pages refresh by themselves",
        config.content.display()
    );
    let catalog = SharedCatalog(watched.clone());
    let mut routing = config.routing(Some(watched.clone()));
    let recording = config.start_store(&catalog, &options, &mut routing).await?;
    let app = router_with(catalog, options, routing);
    let served = listen(app, &config, move || watched.stop()).await;
    recording.finish().await;
    served
}

/// Logs every diagnostic and a one-line summary of the loaded site.
fn log_loaded(site: &Site, config: &Config, started: std::time::Instant) {
    let library = &site.library;
    library.diagnostics.iter().for_each(content::log_diagnostic);
    tracing::info!(
        "loaded and indexed {} articles ({} search documents) from {} in {:.0?} ({} errors, {} warnings; `fixpath check` explains them)",
        library.len(),
        site.search.len(),
        config.content.display(),
        started.elapsed(),
        library.error_count(),
        library.diagnostics.len() - library.error_count()
    );
}

/// Serves `app` on the configured address until SIGTERM or Ctrl-C; `on_stop` runs when the
/// signal arrives, and open requests get `limits.shutdown_timeout` to finish.
async fn listen(app: Router, config: &Config, on_stop: impl FnOnce()) -> anyhow::Result<()> {
    let addr = config.addr;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    tracing::info!("serving on http://{addr}");
    net::serve(listener, app, &config.limits, shutdown_signal(), on_stop).await;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down: finishing open requests");
}
