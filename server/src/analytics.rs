//! Outcome analytics from the requests themselves: no cookie, no tracking script, no address
//! kept. Every step of a guide is its own URL that carries what was tried, so a page request
//! says which cause a person chose, whether its fix worked and what they had tried when they
//! escalated. A page the browser prefetched (the request says so, and is not counted) reports
//! itself when it is shown, from a small inline script, to `POST /_fixpath/view`, which counts it
//! exactly as the page request would have been counted.
//!
//! The way in is cheap and never waits: [`Analytics::observe`] reads the request's headers,
//! [`Analytics::record`] classifies the URL and `try_send`s to a bounded queue (a full queue
//! drops and counts). One task drains the queue about once a second into one transaction
//! ([`crate::store::Store::write`]), expires old rows hourly, and flushes what is left on
//! shutdown.
//!
//! Not counted: prefetches and prerenders (`Sec-Purpose`, `Purpose`), clients that look like
//! robots or tools, visitors who ask not to be tracked (`Sec-GPC: 1`, `DNT: 1`), and the same
//! URL again from the same visitor on the same day (a reload, the back button): that check is a
//! hash of address, browser and URL under a random key that lives in memory for one day and is
//! never written anywhere.

use crate::net::Peers;
use crate::store::{self, Batch, CountKey, RawEvent, SearchTally, Store};
use app::catalog::SharedCatalog;
use app::model::Article;
use app::tree::{Attempt, Node, Trail, LAST_RESORT};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hash, Hasher};
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc;

/// Longest search query kept, in characters (longer ones are cut).
const MAX_QUERY_CHARS: usize = 100;

/// Longest beacon body read (two site-relative URLs).
const MAX_BEACON_BYTES: usize = 4096;

/// Searches recorded per batch whose result count is looked up (the rest count with -1).
const MAX_LOOKUPS_PER_FLUSH: usize = 200;

/// How analytics behaves; every field is a server flag.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Events waiting to be written at most; more are dropped and counted.
    pub queue: usize,
    /// How often the queue is written.
    pub flush_every: Duration,
    /// Visitor-and-URL pairs remembered per day to skip reloads; the memory is cleared when full.
    pub dedupe_entries: usize,
    /// Distinct search queries kept per day; more count as "(other)".
    pub queries_per_day: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            queue: 10_000,
            flush_every: Duration::from_secs(1),
            dedupe_entries: 1_000_000,
            queries_per_day: 10_000,
        }
    }
}

/// What happened, as stored in `event`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// A node was shown; at the start node, detail: what had been tried ("" for a new visit).
    View,
    /// Someone came into the guide at this node from elsewhere (another site, a search, the
    /// home page): a visit.
    Entered,
    /// A cause's fix (or the last resort) was started; detail: the cause or `last-resort`.
    Chosen,
    /// "It worked" for a fix, confirmed by reaching the resolved page; detail: the cause or
    /// `last-resort`.
    Worked,
    /// "It didn't" for a fix; detail: the cause or `last-resort`.
    Failed,
    /// The resolved page; detail: what had failed before, comma-separated.
    Resolved,
    /// The escalation page; detail: what had been tried, comma-separated.
    Escalated,
}

impl Outcome {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::View => "view",
            Outcome::Entered => "entered",
            Outcome::Chosen => "chosen",
            Outcome::Worked => "worked",
            Outcome::Failed => "failed",
            Outcome::Resolved => "resolved",
            Outcome::Escalated => "escalated",
        }
    }
}

fn attempt_name(a: &Attempt) -> String {
    match a {
        Attempt::Cause(id) => id.clone(),
        Attempt::LastResort => LAST_RESORT.into(),
    }
}

/// Everything tried without success on a trail, comma-separated, causes sorted (a set: the
/// order people tried them in would multiply the rows kept without saying much more).
fn tried_list(trail: &Trail) -> String {
    let mut tried: Vec<&str> = trail.tried.iter().map(String::as_str).collect();
    tried.sort_unstable();
    let mut list = tried.join(",");
    if trail.last_resort_tried {
        if !list.is_empty() {
            list.push(',');
        }
        list.push_str(LAST_RESORT);
    }
    list
}

/// Where a visitor came from, as far as the request tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Came {
    /// The request does not say (no `Referer`).
    Unknown,
    /// From somewhere that is not this guide: another site, a search, another page of this one.
    Elsewhere,
    /// From this node of the same guide.
    Within(Node),
}

