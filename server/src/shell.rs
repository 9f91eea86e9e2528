//! The page around the sign-in form and the dashboard: the site's own header, stylesheet and
//! footer, rendered on the server with no script (these pages need none), never cached.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use leptos::config::LeptosOptions;
use leptos::prelude::*;
use leptos_meta::HashedStylesheet;

/// Who is signed in, as the page header shows them: their name and the token their sign-out
/// form must carry.
#[derive(Clone, Debug)]
pub struct SignedIn {
    /// Login name.
    pub name: String,
    /// The session's CSRF token.
    pub csrf: String,
}

/// What every such page shares: the built site's options (for the stylesheet's address).
#[derive(Clone, Debug)]
pub struct Shell {
    options: LeptosOptions,
}

impl Shell {
    /// A shell for the site built with `options`.
    pub fn new(options: LeptosOptions) -> Shell {
        Shell { options }
    }

    /// The whole HTML document for `body`, titled `title`; with `signed`, the header names the
    /// person and offers to sign out.
    pub fn render(&self, title: &str, signed: Option<SignedIn>, body: impl IntoView + 'static) -> String {
        let options = self.options.clone();
        let title = format!("{title} · Fixpath");
        Owner::new().with(move || {
            view! {
                <!DOCTYPE html>
                <html lang="en">
                    <head>
                        <meta charset="utf-8"/>
                        <meta name="viewport" content="width=device-width, initial-scale=1"/>
                        <meta name="color-scheme" content="light dark"/>
                        <meta name="robots" content="noindex"/>
                        <title>{title}</title>
                        <HashedStylesheet options=options id="leptos"/>
                        <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                    </head>
                    <body class="admin">
                        <a class="skip-link" href="#main">"Skip to content"</a>
                        <header class="site-header">
                            <div class="wrap header-inner">
                                <a href="/" class="brand"><span class="brand-mark" aria-hidden="true">"✓"</span>"Fixpath"</a>
                                <nav aria-label="Site">
                                    <a href="/">"All guides"</a>
                                    {signed.map(|s| view! {
                                        <a href="/admin">"Dashboard"</a>
                                        <form method="post" action="/logout" class="logout">
                                            <input type="hidden" name="csrf" value=s.csrf.clone()/>
                                            <button type="submit" class="linkish">{format!("Sign out {}", s.name)}</button>
                                        </form>
                                    })}
                                </nav>
                            </div>
                        </header>
                        <main id="main" class="wrap" tabindex="-1">{body}</main>
                        <footer class="site-footer">
                            <div class="wrap footer-inner"><span>"Fixpath · self-hosted troubleshooting guides"</span></div>
                        </footer>
                    </body>
                </html>
            }
            .to_html()
        })
    }
}

/// An HTML page that is never stored by a cache (it may be personal).
pub fn respond(status: StatusCode, html: String) -> Response {
    let mut res = (status, html).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    res
}
