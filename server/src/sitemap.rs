//! `/robots.txt` and the sitemap: where search engines find every guide and every cause's
//! branch, at the configured public address (`--public-url`; sitemaps need absolute URLs, and a
//! client's `Host` is never trusted to make them).

use app::catalog::SharedCatalog;
use app::tree::NodeKind;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::fmt::Write as _;

/// Most URLs one sitemap file may list (the sitemap protocol's limit); a larger site gets a
/// sitemap index at `/sitemap.xml` pointing to `/sitemaps/{n}.xml`.
pub const URLS_PER_FILE: usize = 50_000;

#[derive(Clone)]
struct Sitemaps {
    catalog: SharedCatalog,
    public_url: Option<String>,
}

/// `/robots.txt`, `/sitemap.xml` and `/sitemaps/{n}.xml`.
pub fn routes(catalog: SharedCatalog, public_url: Option<String>) -> Router {
    Router::new()
        .route("/robots.txt", get(robots))
        .route("/sitemap.xml", get(sitemap))
        .route("/sitemaps/{file}", get(sitemap_file))
        .with_state(Sitemaps { catalog, public_url })
}

/// Everything may be crawled but search results (endless, and duplicates of the guides).
async fn robots(State(s): State<Sitemaps>) -> Response {
    let mut body = String::from("User-agent: *\nDisallow: /search\nDisallow: /rpc/\n");
    if let Some(url) = &s.public_url {
        let _ = writeln!(body, "\nSitemap: {url}/sitemap.xml");
    }
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}

/// A `(path, last modified)` entry of the sitemap.
type Entry = (String, Option<String>);

/// Every page worth finding: home, the firmware check, each guide's start and the first step
/// of each of its causes (a search engine can then land a visitor on the branch that names
/// their problem).
fn entries(catalog: &SharedCatalog) -> Vec<Entry> {
    let mut out: Vec<Entry> = vec![("/".into(), None), ("/verify".into(), None)];
    for summary in catalog.0.summaries() {
        let Some(article) = catalog.0.article(&summary.slug) else {
            continue;
        };
        for node in article.nodes() {
            let wanted = match node.kind {
                NodeKind::Start => true,
                NodeKind::FixStep => node.id.ends_with("/1"),
                _ => false,
            };
            if wanted {
                out.push((node.url, summary.updated.clone()));
            }
        }
    }
    out
}

fn xml(body: String) -> Response {
    ([(header::CONTENT_TYPE, "application/xml; charset=utf-8")], body).into_response()
}

fn no_public_url() -> Response {
    (
        StatusCode::NOT_FOUND,
        "No sitemap: it needs the site's public address. Start the server with --public-url https://your.site\n",
    )
        .into_response()
}

/// Escapes text for XML character data.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

fn urlset(base: &str, entries: &[Entry]) -> String {
    let mut body = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, updated) in entries {
        let _ = write!(body, "<url><loc>{}</loc>", escape(&format!("{base}{path}")));
        if let Some(d) = updated {
            let _ = write!(body, "<lastmod>{}</lastmod>", escape(d));
        }
        body.push_str("</url>\n");
    }
    body.push_str("</urlset>\n");
    body
}

async fn sitemap(State(s): State<Sitemaps>) -> Response {
    let Some(base) = &s.public_url else {
        return no_public_url();
    };
    let entries = entries(&s.catalog);
    if entries.len() <= URLS_PER_FILE {
        return xml(urlset(base, &entries));
    }
    let mut body = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for n in 1..=entries.len().div_ceil(URLS_PER_FILE) {
        let _ = writeln!(
            body,
            "<sitemap><loc>{}</loc></sitemap>",
            escape(&format!("{base}/sitemaps/{n}.xml"))
        );
    }
    body.push_str("</sitemapindex>\n");
    xml(body)
}

async fn sitemap_file(State(s): State<Sitemaps>, Path(file): Path<String>) -> Response {
    let Some(base) = &s.public_url else {
        return no_public_url();
    };
    let n = file
        .strip_suffix(".xml")
        .and_then(|n| n.parse::<usize>().ok())
        .filter(|n| *n >= 1);
    let entries = entries(&s.catalog);
    match n.and_then(|n| entries.chunks(URLS_PER_FILE).nth(n - 1)) {
        Some(chunk) if entries.len() > URLS_PER_FILE => xml(urlset(base, chunk)),
        _ => (StatusCode::NOT_FOUND, "No such sitemap file: start at /sitemap.xml\n").into_response(),
    }
}
