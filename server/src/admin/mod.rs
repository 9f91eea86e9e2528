//! The writers' dashboard at `/admin` (writer role or above): for the site and for each guide,
//! over a chosen period, visits, resolution and escalation rates, each cause's fix success, the
//! funnel from start to resolved or escalated, a daily trend, searches that find nothing or are
//! not opened, and recent feedback. Charts are SVG drawn here; every figure is also JSON under
//! `/admin/api/…` and CSV for BI tools.

pub mod charts;

use crate::accounts::{self, Accounts, Signed};
use crate::store::{self, CountRow, Feedback, Role, SearchRow, Store};
use app::catalog::SharedCatalog;
use app::model::Article;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use charts::{Bar, Series};
use leptos::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Days a period may span at most.
const MAX_DAYS: u32 = 366;

/// Causes chosen fewer times than this are not judged as "rarely works".
const MIN_CHOSEN: i64 = 3;

/// Searches made fewer times than this are not judged as "rarely opened".
const MIN_SEARCHES: i64 = 3;

/// Feedback answers listed on a report at most (the counts cover all of them).
const FEEDBACK_ROWS: i64 = 100;

/// What the dashboard's handlers share.
pub struct Admin {
    accounts: Arc<Accounts>,
    store: Store,
    catalog: SharedCatalog,
}

/// `/admin…` routes, `/login` and `/logout`.
pub fn routes(accounts: Arc<Accounts>, catalog: SharedCatalog) -> Router {
    let admin = Arc::new(Admin {
        store: accounts.store().clone(),
        accounts: accounts.clone(),
        catalog,
    });
    let sign_in = Router::new()
        .route("/login", get(accounts::login_form).post(accounts::login))
        .route("/logout", axum::routing::post(accounts::logout))
        .with_state(accounts);
    Router::new()
        .route("/admin", get(dashboard))
        .route("/admin/articles/{slug}", get(article_page))
        .route("/admin/api/summary", get(summary_json))
        .route("/admin/api/articles/{slug}", get(article_json))
        .route("/admin/api/{table}", get(table))
        .with_state(admin)
        .merge(sign_in)
}

/// The days a report covers, ending today (UTC).
#[derive(Debug, Clone, Serialize)]
pub struct Period {
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day (today).
    pub to: String,
    /// Days in all.
    pub days: u32,
}

impl Period {
    fn last(days: u32) -> Period {
        let now = store::now();
        Period {
            from: store::day_of(now - i64::from(days - 1) * 86_400),
            to: store::day_of(now),
            days,
        }
    }

    /// Every day of the period.
    fn each_day(&self) -> Vec<String> {
        let now = store::now();
        (0..self.days)
            .rev()
            .map(|back| store::day_of(now - i64::from(back) * 86_400))
            .collect()
    }

    fn since(&self) -> i64 {
        store::now() - i64::from(self.days) * 86_400
    }
}

/// `?days=N` (1 to 366, default 30).
fn period_of(query: Option<&str>) -> Result<Period, String> {
    let days = form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .take(16)
        .find(|(k, _)| k == "days")
        .map(|(_, v)| v.into_owned());
    match days.as_deref() {
        None | Some("") => Ok(Period::last(30)),
        Some(d) => d
            .parse::<u32>()
            .ok()
            .filter(|d| (1..=MAX_DAYS).contains(d))
            .map(Period::last)
            .ok_or_else(|| format!("`days` must be a whole number from 1 to {MAX_DAYS}\n")),
    }
}

/// Visits and what became of them.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Outcomes {
    /// Guide visits (people coming into a guide from elsewhere).
    pub visits: i64,
    /// Visits that ended "fixed".
    pub resolved: i64,
    /// Visits that ended at "contact support".
    pub escalated: i64,
    /// `resolved / visits`, when there were visits.
    pub resolution_rate: Option<f64>,
    /// `escalated / visits`.
    pub escalation_rate: Option<f64>,
}

impl Outcomes {
    fn add(&mut self, row: &CountRow) {
        match row.event.as_str() {
            "entered" => self.visits += row.count,
            "resolved" => self.resolved += row.count,
            "escalated" => self.escalated += row.count,
            _ => {}
        }
    }

