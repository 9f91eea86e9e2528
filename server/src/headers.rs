//! Response headers every answer carries: cache policy by kind of response, and the security
//! headers — a strict Content-Security-Policy, Permissions-Policy, Cross-Origin-Opener-Policy and
//! (over HTTPS) Strict-Transport-Security.
//!
//! A page's policy allows its inline scripts by their SHA-256 hashes, not by a nonce: the pages'
//! inline scripts are the same on every page of a build ([`app::inline_scripts`] and the two
//! lines Leptos writes after the document), so a rendered page is the same for every visitor and
//! can be cached (see `page_cache`), while a script injected into a page is still refused.

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine as _;
use sha2::Digest as _;

/// What a site's policy allows pages to load and who may frame them.
#[derive(Debug, Clone, Default)]
pub struct Security {
    /// Sources allowed to put the site in a frame (`frame-ancestors`); empty means the site's own
    /// origin only.
    pub frame_ancestors: Vec<String>,
    /// Articles may show images from other hosts (`--allow-remote-images`); otherwise only the
    /// site's own and `data:` images load.
    pub remote_images: bool,
    /// The site is served over HTTPS (`--public-url https://…`): browsers are told to keep to it.
    pub https: bool,
}

impl Security {
    /// The Content-Security-Policy of an HTML page whose inline scripts are `scripts`.
    ///
    /// Scripts come from the site itself or are one of `scripts`, by hash (never
    /// `unsafe-inline`), wasm may be compiled, the firmware checker's worker comes from the site,
    /// styles come from the site's stylesheet only (no inline `style` at all: table alignment
    /// uses `align`), and nothing may be embedded as an object, change the base address or post
    /// a form elsewhere.
    pub fn content_security_policy<S: AsRef<str>>(&self, scripts: &[S]) -> String {
        let images = if self.remote_images {
            "'self' data: https:"
        } else {
            "'self' data:"
        };
        let ancestors = if self.frame_ancestors.is_empty() {
            "'self'".to_string()
        } else {
            self.frame_ancestors.join(" ")
        };
        let hashes: String = scripts
            .iter()
            .map(|s| format!(" {}", script_hash(s.as_ref())))
            .collect();
        format!(
            "default-src 'self'; script-src 'self'{hashes} 'wasm-unsafe-eval'; style-src 'self'; \
             img-src {images}; font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; \
             object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}"
        )
    }
}

/// What Leptos writes after every server-rendered document: its (here empty) resource
/// bookkeeping. Islands serialize nothing, so these never vary; were they to, the policy would
/// refuse the script and the page would still work (nothing reads them outside islands).
pub const LEPTOS_EPILOGUE: [&str; 2] = [
    "__RESOLVED_RESOURCES=[];__SERIALIZED_ERRORS=[];__PENDING_RESOURCES=[];__RESOURCE_RESOLVERS=[];",
    "__INCOMPLETE_CHUNKS=[];",
];

/// Every inline script a page of this build may run: the app's and [`LEPTOS_EPILOGUE`].
pub fn page_scripts(options: &leptos::config::LeptosOptions) -> Vec<String> {
    let mut scripts = app::inline_scripts(options);
    scripts.extend(LEPTOS_EPILOGUE.iter().map(|s| (*s).to_string()));
    scripts
}

/// A CSP hash source for an inline script's text: `'sha256-…'`.
pub fn script_hash(text: &str) -> String {
    let digest = sha2::Sha256::digest(text.as_bytes());
    format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
}

/// Marks a response as an HTML page's (a `304 Not Modified` has no `Content-Type`, but a browser
/// updates the stored page's headers from it: it must carry the page's policy).
#[derive(Debug, Clone, Copy)]
pub struct HtmlPage;

/// Features no page of the site uses, turned off for it and anything it embeds.
const PERMISSIONS_POLICY: &str =
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

/// A year, the usual HSTS lifetime.
const HSTS: &str = "max-age=31536000";

/// Sets the cache policy and the security headers on every response.
/// `page_policy` is the Content-Security-Policy of every HTML page.
pub async fn headers(
    req: Request,
    next: Next,
    hashed_assets: bool,
    security: std::sync::Arc<Security>,
    page_policy: HeaderValue,
) -> Response {
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    let cache = if !res.status().is_success() && !res.status().is_redirection() {
        "no-store"
    } else if path.starts_with("/pkg/") && path.ends_with(".js") {
        // The wasm files and the stylesheet are named by their content. The scripts are not
        // quite: with `--split`, cargo-leptos names the app's script before it rewrites the
        // script's import of the split loader, so the same name can hold another import after a
        // deploy. Scripts are revalidated instead (a few kilobytes).
        "no-cache"
    } else if path.starts_with("/pkg/") && hashed_assets {
        "public, max-age=31536000, immutable"
    } else if path.starts_with("/pkg/") || is_static_file(&path) {
        "public, max-age=3600"
    } else {
        "no-cache"
    };
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
        || res.extensions().get::<HtmlPage>().is_some();
    let h = res.headers_mut();
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    }
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    if is_html {
        h.insert(header::CONTENT_SECURITY_POLICY, page_policy);
        h.insert("permissions-policy", HeaderValue::from_static(PERMISSIONS_POLICY));
        h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    } else if path.ends_with(".js") {
        // A script's own policy binds only a worker started from it (the firmware checker's):
        // it may fetch and compile the hasher from the site, nothing else.
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'",
            ),
        );
    } else {
        // Anything else (JSON, SVG, a public file) runs nothing if opened as a document.
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'; sandbox"),
        );
    }
    if security.frame_ancestors.is_empty() {
        // For browsers without `frame-ancestors`.
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("SAMEORIGIN"));
    }
    if security.https {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(HSTS));
    }
    res
}

fn is_static_file(path: &str) -> bool {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    matches!(
        ext,
        "ico" | "svg" | "png" | "jpg" | "jpeg" | "webp" | "gif" | "woff2" | "css" | "js" | "wasm" | "txt"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_the_scripts_by_hash_and_never_unsafe_inline() {
        let csp = Security::default().content_security_policy(&["alert(1)"]);
        // `echo -n 'alert(1)' | openssl dgst -sha256 -binary | base64`
        assert!(
            csp.contains("script-src 'self' 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=' 'wasm-unsafe-eval'"),
            "{csp}"
        );
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        for d in [
            "object-src 'none'",
            "base-uri 'none'",
            "worker-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'self'",
        ] {
            assert!(csp.contains(d), "{d} missing from {csp}");
        }
        assert!(csp.contains("img-src 'self' data:;"), "{csp}");
    }

    #[test]
    fn remote_images_and_framing_follow_the_configuration() {
        let s = Security {
            frame_ancestors: vec!["https://desk.example".into()],
            remote_images: true,
            https: true,
        };
        let csp = s.content_security_policy(&[""; 0]);
        assert!(csp.contains("img-src 'self' data: https:;"), "{csp}");
        assert!(csp.ends_with("frame-ancestors https://desk.example"), "{csp}");
    }
}
