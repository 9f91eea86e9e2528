//! Watch mode, driven the way a writer works: while the watcher runs, files are added, edited,
//! broken, fixed, saved the way vim and VS Code save (write a temporary file, rename it over the
//! article), renamed and deleted; after each change the pages, the JSON API and the search index
//! must all show it, and open pages must be told to refresh.

use crate::support::{get, options, repo_path, watched_router, Reply};
use app::catalog::SharedCatalog;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use server::watch::WatchedSite;
use server::LoadOptions;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::ServiceExt;

const GUIDE: &str = "---\ntags: [camera]\nupdated: 2026-11-01\n---\n# Doorbell chime silent\n\n## Symptom\n\nThe doorbell rings on the phone but the indoor chime stays quiet (zanzibarword).\n\n## Likely causes\n\n- The chime wire is loose.\n- The chime is set to digital.\n\n## Fix\n\n### If the wire is loose\n\n1. Turn off the breaker.\n2. Tighten both chime terminals.\n\n### If the chime is set to digital\n\n1. Open the app and set the chime type to mechanical.\n";

/// Polls `check` until it holds, for at most 5 seconds (the goal is one; CI machines are slow).
async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if check().await {
            return;
        }
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

async fn json(app: &Router, uri: &str) -> (StatusCode, serde_json::Value) {
    let Reply { status, body, .. } = get(app, uri).await;
    (status, serde_json::from_str(&body).unwrap_or(serde_json::Value::Null))
}

async fn search_slugs(app: &Router, q: &str) -> Vec<String> {
    let (_, v) = json(app, &format!("/api/search?q={q}")).await;
    v["hits"]
        .as_array()
        .map(|h| h.iter().map(|x| x["slug"].as_str().unwrap_or("").to_string()).collect())
        .unwrap_or_default()
}

