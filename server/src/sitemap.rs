//! `/robots.txt`, the sitemap and the Atom feed: where search engines find every guide and every
//! cause's branch, and where agents and writers follow what changed, at the configured public
//! address (`--public-url`; both need absolute URLs, and a client's `Host` is never trusted to
//! make them).

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

/// `/robots.txt`, `/sitemap.xml`, `/sitemaps/{n}.xml` and `/feed.xml`.
pub fn routes(catalog: SharedCatalog, public_url: Option<String>) -> Router {
    Router::new()
        .route("/robots.txt", get(robots))
        .route("/sitemap.xml", get(sitemap))
        .route("/sitemaps/{file}", get(sitemap_file))
        .route("/feed.xml", get(feed))
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

/// Every page worth finding: home, the firmware check and versions log, each section's first
/// page, each guide's start and the first step of each of its causes (a search engine can then
/// land a visitor on the branch that names their problem).
fn entries(catalog: &SharedCatalog) -> Vec<Entry> {
    let mut out: Vec<Entry> = vec![("/".into(), None), ("/verify".into(), None), ("/firmware".into(), None)];
    for (path, info) in &catalog.0.sections() {
        if !path.is_empty() && info.count > 0 {
            out.push((format!("/sections/{path}"), None));
        }
    }
    for summary in catalog.0.summaries().iter() {
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
            // XML 1.0 has no way to write other control characters, even escaped.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => {}
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

/// Entries the Atom feed holds: the most recently updated guides.
pub const FEED_ENTRIES: usize = 50;

/// `/feed.xml`: the [`FEED_ENTRIES`] most recently updated guides, newest first (guides without a
/// date are left out).
async fn feed(State(s): State<Sitemaps>) -> Response {
    let Some(base) = &s.public_url else {
        return no_public_url();
    };
    let dated = app::browse::recently_updated(&s.catalog.0.summaries(), FEED_ENTRIES);
    let stamp = |day: &str| format!("{day}T00:00:00Z");
    let newest = dated.first().and_then(|a| a.updated.as_deref()).unwrap_or("1970-01-01");
    let mut body =
        String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    let _ = writeln!(body, "<title>Recently updated guides</title>");
    let _ = writeln!(body, "<id>{}/</id>", escape(base));
    let _ = writeln!(body, "<link rel=\"self\" href=\"{}/feed.xml\"/>", escape(base));
    let _ = writeln!(body, "<link href=\"{}/\"/>", escape(base));
    let _ = writeln!(body, "<updated>{}</updated>", stamp(newest));
    for a in &dated {
        let url = escape(&format!("{base}/articles/{}", a.slug));
        let _ = writeln!(
            body,
            "<entry><title>{}</title><id>{url}</id><link href=\"{url}\"/><updated>{}</updated><summary>{}</summary></entry>",
            escape(&a.title),
            stamp(a.updated.as_deref().unwrap_or(newest)),
            escape(&a.summary)
        );
    }
    body.push_str("</feed>\n");
    ([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], body).into_response()
}
