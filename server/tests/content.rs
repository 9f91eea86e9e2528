//! Loading content folders: the bundled articles, broken fixtures, drafts.

use crate::support::{fixture, get, repo_path};
use axum::http::StatusCode;
use server::content::Severity;
use server::{Library, LoadOptions};
use std::path::Path;

#[test]
fn generated_benchmark_articles_parse_cleanly() {
    let mut kinds = std::collections::BTreeMap::new();
    for n in 0..50 {
        let (slug, md) = fixpath_corpus::article(n, 7);
        let parsed = server::content::parse(Path::new("g.md"), &slug, &md);
        assert!(
            parsed.as_ref().is_ok_and(|p| p.problems.is_empty()),
            "{slug}: {parsed:?}"
        );
        if let Ok(p) = parsed {
            *kinds.entry(p.article.kind.name()).or_insert(0) += 1;
        }
    }
    // Benchmarks at 10,000 articles include plain pages and FAQs.
    assert_eq!(kinds.get("tree"), Some(&40), "{kinds:?}");
    assert_eq!(kinds.get("guide"), Some(&5), "{kinds:?}");
    assert_eq!(kinds.get("faq"), Some(&5), "{kinds:?}");
}

#[test]
fn bundled_content_loads_without_any_problem() {
    let lib = Library::load(&repo_path("content"), LoadOptions::default()).unwrap();
    let problems: Vec<String> = lib.diagnostics.iter().map(std::string::ToString::to_string).collect();
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(lib.len() >= 7, "only {} articles", lib.len());
    assert!(lib.article("gateway-will-not-pair").is_some());
    assert!(
        lib.article("readme").is_none(),
        "content/README.md is documentation, not an article"
    );
}

#[test]
fn every_link_between_bundled_articles_resolves() {
    let lib = Library::load(&repo_path("content"), LoadOptions::default()).unwrap();
    let slugs: Vec<String> = lib.articles().map(|a| a.slug.clone()).collect();
    let mut links = 0;
    for a in lib.articles() {
        let html: String = [
            a.symptom.html.as_str(),
            a.see_also.as_ref().map_or("", |s| s.body.html.as_str()),
        ]
        .into_iter()
        .chain(
            a.causes
                .iter()
                .flat_map(|c| c.fix.steps.iter().map(|s| s.html.as_str())),
        )
        .chain(a.extra.iter().map(|s| s.body.html.as_str()))
        .collect();
        for target in html.split("href=\"/articles/").skip(1) {
            let slug: String = target
                .chars()
                .take_while(|c| *c != '"' && *c != '/' && *c != '#')
                .collect();
            assert!(slugs.contains(&slug), "{} links to missing {slug}", a.slug);
            links += 1;
        }
    }
    assert!(
        links >= lib.len(),
        "each article links to at least one other ({links} links)"
    );
}

#[test]
fn each_broken_fixture_gives_its_error_on_the_right_line() {
    let dir = fixture("broken");
    let expected = std::fs::read_to_string(dir.join("EXPECTED.tsv")).unwrap();
    let lib = Library::load(&dir, LoadOptions::default()).unwrap();
    assert_eq!(lib.len(), 0, "no broken article is published");
    for row in expected.lines() {
        let mut cols = row.split('\t');
        let (file, line, message) = (cols.next().unwrap(), cols.next().unwrap(), cols.next().unwrap());
        let found = lib.diagnostics.iter().any(|d| {
            d.path.file_name().unwrap() == file
                && d.line.to_string() == line
                && d.severity == Severity::Error
                && d.text().contains(message)
        });
        let all: Vec<String> = lib.diagnostics.iter().map(std::string::ToString::to_string).collect();
        assert!(found, "expected {file}:{line}: {message}\ngot:\n{}", all.join("\n"));
    }
    // The log format is `path:line:col: error: message: hint`.
    let d = &lib.diagnostics[0];
    let shown = d.to_string();
    let path = d.path.display().to_string();
    assert!(
        shown.starts_with(&format!("{path}:{}:{}: error: {}", d.line, d.col, d.message)),
        "{shown}"
    );
}