/// Writes like vim and VS Code: a temporary file in the same folder, renamed over the target.
fn save_by_rename(path: &Path, text: &str) {
    let tmp = path.with_file_name(format!(".{}.tmp", path.file_name().unwrap().to_string_lossy()));
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

fn start(dir: &Path) -> (Router, Arc<WatchedSite>, server::watch::WatchHandle) {
    let live = Arc::new(WatchedSite::load(dir, LoadOptions::default()).expect("loads"));
    let watch = live.watch().expect("watches");
    (watched_router(&live, true), live, watch)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_api_and_search_follow_every_change_to_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo_path("content/firmware-flash-failed.md"),
        dir.path().join("firmware-flash-failed.md"),
    )
    .unwrap();
    let (app, _live, _watch) = start(dir.path());
    let guide = dir.path().join("doorbell-chime.md");
    assert_eq!(
        get(&app, "/articles/doorbell-chime").await.status,
        StatusCode::NOT_FOUND
    );

    // Add.
    std::fs::write(&guide, GUIDE).unwrap();
    eventually("the new article is in the API", || async {
        json(&app, "/api/articles/doorbell-chime").await.0 == StatusCode::OK
    })
    .await;
    let page = get(&app, "/articles/doorbell-chime").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Doorbell chime silent"));
    assert!(
        page.body.contains("/_fixpath/live.js"),
        "watch-mode pages load the reload script"
    );
    assert_eq!(search_slugs(&app, "zanzibarword").await, ["doorbell-chime"]);

    // Edit.
    std::fs::write(
        &guide,
        GUIDE.replace("zanzibarword", "quetzalword").replace("silent", "quiet"),
    )
    .unwrap();
    eventually("the edit shows in the API", || async {
        json(&app, "/api/articles/doorbell-chime").await.1["title"] == "Doorbell chime quiet"
    })
    .await;
    assert!(get(&app, "/articles/doorbell-chime")
        .await
        .body
        .contains("Doorbell chime quiet"));
    assert_eq!(search_slugs(&app, "quetzalword").await, ["doorbell-chime"]);
    assert!(
        search_slugs(&app, "zanzibarword").await.is_empty(),
        "the old text left the index"
    );

    // Break: the last good version stays online, with the diagnostic for the writer.
    let broken = GUIDE
        .replace("zanzibarword", "quetzalword")
        .replace("silent", "quiet")
        .replace("## Symptom", "## Symptoms were");
    std::fs::write(&guide, &broken).unwrap();
    eventually("the broken file is flagged on its article", || async {
        json(&app, "/api/articles/doorbell-chime").await.1["writer"]["stale"] == true
    })
    .await;
    let (status, v) = json(&app, "/api/articles/doorbell-chime").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["title"], "Doorbell chime quiet", "last good version");
    let problems = v["writer"]["problems"].to_string();
    assert!(problems.contains("no `## Symptom` section"), "{problems}");
    let page = get(&app, "/articles/doorbell-chime").await;
    assert!(
        page.body.contains("writer-banner"),
        "the page shows the writer the problem"
    );
    assert!(page.body.contains("no `## Symptom` section"));
    assert_eq!(search_slugs(&app, "quetzalword").await, ["doorbell-chime"]);

    // Fix, saved the way vim and VS Code save.
    save_by_rename(&guide, &GUIDE.replace("zanzibarword", "okapiword"));
    eventually("the fixed file replaces the stale one", || async {
        let v = json(&app, "/api/articles/doorbell-chime").await.1;
        v["title"] == "Doorbell chime silent" && v.get("writer").is_none()
    })
    .await;
    assert!(!get(&app, "/articles/doorbell-chime")
        .await
        .body
        .contains("writer-banner"));
    assert_eq!(search_slugs(&app, "okapiword").await, ["doorbell-chime"]);

    // Rename: the old address goes, the new one comes.
    let renamed = dir.path().join("doorbell-chime-silent.md");
    std::fs::rename(&guide, &renamed).unwrap();
    eventually("the renamed article moves", || async {
        json(&app, "/api/articles/doorbell-chime-silent").await.0 == StatusCode::OK
            && json(&app, "/api/articles/doorbell-chime").await.0 == StatusCode::NOT_FOUND
    })
    .await;
    assert_eq!(search_slugs(&app, "okapiword").await, ["doorbell-chime-silent"]);

    // A new file that never loads: every page lists its errors for the writer.
    let bad = dir.path().join("half-written.md");
    std::fs::write(&bad, "# Half written\n\n## Fix\n\nNo symptom yet.\n").unwrap();
    eventually("the broken new file is listed on pages", || async {
        get(&app, "/").await.body.contains("half-written.md")
    })
    .await;
    let home = get(&app, "/").await.body;
    assert!(home.contains("content-problems"), "{home}");
    assert!(home.contains("no `## Symptom` section"));
    std::fs::remove_file(&bad).unwrap();
    eventually("the strip goes once the file is gone", || async {
        !get(&app, "/").await.body.contains("content-problems")
    })
    .await;

    // Delete.
    std::fs::remove_file(&renamed).unwrap();
    eventually("the deleted article is gone", || async {
        json(&app, "/api/articles/doorbell-chime-silent").await.0 == StatusCode::NOT_FOUND
    })
    .await;
    assert_eq!(
        get(&app, "/articles/doorbell-chime-silent").await.status,
        StatusCode::NOT_FOUND
    );
    assert!(search_slugs(&app, "okapiword").await.is_empty());
    let (_, list) = json(&app, "/api/articles").await;
    assert_eq!(list["articles"].as_array().unwrap().len(), 1, "only the seed is left");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_pages_are_told_when_the_content_changes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("doorbell-chime.md"), GUIDE).unwrap();
    let (app, live, _watch) = start(dir.path());
    let script = get(&app, "/_fixpath/live.js").await;
    assert_eq!(script.status, StatusCode::OK);
    assert!(script.body.contains("EventSource"));

    let res = app
        .clone()
        .oneshot(
            Request::get("/_fixpath/events")
                .header("accept-encoding", "gzip, br")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/event-stream"));
    assert!(
        res.headers().get("content-encoding").is_none(),
        "events are not buffered by compression"
    );
    let mut body = res.into_body();
    let mut next_event = async || -> String {
        loop {
            let frame = tokio::time::timeout(Duration::from_secs(5), body.frame())
                .await
                .expect("an event within 5 s")
                .expect("stream open")
                .expect("frame");
            if let Ok(data) = frame.into_data() {
                let text = String::from_utf8_lossy(&data).into_owned();
                if text.contains("event: version") {
                    return text;
                }
            }
        }
    };
    let first = next_event().await;
    // Pages carry the version they were rendered from, so the script can tell a change that
    // happened before it connected.
    let version = |event: &str| {
        event
            .lines()
            .find_map(|l| l.strip_prefix("data: ").or_else(|| l.strip_prefix("data:")))
            .map(str::trim)
            .unwrap_or_default()
            .to_string()
    };
    let rendered_before = get(&app, "/articles/doorbell-chime").await.body;
    assert!(
        rendered_before.contains(&format!("data-version=\"{}\"", version(&first))),
        "the page names the version it shows ({first})"
    );
    std::fs::write(dir.path().join("doorbell-chime.md"), GUIDE.replace("silent", "mute")).unwrap();
    let second = next_event().await;
    assert_ne!(first, second, "a new version after the save");
    let rendered_after = get(&app, "/articles/doorbell-chime").await.body;
    assert!(rendered_after.contains(&format!("data-version=\"{}\"", version(&second))));
    assert!(
        script.body.contains("dataset.version"),
        "the script starts from the page's version"
    );

    // Shutting down ends the stream, so the server can stop.
    live.stop();
    let end = tokio::time::timeout(Duration::from_secs(5), body.frame())
        .await
        .expect("stream ends");
    assert!(end.is_none(), "no more frames after stop");
}

