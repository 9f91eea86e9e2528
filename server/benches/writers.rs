//! The writers' loop: how long `fixpath check` takes over a large folder, and how long a save
//! takes to show in the JSON API while the server watches the folder.
//!
//! `cargo bench -p server --bench writers [-- COUNT [LIVE_COUNT]]`: checks a generated corpus of
//! COUNT articles (10,000) with the image check on, then saves one article 20 times in a watched
//! folder holding the bundled content plus LIVE_COUNT generated articles (10,000), committed to a
//! git repository as writers keep it (dates come from git, as in the server), and reports
//! save-to-API latency.

use app::catalog::SharedCatalog;
use axum::body::Body;
use axum::http::Request;
use fixpath_corpus as corpus;
use http_body_util::BodyExt;
use server::watch::WatchedSite;
use server::LoadOptions;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::ServiceExt;

fn main() {
    let mut args = std::env::args().skip(1).filter_map(|a| a.parse::<usize>().ok());
    let count = args.next().unwrap_or(10_000);
    let live_count = args.next().unwrap_or(10_000);
    check(count);
    live(live_count);
}

fn corpus_dir(count: usize) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("fixpath-corpus-{count}"));
    if count > 0 && !dir.join(format!("generated-{:05}.md", count - 1)).exists() {
        corpus::write(&dir, count, 42).expect("write corpus");
    }
    dir
}

fn check(count: usize) {
    let dir = corpus_dir(count);
    let mut runs = Vec::new();
    let mut summary = String::new();
    for _ in 0..3 {
        let t = Instant::now();
        let (report, _) = server::check::check(&dir, Some(&public())).expect("check");
        let text = server::check::render_human(&report, server::check::Style::new(false));
        runs.push(t.elapsed());
        summary = text.lines().last().unwrap_or("").to_string();
    }
    runs.sort();
    println!(
        "fixpath check over {count} articles: best {:.2?}, median {:.2?} of 3 runs ({summary})",
        runs[0], runs[1]
    );
}

fn public() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../public")
}

/// Commits the folder to a fresh git repository, as writers keep content; false without git.
fn commit_all(dir: &Path) -> bool {
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_AUTHOR_NAME", "bench")
            .env("GIT_AUTHOR_EMAIL", "bench@example.invalid")
            .env("GIT_COMMITTER_NAME", "bench")
            .env("GIT_COMMITTER_EMAIL", "bench@example.invalid")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    git(&["init", "-q"]) && git(&["add", "-A"]) && git(&["commit", "-q", "-m", "content"])
}

fn live(extra: usize) {
    let dir = tempfile::tempdir().expect("tempdir");
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    for e in std::fs::read_dir(&content).expect("content") {
        let p = e.expect("entry").path();
        if p.extension().is_some_and(|x| x == "md") {
            std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).expect("copy");
        }
    }
    if extra > 0 {
        corpus::write(dir.path(), extra, 42).expect("corpus");
    }
    let in_git = commit_all(dir.path());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let options = LoadOptions {
            drafts: false,
            public: Some(public()),
            dates: true,
            remote_images: false,
        };
        let t = Instant::now();
        let live = Arc::new(WatchedSite::load(dir.path(), options).expect("load"));
        println!(
            "watch-mode start-up over {} articles: {:.2?} (dates from {})",
            live.site().library.len(),
            t.elapsed(),
            if in_git { "git" } else { "file times: no git here" }
        );
        let _watch = live.watch().expect("watch");
        let options = leptos::config::LeptosOptions::builder().output_name("fixpath").build();
        let app = server::router_with(SharedCatalog(live.clone()), options, server::Routing { watched: Some(live.clone()), ..Default::default() });
        let file = dir.path().join("firmware-flash-failed.md");
        let original = std::fs::read_to_string(&file).expect("read");
        let mut times = Vec::new();
        for i in 0..20 {
            let title = format!("Firmware flash failed, take {i}");
            let text = original.replacen("title: Firmware flash failed", &format!("title: {title}"), 1);
            tokio::time::sleep(Duration::from_millis(150)).await;
            let t = Instant::now();
            std::fs::write(&file, text).expect("write");
            loop {
                let res = app
                    .clone()
                    .oneshot(Request::get("/api/articles/firmware-flash-failed").body(Body::empty()).unwrap())
                    .await
                    .unwrap();
                let body = res.into_body().collect().await.unwrap().to_bytes();
                if std::str::from_utf8(&body).unwrap_or("").contains(&title) {
                    break;
                }
                assert!(t.elapsed() < Duration::from_secs(30), "save {i} never showed");
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
            times.push(t.elapsed());
        }
        times.sort();
        println!(
            "save → updated API response ({} articles watched, 20 saves): median {:.0?}, min {:.0?}, p90 {:.0?}, max {:.0?} (debounce {:?} included)",
            live.site().library.len(),
            (times[9] + times[10]) / 2,
            times[0],
            times[17],
            times[19],
            Duration::from_millis(75)
        );
    });
}