#[test]
fn a_broken_article_does_not_hide_the_others() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo_path("content/firmware-flash-failed.md"),
        dir.path().join("firmware-flash-failed.md"),
    )
    .unwrap();
    std::fs::copy(fixture("broken/no-symptom.md"), dir.path().join("no-symptom.md")).unwrap();
    std::fs::write(dir.path().join("binary.md"), [0xff, 0xfe, 0x00, 0x41]).unwrap();
    let lib = Library::load(dir.path(), LoadOptions::default()).unwrap();
    assert_eq!(lib.len(), 1);
    assert!(lib.article("firmware-flash-failed").is_some());
    let failed: std::collections::BTreeSet<String> = lib
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    // The seed's link to an article this folder lacks is reported too, without hiding the seed.
    assert_eq!(
        failed.into_iter().collect::<Vec<_>>(),
        ["binary.md", "firmware-flash-failed.md", "no-symptom.md"]
    );
}

#[test]
fn drafts_are_hidden_unless_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let seed = std::fs::read_to_string(repo_path("content/firmware-flash-failed.md")).unwrap();
    std::fs::write(
        dir.path().join("draft.md"),
        seed.replacen("---\n", "---\ndraft: true\n", 1),
    )
    .unwrap();
    assert_eq!(Library::load(dir.path(), LoadOptions::default()).unwrap().len(), 0);
    assert_eq!(
        Library::load(
            dir.path(),
            LoadOptions {
                drafts: true,
                ..Default::default()
            }
        )
        .unwrap()
        .len(),
        1
    );
}

#[test]
fn duplicate_slugs_and_oversized_files_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let seed = std::fs::read_to_string(repo_path("content/firmware-flash-failed.md")).unwrap();
    std::fs::create_dir(dir.path().join("more")).unwrap();
    std::fs::write(dir.path().join("a.md"), &seed).unwrap();
    std::fs::write(dir.path().join("more/a.md"), &seed).unwrap();
    let big = std::fs::File::create(dir.path().join("big.md")).unwrap();
    big.set_len(server::content::MAX_ARTICLE_BYTES + 1).unwrap();
    let lib = Library::load(dir.path(), LoadOptions::default()).unwrap();
    assert_eq!(lib.len(), 1);
    let msgs: Vec<String> = lib.diagnostics.iter().map(|d| d.message.clone()).collect();
    assert!(msgs.iter().any(|m| m.contains("duplicate slug `a`")), "{msgs:?}");
    assert!(msgs.iter().any(|m| m.contains("the limit for an article")), "{msgs:?}");
}

/// Loads `dir` on another thread, failing the test (instead of hanging it) after 20 seconds.
fn load_within_time(dir: &Path) -> Library {
    let dir = dir.to_path_buf();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(Library::load(&dir, LoadOptions::default()));
    });
    rx.recv_timeout(std::time::Duration::from_secs(20))
        .expect("the folder loads without hanging")
        .expect("the folder loads")
}