impl Came {
    /// Reads a previous page's path and query (`""` for elsewhere) against guide `slug`.
    pub fn from_path(from: Option<&str>, slug: &str) -> Came {
        let Some(from) = from else {
            return Came::Unknown;
        };
        let path = from.split(['?', '#']).next().unwrap_or("");
        let node = path
            .strip_prefix("/articles/")
            .and_then(|rest| {
                let (s, node) = rest.split_once('/').unwrap_or((rest, ""));
                (s == slug).then_some(node)
            })
            .and_then(Node::parse);
        node.map_or(Came::Elsewhere, Came::Within)
    }
}

/// What showing `node` with `trail`, reached from `came`, means: always a view, and the step of
/// the story it is.
///
/// A visit (`entered`) is the first page of the guide someone sees: reached from elsewhere, or,
/// when the request does not say where from, its first page with nothing tried. "It worked" is
/// the resolved page with the attempt that fixed it. "It didn't" is the page the "No" answer
/// leads to (the causes again, the next cause, the last resort or support) with the failed
/// attempt last on the trail: it counts when this exact page is where [`Article::failed`] sends
/// that attempt and, when the previous page is known, that page was part of the attempt (a step
/// of its fix, or the checklist after it), so "I'm not sure" after a failure is not a second one.
pub fn outcomes(article: &Article, node: &Node, trail: &Trail, came: &Came) -> Vec<(Outcome, String)> {
    // The first page's view says what had been tried: with nothing, it is the guide's opening;
    // after a failed fix, it is the list of causes again.
    let seen = if *node == Node::Start {
        tried_list(trail)
    } else {
        String::new()
    };
    let mut out = vec![(Outcome::View, seen)];
    let entered = match came {
        Came::Elsewhere => true,
        Came::Unknown => *node == Node::Start && trail.is_empty() && trail.fixed.is_none(),
        Came::Within(_) => false,
    };
    if entered {
        out.push((Outcome::Entered, String::new()));
    }
    if !article.kind.is_tree() {
        return out;
    }
    match node {
        Node::Fix { cause, step: 1 } => out.push((Outcome::Chosen, cause.clone())),
        Node::LastResort { step: 1 } => out.push((Outcome::Chosen, LAST_RESORT.into())),
        _ => {}
    }
    match node {
        Node::Resolved => {
            if let Some(fixed) = &trail.fixed {
                out.push((Outcome::Worked, attempt_name(fixed)));
            }
            out.push((Outcome::Resolved, tried_list(trail)));
        }
        Node::Escalate => out.push((Outcome::Escalated, tried_list(trail))),
        _ => {}
    }
    if trail.fixed.is_none() && *came != Came::Elsewhere {
        if let Some(failed) = just_failed(article, node, trail) {
            let part_of_it = match (came, &failed) {
                (Came::Within(Node::Fix { cause, .. }), Attempt::Cause(c)) => cause == c,
                (Came::Within(Node::LastResort { .. }), Attempt::LastResort) | (Came::Within(Node::Verify), _) => true,
                (Came::Within(_), _) => false,
                _ => true,
            };
            if part_of_it {
                out.push((Outcome::Failed, attempt_name(&failed)));
            }
        }
    }
    out
}

/// The attempt whose "No" answer leads exactly here, if any.
fn just_failed(article: &Article, node: &Node, trail: &Trail) -> Option<Attempt> {
    let mut candidates = Vec::new();
    if trail.last_resort_tried {
        let mut before = trail.clone();
        before.last_resort_tried = false;
        candidates.push((Attempt::LastResort, before));
    }
    if let Some(last) = trail.tried.last() {
        let mut before = trail.clone();
        before.tried.pop();
        candidates.push((Attempt::Cause(last.clone()), before));
    }
    candidates.into_iter().find_map(|(attempt, before)| {
        let to = article.failed(&before, &attempt);
        (to.node == *node && to.trail == *trail).then_some(attempt)
    })
}

/// One thing to count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Something at a node of a guide.
    Node {
        /// Unix seconds.
        at: i64,
        /// Article slug.
        article: String,
        /// Node id.
        node: String,
        /// What happened.
        outcome: Outcome,
        /// Cause, trail or "".
        detail: String,
    },
    /// A submitted search (normalised query).
    Search {
        /// Unix seconds.
        at: i64,
        /// The query.
        query: String,
    },
    /// A result opened from a search page.
    Open {
        /// Unix seconds.
        at: i64,
        /// The query.
        query: String,
        /// The article opened.
        article: String,
    },
}

