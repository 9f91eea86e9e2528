//! A simulated month of traffic written through the analytics store: how big the database gets
//! and how fast batches are written.
//!
//! `cargo bench -p server --bench analytics [-- ARTICLES VISITS_PER_DAY DAYS]` (defaults 1,000
//! generated guides, 20,000 visits a day, 30 days) generates a corpus, walks simulated visitors
//! through real guides (the same `analytics::outcomes` the server uses: choose a cause, follow
//! its steps, it works or not, the next cause, the last resort, support), plus searches, and
//! writes them day by day in one-second-sized batches into a fresh SQLite database; with
//! `FIXPATH_TEST_POSTGRES_URL` set (`script/with-postgres cargo bench …`) into PostgreSQL too.

use app::model::Article;
use app::tree::{Attempt, Node, Target, Trail};
use fixpath_corpus::{self as corpus, Rng};
use server::analytics::{outcomes, Came};
use server::store::{self, Batch, CountKey, RawEvent, SearchTally, Store};
use server::{Library, LoadOptions};
use std::sync::Arc;
use std::time::Instant;

/// Percent chances from the corpus' repeatable random numbers.
trait Chance {
    fn chance(&mut self, percent: u64) -> bool;
}

impl Chance for Rng {
    fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
}

/// One visitor's walk through `a`: the pages they see, in order.
fn walk(a: &Article, rng: &mut Rng) -> Vec<(Node, Trail)> {
    let mut seen = vec![(Node::Start, Trail::default())];
    if !a.kind.is_tree() || rng.chance(15) {
        return seen;
    }
    let mut trail = Trail::default();
    loop {
        let untried: Vec<_> = a.untried(&trail).collect();
        let attempt = if untried.is_empty() || rng.chance(8) {
            if a.last_resort.is_none() || trail.last_resort_tried {
                seen.push((Node::Escalate, trail));
                return seen;
            }
            Attempt::LastResort
        } else {
            Attempt::Cause(untried[rng.below(untried.len())].id.clone())
        };
        let steps = a.procedure(&attempt).map_or(1, app::model::Procedure::step_count);
        for step in 1..=steps {
            let node = match &attempt {
                Attempt::Cause(c) => Node::Fix { cause: c.clone(), step },
                Attempt::LastResort => Node::LastResort { step },
            };
            seen.push((node, trail.clone()));
            if rng.chance(6) {
                return seen; // left midway
            }
        }
        if rng.chance(55) {
            let Target { node, trail: t } = a.worked(&trail, &attempt);
            seen.push((node.clone(), t.clone()));
            if node == Node::Verify {
                seen.push((Node::Resolved, t));
            }
            return seen;
        }
        let Target { node, trail: t } = a.failed(&trail, &attempt);
        seen.push((node.clone(), t.clone()));
        if node == Node::Escalate {
            return seen;
        }
        trail = t;
    }
}

fn add(batch: &mut Batch, at: i64, a: &Article, node: &Node, trail: &Trail, came: &Came) {
    for (outcome, detail) in outcomes(a, node, trail, came) {
        let key = CountKey {
            day: store::day_of(at),
            article: a.slug.clone(),
            node: node.id(),
            event: outcome.as_str().into(),
            detail: detail.clone(),
        };
        *batch.counts.entry(key).or_default() += 1;
        batch.events.push(RawEvent {
            at,
            event: outcome.as_str().into(),
            article: a.slug.clone(),
            node: node.id(),
            detail,
        });
    }
}

async fn month(store: &Store, articles: &[Arc<Article>], visits_per_day: usize, days: usize) -> (usize, f64) {
    let queries = corpus::queries(2_000, 7);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let start = store::now() - days as i64 * 86_400;
    let mut events = 0;
    let mut writing = 0.0;
    // Visits spread over the day; one batch per simulated second holds that second's events.
    let per_batch = visits_per_day.div_ceil(86_400).max(1) * 40;
    for day in 0..days {
        let mut visit = 0;
        while visit < visits_per_day {
            let mut batch = Batch::default();
            for _ in 0..per_batch.min(visits_per_day - visit) {
                let at = start + day as i64 * 86_400 + (visit * 86_400 / visits_per_day) as i64;
                // A few guides get most visits.
                let r = rng.below(1_000) as f64 / 1_000.0;
                let a = &articles[((r * r * r) * articles.len() as f64) as usize];
                let mut came = Came::Elsewhere;
                for (node, trail) in walk(a, &mut rng) {
                    add(&mut batch, at, a, &node, &trail, &came);
                    came = Came::Within(node);
                }
                if rng.chance(30) {
                    let q = queries[rng.below(queries.len())].to_lowercase();
                    let t = batch
                        .searches
                        .entry((store::day_of(at), q))
                        .or_insert(SearchTally::default());
                    t.searches += 1;
                    t.results = rng.below(11) as i64;
                    t.opens += i64::from(rng.chance(60));
                }
                visit += 1;
            }
            events += batch.events.len();
            let t = Instant::now();
            store.write(&batch).await.expect("batch written");
            writing += t.elapsed().as_secs_f64();
        }
    }
    (events, writing)
}

fn size_of(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir).map_or(0, |d| {
        d.filter_map(Result::ok)
            .filter_map(|e| e.metadata().ok())
            .map(|m| m.len())
            .sum()
    })
}

fn main() {
    let mut args = std::env::args().skip(1).filter_map(|a| a.parse::<usize>().ok());
    let count = args.next().unwrap_or(1_000);
    let visits = args.next().unwrap_or(20_000);
    let days = args.next().unwrap_or(30);
    let dir = std::env::temp_dir().join(format!("fixpath-corpus-{count}"));
    if !dir.join(format!("generated-{:05}.md", count - 1)).exists() {
        corpus::write(&dir, count, 42).expect("write corpus");
    }
    let library = Library::load(&dir, LoadOptions::default()).expect("load corpus");
    let articles: Vec<Arc<Article>> = library.articles().cloned().collect();
    println!("{} guides, {visits} visits a day for {days} days", articles.len());
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let data = tempfile::tempdir().expect("temp dir");
        let sqlite = Store::open_sqlite(data.path()).await.expect("sqlite");
        let (events, secs) = month(&sqlite, &articles, visits, days).await;
        sqlite.close().await;
        let rows = |table: &str| {
            let c = std::process::Command::new("python3")
                .args(["-c", &format!("import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from {table}').fetchone()[0])")])
                .arg(data.path().join(store::SQLITE_FILE))
                .output()
                .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
                .unwrap_or_default();
            c
        };
        println!(
            "sqlite: {events} events written in {secs:.1} s ({:.0} events/s); database {:.1} MB; rows: events {}, outcome_counts {}, search_counts {}",
            events as f64 / secs,
            size_of(data.path()) as f64 / 1e6,
            rows("events"),
            rows("outcome_counts"),
            rows("search_counts"),
        );
        if let Ok(url) = std::env::var("FIXPATH_TEST_POSTGRES_URL") {
            let pg = Store::open_postgres(&url).await.expect("postgres");
            let (events, secs) = month(&pg, &articles, visits, days).await;
            println!("postgres: {events} events written in {secs:.1} s ({:.0} events/s)", events as f64 / secs);
        }
    });
}
