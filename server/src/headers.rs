//! Response headers every answer carries: cache policy by kind of response, and the security
//! headers — a strict Content-Security-Policy whose script nonce is made per request, and
//! Permissions-Policy, Cross-Origin-Opener-Policy and (over HTTPS) Strict-Transport-Security.
//!
//! The nonce is made here, before the page renders, and handed to Leptos through the request
//! (see [`nonce_from_request`]), so the header and every inline script Leptos writes carry the
//! same value.

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use leptos::nonce::Nonce;

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
    /// The Content-Security-Policy of an HTML page whose inline scripts carry `nonce`.
    ///
    /// Scripts come from the site itself or carry the nonce (never `unsafe-inline`), wasm may be
    /// compiled, the firmware checker's worker comes from the site, styles come from the site's
    /// stylesheet only (no inline `style` at all: table alignment uses `align`), and nothing may
    /// be embedded as an object, change the base address or post a form elsewhere.
    pub fn content_security_policy(&self, nonce: &str) -> String {
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
        format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
             img-src {images}; font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; \
             object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}"
        )
    }
}

/// Features no page of the site uses, turned off for it and anything it embeds.
const PERMISSIONS_POLICY: &str =
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

/// A year, the usual HSTS lifetime.
const HSTS: &str = "max-age=31536000";

/// The nonce this request's page uses, put there by [`headers`] for the page renderer.
pub fn nonce_from_request(parts: &axum::http::request::Parts) -> Option<Nonce> {
    parts.extensions.get::<Nonce>().cloned()
}

/// Sets the cache policy and the security headers on every response.
pub async fn headers(
    mut req: Request,
    next: Next,
    hashed_assets: bool,
    security: std::sync::Arc<Security>,
) -> Response {
    let path = req.uri().path().to_owned();
    let nonce = Nonce::new();
    req.extensions_mut().insert(nonce.clone());
    let mut res = next.run(req).await;
    let cache = if !res.status().is_success() && !res.status().is_redirection() {
        "no-store"
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
        .is_some_and(|v| v.starts_with("text/html"));
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
        // Only the nonce varies, and it is base64url: the header is always a valid value.
        if let Ok(v) = HeaderValue::from_str(&security.content_security_policy(&nonce)) {
            h.insert(header::CONTENT_SECURITY_POLICY, v);
        }
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
    fn the_policy_names_the_nonce_and_never_unsafe_inline() {
        let csp = Security::default().content_security_policy("abc");
        assert!(
            csp.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval'"),
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
        let csp = s.content_security_policy("n");
        assert!(csp.contains("img-src 'self' data: https:;"), "{csp}");
        assert!(csp.ends_with("frame-ancestors https://desk.example"), "{csp}");
    }
}