/// What a request says about whether and whom to count, read before the response is made.
#[derive(Debug, Clone)]
pub struct Observation {
    /// The path and query of the page shown.
    url: String,
    /// The page the visitor came from on this site (path and query), if any.
    from: Option<String>,
    /// This visitor and URL today, for skipping reloads.
    visit: u64,
}

/// The counters' way in, shared by the router.
pub struct Analytics {
    tx: mpsc::Sender<Event>,
    catalog: SharedCatalog,
    settings: Settings,
    peers: Peers,
    seen: Mutex<Seen>,
    /// Events dropped because the queue was full or a write failed.
    dropped: AtomicU64,
    /// Events written.
    written: AtomicU64,
    /// Set on shutdown: the writer drains the queue and stops.
    stop: tokio::sync::Notify,
    /// How long recent writes took.
    flushes: Mutex<FlushTimes>,
}

/// The durations of the last [`FlushTimes::KEPT`] writes, for the log at shutdown.
#[derive(Default)]
struct FlushTimes {
    recent: std::collections::VecDeque<Duration>,
    count: u64,
}

impl FlushTimes {
    const KEPT: usize = 4096;

    fn record(&mut self, d: Duration) {
        if self.recent.len() == Self::KEPT {
            self.recent.pop_front();
        }
        self.recent.push_back(d);
        self.count += 1;
    }

    /// "N writes; the last M: median …, p99 …, slowest …".
    fn summary(&self) -> Option<String> {
        let mut d: Vec<Duration> = self.recent.iter().copied().collect();
        if d.is_empty() {
            return None;
        }
        d.sort();
        let at = |q: f64| d[((d.len() - 1) as f64 * q).round() as usize];
        Some(format!(
            "{} writes; the last {}: median {:.1?}, p99 {:.1?}, slowest {:.1?}",
            self.count,
            d.len(),
            at(0.5),
            at(0.99),
            d[d.len() - 1]
        ))
    }
}

/// Today's visitor-and-URL hashes, under today's random key.
struct Seen {
    day: i64,
    key: std::collections::hash_map::RandomState,
    hashes: HashSet<u64>,
    queries: HashSet<String>,
}

impl Analytics {
    /// Starts the writer for `store`; the returned handle is what [`Analytics::shutdown`] awaits.
    pub fn start(
        store: Store,
        catalog: SharedCatalog,
        settings: Settings,
        peers: Peers,
    ) -> (Arc<Analytics>, tokio::task::JoinHandle<()>) {
        let (tx, rx) = mpsc::channel(settings.queue.max(1));
        let analytics = Arc::new(Analytics {
            tx,
            catalog,
            settings,
            peers,
            seen: Mutex::new(Seen {
                day: -1,
                key: Default::default(),
                hashes: HashSet::new(),
                queries: HashSet::new(),
            }),
            dropped: AtomicU64::new(0),
            written: AtomicU64::new(0),
            stop: tokio::sync::Notify::new(),
            flushes: Mutex::default(),
        });
        let writer = tokio::spawn(write_loop(analytics.clone(), store, rx));
        (analytics, writer)
    }