#[test]
fn without_watch_mode_there_is_no_reload_script() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let app = crate::support::bundled();
        let page = get(&app, "/articles/firmware-flash-failed").await;
        assert!(!page.body.contains("/_fixpath/live.js"));
        assert!(!page.body.contains("writer-banner"));
        assert_eq!(get(&app, "/_fixpath/events").await.status, StatusCode::NOT_FOUND);
        // Without watch mode, broken files are not advertised to readers.
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("half-written.md"), "# Half written\n").unwrap();
        let (app, site) = crate::support::router_for(dir.path());
        assert!(site.library.error_count() > 0);
        assert!(!get(&app, "/").await.body.contains("content-problems"));
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vanished_content_folder_keeps_the_site_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("content");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("doorbell-chime.md"), GUIDE).unwrap();
    let live = Arc::new(WatchedSite::load(&folder, LoadOptions::default()).expect("loads"));
    let app = watched_router(&live, true);
    std::fs::remove_dir_all(&folder).unwrap();
    let err = live.reload().expect_err("the folder is gone").to_string();
    assert!(err.contains("cannot read the content folder"), "{err}");
    assert_eq!(get(&app, "/articles/doorbell-chime").await.status, StatusCode::OK);
    assert_eq!(search_slugs(&app, "zanzibarword").await, ["doorbell-chime"]);
}