    fn finish(mut self) -> Outcomes {
        let rate = |n: i64| (self.visits > 0).then(|| n as f64 / self.visits as f64);
        self.resolution_rate = rate(self.resolved);
        self.escalation_rate = rate(self.escalated);
        self
    }
}

/// One day of a trend.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DayPoint {
    /// `YYYY-MM-DD`.
    pub day: String,
    /// Guide visits.
    pub visits: i64,
    /// Resolved.
    pub resolved: i64,
    /// Escalated.
    pub escalated: i64,
}

/// A guide's figures.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleStats {
    /// Slug.
    pub slug: String,
    /// Title (the slug when the guide is gone).
    pub title: String,
    /// Visits and outcomes.
    #[serde(flatten)]
    pub outcomes: Outcomes,
    /// "Was this helpful?" yes answers.
    pub helpful: i64,
    /// No answers.
    pub not_helpful: i64,
}

/// How a cause's fix did.
#[derive(Debug, Clone, Serialize)]
pub struct CauseStats {
    /// Guide slug.
    pub article: String,
    /// Guide title.
    pub article_title: String,
    /// Cause id (or `last-resort`).
    pub cause: String,
    /// The fix's heading.
    pub label: String,
    /// Times its fix was started.
    pub chosen: i64,
    /// Times it worked.
    pub worked: i64,
    /// Times it did not.
    pub failed: i64,
    /// `worked / (worked + failed)`, when it was followed to the end.
    pub success_rate: Option<f64>,
}

/// The whole site's report.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// The days covered.
    pub period: Period,
    /// All guides together.
    pub totals: Outcomes,
    /// Per day.
    pub trend: Vec<DayPoint>,
    /// Every guide with visits, most escalations first.
    pub articles: Vec<ArticleStats>,
    /// Fixes chosen at least a few times, least successful first.
    pub weak_fixes: Vec<CauseStats>,
    /// Searches, most made first.
    pub searches: Vec<SearchRow>,
    /// Searches that found nothing.
    pub zero_result_searches: Vec<SearchRow>,
    /// Searches made a few times whose results were rarely opened.
    pub low_click_searches: Vec<SearchRow>,
    /// Newest feedback first (at most a page of it).
    pub feedback: Vec<Feedback>,
    /// "Was this helpful?" yes answers, all guides.
    pub helpful: i64,
    /// No answers.
    pub not_helpful: i64,
}

/// One guide's report.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleReport {
    /// The days covered.
    pub period: Period,
    /// Slug, title, outcomes, feedback counts.
    pub article: ArticleStats,
    /// Per day.
    pub trend: Vec<DayPoint>,
    /// From opening the guide to an outcome: label and count.
    pub funnel: Vec<(String, i64)>,
    /// Views of each page of the guide, in reading order: id, label, views.
    pub nodes: Vec<(String, String, i64)>,
    /// Each cause's fix.
    pub causes: Vec<CauseStats>,
    /// What had been tried when people escalated, most common first.
    pub escalated_after: Vec<(String, i64)>,
    /// Newest feedback first.
    pub feedback: Vec<Feedback>,
}

fn title_of(catalog: &SharedCatalog, slug: &str) -> (String, Option<Arc<Article>>) {
    let article = catalog.0.article(slug);
    (
        article.as_ref().map_or_else(|| slug.to_string(), |a| a.title.clone()),
        article,
    )
}

fn fix_label(article: Option<&Article>, cause: &str) -> String {
    if cause == app::tree::LAST_RESORT {
        return article
            .and_then(|a| a.last_resort.as_ref())
            .map_or_else(|| "Last resort".into(), |p| p.title.clone());
    }
    article
        .and_then(|a| a.cause(cause))
        .map_or_else(|| cause.to_string(), |c| c.fix.title.clone())
}

