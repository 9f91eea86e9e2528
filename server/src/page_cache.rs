//! The rendered-page cache. A page is a pure function of the content version and its address
//! (nothing personal is in a page: no cookie, no account, no nonce), so each rendered page and
//! search result is kept, with its gzip and brotli bodies compressed once, and served from
//! memory to everyone who asks for the same address: a fleet's owners opening the same guide
//! after a bad firmware push cost one render. Answers carry an `ETag`; `If-None-Match` gets
//! `304 Not Modified`.
//!
//! - **Key**: the path and the query with its parameters in a fixed order (`?b=1&a=2` is
//!   `?a=2&b=1`: the pages read parameters by name), whether the client is on this machine
//!   (writers' problems are shown to it alone in watch mode), and the catalog's generation. Addresses longer than [`MAX_KEY`] are not cached.
//! - **What is kept**: `200` answers of HTML or JSON without `Set-Cookie` or a `Cache-Control`
//!   of their own, up to `--page-cache-entry` bytes (and at most half of one of the cache's
//!   shards); errors, redirects and anything personal pass through. Only `GET`; a `HEAD` is
//!   answered from a kept page but does not fill one. Kept bodies are compressed at the levels
//!   on-the-fly compression uses, so an address asked for once costs about what it did without
//!   the cache.
//! - **Bounds**: `--page-cache` megabytes in all (entries weighed by their three bodies and key),
//!   evicted by quick_cache's CLOCK-PRO-like policy: pages asked for once (a crawl, a scan of
//!   made-up addresses) leave first.
//! - **Invalidation**: in watch mode every reload of the content empties the cache (and the
//!   catalog's generation is in the key, so a page rendered from the old content just before
//!   cannot come back).

use app::catalog::SharedCatalog;
use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine as _;
use futures_util::StreamExt as _;
use sha2::Digest as _;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Longest address (path and query) cached.
pub const MAX_KEY: usize = 2048;

/// What a page is kept under.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    /// The path and the normalized query.
    target: String,
    /// The client is on this machine (see [`crate::net::is_local`]).
    local: bool,
    /// The catalog's generation (it changes with every reload of watched content).
    generation: u64,
}

/// A kept answer: its type, its tag and its body three ways.
#[derive(Debug)]
struct Page {
    content_type: HeaderValue,
    etag: HeaderValue,
    html: bool,
    identity: Bytes,
    gzip: Bytes,
    br: Bytes,
}

/// Entries weigh their bodies and key, in bytes.
#[derive(Clone)]
struct Weight;

impl quick_cache::Weighter<Key, Arc<Page>> for Weight {
    fn weight(&self, key: &Key, page: &Arc<Page>) -> u64 {
        (key.target.len() + page.identity.len() + page.gzip.len() + page.br.len() + 256) as u64
    }
}

/// The cache and what it needs to key requests.
pub struct PageCache {
    pages: quick_cache::sync::Cache<Key, Arc<Page>, Weight>,
    /// Largest answer kept, in bytes (uncompressed).
    max_entry: usize,
    /// Proxies whose `X-Forwarded-For` is believed, for telling clients on this machine.
    trusted: Arc<[IpAddr]>,
    /// The catalog whose generation keys the pages, and the generation last seen.
    catalog: SharedCatalog,
    seen: AtomicU64,
}

impl std::fmt::Debug for PageCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageCache")
            .field("pages", &self.pages.len())
            .field("bytes", &self.pages.weight())
            .finish()
    }
}

impl PageCache {
    /// A cache of at most `budget` bytes, keeping answers up to `max_entry` bytes of pages
    /// rendered from `catalog`.
    pub fn new(budget: u64, max_entry: usize, trusted: Arc<[IpAddr]>, catalog: SharedCatalog) -> PageCache {
        let budget = budget.max(1);
        // Pages are a few kilobytes compressed three ways: about 16 KB an entry.
        let estimated = usize::try_from(budget / 16_384)
            .unwrap_or(usize::MAX)
            .clamp(16, 1 << 20);
        // The budget is split between shards and an entry must fit in one (with its compressed
        // copies): as many shards as the CPUs ask for, as long as each holds four of the largest.
        let wanted = std::thread::available_parallelism().map_or(4, |n| n.get() * 4);
        let fits = usize::try_from(budget / (4 * max_entry.max(1) as u64)).unwrap_or(usize::MAX);
        let shards = wanted.min(fits).max(1);
        let options = quick_cache::OptionsBuilder::new()
            .estimated_items_capacity(estimated)
            .weight_capacity(budget)
            .shards(shards)
            .build()
            .unwrap_or_else(|e| panic!("page cache options: {e:?}"));
        let pages = quick_cache::sync::Cache::with_options(options, Weight, Default::default(), Default::default());
        // What one shard can hold, less the compressed copies and the bookkeeping.
        let fitting = usize::try_from(pages.shard_capacity() / 2).unwrap_or(usize::MAX);
        PageCache {
            pages,
            max_entry: max_entry.min(fitting.saturating_sub(1024)),
            trusted,
            seen: AtomicU64::new(catalog.0.generation()),
            catalog,
        }
    }

