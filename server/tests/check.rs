//! `fixpath check` run as a command over fixture folders, one per kind of mistake, each with the
//! exact output a writer sees (`expected.txt`). `FIXPATH_BLESS=1 cargo test` rewrites them after a
//! deliberate change to the messages; review the diff before committing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check")
}

/// Runs `fixpath ARGS` in `dir`.
fn fixpath_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fixpath"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("fixpath runs")
}

/// Runs `fixpath check CASE/content` from the fixtures folder, so paths in the output are short.
fn fixpath_check(case: &str, extra: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fixpath"));
    cmd.current_dir(fixtures())
        .arg("check")
        .arg(format!("{case}/content"))
        .arg("--public")
        .arg(format!("{case}/public"))
        .args(extra)
        .env_remove("NO_COLOR");
    cmd.output().expect("fixpath runs")
}

/// The fixtures whose problems are all warnings: `fixpath check` passes them (exit 0). Every
/// other fixture holds an error and must fail (exit 1). Written here, not read from the blessed
/// output, so blessing a wrong output cannot also bless a wrong exit status.
const PASSING: &[&str] = &[
    "branch-keywords-unknown-id",
    "clean",
    "empty-section",
    "front-matter-unknown-key",
    "link-to-draft",
    "old-addresses",
];

#[test]
fn every_fixture_gives_its_expected_output_and_exit_status() {
    let bless = std::env::var_os("FIXPATH_BLESS").is_some();
    let mut cases: Vec<String> = std::fs::read_dir(fixtures())
        .expect("fixtures folder")
        .filter_map(std::result::Result::ok)
        .filter(|e| e.path().join("content").is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    assert!(cases.len() >= 20, "fixtures missing: {cases:?}");
    for name in PASSING {
        assert!(
            cases.iter().any(|c| c == name),
            "PASSING names a missing fixture: {name}"
        );
    }
    let mut failures = Vec::new();
    for case in &cases {
        let out = fixpath_check(case, &["--color", "never"]);
        let stdout = String::from_utf8(out.stdout).expect("output is UTF-8");
        let expected_file = fixtures().join(case).join("expected.txt");
        if bless {
            std::fs::write(&expected_file, &stdout).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_file)
            .unwrap_or_else(|_| panic!("{case}: no expected.txt (run with FIXPATH_BLESS=1)"));
        if stdout != expected {
            failures.push(format!("── {case}: expected ──\n{expected}── got ──\n{stdout}"));
        }
        let want = i32::from(!PASSING.contains(&case.as_str()));
        if out.status.code() != Some(want) {
            failures.push(format!("{case}: exit status {:?}, expected {want}", out.status.code()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_clean_folder_passes_and_the_bundled_content_is_clean() {
    let out = fixpath_check("clean", &[]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "checked 2 files: no problems\n");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = fixpath_in(&repo, &["check", "content"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn json_output_carries_every_field_for_editors() {
    let out = fixpath_check("broken-anchor", &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v["files"], 2);
    assert_eq!(v["errors"], 2);
    assert_eq!(v["warnings"], 0);
    let first = &v["diagnostics"][0];
    assert_eq!(first["path"], "broken-anchor/content/camera-offline.md");
    assert_eq!(first["severity"], "error");
    assert!(first["line"].as_u64().unwrap() > 1);
    assert!(first["col"].as_u64().unwrap() > 1);
    assert!(first["message"].as_str().unwrap().contains("#fix-camera-lost-pwr"));
    assert_eq!(first["hint"], "did you mean `#fix-camera-lost-power`?");
    // Same diagnostics as the human format, in the same order.
    let human = String::from_utf8(fixpath_check("broken-anchor", &["--color", "never"]).stdout).unwrap();
    for d in v["diagnostics"].as_array().unwrap() {
        let head = format!(
            "{}:{}:{}: error: {}",
            d["path"].as_str().unwrap(),
            d["line"],
            d["col"],
            d["message"].as_str().unwrap()
        );
        assert!(human.contains(&head), "{head} not in\n{human}");
    }
}

#[test]
fn json_output_with_warnings_only_exits_0_and_leaves_out_missing_hints() {
    let out = fixpath_check("empty-section", &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "warnings alone do not fail");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!((v["errors"].as_u64(), v["warnings"].as_u64()), (Some(0), Some(3)));
    let d = v["diagnostics"].as_array().unwrap();
    assert!(d.iter().all(|d| d["severity"] == "warning"));
    let background = d
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("Background"))
        .unwrap();
    assert!(background.get("hint").is_none(), "no empty hint: {background}");
    assert_eq!(d[0]["hint"], "list how the user can tell it works");
}

#[test]
fn colour_is_used_only_when_asked_or_on_a_terminal() {
    let plain = fixpath_check("cause-without-fix", &[]);
    assert!(!String::from_utf8_lossy(&plain.stdout).contains('\x1b'));
    let coloured = fixpath_check("cause-without-fix", &["--color", "always"]);
    assert!(String::from_utf8_lossy(&coloured.stdout).contains("\x1b[1;31merror"));
}

#[test]
fn tree_prints_the_decision_tree_as_an_outline() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = fixpath_in(&repo, &["check", "content", "--tree", "firmware-flash-failed"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "Firmware flash failed  (content/firmware-flash-failed.md)");
    let pos = |needle: &str| {
        lines
            .iter()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle:?} not in\n{text}"))
    };
    // The flow in reading order: question, the four causes with their fixes, fallbacks, last
    // resort, verify, escalate.
    let order = [
        pos("Which of these matches?"),
        pos("1. Not enough free space"),
        pos("If space ran out: 3 steps  /articles/firmware-flash-failed/fix/space/1"),
        pos("2. Power lost during flashing"),
        pos("4. Wrong firmware package"),
        pos("None of these → last resort"),
        pos("Last resort: SD card reflash: 3 steps"),
        pos("Verify: 3 checks"),
        pos("If none of this worked: 4 steps"),
    ];
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}\n{text}");
    assert!(text.contains("Did that work?  yes → verify   no → cause 2"));
    assert!(text.contains("[hash checker]"), "steps with a checker are marked");
    let missing = fixpath_in(&repo, &["check", "content", "--tree", "firmware-flash-faild"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("firmware-flash-failed"));
}

#[test]
fn a_folder_that_cannot_be_read_exits_2_and_a_missing_public_folder_is_said() {
    let out = fixpath_in(
        &fixtures(),
        &["check", "no-such-folder", "--public", "missing-image/public"],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot read the content folder no-such-folder"), "{err}");

    // With no public folder the image check cannot run: the writer is told, not left to believe
    // every image exists.
    let out = fixpath_in(
        &fixtures(),
        &[
            "check",
            "missing-image/content",
            "--public",
            "missing-image/no-public-here",
        ],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("images are not checked"), "{err}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("does not exist"));
}

#[test]
fn tree_of_an_article_that_does_not_load_prints_its_errors() {
    let out = fixpath_in(
        &fixtures(),
        &["check", "missing-symptom/content", "--tree", "camera-offline"],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no article"), "{err}");
    assert!(err.contains("error: no `## Symptom` section"), "{err}");
}

#[test]
fn carets_stay_under_the_mistake_on_lines_with_tabs() {
    let dir = tempfile::tempdir().unwrap();
    let clean = std::fs::read_to_string(fixtures().join("clean/content/camera-offline.md")).unwrap();
    let text = clean.replace(
        "1. Reseat the cable at both ends.",
        "1.\tReseat it,\tsee [the cable guide](nowhere.md).",
    );
    assert_ne!(text, clean);
    std::fs::write(dir.path().join("camera-offline.md"), text).unwrap();
    let out = fixpath_in(dir.path(), &["check", ".", "--color", "never"]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    let source = lines
        .iter()
        .position(|l| l.contains("[the cable guide]"))
        .expect(&stdout);
    let bracket = lines[source].find('[').unwrap();
    let caret = lines[source + 1].find('^').expect(&stdout);
    assert_eq!(caret, bracket, "carets under the link:\n{stdout}");
    assert!(!lines[source].contains('\t'));
}

#[test]
fn check_never_prints_or_waits_on_what_a_link_or_fifo_points_to() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir(&content).unwrap();
    std::os::unix::fs::symlink("/proc/self/environ", content.join("env.md")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", content.join("passwd.md")).unwrap();
    let made = Command::new("mkfifo")
        .arg(content.join("pipe.md"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let mut child = Command::new(env!("CARGO_BIN_EXE_fixpath"))
        .current_dir(dir.path())
        .args(["check", "content", "--color", "never"])
        .env("FIXPATH_SECRET_MARKER", "do-not-print-me")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("fixpath runs");
    let started = std::time::Instant::now();
    while child.try_wait().expect("wait").is_none() {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "check hangs on a FIFO"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = child.wait_with_output().expect("output");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("content/env.md:1:1: error: a link to a file outside the content folder"),
        "{stdout}"
    );
    assert!(
        stdout.contains("content/pipe.md:1:1: error: this is not a regular file"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("do-not-print-me") && !stdout.contains("root:"),
        "{stdout}"
    );
}

#[test]
fn check_output_carries_no_terminal_escapes_from_names_or_contents() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir(&content).unwrap();
    // A file name and a heading that would recolour the terminal and move its cursor.
    std::fs::write(
        content.join("evil\u{1b}[2J\u{1b}[31m.md"),
        "# T\n\n## Symptom\n\nX.\n\n## Causes\n\n- A.\n- \u{1b}]0;pwned\u{7}B\u{1b}[1m.\n\n## Fix\n\n### If a\n\n- x\n",
    )
    .unwrap();
    for format in ["human", "json"] {
        let out = fixpath_in(
            dir.path(),
            &["check", "content", "--color", "never", "--format", format],
        );
        assert_eq!(out.status.code(), Some(1));
        assert!(
            !out.stdout.contains(&0x1b),
            "{format}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(!out.stdout.contains(&0x07), "{format}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("pwned"),
            "{format}: the message quoting the cause is there, escaped"
        );
        if format == "human" {
            assert!(
                String::from_utf8_lossy(&out.stdout).contains("evil\\u{1b}[2J"),
                "escaped, still recognisable"
            );
        }
    }
}

#[test]
fn check_says_which_kind_each_file_is_and_outlines_plain_pages() {
    let dir = crate::support::repo_path("content");
    let out = fixpath_in(dir.parent().unwrap(), &["check", "content", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let kind_of = |slug: &str| {
        v["pages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["slug"] == slug)
            .map(|p| {
                (
                    p["path"].as_str().unwrap().to_string(),
                    p["kind"].as_str().unwrap().to_string(),
                )
            })
    };
    assert_eq!(
        kind_of("firmware-flash-failed"),
        Some(("content/firmware-flash-failed.md".into(), "tree".into()))
    );
    assert_eq!(kind_of("firmware-recovery-playbook").map(|k| k.1), Some("guide".into()));
    assert_eq!(kind_of("firmware-update-faq").map(|k| k.1), Some("faq".into()));
    assert_eq!(
        kind_of("led-patterns-and-error-codes").map(|k| k.1),
        Some("reference".into())
    );
    let tree = fixpath_in(
        dir.parent().unwrap(),
        &["check", "content", "--tree", "firmware-recovery-playbook"],
    );
    let text = String::from_utf8(tree.stdout).unwrap();
    assert!(
        text.contains("│ A guide page, not a decision tree: /articles/firmware-recovery-playbook"),
        "{text}"
    );
    assert!(text.contains("│  │  ├─ What to collect  #what-to-collect"), "{text}");
}