fn causes_of(catalog: &SharedCatalog, rows: &[CountRow]) -> Vec<CauseStats> {
    let mut by: BTreeMap<(String, String), (i64, i64, i64)> = BTreeMap::new();
    for r in rows {
        let slot = match r.event.as_str() {
            "chosen" => 0,
            "worked" => 1,
            "failed" => 2,
            _ => continue,
        };
        let e = by.entry((r.article.clone(), r.detail.clone())).or_default();
        match slot {
            0 => e.0 += r.count,
            1 => e.1 += r.count,
            _ => e.2 += r.count,
        }
    }
    by.into_iter()
        .map(|((article, cause), (chosen, worked, failed))| {
            let (article_title, a) = title_of(catalog, &article);
            CauseStats {
                label: fix_label(a.as_deref(), &cause),
                article,
                article_title,
                cause,
                chosen,
                worked,
                failed,
                success_rate: (worked + failed > 0).then(|| worked as f64 / (worked + failed) as f64),
            }
        })
        .collect()
}

fn trend_of(period: &Period, daily: &[(String, String, i64)]) -> Vec<DayPoint> {
    let mut points: BTreeMap<String, DayPoint> = period
        .each_day()
        .into_iter()
        .map(|day| {
            (
                day.clone(),
                DayPoint {
                    day,
                    ..Default::default()
                },
            )
        })
        .collect();
    for (day, event, n) in daily {
        if let Some(p) = points.get_mut(day) {
            match event.as_str() {
                "entered" => p.visits += n,
                "resolved" => p.resolved += n,
                "escalated" => p.escalated += n,
                _ => {}
            }
        }
    }
    points.into_values().collect()
}

/// Yes and no answers per article since `since`.
async fn helpful_by_article(store: &Store, since: i64) -> anyhow::Result<BTreeMap<String, (i64, i64)>> {
    Ok(store
        .helpful(since)
        .await?
        .into_iter()
        .map(|(article, yes, no)| (article, (yes, no)))
        .collect())
}

/// The site's report over `period`.
pub async fn summary(store: &Store, catalog: &SharedCatalog, period: Period) -> anyhow::Result<Summary> {
    let rows = store.counts(None, &period.from, &period.to).await?;
    let daily = store.daily(None, &period.from, &period.to).await?;
    let searches = store.searches(&period.from, &period.to, 1000).await?;
    let feedback = store.feedback(None, period.since(), FEEDBACK_ROWS).await?;
    let helpful = helpful_by_article(store, period.since()).await?;
    let mut totals = Outcomes::default();
    let mut per: BTreeMap<String, Outcomes> = BTreeMap::new();
    for r in &rows {
        totals.add(r);
        per.entry(r.article.clone()).or_default().add(r);
    }
    let mut articles: Vec<ArticleStats> = per
        .into_iter()
        .map(|(slug, o)| {
            let (helpful, not_helpful) = helpful.get(&slug).copied().unwrap_or_default();
            ArticleStats {
                title: title_of(catalog, &slug).0,
                slug,
                outcomes: o.finish(),
                helpful,
                not_helpful,
            }
        })
        .collect();
    articles.sort_by(|a, b| {
        (b.outcomes.escalated, b.outcomes.visits, &a.slug).cmp(&(a.outcomes.escalated, a.outcomes.visits, &b.slug))
    });
    let mut weak_fixes: Vec<CauseStats> = causes_of(catalog, &rows)
        .into_iter()
        .filter(|c| c.chosen >= MIN_CHOSEN)
        .collect();
    weak_fixes.sort_by(|a, b| {
        let rate = |c: &CauseStats| c.success_rate.unwrap_or(0.0);
        rate(a).total_cmp(&rate(b)).then(b.chosen.cmp(&a.chosen))
    });
    let zero_result_searches = searches.iter().filter(|s| s.results == 0).cloned().collect();
    let low_click_searches = searches
        .iter()
        .filter(|s| s.results > 0 && s.searches >= MIN_SEARCHES && s.opens * 5 < s.searches)
        .cloned()
        .collect();
    let (yes, no) = helpful.values().fold((0, 0), |(y, n), (a, b)| (y + a, n + b));
    Ok(Summary {
        helpful: yes,
        not_helpful: no,
        trend: trend_of(&period, &daily),
        period,
        totals: totals.finish(),
        articles,
        weak_fixes,
        searches,
        zero_result_searches,
        low_click_searches,
        feedback,
    })
}