/// Some file systems (FAT, network and container mounts) keep coarse times: an edit of the same
/// length within the same tick leaves size, time and inode as they were. The watcher names the
/// file, and a named file is read again whatever its stamp says.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_named_file_is_read_again_even_when_its_stamp_did_not_change() {
    let dir = tempfile::tempdir().unwrap();
    let guide = dir.path().join("doorbell-chime.md");
    std::fs::write(&guide, GUIDE).unwrap();
    let when = std::fs::metadata(&guide).unwrap().modified().unwrap();
    let same_length_edit = |from: &str, to: &str| {
        assert_eq!(from.len(), to.len());
        let file = std::fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(&guide)
            .unwrap();
        std::io::Write::write_all(&mut &file, GUIDE.replace("zanzibarword", to).as_bytes()).unwrap();
        file.set_modified(when).unwrap();
    };

    // Without the watcher: a plain reload trusts the stamp, a reload naming the file does not.
    let live = Arc::new(WatchedSite::load(dir.path(), LoadOptions::default()).expect("loads"));
    let app = server::router_with(SharedCatalog(live.clone()), options(), server::Routing::default());
    same_length_edit("zanzibarword", "quetzalwords");
    live.reload().unwrap();
    assert_eq!(
        search_slugs(&app, "zanzibarword").await,
        ["doorbell-chime"],
        "an unchanged stamp alone keeps the old parse (what naming the file fixes)"
    );
    live.reload_changed(std::slice::from_ref(&guide)).unwrap();
    assert_eq!(search_slugs(&app, "quetzalwords").await, ["doorbell-chime"]);
    assert!(search_slugs(&app, "zanzibarword").await.is_empty());
    std::fs::write(&guide, GUIDE).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&guide)
        .unwrap()
        .set_modified(when)
        .unwrap();
    drop(app);
    drop(live);

    // With the watcher, as a writer sees it.
    let (app, _live, _watch) = start(dir.path());
    assert_eq!(search_slugs(&app, "zanzibarword").await, ["doorbell-chime"]);
    same_length_edit("zanzibarword", "okapiwordsxx");
    eventually("the same-length edit is in the search index", || async {
        search_slugs(&app, "okapiwordsxx").await == ["doorbell-chime"]
    })
    .await;
    assert!(search_slugs(&app, "zanzibarword").await.is_empty());
}

/// Breaking an article keeps its last good version online, so articles linking to it are not
/// told their links are broken.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn links_to_an_article_kept_at_its_last_good_version_are_not_broken() {
    let dir = tempfile::tempdir().unwrap();
    let guide = dir.path().join("doorbell-chime.md");
    std::fs::write(&guide, GUIDE).unwrap();
    let linking = GUIDE
        .replace("# Doorbell chime silent", "# Doorbell button dead")
        .replace(
            "2. Tighten both chime terminals.",
            "2. Tighten both terminals; see [the chime guide](doorbell-chime.md).",
        );
    std::fs::write(dir.path().join("doorbell-button.md"), linking).unwrap();
    let (app, _live, _watch) = start(dir.path());
    assert!(json(&app, "/api/articles/doorbell-button")
        .await
        .1
        .get("writer")
        .is_none());

    std::fs::write(&guide, GUIDE.replace("## Symptom", "## Symptoms were")).unwrap();
    eventually("the broken article is kept", || async {
        json(&app, "/api/articles/doorbell-chime").await.1["writer"]["stale"] == true
    })
    .await;
    let (_, button) = json(&app, "/api/articles/doorbell-button").await;
    assert!(
        button.get("writer").is_none(),
        "no banner for a link to a kept article: {button}"
    );

    // Deleting it does break the link, and the writer is told.
    std::fs::remove_file(&guide).unwrap();
    eventually("the link is reported once the target is gone", || async {
        json(&app, "/api/articles/doorbell-button").await.1["writer"]["problems"]
            .to_string()
            .contains("no such article")
    })
    .await;
    let page = get(&app, "/articles/doorbell-button").await.body;
    assert!(page.contains("it is shown, but `fixpath check` fails on it"), "{page}");
}

