//! Fixpath's web application: the shared article model, the decision-tree logic, and the Leptos
//! pages rendered on the server and hydrated in the browser.

#![recursion_limit = "256"]

pub mod browse;
pub mod catalog;
pub mod diagnostic;
pub mod error;
pub mod firmware;
pub mod hits;
pub mod model;
pub mod tree;

mod browser;
mod hydration;

pub use hydration::inline_scripts;
mod pages;

use pages::not_found::NotFound;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Link, Meta, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes, A},
    path, SsrMode,
};

/// Put in context by a server that watches the content folder: pages then load the script that
/// refreshes them when an article changes. It holds the version of the content the page is
/// rendered from, so a change made before the script connects still refreshes the page.
#[derive(Debug, Clone)]
pub struct LiveReload(pub String);

/// The site's public address (`--public-url`, e.g. `https://help.example.com`), put in context
/// by the server when configured. Absolute links in copied text (the support summary) use it;
/// without it they are relative. A client's `Host` header is never used.
#[derive(Debug, Clone)]
pub struct PublicUrl(pub String);

/// The page's canonical address (the public address and the path, without the query), put in
/// context by the server when `--public-url` is configured.
#[derive(Debug, Clone)]
pub struct Canonical(pub String);

/// Where a page reports itself when the server did not count it (see `server::analytics`): a
/// page shown from a prefetch or a prerender.
pub const VIEW_BEACON: &str = "/_fixpath/view";

/// Where "Was this helpful?" answers are posted.
pub const FEEDBACK_PATH: &str = "/feedback";

/// Longest feedback comment kept, in characters.
pub const FEEDBACK_COMMENT_MAX: usize = 1000;

/// Where a watching server serves its live-reload script.
pub const LIVE_RELOAD_SCRIPT: &str = "/_fixpath/live.js";

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    // Islands: nothing outside an island is hydrated, so the page carries no hydration markers
    // and no serialized data (an article is sent once, as HTML).
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <HashedStylesheet options=options.clone() id="leptos"/>
                {hydration::head_scripts(&options)}
                <MetaTags/>
                {use_context::<LiveReload>().map(|LiveReload(version)| view! { <script src=LIVE_RELOAD_SCRIPT data-version=version defer></script> })}
                {use_context::<Canonical>().map(|Canonical(href)| view! { <link rel="canonical" href=href/> })}
                {use_context::<PublicUrl>().map(|_| view! { <link rel="alternate" type="application/atom+xml" title="Recently updated guides" href="/feed.xml"/> })}
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The application: header, routes, footer.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();

    view! {
        <Title formatter=|t: String| if t.is_empty() { "Fixpath".to_string() } else { format!("{t} · Fixpath") }/>
        <Meta name="description" content="Step-by-step troubleshooting guides."/>
        <Link rel="icon" href="/favicon.svg" type_="image/svg+xml"/>
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <header class="site-header">
                <div class="wrap header-inner">
                    <A href="/" attr:class="brand">
                        <span class="brand-mark" aria-hidden="true">"✓"</span>
                        "Fixpath"
                    </A>
                    <pages::search::SearchBox/>
                    <nav aria-label="Site">
                        <A href="/">"All guides"</A>
                        <A href="/verify">"Check a file"</A>
                    </nav>
                </div>
            </header>
            <pages::writer::ContentProblems/>
            <main id="main" class="wrap" tabindex="-1">
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=pages::home::HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/search") view=pages::search::SearchPage ssr=SsrMode::Async/>
                    <Route path=path!("/tags/:tag") view=pages::tags::TagPageView ssr=SsrMode::Async/>
                    <Route path=path!("/sections/*path") view=pages::sections::SectionPageView ssr=SsrMode::Async/>
                    <Route path=path!("/verify") view=pages::firmware::FirmwarePage ssr=SsrMode::Async/>
                    <Route path=path!("/firmware") view=pages::versions::VersionsPage ssr=SsrMode::Async/>
                    <Route path=path!("/articles/:slug") view=pages::article::ArticlePage ssr=SsrMode::Async/>
                    <Route path=path!("/articles/:slug/*node") view=pages::article::ArticlePage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <footer class="site-footer">
                <div class="wrap footer-inner">
                    <span>"Fixpath · self-hosted troubleshooting guides"</span>
                    <nav aria-label="More"><a href="/firmware">"Firmware versions"</a></nav>
                </div>
            </footer>
        </Router>
    }
}

/// The browser entry point, run once per page before its islands are hydrated (see
/// `hydration`): starts the islands' runtime and makes code blocks' copy buttons work.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    browser::page_loaded();
}