#[test]
fn links_out_of_the_folder_fifos_and_devices_are_reported_and_never_read() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.md");
    let seed = std::fs::read_to_string(repo_path("content/firmware-flash-failed.md")).unwrap();
    std::fs::write(
        &secret,
        seed.replace("title: Firmware flash failed", "title: TOP SECRET"),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path();
    std::fs::write(content.join("real.md"), &seed).unwrap();
    std::fs::create_dir(content.join("sub")).unwrap();
    std::os::unix::fs::symlink(&secret, content.join("leak.md")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", content.join("zero.md")).unwrap();
    std::os::unix::fs::symlink("/proc/self/environ", content.join("env.md")).unwrap();
    std::os::unix::fs::symlink(outside.path(), content.join("elsewhere")).unwrap();
    std::os::unix::fs::symlink("missing.md", content.join("dangling.md")).unwrap();
    // A link that stays inside the folder is an article like any other.
    std::os::unix::fs::symlink(content.join("real.md"), content.join("sub/alias.md")).unwrap();
    let fifo = content.join("pipe.md");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());

    let lib = load_within_time(content);
    let slugs: Vec<&str> = lib.summaries().iter().map(|s| s.slug.as_str()).collect();
    assert!(lib.article("real").is_some(), "{slugs:?}");
    assert!(
        lib.article("alias").is_some(),
        "a link inside the folder is read: {slugs:?}"
    );
    assert!(
        lib.articles().all(|a| a.title != "TOP SECRET"),
        "nothing outside the folder is published"
    );
    let said = |name: &str| {
        lib.diagnostics
            .iter()
            .find(|d| d.path.file_name().is_some_and(|n| n == name))
            .map(ToString::to_string)
            .unwrap_or_default()
    };
    assert!(
        said("leak.md").contains("outside the content folder"),
        "{}",
        said("leak.md")
    );
    assert!(
        said("zero.md").contains("outside the content folder"),
        "{}",
        said("zero.md")
    );
    assert!(
        said("env.md").contains("outside the content folder"),
        "{}",
        said("env.md")
    );
    assert!(
        said("dangling.md").contains("a link to nothing readable"),
        "{}",
        said("dangling.md")
    );
    assert!(said("pipe.md").contains("not a regular file"), "{}", said("pipe.md"));
    assert!(said("leak.md").starts_with(&format!("{}:1:1: error:", content.join("leak.md").display())));
    // What `check` prints never includes the linked file's contents.
    let everything: String = lib.diagnostics.iter().map(|d| format!("{d}\n")).collect();
    assert!(
        !everything.contains("TOP SECRET") && !everything.contains("PATH="),
        "{everything}"
    );
}

#[test]
fn a_missing_content_folder_is_a_clear_error() {
    let err = Library::load(Path::new("/definitely/not/here"), LoadOptions::default()).unwrap_err();
    assert!(
        err.to_string()
            .contains("cannot read the content folder /definitely/not/here"),
        "{err}"
    );
}

#[tokio::test]
async fn drafts_stay_off_pages_api_and_search_unless_the_server_publishes_them() {
    let dir = tempfile::tempdir().unwrap();
    let seed = std::fs::read_to_string(repo_path("content/firmware-flash-failed.md")).unwrap();
    std::fs::write(
        dir.path().join("upcoming-guide.md"),
        seed.replacen("---\n", "---\ndraft: true\n", 1).replace(
            "title: Firmware flash failed",
            "title: Firmware flash failed (draft wombatword)",
        ),
    )
    .unwrap();
    // A published article linking to the draft is not a broken link, but the writer is warned
    // that readers get "not found" there until the draft is published.
    std::fs::write(
        dir.path().join("published.md"),
        seed.replace("(gateway-will-not-pair.md)", "(upcoming-guide.md)"),
    )
    .unwrap();
    for drafts in [false, true] {
        let site = std::sync::Arc::new(
            server::Site::load(
                dir.path(),
                LoadOptions {
                    drafts,
                    ..Default::default()
                },
            )
            .unwrap(),
        );
        let about_draft: Vec<String> = site
            .library
            .diagnostics
            .iter()
            .filter(|d| d.message.contains("upcoming-guide"))
            .map(std::string::ToString::to_string)
            .collect();
        assert_eq!(about_draft.len(), 1, "drafts={drafts}: {about_draft:?}");
        assert!(
            about_draft[0].contains("published.md:")
                && about_draft[0].contains("warning: link to `upcoming-guide.md`, which is a draft"),
            "{about_draft:?}"
        );
        let app = server::router(app::catalog::SharedCatalog(site), crate::support::options());
        let want = if drafts { StatusCode::OK } else { StatusCode::NOT_FOUND };
        assert_eq!(
            get(&app, "/articles/upcoming-guide").await.status,
            want,
            "drafts={drafts}"
        );
        assert_eq!(get(&app, "/api/articles/upcoming-guide").await.status, want);
        let list = get(&app, "/api/articles").await.body;
        assert_eq!(list.contains("upcoming-guide"), drafts);
        let home = get(&app, "/").await.body;
        assert_eq!(home.contains("draft wombatword"), drafts);
        let found = get(&app, "/api/search?q=wombatword").await.body;
        assert_eq!(found.contains("upcoming-guide"), drafts, "{found}");
    }
}