    /// Pages kept, and their weight in bytes.
    pub fn usage(&self) -> (usize, u64) {
        (self.pages.len(), self.pages.weight())
    }

    /// The key of a request, or none when it is not cached (too long an address). Empties the
    /// cache when the watched content has changed since the last request.
    fn key(&self, req: &Request) -> Option<Key> {
        let uri = req.uri();
        let raw_len = uri.path().len() + uri.query().map_or(0, str::len);
        if raw_len > MAX_KEY {
            return None;
        }
        let mut target = uri.path().to_string();
        if let Some(query) = uri.query().filter(|q| !q.is_empty()) {
            let mut pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes()).into_owned().collect();
            // Stable: a repeated parameter keeps its order (a page answers it as it is).
            pairs.sort_by(|a, b| a.0.cmp(&b.0));
            target.push('?');
            target.push_str(
                &form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(pairs)
                    .finish(),
            );
        }
        let peer = req
            .extensions()
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0);
        let local = crate::net::is_local(req.headers(), peer, &self.trusted);
        let generation = self.catalog.0.generation();
        if self.seen.fetch_max(generation, Ordering::AcqRel) < generation {
            // The content changed: the pages of the old one are never asked for again.
            self.pages.clear();
        }
        Some(Key {
            target,
            local,
            generation,
        })
    }
}

/// Serves kept pages; renders, keeps and serves the others.
pub async fn serve(cache: Arc<PageCache>, req: Request, next: Next) -> Response {
    let method = req.method().clone();
    if method != Method::GET && method != Method::HEAD {
        return next.run(req).await;
    }
    let Some(key) = cache.key(&req) else {
        return next.run(req).await;
    };
    let coding = Coding::choose(req.headers());
    let if_none_match: Vec<HeaderValue> = req
        .headers()
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .take(16)
        .cloned()
        .collect();
    if let Some(page) = cache.pages.get(&key) {
        return page.answer(coding, &if_none_match, method == Method::HEAD);
    }
    let res = next.run(req).await;
    if method != Method::GET || !keepable(&res) {
        return res;
    }
    let (parts, body) = res.into_parts();
    let body = match read_up_to(body, cache.max_entry).await {
        Ok(bytes) => bytes,
        // Too large to keep: sent on as it streams.
        Err(body) => return Response::from_parts(parts, body),
    };
    let content_type = parts.headers[header::CONTENT_TYPE].clone();
    let page = match tokio::task::spawn_blocking(move || Page::new(content_type, body)).await {
        Ok(page) => Arc::new(page),
        Err(e) => {
            tracing::error!("compressing a page: {e}");
            let mut res = Response::new(Body::empty());
            *res.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            return res;
        }
    };
    cache.pages.insert(key, page.clone());
    page.answer(coding, &if_none_match, false)
}

/// A `200` of HTML or JSON that nothing marked as personal or uncacheable.
fn keepable(res: &Response) -> bool {
    let h = res.headers();
    res.status() == StatusCode::OK
        && !h.contains_key(header::SET_COOKIE)
        && !h.contains_key(header::CACHE_CONTROL)
        && !h.contains_key(header::CONTENT_ENCODING)
        && !h.contains_key(leptos::server_fn::error::SERVER_FN_ERROR_HEADER)
        && h.get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/html") || t.starts_with("application/json"))
}

/// The whole body when it is at most `max` bytes; otherwise the body as it was (what was read
/// already, then the rest).
async fn read_up_to(body: Body, max: usize) -> Result<Bytes, Body> {
    let mut stream = body.into_data_stream();
    let mut chunks: Vec<Bytes> = Vec::new();
    let mut len = 0;
    while let Some(chunk) = stream.next().await {
        match chunk {
            Ok(chunk) => {
                len += chunk.len();
                chunks.push(chunk);
                if len > max {
                    let read = futures_util::stream::iter(chunks.into_iter().map(Ok::<_, axum::Error>));
                    return Err(Body::from_stream(read.chain(stream)));
                }
            }
            Err(e) => {
                // The page failed while rendering: send what there was, then the error (so the
                // connection is cut and the client knows the page is incomplete); keep nothing.
                tracing::error!("reading a rendered page: {e}");
                let read = futures_util::stream::iter(chunks.into_iter().map(Ok::<_, axum::Error>));
                return Err(Body::from_stream(
                    read.chain(futures_util::stream::once(async { Err(e) })),
                ));
            }
        }
    }
    let mut all = Vec::with_capacity(len);
    for c in chunks {
        all.extend_from_slice(&c);
    }
    Ok(all.into())
}

/// How a client gets a kept page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Coding {
    Br,
    Gzip,
    Identity,
}

impl Coding {
    /// Brotli when accepted, else gzip when accepted, else the plain body.
    fn choose(headers: &HeaderMap) -> Coding {
        if crate::assets::accepts(headers, "br") {
            Coding::Br
        } else if crate::assets::accepts(headers, "gzip") {
            Coding::Gzip
        } else {
            Coding::Identity
        }
    }
}

