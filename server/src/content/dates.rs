//! When each article last changed, for articles whose front matter does not say: the date of the
//! last commit that touched the file, else the file's modification time.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// `YYYY-MM-DD` of the last change of each of `files` (all under `dir`).
pub(super) fn last_changed(dir: &Path, files: &[&Path]) -> HashMap<PathBuf, String> {
    let mut out = from_git(dir, files);
    for f in files {
        if out.contains_key(*f) {
            continue;
        }
        if let Some(date) = std::fs::metadata(f).and_then(|m| m.modified()).ok().and_then(iso_date) {
            out.insert(f.to_path_buf(), date);
        }
    }
    out
}

/// One `git log` over the whole folder (not one per file): newest commits come first, so the
/// first date seen for a path is its last change. Files with uncommitted edits are left to the
/// modification time, which is newer. Any failure (no git, not a repository) gives an empty map.
fn from_git(dir: &Path, files: &[&Path]) -> HashMap<PathBuf, String> {
    let mut out = HashMap::new();
    let Ok(dir_abs) = dir.canonicalize() else { return out };
    let run = |args: &[&str]| -> Option<String> {
        // The folder may come from a pull request: its repository's own configuration must not
        // run anything (`core.fsmonitor` names a program `git status` would start, hooks too),
        // and nothing from this process's environment steers git elsewhere.
        let o = Command::new("git")
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("GIT_OPTIONAL_LOCKS", "0")
            .args([
                "-c",
                "core.fsmonitor=false",
                "-c",
                "core.hooksPath=/dev/null",
                "-c",
                "core.untrackedCache=false",
            ])
            .arg("-C")
            .arg(&dir_abs)
            .args(args)
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .ok()?;
        o.status
            .success()
            .then(|| String::from_utf8_lossy(&o.stdout).into_owned())
    };
    let Some(top) = run(&["rev-parse", "--show-toplevel"]) else {
        return out;
    };
    let top = PathBuf::from(top.trim());
    // Edited and untracked files, from plumbing that compares the index's stat data and never
    // re-reads contents: `git status` would run the clean filters a repository configures.
    let edited = run(&["diff-files", "--name-only", "-z", "--", "."]).unwrap_or_default();
    let untracked = run(&[
        "ls-files",
        "--others",
        "--exclude-standard",
        "--full-name",
        "-z",
        "--",
        ".",
    ])
    .unwrap_or_default();
    let dirty: std::collections::HashSet<PathBuf> = edited
        .split('\0')
        .chain(untracked.split('\0'))
        .filter(|e| !e.is_empty())
        .map(|e| top.join(e))
        .collect();
    // Files with uncommitted edits (the usual case for a save in watch mode) need no history.
    let wanted: HashMap<PathBuf, &Path> = files
        .iter()
        .filter_map(|f| f.canonicalize().ok().map(|abs| (abs, *f)))
        .filter(|(abs, _)| !dirty.contains(abs))
        .collect();
    if wanted.is_empty() {
        return out;
    }
    let mut args: Vec<String> = ["log", "--format=%x1e%cs", "--name-only", "--no-renames", "-z", "--"]
        .map(String::from)
        .to_vec();
    // A few files (a checkout or pull in watch mode): name them, git skips the rest of each
    // commit. Many: the whole folder, one pass.
    if wanted.len() <= 64 {
        args.extend(
            wanted
                .keys()
                .map(|abs| format!(":(top,literal){}", abs.strip_prefix(&top).unwrap_or(abs).display())),
        );
    } else {
        args.push(".".into());
    }
    let Some(log) = run(&args.iter().map(String::as_str).collect::<Vec<_>>()) else {
        return out;
    };
    for commit in log.split('\u{1e}').filter(|c| !c.trim().is_empty()) {
        let mut parts = commit.split(['\n', '\0']).filter(|p| !p.is_empty());
        let Some(date) = parts.next() else { continue };
        for name in parts {
            let abs = top.join(name);
            if let Some(original) = wanted.get(&abs) {
                out.entry(original.to_path_buf()).or_insert_with(|| date.to_string());
            }
        }
    }
    out
}

fn iso_date(t: std::time::SystemTime) -> Option<String> {
    let d = time::OffsetDateTime::from(t).date();
    Some(format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repositorys_fsmonitor_never_runs() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path();
        let git = |args: &[&str]| {
            Command::new("git")
                .current_dir(repo)
                .args(args)
                .output()
                .expect("git runs")
        };
        git(&["init", "-q"]);
        let marker = repo.join("ran");
        let hook = repo.join("hook.sh");
        std::fs::write(&hook, format!("#!/bin/sh\ntouch '{}'\n", marker.display())).unwrap();
        std::fs::set_permissions(&hook, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
        git(&["config", "core.fsmonitor", &hook.display().to_string()]);
        let article = repo.join("a.md");
        std::fs::write(&article, "x").unwrap();
        // Plain git runs the hook: the test can tell.
        git(&["status", "--porcelain"]);
        assert!(
            marker.exists(),
            "this git runs core.fsmonitor, so the test below means something"
        );
        std::fs::remove_file(&marker).unwrap();
        let dates = last_changed(repo, &[article.as_path()]);
        assert!(dates.contains_key(&article), "the file is still dated");
        assert!(
            !marker.exists(),
            "loading the folder ran the repository's fsmonitor command"
        );

        // A clean filter is a program too: `git status` runs it on an edited file.
        git(&["config", "--unset", "core.fsmonitor"]);
        git(&["config", "filter.evil.clean", &format!("{} && cat", hook.display())]);
        std::fs::write(repo.join(".gitattributes"), "*.md filter=evil\n").unwrap();
        git(&["-c", "user.name=t", "-c", "user.email=t@t", "add", "."]);
        git(&["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"]);
        let _ = std::fs::remove_file(&marker);
        // Same size, new time: only hashing the content tells git whether it changed.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&article, "y").unwrap();
        git(&["status", "--porcelain"]);
        assert!(marker.exists(), "this git runs clean filters on status");
        std::fs::remove_file(&marker).unwrap();
        let dates = last_changed(repo, &[article.as_path()]);
        assert!(dates.contains_key(&article));
        assert!(!marker.exists(), "loading the folder ran the repository's clean filter");
    }

    #[test]
    fn modification_time_is_the_fallback_outside_git() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.md");
        std::fs::write(&f, "x").unwrap();
        let when = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
        std::fs::File::options()
            .write(true)
            .open(&f)
            .unwrap()
            .set_modified(when)
            .unwrap();
        let got = last_changed(dir.path(), &[f.as_path()]);
        assert_eq!(got.get(&f).map(String::as_str), Some("2023-11-14"));
    }
}