#[test]
fn last_updated_comes_from_front_matter_then_git_then_the_file() {
    // A few undated files: git is asked about them by name.
    last_updated_in_a_repository(0);
}

#[test]
fn last_updated_from_git_for_many_files_at_once() {
    // Many: one pass over the folder's whole history.
    last_updated_in_a_repository(70);
}

fn last_updated_in_a_repository(extra: usize) {
    let dir = tempfile::tempdir().unwrap();
    let seed = std::fs::read_to_string(repo_path("content/firmware-flash-failed.md")).unwrap();
    let undated = seed
        .lines()
        .filter(|l| !l.starts_with("updated:"))
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(dir.path().join("dated.md"), &seed).unwrap();
    std::fs::write(dir.path().join("committed.md"), &undated).unwrap();
    for i in 0..extra {
        std::fs::write(
            dir.path().join(format!("bulk-{i}.md")),
            undated.replace("# Firmware", &format!("# Bulk {i} firmware")),
        )
        .unwrap();
    }
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .current_dir(dir.path())
            .args(args)
            .env("GIT_AUTHOR_DATE", "2025-03-04T10:00:00Z")
            .env("GIT_COMMITTER_DATE", "2025-03-04T10:00:00Z")
            .env("GIT_AUTHOR_NAME", "Writer")
            .env("GIT_AUTHOR_EMAIL", "writer@example.invalid")
            .env("GIT_COMMITTER_NAME", "Writer")
            .env("GIT_COMMITTER_EMAIL", "writer@example.invalid")
            .status()
            .unwrap()
            .success();
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "articles"]);
    // Not committed yet: the file's modification time.
    let fresh = dir.path().join("fresh.md");
    std::fs::write(&fresh, &undated).unwrap();
    let when = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_767_225_600); // 2026-01-01
    std::fs::File::options()
        .write(true)
        .open(&fresh)
        .unwrap()
        .set_modified(when)
        .unwrap();
    let lib = Library::load(
        dir.path(),
        LoadOptions {
            dates: true,
            ..Default::default()
        },
    )
    .unwrap();
    let updated = |slug: &str| lib.article(slug).unwrap().updated.clone();
    let front = seed
        .lines()
        .find_map(|l| l.strip_prefix("updated: "))
        .unwrap()
        .to_string();
    assert_eq!(updated("dated"), Some(front), "front matter wins");
    assert_eq!(
        updated("committed").as_deref(),
        Some("2025-03-04"),
        "then the last commit"
    );
    assert_eq!(
        updated("fresh").as_deref(),
        Some("2026-01-01"),
        "then the modification time"
    );
    for i in 0..extra {
        assert_eq!(updated(&format!("bulk-{i}")).as_deref(), Some("2025-03-04"));
    }
}