/// One guide's report over `period`; `None` when the guide does not exist and has no figures.
pub async fn article_report(
    store: &Store,
    catalog: &SharedCatalog,
    slug: &str,
    period: Period,
) -> anyhow::Result<Option<ArticleReport>> {
    let rows = store.counts(Some(slug), &period.from, &period.to).await?;
    let (title, article) = title_of(catalog, slug);
    if article.is_none() && rows.is_empty() {
        return Ok(None);
    }
    let daily = store.daily(Some(slug), &period.from, &period.to).await?;
    let feedback = store.feedback(Some(slug), period.since(), FEEDBACK_ROWS).await?;
    let (helpful, not_helpful) = helpful_by_article(store, period.since())
        .await?
        .get(slug)
        .copied()
        .unwrap_or_default();
    let mut outcomes = Outcomes::default();
    let mut views: BTreeMap<&str, i64> = BTreeMap::new();
    let mut escalated_after: BTreeMap<String, i64> = BTreeMap::new();
    for r in &rows {
        outcomes.add(r);
        if r.event == "view" {
            *views.entry(r.node.as_str()).or_default() += r.count;
        }
        if r.event == "escalated" {
            let tried = if r.detail.is_empty() {
                "(nothing)".to_string()
            } else {
                r.detail.replace(',', ", ")
            };
            *escalated_after.entry(tried).or_default() += r.count;
        }
    }
    let outcomes = outcomes.finish();
    let causes = causes_of(catalog, &rows);
    let sum = |event: &str| rows.iter().filter(|r| r.event == event).map(|r| r.count).sum::<i64>();
    let funnel = vec![
        ("Visits".to_string(), outcomes.visits),
        ("Fixes started".to_string(), sum("chosen")),
        ("Fixes followed to the end".to_string(), sum("worked") + sum("failed")),
        ("Visits ended fixed".to_string(), outcomes.resolved),
        ("Visits ended at support".to_string(), outcomes.escalated),
    ];
    let nodes = article
        .as_ref()
        .map(|a| {
            a.nodes()
                .into_iter()
                .map(|n| {
                    let v = views.get(n.id.as_str()).copied().unwrap_or(0);
                    (n.id, n.label, v)
                })
                .collect()
        })
        .unwrap_or_default();
    let mut escalated_after: Vec<(String, i64)> = escalated_after.into_iter().collect();
    escalated_after.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Ok(Some(ArticleReport {
        trend: trend_of(&period, &daily),
        period,
        article: ArticleStats {
            slug: slug.to_string(),
            title,
            outcomes,
            helpful,
            not_helpful,
        },
        funnel,
        nodes,
        causes,
        escalated_after,
        feedback,
    }))
}

fn failed(e: &anyhow::Error) -> Response {
    tracing::error!("dashboard: {e:#}");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        "The figures could not be read just now.\n",
    )
        .into_response()
}

/// Signs the request in as a writer or above, and reads its period.
async fn gate(admin: &Admin, uri: &Uri, headers: &HeaderMap) -> Result<(Signed, Period), Response> {
    let pq = uri.path_and_query().map_or("/admin", |p| p.as_str());
    let signed = accounts::require(&admin.accounts, headers, pq, Role::Writer).await?;
    let period = period_of(uri.query()).map_err(|e| (StatusCode::BAD_REQUEST, e).into_response())?;
    Ok((signed, period))
}

fn private_json<T: Serialize>(value: T) -> Response {
    let mut res = Json(value).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    res
}

async fn summary_json(State(admin): State<Arc<Admin>>, uri: Uri, headers: HeaderMap) -> Response {
    let (_, period) = match gate(&admin, &uri, &headers).await {
        Ok(g) => g,
        Err(r) => return r,
    };
    match summary(&admin.store, &admin.catalog, period).await {
        Ok(s) => private_json(s),
        Err(e) => failed(&e),
    }
}

async fn article_json(
    State(admin): State<Arc<Admin>>,
    Path(slug): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let (_, period) = match gate(&admin, &uri, &headers).await {
        Ok(g) => g,
        Err(r) => return r,
    };
    match article_report(&admin.store, &admin.catalog, &slug, period).await {
        Ok(Some(r)) => private_json(r),
        Ok(None) => (StatusCode::NOT_FOUND, format!("no guide `{slug}`\n")).into_response(),
        Err(e) => failed(&e),
    }
}

