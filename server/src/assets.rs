//! The app's built files (`/pkg/…`: wasm, script, styles) compressed once with brotli at its
//! highest quality, served from memory to browsers that accept it. On-the-fly compression has
//! to be quick, so it compresses the 1.6 MB wasm to about 590 KB; at quality 11 it is about
//! 470 KB, 120 KB less for every first visit on a phone. Each file is compressed the first time
//! it is asked for, in the background (a few seconds for the wasm); until then it is served as
//! before. Only for hashed builds (release): their files never change while the server runs.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// Largest file compressed (larger ones are served as before).
const MAX_FILE: u64 = 32 * 1024 * 1024;
/// Most files kept (the build makes a handful).
const MAX_FILES: usize = 64;

/// A file compressed, or being compressed.
enum Entry {
    Working,
    Ready {
        br: bytes::Bytes,
        content_type: &'static str,
    },
    /// Not compressible here (too large, unreadable): served as before.
    Skip,
}

/// The `/pkg` folder's files compressed at brotli's best, by file name.
#[derive(Clone)]
pub struct Precompressed {
    dir: PathBuf,
    files: Arc<Mutex<HashMap<String, Entry>>>,
}

impl Precompressed {
    /// For the files in `dir` (the site's `pkg` folder).
    pub fn new(dir: PathBuf) -> Precompressed {
        Precompressed {
            dir,
            files: Arc::default(),
        }
    }

    /// The compressed bytes of `name` when ready; otherwise starts compressing it (once) and
    /// returns none.
    fn get(&self, name: &str) -> Option<(bytes::Bytes, &'static str)> {
        let mut files = self.files.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        match files.get(name) {
            Some(Entry::Ready { br, content_type }) => return Some((br.clone(), content_type)),
            Some(_) => return None,
            None if files.len() >= MAX_FILES => return None,
            None => {}
        }
        let content_type = content_type(name)?;
        files.insert(name.to_string(), Entry::Working);
        let (path, name, store) = (self.dir.join(name), name.to_string(), self.files.clone());
        tokio::task::spawn_blocking(move || {
            let entry = compress(&path).map_or(Entry::Skip, |br| Entry::Ready { br, content_type });
            store
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(name, entry);
        });
        None
    }
}

/// The content type of a file the build makes; none for others.
fn content_type(name: &str) -> Option<&'static str> {
    Some(match name.rsplit_once('.')?.1 {
        "wasm" => "application/wasm",
        "js" => "text/javascript",
        "css" => "text/css",
        _ => return None,
    })
}

/// `path` compressed with brotli at quality 11 (window 22), or none when unreadable or too large.
fn compress(path: &std::path::Path) -> Option<bytes::Bytes> {
    let file = std::fs::File::open(path).ok()?;
    if file.metadata().ok()?.len() > MAX_FILE {
        return None;
    }
    let mut input = std::io::Read::take(file, MAX_FILE);
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut input, &mut out, &params).ok()?;
    Some(out.into())
}

/// True when the request accepts `coding` (listed with a non-zero weight).
pub(crate) fn accepts(headers: &HeaderMap, coding: &str) -> bool {
    headers.get_all(header::ACCEPT_ENCODING).iter().any(|v| {
        v.to_str().unwrap_or("").split(',').any(|part| {
            let mut it = part.split(';');
            it.next().is_some_and(|c| c.trim().eq_ignore_ascii_case(coding))
                && it.all(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .is_none_or(|q| q.trim().parse::<f32>().is_ok_and(|q| q > 0.0))
                })
        })
    })
}

/// Serves `/pkg/NAME` compressed when ready and accepted; everything else passes through.
pub async fn serve(pre: Precompressed, req: Request, next: Next) -> Response {
    let name = req
        .uri()
        .path()
        .strip_prefix("/pkg/")
        // A plain file name: the build's files are `name.hash.ext`.
        .filter(|n| {
            !n.is_empty()
                && n.len() <= 200
                && n.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
                && !n.starts_with('.')
        })
        .map(str::to_string);
    let (Some(name), true) = (name, matches!(*req.method(), Method::GET | Method::HEAD)) else {
        return next.run(req).await;
    };
    if !accepts(req.headers(), "br") {
        return next.run(req).await;
    }
    let Some((br, content_type)) = pre.get(&name) else {
        return next.run(req).await;
    };
    let head = req.method() == Method::HEAD;
    let mut res = Response::new(if head { Body::empty() } else { Body::from(br.clone()) });
    *res.status_mut() = StatusCode::OK;
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(br.len()));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brotli_is_accepted_unless_refused() {
        let with = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(v).unwrap());
            accepts(&h, "br")
        };
        assert!(with("gzip, deflate, br"));
        assert!(with("br;q=0.5"));
        assert!(with("BR"));
        assert!(!with("gzip"));
        assert!(!with("br;q=0"));
        assert!(!with("brotli"));
        assert!(!accepts(&HeaderMap::new(), "br"));
    }
}