/// The public folder is watched too: adding the image an article is missing clears its error.
/// The folders are given by relative paths, as `script/server` gives them (`content`, `public`),
/// while the watcher reports absolute ones.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn adding_a_missing_image_clears_the_writers_error() {
    let dir = tempfile::Builder::new()
        .prefix(".fixpath-test-")
        .tempdir_in(".")
        .unwrap();
    // tempfile hands back an absolute path; the same folder named from the working folder.
    let relative = Path::new(dir.path().file_name().unwrap());
    assert!(relative.is_dir());
    let content = relative.join("content");
    let public = relative.join("public");
    std::fs::create_dir_all(&content).unwrap();
    // The image's folder exists already: only the image itself is added (a new folder alone
    // would trigger a reload for other reasons).
    std::fs::create_dir_all(public.join("images")).unwrap();
    std::fs::write(
        content.join("doorbell-chime.md"),
        GUIDE.replace(
            "1. Turn off the breaker.",
            "1. Turn off the breaker. ![The breaker](/images/breaker.png)",
        ),
    )
    .unwrap();
    let options = LoadOptions {
        public: Some(public.clone()),
        ..LoadOptions::default()
    };
    let live = Arc::new(WatchedSite::load(&content, options).expect("loads"));
    let _watch = live.watch().expect("watches");
    let app = watched_router(&live, true);
    let problems = json(&app, "/api/articles/doorbell-chime").await.1["writer"]["problems"].to_string();
    assert!(
        problems.contains("image `/images/breaker.png` does not exist"),
        "{problems}"
    );

    std::fs::write(public.join("images/breaker.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    eventually("the image error goes once the image exists", || async {
        json(&app, "/api/articles/doorbell-chime")
            .await
            .1
            .get("writer")
            .is_none()
    })
    .await;
}

/// A reload that changes nothing readers or writers see (an editor's probe file, a save of the
/// same text) does not refresh open pages; one that does, does.
#[test]
fn open_pages_refresh_only_when_something_changed() {
    let dir = tempfile::tempdir().unwrap();
    let guide = dir.path().join("doorbell-chime.md");
    std::fs::write(&guide, GUIDE).unwrap();
    let live = WatchedSite::load(dir.path(), LoadOptions::default()).expect("loads");
    let before = live.version_tag();

    // vim probes the folder with a file named 4913; saving the same text gives a new stamp.
    std::fs::write(dir.path().join("4913"), "").unwrap();
    std::fs::write(&guide, GUIDE).unwrap();
    let r = live.reload_changed(&[dir.path().join("4913"), guide.clone()]).unwrap();
    assert!(!r.visible, "{r:?}");
    assert_eq!(live.version_tag(), before);

    std::fs::write(&guide, GUIDE.replace("silent", "mute")).unwrap();
    let r = live.reload_changed(std::slice::from_ref(&guide)).unwrap();
    assert!(r.visible);
    assert_ne!(live.version_tag(), before);

    // A new problem is news for the writer even when no article changed.
    let after_edit = live.version_tag();
    std::fs::write(dir.path().join("half-written.md"), "# Half written\n").unwrap();
    assert!(live.reload().unwrap().visible);
    assert_ne!(live.version_tag(), after_edit);
}

