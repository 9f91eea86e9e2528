//! "Was this helpful?": a plain form POST from a guide's page (no JavaScript needed) that is on
//! disk before the reader sees "Thanks", then a redirect back to the page they were on.
//!
//! Hostile input is expected: the form is size-limited, posts from other sites are refused
//! (`Origin` / `Sec-Fetch-Site`), each client address gets a small token bucket in memory (the
//! address is never stored), and only guides and nodes that exist are accepted.

use crate::limit::{address_key, Buckets};
use crate::net::Peers;
use crate::store::{self, Feedback, Store};
use app::catalog::SharedCatalog;
use app::tree::Node;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Instant;

/// Longest form body read.
const MAX_FORM_BYTES: usize = 8 * 1024;

/// Longest comment kept, in characters.
pub const MAX_COMMENT_CHARS: usize = app::FEEDBACK_COMMENT_MAX;

/// Client addresses remembered by the rate limiter at most (see [`crate::limit::Buckets`]).
const MAX_BUCKETS: usize = 100_000;

/// The feedback handler's state.
pub struct FeedbackDesk {
    store: Store,
    catalog: SharedCatalog,
    peers: Peers,
    limiter: Buckets<IpAddr>,
}

impl FeedbackDesk {
    /// Feedback into `store`, at most `per_minute` answers a minute from one client address.
    pub fn new(store: Store, catalog: SharedCatalog, peers: Peers, per_minute: u32) -> FeedbackDesk {
        FeedbackDesk {
            store,
            catalog,
            peers,
            limiter: Buckets::new(f64::from(per_minute), MAX_BUCKETS),
        }
    }
}

/// What the form sends.
#[derive(Debug, Default)]
struct Form {
    article: String,
    node: String,
    helpful: Option<bool>,
    comment: String,
    back: String,
}

fn parse_form(body: &[u8]) -> Form {
    let mut f = Form::default();
    for (k, v) in form_urlencoded::parse(body).take(16) {
        match &*k {
            "article" => f.article = v.into_owned(),
            "node" => f.node = v.into_owned(),
            "helpful" => {
                f.helpful = match &*v {
                    "yes" => Some(true),
                    "no" => Some(false),
                    _ => None,
                }
            }
            "comment" => f.comment = v.into_owned(),
            "back" => f.back = v.into_owned(),
            _ => {}
        }
    }
    f
}

fn text(status: StatusCode, message: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("{message}\n"),
    )
        .into_response()
}

/// Where to send the reader back to: `back` when it is a page of this article (path and query
/// only), else the article's start; with `feedback=…` added, and the form's anchor.
fn back_to(slug: &str, back: &str, result: &str) -> String {
    let own = format!("/articles/{slug}");
    let page = back.split('#').next().unwrap_or("");
    let ok = page.len() <= 2048
        && (page == own || page.starts_with(&format!("{own}/")) || page.starts_with(&format!("{own}?")))
        && !page.contains("//")
        && !page.contains('\\')
        && page.bytes().all(|b| b.is_ascii_graphic());
    let page = if ok { page } else { own.as_str() };
    let sep = if page.contains('?') { '&' } else { '?' };
    format!("{page}{sep}feedback={result}#feedback")
}

/// `POST /feedback`: stores the answer, then `303 See Other` back to the page with
/// `feedback=sent` (or `feedback=busy` when this address has sent too many lately).
pub async fn post(State(desk): State<Arc<FeedbackDesk>>, req: Request) -> Response {
    if !desk.peers.same_origin(req.headers(), req.uri()) {
        return text(
            StatusCode::FORBIDDEN,
            "Feedback is accepted from this site's own pages only.",
        );
    }
    let ip = desk.peers.client(req.headers(), crate::net::peer_of(&req));
    let Ok(body) = axum::body::to_bytes(req.into_body(), MAX_FORM_BYTES).await else {
        return text(StatusCode::PAYLOAD_TOO_LARGE, "That answer is too long.");
    };
    let form = parse_form(&body);
    let Some(article) = desk.catalog.0.article(&form.article) else {
        return text(StatusCode::BAD_REQUEST, "That guide does not exist.");
    };
    let node = if form.node.is_empty() || form.node == "start" {
        Some(Node::Start)
    } else {
        Node::parse(&form.node)
    };
    let Some(node) = node.filter(|n| article.has_node(n)) else {
        return text(StatusCode::BAD_REQUEST, "That step does not exist in this guide.");
    };
    let Some(helpful) = form.helpful else {
        return text(StatusCode::BAD_REQUEST, "Answer yes or no.");
    };
    if !desk.limiter.take(address_key(ip), Instant::now()) {
        return redirect(&back_to(&article.slug, &form.back, "busy"));
    }
    let comment: String = form
        .comment
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .take(MAX_COMMENT_CHARS)
        .collect();
    let feedback = Feedback {
        at: store::now(),
        article: article.slug.clone(),
        node: node.id(),
        helpful,
        comment: comment.trim().to_string(),
    };
    if let Err(e) = desk.store.add_feedback(&feedback).await {
        tracing::error!("storing feedback: {e:#}");
        return text(
            StatusCode::SERVICE_UNAVAILABLE,
            "Your answer could not be saved just now. Please go back and try again in a minute.",
        );
    }
    redirect(&back_to(&article.slug, &form.back, "sent"))
}

fn redirect(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_string())]).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_way_back_stays_on_the_guide() {
        assert_eq!(
            back_to("flash", "/articles/flash/resolved?fixed=checksum", "sent"),
            "/articles/flash/resolved?fixed=checksum&feedback=sent#feedback"
        );
        assert_eq!(
            back_to("flash", "https://evil.example/", "sent"),
            "/articles/flash?feedback=sent#feedback"
        );
        assert_eq!(
            back_to("flash", "/articles/flashy", "sent"),
            "/articles/flash?feedback=sent#feedback"
        );
        assert_eq!(
            back_to("flash", "/articles/flash//evil", "sent"),
            "/articles/flash?feedback=sent#feedback"
        );
    }
}
