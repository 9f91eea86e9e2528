//! Search at scale: generates a corpus (default 10,000 articles), loads it, builds the index and
//! runs a fixed mix of 1,000 queries in-process.
//!
//! `cargo bench -p server --bench search [-- COUNT]` prints load and index time, peak memory and
//! latency percentiles. For latency over HTTP see `script/bench-search`.

use fixpath_corpus as corpus;
use server::{Library, LoadOptions, SearchIndex};
use std::time::{Duration, Instant};

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_owned))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|kb| kb.parse::<f64>().ok()))
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() {
    let count: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(10_000);
    let dir = std::env::temp_dir().join(format!("fixpath-corpus-{count}"));
    if !dir.join(format!("generated-{:05}.md", count - 1)).exists() {
        let t = Instant::now();
        corpus::write(&dir, count, 42).expect("write corpus");
        println!("generated {count} articles in {:.2?} ({})", t.elapsed(), dir.display());
    }
    let t = Instant::now();
    let library = Library::load(&dir, LoadOptions::default()).expect("load corpus");
    let load = t.elapsed();
    let t = Instant::now();
    let index = SearchIndex::build(library.articles().map(std::convert::AsRef::as_ref)).expect("index");
    let build = t.elapsed();
    println!(
        "articles: {}   documents: {}   load+parse: {:.2?}   index build: {:.2?}   peak RSS so far: {:.0} MB",
        library.len(),
        index.len(),
        load,
        build,
        peak_rss_mb()
    );
    let queries = corpus::queries(1000, 7);
    for q in &queries[..50] {
        let _ = index.search(q, None, 10);
    }
    let mut times: Vec<Duration> = Vec::with_capacity(queries.len());
    let mut slowest: Vec<(Duration, &str)> = Vec::new();
    let mut empty = 0;
    for q in &queries {
        let t = Instant::now();
        let r = index.search(q, None, 10).expect("query accepted");
        let dt = t.elapsed();
        times.push(dt);
        slowest.push((dt, q));
        empty += usize::from(r.hits.is_empty());
    }
    slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
    println!("slowest: {:?}", &slowest[..5]);
    times.sort();
    let pct = |p: usize| times[(times.len() * p / 100).min(times.len() - 1)];
    println!(
        "1000 queries in-process: p50 {:.2?}   p90 {:.2?}   p99 {:.2?}   max {:.2?}   ({} with no hits)",
        pct(50),
        pct(90),
        pct(99),
        times[times.len() - 1],
        empty
    );
    println!("peak RSS: {:.0} MB", peak_rss_mb());
}