#[test]
fn watch_mode_dates_only_the_files_it_parses_again() {
    let dir = tempfile::tempdir().unwrap();
    let seed = std::fs::read_to_string(repo_path("content/firmware-flash-failed.md")).unwrap();
    let undated = seed.replace("updated: 2026-10-14\n", "");
    std::fs::write(dir.path().join("a.md"), &undated).unwrap();
    std::fs::write(dir.path().join("b.md"), &undated).unwrap();
    let ok = std::process::Command::new("sh")
        .current_dir(dir.path())
        .args([
            "-c",
            "git init -q && git add . && git -c user.name=W -c user.email=w@example.invalid commit -q -m a",
        ])
        .env("GIT_COMMITTER_DATE", "2025-03-04T10:00:00Z")
        .status()
        .unwrap()
        .success();
    assert!(ok);
    let opts = LoadOptions {
        dates: true,
        ..LoadOptions::default()
    };
    let mut cache = server::content::ParseCache::default();
    let before = Library::load_cached(dir.path(), opts.clone(), &mut cache).unwrap();
    assert_eq!(before.article("a").unwrap().updated.as_deref(), Some("2025-03-04"));
    // An edit, not committed: dated by the file; the other file keeps its article and date.
    let a = dir.path().join("a.md");
    std::fs::write(
        &a,
        undated.replace("# Firmware flash failed", "# Firmware flash failed again"),
    )
    .unwrap();
    let when = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_767_225_600); // 2026-01-01
    std::fs::File::options()
        .write(true)
        .open(&a)
        .unwrap()
        .set_modified(when)
        .unwrap();
    let after = Library::load_cached(dir.path(), opts, &mut cache).unwrap();
    assert_eq!(after.article("a").unwrap().updated.as_deref(), Some("2026-01-01"));
    assert!(std::sync::Arc::ptr_eq(
        &before.article("b").unwrap(),
        &after.article("b").unwrap()
    ));
    assert_eq!(after.article("b").unwrap().updated.as_deref(), Some("2025-03-04"));
}

#[test]
fn the_parse_cache_reuses_unchanged_files_and_sees_every_change() {
    let dir = tempfile::tempdir().unwrap();
    let seed = std::fs::read_to_string(repo_path("content/firmware-flash-failed.md")).unwrap();
    let file = dir.path().join("a.md");
    std::fs::write(&file, &seed).unwrap();
    // b has no date in its front matter: the loader dates it from the file.
    std::fs::write(dir.path().join("b.md"), seed.replace("updated: 2026-10-14\n", "")).unwrap();
    let mut cache = server::content::ParseCache::default();
    let title = |lib: &Library| lib.article("a").unwrap().title.clone();
    let opts = LoadOptions {
        dates: true,
        ..LoadOptions::default()
    };
    let lib = Library::load_cached(dir.path(), opts.clone(), &mut cache).unwrap();
    assert_eq!((lib.len(), cache.len()), (2, 2));
    assert_eq!(title(&lib), "Firmware flash failed");
    let b_before = lib.article("b").unwrap();
    assert!(b_before.updated.is_some(), "dated from the file");
    // Nothing changed: the same articles come back, not copies (watch mode diffs by pointer).
    let again = Library::load_cached(dir.path(), opts.clone(), &mut cache).unwrap();
    assert!(std::sync::Arc::ptr_eq(
        &lib.article("a").unwrap(),
        &again.article("a").unwrap()
    ));
    assert!(std::sync::Arc::ptr_eq(&b_before, &again.article("b").unwrap()));
    // Same length, new text, new modification time: parsed again.
    std::fs::write(
        &file,
        seed.replace("title: Firmware flash failed", "title: Firmware flash FAILED"),
    )
    .unwrap();
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
    std::fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(later)
        .unwrap();
    let lib = Library::load_cached(dir.path(), opts.clone(), &mut cache).unwrap();
    assert_eq!(title(&lib), "Firmware flash FAILED");
    assert!(!std::sync::Arc::ptr_eq(
        &again.article("a").unwrap(),
        &lib.article("a").unwrap()
    ));
    assert!(
        std::sync::Arc::ptr_eq(&b_before, &lib.article("b").unwrap()),
        "b untouched"
    );
    // Replaced by rename (a new inode), even with the same length and time.
    let tmp = dir.path().join(".a.md.swp");
    std::fs::write(
        &tmp,
        seed.replace("title: Firmware flash failed", "title: Firmware FLASH failed"),
    )
    .unwrap();
    std::fs::File::options()
        .write(true)
        .open(&tmp)
        .unwrap()
        .set_modified(later)
        .unwrap();
    std::fs::rename(&tmp, &file).unwrap();
    let lib = Library::load_cached(dir.path(), LoadOptions::default(), &mut cache).unwrap();
    assert_eq!(title(&lib), "Firmware FLASH failed");
    // Deleted files leave the cache.
    std::fs::remove_file(dir.path().join("b.md")).unwrap();
    let lib = Library::load_cached(dir.path(), LoadOptions::default(), &mut cache).unwrap();
    assert_eq!((lib.len(), cache.len()), (1, 1));
}