/// `/admin/api/{counts,searches,feedback}[.csv]`: the rows behind the reports.
async fn table(State(admin): State<Arc<Admin>>, Path(table): Path<String>, uri: Uri, headers: HeaderMap) -> Response {
    let (_, period) = match gate(&admin, &uri, &headers).await {
        Ok(g) => g,
        Err(r) => return r,
    };
    let (name, csv) = match table.strip_suffix(".csv") {
        Some(n) => (n, true),
        None => (table.as_str(), false),
    };
    let store = &admin.store;
    let result: anyhow::Result<Response> = async {
        Ok(match name {
            "counts" => {
                let rows = store.counts(None, &period.from, &period.to).await?;
                if csv {
                    let lines = rows.iter().map(|r| {
                        vec![
                            r.article.clone(),
                            r.node.clone(),
                            r.event.clone(),
                            r.detail.clone(),
                            r.count.to_string(),
                        ]
                    });
                    csv_response("counts", &["article", "node", "event", "detail", "count"], lines)
                } else {
                    private_json(rows)
                }
            }
            "searches" => {
                let rows = store.searches(&period.from, &period.to, 10_000).await?;
                if csv {
                    let lines = rows.iter().map(|r| {
                        vec![
                            r.query.clone(),
                            r.searches.to_string(),
                            r.results.to_string(),
                            r.opens.to_string(),
                        ]
                    });
                    csv_response("searches", &["query", "searches", "results", "opens"], lines)
                } else {
                    private_json(rows)
                }
            }
            "feedback" => {
                let rows = store.feedback(None, period.since(), 10_000).await?;
                if csv {
                    let lines = rows.iter().map(|f| {
                        vec![
                            f.at.to_string(),
                            f.article.clone(),
                            f.node.clone(),
                            if f.helpful { "yes" } else { "no" }.to_string(),
                            f.comment.clone(),
                        ]
                    });
                    csv_response("feedback", &["at", "article", "node", "helpful", "comment"], lines)
                } else {
                    private_json(rows)
                }
            }
            _ => (
                StatusCode::NOT_FOUND,
                "tables: counts, searches, feedback (add .csv for CSV)\n",
            )
                .into_response(),
        })
    }
    .await;
    result.unwrap_or_else(|e| failed(&e))
}