/// Other ways writers work: vim's save with a backup (the original renamed away, a new file
/// written), drafts switched on and off, articles in subfolders, a folder renamed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_saves_drafts_and_folders_are_followed() {
    let dir = tempfile::tempdir().unwrap();
    let guide = dir.path().join("doorbell-chime.md");
    std::fs::write(&guide, GUIDE).unwrap();
    let (app, _live, _watch) = start(dir.path());
    let status = |slug: &'static str| {
        let app = app.clone();
        async move { json(&app, &format!("/api/articles/{slug}")).await.0 }
    };

    // vim with `backup`: rename the original to `name~`, write the new text, delete the backup.
    let backup = dir.path().join("doorbell-chime.md~");
    std::fs::rename(&guide, &backup).unwrap();
    std::fs::write(&guide, GUIDE.replace("silent", "quiet")).unwrap();
    std::fs::remove_file(&backup).unwrap();
    eventually("the backup-style save shows", || async {
        json(&app, "/api/articles/doorbell-chime").await.1["title"] == "Doorbell chime quiet"
    })
    .await;

    // A draft leaves the site (this server does not publish drafts), and comes back when published.
    std::fs::write(
        &guide,
        GUIDE.replace("updated: 2026-11-01", "updated: 2026-11-01\ndraft: true"),
    )
    .unwrap();
    eventually("the draft is hidden", || async {
        status("doorbell-chime").await == StatusCode::NOT_FOUND
    })
    .await;
    assert!(search_slugs(&app, "zanzibarword").await.is_empty());
    std::fs::write(&guide, GUIDE).unwrap();
    eventually("the published article is back", || async {
        status("doorbell-chime").await == StatusCode::OK
    })
    .await;
    assert_eq!(search_slugs(&app, "zanzibarword").await, ["doorbell-chime"]);

    // A new subfolder with an article in it.
    let folder = dir.path().join("cameras");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("camera-lens-fogged.md"),
        GUIDE
            .replace("# Doorbell chime silent", "# Camera lens fogged")
            .replace("zanzibarword", "quokkaword"),
    )
    .unwrap();
    eventually("the article in the new folder is published", || async {
        status("camera-lens-fogged").await == StatusCode::OK
    })
    .await;
    assert_eq!(search_slugs(&app, "quokkaword").await, ["camera-lens-fogged"]);

    // Renaming the folder to a hidden one (not read) takes its articles off the site.
    std::fs::rename(&folder, dir.path().join(".cameras")).unwrap();
    eventually("the hidden folder's article is gone", || async {
        status("camera-lens-fogged").await == StatusCode::NOT_FOUND
    })
    .await;
    assert!(search_slugs(&app, "quokkaword").await.is_empty());
    assert_eq!(status("doorbell-chime").await, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writers_problems_go_only_to_this_machine_with_paths_inside_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("doorbell-chime.md"),
        GUIDE.replace("## Symptom", "## Symptoms were"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("half-written.md"),
        "# Half written\n\n## Fix\n\nNo symptom yet.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("doorbell-ok.md"), GUIDE).unwrap();
    // A link to a missing anchor: the article loads, with a problem for its banner.
    std::fs::write(
        dir.path().join("linker.md"),
        GUIDE.replace("doorbell rings", "doorbell [rings](doorbell-ok.md#nowhere)"),
    )
    .unwrap();
    let live = Arc::new(WatchedSite::load(dir.path(), LoadOptions::default()).unwrap());
    let app = watched_router(&live, false);
    let from = |client: &str, uri: &str, forwarded: bool| {
        let mut req = Request::get(uri).body(Body::empty()).unwrap();
        let peer = std::net::SocketAddr::new(client.parse().unwrap(), 40000);
        req.extensions_mut().insert(axum::extract::ConnectInfo(peer));
        if forwarded {
            req.headers_mut()
                .insert("x-forwarded-for", "203.0.113.9".parse().unwrap());
        }
        let app = app.clone();
        async move {
            let res = app.oneshot(req).await.unwrap();
            String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap()
        }
    };
    let folder = dir.path().display().to_string();
    // The writer at this machine sees everything, with paths inside the content folder.
    let page = from("127.0.0.1", "/articles/linker", false).await;
    assert!(page.contains("writer-banner") && page.contains("linker.md"), "{page}");
    assert!(
        page.contains("half-written.md") && page.contains("content-problems"),
        "{page}"
    );
    assert!(!page.contains(&folder), "the server's folder leaks: {page}");
    let api = from("::1", "/api/articles/linker", false).await;
    assert!(api.contains("\"writer\"") && !api.contains(&folder), "{api}");
    let rpc = from("127.0.0.1", "/rpc/problems", false).await;
    assert!(rpc.contains("half-written.md") && !rpc.contains(&folder), "{rpc}");
    // Anyone else, or anyone a proxy on this machine relays, sees none of it.
    for (client, forwarded) in [("203.0.113.5", false), ("127.0.0.1", true)] {
        let page = from(client, "/articles/linker", forwarded).await;
        assert!(page.contains("Doorbell chime silent"), "{page}");
        for secret in ["writer-banner", "content-problems", "half-written", "no such anchor"] {
            assert!(!page.contains(secret), "{client} {forwarded}: {secret} in {page}");
        }
        let api = from(client, "/api/articles/linker", forwarded).await;
        assert!(
            api.contains("Doorbell chime silent") && !api.contains("\"writer\""),
            "{api}"
        );
        assert_eq!(from(client, "/rpc/problems", forwarded).await, "[]");
    }
}