    /// Events dropped so far (queue full, database down).
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }

    /// Events written so far.
    pub fn written(&self) -> u64 {
        self.written.load(Ordering::Relaxed)
    }

    /// Asks the writer to write what is queued and stop; await its handle after this.
    pub fn shutdown(&self) {
        self.stop.notify_one();
    }

    /// Reads what counting `url` for this request needs, or `None` when this request is not to
    /// be counted at all (a prefetch, a robot, a visitor who opted out).
    pub fn observe(
        &self,
        headers: &HeaderMap,
        uri: &axum::http::Uri,
        peer: Option<std::net::SocketAddr>,
        url: &str,
    ) -> Option<Observation> {
        if !counts_visitor(headers) {
            return None;
        }
        let ip = self.peers.client(headers, peer);
        let agent = headers
            .get("user-agent")
            .map(axum::http::HeaderValue::as_bytes)
            .unwrap_or_default();
        let visit = self.visit_hash(ip, agent, url);
        let from = self.peers.referer_path(headers, uri);
        Some(Observation {
            url: url.to_string(),
            from,
            visit,
        })
    }

    fn visit_hash(&self, ip: Option<IpAddr>, agent: &[u8], url: &str) -> u64 {
        let mut seen = self.seen.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        seen.roll(store::now() / 86_400);
        let mut h = seen.key.build_hasher();
        ip.hash(&mut h);
        agent.hash(&mut h);
        url.hash(&mut h);
        h.finish()
    }

    /// Counts what showing `obs.url` means, unless this visitor was counted there today.
    pub fn record(&self, obs: Observation) {
        let Some(events) = self.events_for(&obs.url, obs.from.as_deref()) else {
            return;
        };
        {
            let mut seen = self.seen.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if seen.hashes.len() >= self.settings.dedupe_entries {
                seen.hashes.clear();
            }
            if !seen.hashes.insert(obs.visit) {
                return;
            }
        }
        for event in events {
            if self.tx.try_send(event).is_err() {
                self.dropped.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// The events showing `url` (path and query) means; `None` for pages not counted.
    fn events_for(&self, url: &str, from: Option<&str>) -> Option<Vec<Event>> {
        let (path, query) = url.split_once('?').unwrap_or((url, ""));
        let params: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
            .take(32)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let get = |k: &str| params.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
        // The page a feedback form sends the reader back to is not another visit.
        if get("feedback").is_some() {
            return None;
        }
        let at = store::now();
        if path == "/search" {
            let query = normalise_query(get("q")?);
            return (!query.is_empty()).then(|| {
                vec![Event::Search {
                    at,
                    query: self.keep_query(query, at),
                }]
            });
        }
        let rest = path.strip_prefix("/articles/")?;
        let (slug, node) = rest.split_once('/').unwrap_or((rest, ""));
        let article = self.catalog.0.article(slug)?;
        let node = Node::parse(node).filter(|n| article.has_node(n))?;
        let trail = Trail::from_query(&article, get);
        let node_id = node.id();
        let came = Came::from_path(from, &article.slug);
        let mut events: Vec<Event> = outcomes(&article, &node, &trail, &came)
            .into_iter()
            .map(|(outcome, detail)| Event::Node {
                at,
                article: article.slug.clone(),
                node: node_id.clone(),
                outcome,
                detail,
            })
            .collect();
        if let Some(q) = from.and_then(search_query_of) {
            events.push(Event::Open {
                at,
                query: self.keep_query(q, at),
                article: article.slug.clone(),
            });
        }
        Some(events)
    }

    /// The query as stored: itself while today's distinct queries are under the cap.
    fn keep_query(&self, query: String, at: i64) -> String {
        let mut seen = self.seen.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        seen.roll(at / 86_400);
        if seen.queries.contains(&query) {
            return query;
        }
        if seen.queries.len() >= self.settings.queries_per_day {
            return "(other)".into();
        }
        seen.queries.insert(query.clone());
        query
    }
}

impl Seen {
    /// A new day: a new key, nothing remembered.
    fn roll(&mut self, day: i64) {
        if day != self.day {
            self.day = day;
            self.key = Default::default();
            self.hashes.clear();
            self.queries.clear();
        }
    }
}

/// False for requests that are not a person looking at a page: prefetches and prerenders,
/// robots and tools, and visitors asking not to be tracked.
pub fn counts_visitor(headers: &HeaderMap) -> bool {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("");
    let purpose = format!("{} {}", header("sec-purpose"), header("purpose")).to_ascii_lowercase();
    if purpose.contains("prefetch") || purpose.contains("prerender") {
        return false;
    }
    if header("sec-gpc").trim() == "1" || header("dnt").trim() == "1" {
        return false;
    }
    let agent = header("user-agent").to_ascii_lowercase();
    const TOOLS: &[&str] = &[
        "bot",
        "crawl",
        "spider",
        "slurp",
        "lighthouse",
        "headless",
        "preview",
        "curl/",
        "wget/",
        "python-",
        "go-http-client",
        "okhttp",
        "java/",
        "libwww",
        "httpclient",
        "monitor",
    ];
    !agent.is_empty() && !TOOLS.iter().any(|t| agent.contains(t))
}

/// The query of a search page's path (`/search?q=…`), normalised.
fn search_query_of(path: &str) -> Option<String> {
    let (p, query) = path.split_once('?')?;
    if p != "/search" {
        return None;
    }
    let q = form_urlencoded::parse(query.as_bytes())
        .take(32)
        .find(|(k, _)| k == "q")?
        .1;
    Some(normalise_query(&q)).filter(|q| !q.is_empty())
}

/// A query as counted: lower case, single spaces, no control characters, at most
/// [`MAX_QUERY_CHARS`] characters.
pub fn normalise_query(q: &str) -> String {
    let mut out = String::new();
    for word in q
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    match out.char_indices().nth(MAX_QUERY_CHARS) {
        Some((cut, _)) => out[..cut].trim_end().to_string(),
        None => out,
    }
}

/// The middleware that counts page requests: `GET /articles/…` and `GET /search?q=…` answered
/// 200 or 304. Everything else passes untouched.
pub async fn count_pages(State(analytics): State<Arc<Analytics>>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let counted_path = path.starts_with("/articles/") || path == "/search";
    let obs = (req.method() == Method::GET && counted_path)
        .then(|| {
            let url = req.uri().path_and_query().map_or(path, |p| p.as_str()).to_string();
            analytics.observe(req.headers(), req.uri(), crate::net::peer_of(&req), &url)
        })
        .flatten();
    let res = next.run(req).await;
    // A `304` is the page too, revalidated from the browser's cache (see `page_cache`).
    if let (Some(obs), StatusCode::OK | StatusCode::NOT_MODIFIED) = (obs, res.status()) {
        analytics.record(obs);
    }
    res
}

/// `POST /_fixpath/view`: a page the server did not count when it was fetched (shown from a
/// prefetch or a prerender). Body: the page's path and query, and on a second
/// line the page before it. Answered 204 whether counted or not; 403 from another site.
pub async fn view_beacon(State(analytics): State<Arc<Analytics>>, req: Request) -> Response {
    if !analytics.peers.same_origin(req.headers(), req.uri()) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let peer = crate::net::peer_of(&req);
    let (parts, body) = req.into_parts();
    let Ok(body) = axum::body::to_bytes(body, MAX_BEACON_BYTES).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let text = String::from_utf8_lossy(&body);
    let mut lines = text.lines();
    let url = lines.next().unwrap_or("").trim();
    // The page before: a path on this site, or "" when the page was the first one here.
    let from = lines
        .next()
        .map(str::trim)
        .filter(|f| f.starts_with('/') && !f.starts_with("//"));
    if !url.starts_with('/') || url.starts_with("//") {
        return StatusCode::BAD_REQUEST.into_response();
    }
    if let Some(mut obs) = analytics.observe(&parts.headers, &parts.uri, peer, url) {
        obs.from = Some(from.unwrap_or("").to_string());
        analytics.record(obs);
    }
    StatusCode::NO_CONTENT.into_response()
}

/// Drains the queue into the store about once per `flush_every` until shutdown.
async fn write_loop(analytics: Arc<Analytics>, store: Store, mut rx: mpsc::Receiver<Event>) {
    loop {
        let stopping = tokio::select! {
            () = analytics.stop.notified() => true,
            () = tokio::time::sleep(analytics.settings.flush_every) => false,
        };
        if stopping {
            rx.close();
        }
        let mut events = Vec::new();
        while let Ok(e) = rx.try_recv() {
            events.push(e);
        }
        if !events.is_empty() {
            let n = events.len() as u64;
            let batch = batch_of(&analytics, events).await;
            let started = std::time::Instant::now();
            match tokio::time::timeout(Duration::from_secs(10), store.write(&batch)).await {
                Ok(Ok(())) => {
                    analytics.written.fetch_add(n, Ordering::Relaxed);
                    analytics
                        .flushes
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .record(started.elapsed());
                }
                Ok(Err(e)) => {
                    analytics.dropped.fetch_add(n, Ordering::Relaxed);
                    tracing::warn!("analytics: {n} events not written: {e:#}");
                }
                Err(_) => {
                    analytics.dropped.fetch_add(n, Ordering::Relaxed);
                    tracing::warn!("analytics: {n} events not written: the database took over 10 s");
                }
            }
        }
        if stopping {
            let times = analytics
                .flushes
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .summary();
            tracing::info!(
                "analytics: {} events written, {} dropped{}",
                analytics.written(),
                analytics.dropped(),
                times.map(|t| format!("; {t}")).unwrap_or_default()
            );
            return;
        }
    }
}

/// The batch's counters of `query` on the day of `at` (results unknown until a search says).
fn tally<'b>(batch: &'b mut Batch, at: i64, query: &str) -> &'b mut SearchTally {
    batch
        .searches
        .entry((store::day_of(at), query.to_string()))
        .or_insert(SearchTally {
            results: -1,
            ..Default::default()
        })
}