#[test]
fn pages_written_for_other_tools_are_served_without_noise() {
    let site = server::Site::load(&fixture("conventions"), LoadOptions::default()).unwrap();
    let lib = &site.library;
    assert!(lib.diagnostics.is_empty(), "{:#?}", lib.diagnostics);
    assert_eq!(lib.len(), 5, "the .markdown file is read too");
    let a = |slug: &str| lib.article(slug).unwrap_or_else(|| panic!("{slug} is served"));
    // Docusaurus: description, tag objects, keywords, last_update's date.
    let reset = a("docusaurus-reset");
    assert_eq!(
        reset.summary,
        "How to reset the hub to factory settings without losing paired devices."
    );
    assert_eq!(reset.tags, ["hub", "reset"]);
    assert_eq!(reset.keywords, ["factory reset", "wipe", "restore defaults"]);
    assert_eq!(reset.updated.as_deref(), Some("2026-03-14"));
    // Jekyll: tags as one string, a date-time cut to its day, no `# Title` in the body.
    let nvr = a("jekyll-nvr-storage");
    assert_eq!(nvr.tags, ["nvr", "storage"]);
    assert_eq!(nvr.updated.as_deref(), Some("2026-02-01"));
    assert_eq!(nvr.title, "NVR storage planning");
    // Hugo: lastmod wins over date.
    assert_eq!(a("hugo-printer-bed").updated.as_deref(), Some("2026-01-20"));
    assert_eq!(a("mkdocs-zigbee-channels").kind, app::model::ArticleKind::Guide);
    // Found by searching its keywords.
    let hits = site.search.search("wipe", None, 5).unwrap();
    assert_eq!(hits.hits.first().map(|h| h.slug.as_str()), Some("docusaurus-reset"));
    // Unlisted: served at its address, in no list and no search.
    assert_eq!(a("internal-notes").title, "Internal escalation contacts");
    assert!(!lib.summaries().iter().any(|s| s.slug == "internal-notes"));
    assert!(site.search.search("on-call engineer", None, 5).unwrap().hits.is_empty());
    // Folders are sections: Hugo's `_index.md` (front matter alone) and an `index.md` with text
    // title them; index pages are not articles.
    let trail = |slug: &str| -> Vec<(String, String)> {
        a(slug)
            .section
            .iter()
            .map(|l| (l.path.clone(), l.title.clone()))
            .collect()
    };
    assert_eq!(
        trail("hugo-printer-bed"),
        [("printers".to_string(), "3D printers".to_string())]
    );
    assert_eq!(
        trail("mkdocs-zigbee-channels"),
        [("zigbee".to_string(), "Zigbee networks".to_string())]
    );
    assert!(lib.article("index").is_none() && lib.article("_index").is_none());
    let zigbee = lib.section_page("zigbee", 1).unwrap();
    assert!(zigbee.intro.html.as_str().contains("Channel planning"), "{zigbee:?}");
    assert!(
        zigbee
            .intro
            .html
            .as_str()
            .contains("<span class=\"hl-c\"># away from Wi-Fi"),
        "{zigbee:?}"
    );
    assert_eq!(zigbee.items.len(), 1);
    assert_eq!(lib.sections()["printers"].count, 1);
    // The content folder's own index page introduces the home page.
    assert!(
        lib.overview().intro.html.as_str().contains("Guides for the hub"),
        "{:?}",
        lib.overview().intro
    );
}