/// One CSV field: quoted when needed, and a leading `=`, `+`, `-` or `@` defused so a
/// spreadsheet does not run a reader's comment as a formula.
fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn csv_response(name: &str, head: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Response {
    let mut out = head.join(",") + "\r\n";
    for row in rows {
        out.push_str(&row.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    let mut res = out.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"fixpath-{name}.csv\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "–".into(), |r| format!("{:.0} %", r * 100.0))
}

fn period_form(period: &Period, action: String) -> impl IntoView {
    let days = period.days;
    view! {
        <form method="get" action=action class="period">
            <label for="days">"Period"</label>
            <select id="days" name="days">
                {[7u32, 30, 90, 365].into_iter().map(|d| view! {
                    <option value=d.to_string() selected=d == days>{format!("Last {d} days")}</option>
                }).collect_view()}
            </select>
            <button type="submit" class="btn">"Show"</button>
        </form>
    }
}

fn trend_view(label: &str, trend: &[DayPoint]) -> impl IntoView {
    let days: Vec<String> = trend.iter().map(|p| p.day.clone()).collect();
    let svg = charts::trend(
        label,
        &days,
        &[
            Series {
                name: "Visits",
                values: trend.iter().map(|p| p.visits).collect(),
            },
            Series {
                name: "Fixed",
                values: trend.iter().map(|p| p.resolved).collect(),
            },
            Series {
                name: "Contacted support",
                values: trend.iter().map(|p| p.escalated).collect(),
            },
        ],
    );
    let rows = trend.to_vec();
    view! {
        <figure class="chart-box">
            <div inner_html=svg></div>
            <figcaption>
                <ul class="legend">
                    <li><span class="swatch c-1" aria-hidden="true"></span>"Visits"</li>
                    <li><span class="swatch c-2" aria-hidden="true"></span>"Fixed"</li>
                    <li><span class="swatch c-3" aria-hidden="true"></span>"Contacted support"</li>
                </ul>
            </figcaption>
            <details>
                <summary>"The numbers"</summary>
                <div class="table-wrap">
                    <table>
                        <thead><tr><th scope="col">"Day"</th><th scope="col">"Visits"</th><th scope="col">"Fixed"</th><th scope="col">"Support"</th></tr></thead>
                        <tbody>
                            {rows.into_iter().rev().map(|p| view! {
                                <tr><td>{p.day}</td><td>{p.visits}</td><td>{p.resolved}</td><td>{p.escalated}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
}

fn causes_view(causes: &[CauseStats], with_article: bool) -> impl IntoView {
    let bars: Vec<Bar> = causes
        .iter()
        .map(|c| Bar {
            label: if with_article {
                format!("{} — {}", c.article_title, c.label)
            } else {
                c.label.clone()
            },
            parts: vec![
                (c.worked, 2),
                (c.failed, 3),
                ((c.chosen - c.worked - c.failed).max(0), 4),
            ],
            note: format!(
                "chosen {}, worked {}, didn't {} ({})",
                c.chosen,
                c.worked,
                c.failed,
                percent(c.success_rate)
            ),
        })
        .collect();
    let svg = charts::bars("How often each fix worked", &bars);
    view! {
        <figure class="chart-box">
            <div inner_html=svg></div>
            <figcaption>
                <ul class="legend">
                    <li><span class="swatch c-2" aria-hidden="true"></span>"Worked"</li>
                    <li><span class="swatch c-3" aria-hidden="true"></span>"Didn't work"</li>
                    <li><span class="swatch c-4" aria-hidden="true"></span>"Left before the end"</li>
                </ul>
            </figcaption>
        </figure>
    }
}

fn searches_table(rows: Vec<SearchRow>, empty: &'static str) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="hint">{empty}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table>
                <thead><tr><th scope="col">"Query"</th><th scope="col">"Searches"</th><th scope="col">"Results"</th><th scope="col">"Opened"</th></tr></thead>
                <tbody>
                    {rows.into_iter().take(20).map(|s| view! {
                        <tr>
                            <td><a href=format!("/search?q={}", form_urlencoded::byte_serialize(s.query.as_bytes()).collect::<String>())>{s.query.clone()}</a></td>
                            <td>{s.searches}</td><td>{s.results.max(0)}</td><td>{s.opens}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

fn feedback_list(feedback: Vec<Feedback>, catalog: &SharedCatalog) -> impl IntoView {
    if feedback.is_empty() {
        return view! { <p class="hint">"No feedback in this period."</p> }.into_any();
    }
    let items: Vec<_> = feedback
        .into_iter()
        .take(30)
        .map(|f| {
            let (title, _) = title_of(catalog, &f.article);
            (f, title)
        })
        .collect();
    view! {
        <ul class="feedback-list">
            {items.into_iter().map(|(f, title)| view! {
                <li>
                    <span class=if f.helpful { "fb-verdict yes" } else { "fb-verdict no" }>{if f.helpful { "Helpful" } else { "Not helpful" }}</span>
                    " " <a href=format!("/admin/articles/{}", f.article)>{title}</a>
                    " · " <span class="hint">{f.node.clone()} " · " {store::day_of(f.at)}</span>
                    {(!f.comment.is_empty()).then(|| view! { <blockquote>{f.comment.clone()}</blockquote> })}
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

fn kpis(o: &Outcomes, helpful: (i64, i64)) -> impl IntoView {
    let helpful_rate = (helpful.0 + helpful.1 > 0).then(|| helpful.0 as f64 / (helpful.0 + helpful.1) as f64);
    view! {
        <dl class="kpis">
            <div><dt>"Guide visits"</dt><dd>{o.visits}</dd></div>
            <div><dt>"Fixed"</dt><dd>{percent(o.resolution_rate)}</dd><dd class="hint">{format!("{} visits", o.resolved)}</dd></div>
            <div><dt>"Contacted support"</dt><dd>{percent(o.escalation_rate)}</dd><dd class="hint">{format!("{} visits", o.escalated)}</dd></div>
            <div><dt>"Found it helpful"</dt><dd>{percent(helpful_rate)}</dd><dd class="hint">{format!("{} answers", helpful.0 + helpful.1)}</dd></div>
        </dl>
    }
}

/// `GET /admin`.
async fn dashboard(State(admin): State<Arc<Admin>>, uri: Uri, headers: HeaderMap) -> Response {
    let (signed, period) = match gate(&admin, &uri, &headers).await {
        Ok(g) => g,
        Err(r) => return r,
    };
    let s = match summary(&admin.store, &admin.catalog, period).await {
        Ok(s) => s,
        Err(e) => return failed(&e),
    };
    let helpful = (s.helpful, s.not_helpful);
    let days = s.period.days;
    let weak: Vec<CauseStats> = s.weak_fixes.iter().take(10).cloned().collect();
    let articles: Vec<ArticleStats> = s.articles.iter().take(25).cloned().collect();
    let body = view! {
        <div class="dashboard">
            <div class="dash-head">
                <h1>"How the guides are doing"</h1>
                {period_form(&s.period, "/admin".into())}
            </div>
            <p class="hint">{format!("{} to {} (UTC). Counted from page requests: no cookies, no addresses.", s.period.from, s.period.to)}</p>
            {kpis(&s.totals, helpful)}
            <section aria-labelledby="trend-title">
                <h2 id="trend-title">"Day by day"</h2>
                {trend_view("Guide visits, fixes and support contacts per day", &s.trend)}
            </section>
            <section aria-labelledby="escalate-title">
                <h2 id="escalate-title">"Guides that send people to support most"</h2>
                {if articles.is_empty() {
                    view! { <p class="hint">"No visits in this period yet."</p> }.into_any()
                } else {
                    view! {
                        <div class="table-wrap">
                            <table>
                                <thead><tr><th scope="col">"Guide"</th><th scope="col">"Visits"</th><th scope="col">"Fixed"</th><th scope="col">"Support"</th><th scope="col">"Helpful"</th></tr></thead>
                                <tbody>
                                    {articles.into_iter().map(|a| view! {
                                        <tr>
                                            <td><a href=format!("/admin/articles/{}?days={days}", a.slug)>{a.title}</a></td>
                                            <td>{a.outcomes.visits}</td>
                                            <td>{percent(a.outcomes.resolution_rate)}</td>
                                            <td>{format!("{} ({})", a.outcomes.escalated, percent(a.outcomes.escalation_rate))}</td>
                                            <td>{format!("{} / {}", a.helpful, a.helpful + a.not_helpful)}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                }}
            </section>
            <section aria-labelledby="weak-title">
                <h2 id="weak-title">"Fixes that rarely work"</h2>
                <p class="hint">{format!("Fixes started at least {MIN_CHOSEN} times, least successful first.")}</p>
                {if weak.is_empty() {
                    view! { <p class="hint">"Not enough data yet."</p> }.into_any()
                } else {
                    causes_view(&weak, true).into_any()
                }}
            </section>
            <section aria-labelledby="zero-title">
                <h2 id="zero-title">"Searches that find nothing"</h2>
                {searches_table(s.zero_result_searches.clone(), "Every search found something.")}
            </section>
            <section aria-labelledby="low-title">
                <h2 id="low-title">"Searches whose results are rarely opened"</h2>
                {searches_table(s.low_click_searches.clone(), "None in this period.")}
            </section>
            <section aria-labelledby="feedback-title">
                <h2 id="feedback-title">"Recent feedback"</h2>
                {feedback_list(s.feedback.clone(), &admin.catalog)}
            </section>
            <section aria-labelledby="export-title">
                <h2 id="export-title">"Export"</h2>
                <p>
                    <a href=format!("/admin/api/summary?days={days}")>"Summary (JSON)"</a>" · "
                    <a href=format!("/admin/api/counts.csv?days={days}")>"Counters (CSV)"</a>" · "
                    <a href=format!("/admin/api/searches.csv?days={days}")>"Searches (CSV)"</a>" · "
                    <a href=format!("/admin/api/feedback.csv?days={days}")>"Feedback (CSV)"</a>
                </p>
            </section>
        </div>
    };
    crate::shell::respond(
        StatusCode::OK,
        admin.accounts.shell.render("Dashboard", Some(signed.header()), body),
    )
}

/// `GET /admin/articles/{slug}`.
async fn article_page(
    State(admin): State<Arc<Admin>>,
    Path(slug): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let (signed, period) = match gate(&admin, &uri, &headers).await {
        Ok(g) => g,
        Err(r) => return r,
    };
    let r = match article_report(&admin.store, &admin.catalog, &slug, period).await {
        Ok(Some(r)) => r,
        Ok(None) => return (StatusCode::NOT_FOUND, format!("no guide `{slug}`\n")).into_response(),
        Err(e) => return failed(&e),
    };
    let days = r.period.days;
    let funnel_svg = charts::bars(
        "From opening the guide to an outcome",
        &r.funnel
            .iter()
            .map(|(label, n)| Bar {
                label: label.clone(),
                parts: vec![(*n, 1)],
                note: n.to_string(),
            })
            .collect::<Vec<_>>(),
    );
    let left = r.article.outcomes.visits - r.article.outcomes.resolved - r.article.outcomes.escalated;
    let nodes = r.nodes.clone();
    let causes = r.causes.clone();
    let escalated_after = r.escalated_after.clone();
    let title = r.article.title.clone();
    let body = view! {
        <div class="dashboard">
            <nav class="crumbs" aria-label="Breadcrumb"><a href=format!("/admin?days={days}")>"Dashboard"</a></nav>
            <div class="dash-head">
                <h1>{title.clone()}</h1>
                {period_form(&r.period, format!("/admin/articles/{}", r.article.slug))}
            </div>
            <p class="hint">
                {format!("{} to {} (UTC). ", r.period.from, r.period.to)}
                <a href=format!("/articles/{}", r.article.slug)>"Open the guide"</a>
            </p>
            {kpis(&r.article.outcomes, (r.article.helpful, r.article.not_helpful))}
            <section aria-labelledby="funnel-title">
                <h2 id="funnel-title">"Where people go"</h2>
                <figure class="chart-box"><div inner_html=funnel_svg></div></figure>
                <p class="hint">{format!("{} visits ended without reaching “fixed” or “contact support”.", left.max(0))}</p>
            </section>
            <section aria-labelledby="causes-title">
                <h2 id="causes-title">"Each fix"</h2>
                {if causes.is_empty() {
                    view! { <p class="hint">"No fix was started in this period."</p> }.into_any()
                } else {
                    causes_view(&causes, false).into_any()
                }}
            </section>
            <section aria-labelledby="trend-title">
                <h2 id="trend-title">"Day by day"</h2>
                {trend_view("Visits, fixes and support contacts per day", &r.trend)}
            </section>
            <section aria-labelledby="nodes-title">
                <h2 id="nodes-title">"Views of each page"</h2>
                <div class="table-wrap">
                    <table>
                        <thead><tr><th scope="col">"Page"</th><th scope="col">"Views"</th></tr></thead>
                        <tbody>
                            {nodes.into_iter().map(|(id, label, views)| view! {
                                <tr><td>{label}" "<span class="hint">{id}</span></td><td>{views}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
            <section aria-labelledby="after-title">
                <h2 id="after-title">"What people had tried when they contacted support"</h2>
                {if escalated_after.is_empty() {
                    view! { <p class="hint">"Nobody contacted support from this guide in this period."</p> }.into_any()
                } else {
                    view! {
                        <ul>{escalated_after.into_iter().map(|(tried, n)| view! { <li>{format!("{tried}: {n}")}</li> }).collect_view()}</ul>
                    }.into_any()
                }}
            </section>
            <section aria-labelledby="feedback-title">
                <h2 id="feedback-title">"Feedback"</h2>
                {feedback_list(r.feedback.clone(), &admin.catalog)}
            </section>
            <p><a href=format!("/admin/api/articles/{}?days={days}", r.article.slug)>"These figures as JSON"</a></p>
        </div>
    };
    crate::shell::respond(
        StatusCode::OK,
        admin.accounts.shell.render(&title, Some(signed.header()), body),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("-1"), "'-1");
    }

    #[test]
    fn periods_are_bounded() {
        assert_eq!(period_of(None).unwrap().days, 30);
        assert_eq!(period_of(Some("days=7")).unwrap().days, 7);
        assert_eq!(period_of(Some("days=7")).unwrap().each_day().len(), 7);
        assert!(period_of(Some("days=0")).is_err());
        assert!(period_of(Some("days=100000")).is_err());
        assert!(period_of(Some("days=x")).is_err());
    }
}