/// Brotli quality for kept pages: 5 is within a few percent of the best on pages of a few
/// kilobytes and costs about what the on-the-fly compression of an uncached answer costs, so a
/// flood of one-off addresses (every miss is compressed to be kept) costs no more than before.
const BROTLI_QUALITY: i32 = 5;
/// Gzip level for kept pages, for the same reason.
const GZIP_LEVEL: u32 = 6;

impl Page {
    /// `body` compressed both ways and tagged.
    fn new(content_type: HeaderValue, body: Bytes) -> Page {
        let digest = sha2::Sha256::digest(&body);
        // Weak: the same tag covers the plain, gzip and brotli bodies (RFC 9110 keeps a strong
        // one for a single representation).
        let tag = format!(
            "W/\"{}\"",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&digest[..16])
        );
        let html = content_type.to_str().is_ok_and(|t| t.starts_with("text/html"));
        let gzip = {
            let mut enc =
                flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 3), flate2::Compression::new(GZIP_LEVEL));
            std::io::Write::write_all(&mut enc, &body)
                .and_then(|()| enc.finish())
                .unwrap_or_default()
        };
        let br = {
            let mut out = Vec::with_capacity(body.len() / 4);
            let params = brotli::enc::BrotliEncoderParams {
                quality: BROTLI_QUALITY,
                lgwin: 22,
                ..Default::default()
            };
            match brotli::BrotliCompress(&mut &body[..], &mut out, &params) {
                Ok(_) => out,
                Err(_) => Vec::new(),
            }
        };
        Page {
            content_type,
            etag: HeaderValue::from_str(&tag).unwrap_or_else(|_| HeaderValue::from_static("\"0\"")),
            html,
            identity: body,
            gzip: gzip.into(),
            br: br.into(),
        }
    }

    /// The answer to a client: `304` when it has this version, else the body it accepts.
    fn answer(&self, coding: Coding, if_none_match: &[HeaderValue], head: bool) -> Response {
        let mut res = if if_none_match.iter().any(|v| etag_matches(v, &self.etag)) {
            let mut res = Response::new(Body::empty());
            *res.status_mut() = StatusCode::NOT_MODIFIED;
            res
        } else {
            // A body that failed to compress is empty: send the plain one instead.
            let (body, encoding) = match coding {
                Coding::Br if !self.br.is_empty() => (&self.br, Some("br")),
                Coding::Gzip | Coding::Br if !self.gzip.is_empty() => (&self.gzip, Some("gzip")),
                _ => (&self.identity, None),
            };
            let mut res = Response::new(if head { Body::empty() } else { Body::from(body.clone()) });
            let h = res.headers_mut();
            h.insert(header::CONTENT_TYPE, self.content_type.clone());
            h.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
            if let Some(e) = encoding {
                h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(e));
            }
            res
        };
        let h = res.headers_mut();
        h.insert(header::ETAG, self.etag.clone());
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        if self.html {
            res.extensions_mut().insert(crate::headers::HtmlPage);
        }
        res
    }
}

/// True when an `If-None-Match` value names `etag` (weak comparison, as RFC 9110 asks for
/// this header) or is `*`.
fn etag_matches(value: &HeaderValue, etag: &HeaderValue) -> bool {
    let Ok(value) = value.to_str() else {
        return false;
    };
    let Ok(ours) = etag.to_str() else {
        return false;
    };
    let ours = ours.strip_prefix("W/").unwrap_or(ours);
    value
        .split(',')
        .map(str::trim)
        .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == ours)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_compares_weakly_and_accepts_lists_and_star() {
        let tag = HeaderValue::from_static("W/\"abc\"");
        for yes in ["\"abc\"", "W/\"abc\"", "\"x\", \"abc\"", "*"] {
            assert!(etag_matches(&HeaderValue::from_static(yes), &tag), "{yes}");
        }
        for no in ["\"abcd\"", "abc", "\"ab\"", ""] {
            assert!(!etag_matches(&HeaderValue::from_static(no), &tag), "{no}");
        }
    }

    #[test]
    fn a_page_is_kept_three_ways_that_all_say_the_same() {
        let body = "<p>hello</p>".repeat(200);
        let page = Page::new(
            HeaderValue::from_static("text/html; charset=utf-8"),
            Bytes::from(body.clone()),
        );
        let mut gz = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&page.gzip[..]), &mut gz).unwrap();
        assert_eq!(gz, body);
        let mut br = Vec::new();
        brotli::BrotliDecompress(&mut &page.br[..], &mut br).unwrap();
        assert_eq!(br, body.as_bytes());
        assert!(page.br.len() < body.len() / 10 && page.gzip.len() < body.len() / 10);
        // The tag follows the content.
        let other = Page::new(HeaderValue::from_static("text/html"), Bytes::from(format!("{body}!")));
        assert_ne!(page.etag, other.etag);
    }
}