/// Sums events into one batch; a search's result count is looked up (off the async threads).
async fn batch_of(analytics: &Analytics, events: Vec<Event>) -> Batch {
    let mut batch = Batch::default();
    let mut lookups: HashMap<String, i64> = HashMap::new();
    for e in &events {
        if let Event::Search { query, .. } = e {
            if lookups.len() < MAX_LOOKUPS_PER_FLUSH && query != "(other)" {
                lookups.insert(query.clone(), -1);
            }
        }
    }
    if !lookups.is_empty() {
        let catalog = analytics.catalog.clone();
        let queries: Vec<String> = lookups.keys().cloned().collect();
        let found = tokio::task::spawn_blocking(move || {
            queries
                .into_iter()
                .map(|q| {
                    let n = catalog.0.search(&q, None, 20).map_or(0, |r| r.hits.len() as i64);
                    (q, n)
                })
                .collect::<Vec<_>>()
        })
        .await
        .unwrap_or_default();
        lookups.extend(found);
    }
    for e in events {
        match e {
            Event::Node {
                at,
                article,
                node,
                outcome,
                detail,
            } => {
                let key = CountKey {
                    day: store::day_of(at),
                    article: article.clone(),
                    node: node.clone(),
                    event: outcome.as_str().into(),
                    detail: detail.clone(),
                };
                *batch.counts.entry(key).or_default() += 1;
                batch.events.push(RawEvent {
                    at,
                    event: outcome.as_str().into(),
                    article,
                    node,
                    detail,
                });
            }
            Event::Search { at, query } => {
                let results = lookups.get(&query).copied().unwrap_or(-1);
                let t = tally(&mut batch, at, &query);
                t.searches += 1;
                t.results = results;
                batch.events.push(RawEvent {
                    at,
                    event: "search".into(),
                    article: String::new(),
                    node: String::new(),
                    detail: query,
                });
            }
            Event::Open { at, query, article } => {
                tally(&mut batch, at, &query).opens += 1;
                batch.events.push(RawEvent {
                    at,
                    event: "open".into(),
                    article,
                    node: String::new(),
                    detail: query,
                });
            }
        }
    }
    batch
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    const BROWSER: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0 Safari/537.36";

    #[test]
    fn people_count_and_prefetches_robots_and_opt_outs_do_not() {
        assert!(counts_visitor(&headers(&[("user-agent", BROWSER)])));
        assert!(!counts_visitor(&headers(&[
            ("user-agent", BROWSER),
            ("sec-purpose", "prefetch")
        ])));
        assert!(!counts_visitor(&headers(&[
            ("user-agent", BROWSER),
            ("sec-purpose", "prefetch;prerender")
        ])));
        assert!(!counts_visitor(&headers(&[
            ("user-agent", BROWSER),
            ("purpose", "prefetch")
        ])));
        assert!(!counts_visitor(&headers(&[("user-agent", BROWSER), ("sec-gpc", "1")])));
        assert!(!counts_visitor(&headers(&[("user-agent", BROWSER), ("dnt", "1")])));
        assert!(counts_visitor(&headers(&[("user-agent", BROWSER), ("dnt", "0")])));
        assert!(!counts_visitor(&headers(&[(
            "user-agent",
            "Googlebot/2.1 (+http://www.google.com/bot.html)"
        )])));
        assert!(!counts_visitor(&headers(&[("user-agent", "curl/8.5.0")])));
        assert!(!counts_visitor(&headers(&[])));
    }

    #[test]
    fn queries_are_normalised_and_bounded() {
        assert_eq!(normalise_query("  Chcksum\tWRONG \n"), "chcksum wrong");
        assert_eq!(normalise_query(&"a".repeat(500)).chars().count(), MAX_QUERY_CHARS);
        assert_eq!(normalise_query(&"é ".repeat(200)).chars().count(), MAX_QUERY_CHARS - 1);
        assert_eq!(
            search_query_of("/search?q=Hash+Mismatch&tag=x"),
            Some("hash mismatch".into())
        );
        assert_eq!(search_query_of("/articles/x?q=hash"), None);
    }
}
