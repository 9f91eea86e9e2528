//! The parser against the seed article and small articles written to show one rule each.

use super::super::front_matter::is_iso_date;
use super::causes::cause_id;
use super::*;
use crate::content::Severity;

const SEED: &str = include_str!("../../../../content/firmware-flash-failed.md");

fn ok(text: &str) -> Parsed {
    match parse(Path::new("t.md"), "t", text) {
        Ok(p) => p,
        Err(e) => panic!("{e:#?}"),
    }
}

fn errors(text: &str) -> Vec<String> {
    parse(Path::new("t.md"), "t", text)
        .err()
        .unwrap_or_default()
        .iter()
        .map(std::string::ToString::to_string)
        .collect()
}

#[test]
fn seed_article_gives_the_expected_tree() {
    let p = ok(SEED);
    let a = &p.article;
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    assert_eq!(a.title, "Firmware flash failed");
    assert_eq!(a.tags, ["firmware", "gateway", "camera"]);
    assert_eq!(a.updated.as_deref(), Some("2026-10-14"));
    assert!(
        a.summary.starts_with("A firmware update aborted partway through."),
        "{}",
        a.summary
    );
    let shape: Vec<(&str, &str, usize)> = a
        .causes
        .iter()
        .map(|c| (c.id.as_str(), c.fix.title.as_str(), c.fix.steps.len()))
        .collect();
    assert_eq!(
        shape,
        [
            ("space", "If space ran out", 3),
            ("power", "If power was lost", 3),
            ("checksum", "If the checksum is wrong", 2),
            ("hardware", "If the package is for the wrong hardware", 3),
        ]
    );
    assert_eq!(
        a.causes[2].label.text,
        "Firmware image checksum does not match — the download was truncated or corrupted."
    );
    assert_eq!(
        a.causes[0].fix.steps[1].text,
        "Clear log partitions, old firmware backups, or uploaded snapshots."
    );
    assert!(a.causes[2].fix.steps[1]
        .html
        .as_str()
        .contains("<code>curl</code> or <code>wget</code>"));
    let lr = a.last_resort.as_ref().expect("last resort");
    assert_eq!(lr.title, "Last resort: SD card reflash");
    assert_eq!(lr.steps.len(), 3);
    assert!(lr.intro.text.starts_with("If recovery fails"));
    assert!(lr.steps[0].html.as_str().contains("<code>dd</code>"));
    assert_eq!(a.verify.as_ref().map(|v| v.steps.len()), Some(3));
    assert_eq!(a.escalate.as_ref().map(|v| v.steps.len()), Some(4));
    let see = a.see_also.as_ref().expect("see also");
    assert!(see
        .body
        .html
        .as_str()
        .contains("href=\"/articles/gateway-will-not-pair\""));
    assert_eq!(
        p.links,
        [
            ArticleLink {
                slug: "firmware-recovery-playbook".into(),
                anchor: None,
                line: 92,
                col: 90
            },
            ArticleLink {
                slug: "gateway-will-not-pair".into(),
                anchor: None,
                line: 96,
                col: 3
            }
        ]
    );
}

#[test]
fn seed_article_places_hash_checkers_with_its_images() {
    let a = ok(SEED).article;
    let files: Vec<&str> = a.firmware.iter().map(|i| i.file.as_str()).collect();
    assert_eq!(
        files,
        ["nova-g2-revA-2.4.1.bin", "nova-g2-revB-2.4.1.bin", "nova-c4-3.1.0.bin"]
    );
    assert_eq!(a.firmware[0].hardware.as_deref(), Some("Nova Gateway G2 rev A"));
    assert_eq!(a.firmware[0].digests.len(), 2);
    let checksum = a.cause("checksum").expect("checksum cause");
    let block = checksum.fix.steps[0]
        .checker
        .as_ref()
        .expect("a checker in the checksum fix");
    assert_eq!(block.expected.len(), 3, "an empty block checks against every image");
    assert!(block.others.is_empty());
    assert!(
        !checksum.fix.steps[0].html.as_str().contains("verify"),
        "the block is not shown as code"
    );
    let hardware = a.cause("hardware").expect("hardware cause");
    let block = hardware.fix.steps[1]
        .checker
        .as_ref()
        .expect("a checker in the hardware fix");
    assert_eq!(
        block.expected.iter().map(|i| i.file.as_str()).collect::<Vec<_>>(),
        ["nova-g2-revB-2.4.1.bin"]
    );
    assert_eq!(block.others.len(), 2);
    assert!(a.causes[0].fix.steps.iter().all(|s| s.checker.is_none()));
}

#[test]
fn verify_blocks_naming_unknown_images_are_errors_on_their_line() {
    let text = "---\nfirmware:\n  - file: a.bin\n    sha256: ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n---\n# T\n\n## Symptom\nS.\n\n## Causes\n- C.\n\n## Fix\n### If C\n- Step.\n\n  ```verify\n  b.bin\n  a.bin\n  ```\n";
    assert_eq!(
        errors(text),
        ["t.md:18:3: error: the `verify` block names `b.bin`, which is not in this article's `firmware:` list: known images: a.bin"]
    );
    let no_images = "# T\n\n## Symptom\nS.\n\n## Causes\n- C.\n\n## Fix\n### If C\n```verify\nfw.bin\n```\n";
    let e = errors(no_images);
    assert!(
        e.len() == 1 && e[0].starts_with("t.md:11:1: error:") && e[0].contains("lists no `firmware:` images"),
        "{e:?}"
    );
    let empty_ok = ok("# T\n\n## Symptom\nS.\n\n## Causes\n- C.\n\n## Fix\n### If C\n```verify\n```\n");
    let block = empty_ok.article.causes[0]
        .fix
        .intro
        .checker
        .as_ref()
        .or(empty_ok.article.causes[0]
            .fix
            .steps
            .first()
            .and_then(|s| s.checker.as_ref()));
    assert!(
        block.is_some_and(|b| b.expected.is_empty()),
        "an empty block with no images still checks pasted hashes"
    );
}

#[test]
fn a_utf16_file_is_named_as_such() {
    let text = "# T\n\n## Symptom\nS.\n";
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let latin1 = b"# Caf\xe9\n".to_vec();
    let hint = |bytes: &[u8]| {
        parse_bytes(Path::new("t.md"), "t", bytes)
            .err()
            .and_then(|d| d[0].hint.clone())
            .unwrap_or_default()
    };
    assert!(hint(&utf16).contains("UTF-16"), "{}", hint(&utf16));
    assert!(hint(&utf16[2..]).contains("UTF-16"), "without a byte-order mark too");
    assert!(hint(&latin1).contains("Latin-1"), "{}", hint(&latin1));
}

#[test]
fn updated_must_be_a_real_day() {
    for good in ["2026-10-14", "2024-02-29", "1999-12-31"] {
        assert!(is_iso_date(good), "{good}");
    }
    for bad in [
        "2026-02-29",
        "2026-04-31",
        "2026-13-01",
        "2026-00-10",
        "2026-1-14",
        "14.10.2026",
        "2026-10-1x",
    ] {
        assert!(!is_iso_date(bad), "{bad}");
    }
}

#[test]
fn verify_blocks_may_name_images_on_the_fence_line() {
    let head = "---\nfirmware:\n  - file: a.bin\n    sha256: ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n  - file: b.bin\n    sha256: ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n---\n# T\n\n## Symptom\nS.\n\n## Causes\n- C.\n\n## Fix\n### If C\n- Step.\n\n";
    let a = ok(&format!("{head}  ```verify b.bin\n  ```\n")).article;
    let block = a.causes[0].fix.steps[0].checker.as_ref().expect("a checker");
    assert_eq!(
        block.expected.iter().map(|i| i.file.as_str()).collect::<Vec<_>>(),
        ["b.bin"]
    );
    assert_eq!(block.others.len(), 1);
    assert_eq!(
        errors(&format!("{head}  ```verify a.bin, c.bin\n  ```\n")),
        ["t.md:20:3: error: the `verify` block names `c.bin`, which is not in this article's `firmware:` list: known images: a.bin, b.bin"]
    );
}

#[test]
fn every_heading_synonym_is_recognised() {
    for (symptom, causes, fix, verify, escalate, related) in [
        (
            "Symptom",
            "Likely causes",
            "Fix",
            "Verify",
            "If none of this worked",
            "See also",
        ),
        (
            "Symptoms",
            "Possible causes",
            "Fixes",
            "Verification",
            "Escalation",
            "Related",
        ),
        (
            "Problem",
            "Causes",
            "Solution",
            "Check that it worked",
            "Escalate",
            "Related articles",
        ),
        (
            "Symptom",
            "Causes",
            "Solutions",
            "Verify",
            "Still not working",
            "See also",
        ),
        (
            "Symptom",
            "Causes",
            "Resolution",
            "Verify",
            "If nothing worked",
            "See also",
        ),
    ] {
        let text = format!(
            "# T\n\n## {symptom}\n\nBroken.\n\n## {causes}\n\n- One.\n- Two.\n\n## {fix}\n\n### When one\n\n- Do one.\n\n### Cause: two\n\n- Do two.\n\n## Last resort: reset\n\n- Reset.\n\n## {verify}\n\n- Works.\n\n## {escalate}\n\n- Call.\n\n## {related}\n\n- [x](x.md)\n"
        );
        let a = ok(&text).article;
        assert_eq!(a.symptom.text, "Broken.", "{symptom}");
        assert_eq!(a.causes.len(), 2, "{causes}/{fix}");
        assert_eq!(a.causes[0].id, "one");
        assert_eq!(a.causes[1].id, "two");
        assert!(a.last_resort.is_some());
        assert!(a.verify.is_some(), "{verify}");
        assert!(a.escalate.is_some(), "{escalate}");
        assert!(a.see_also.is_some(), "{related}");
        assert!(a.extra.is_empty(), "{:?}", a.extra);
    }
}

#[test]
fn explicit_ids_win_and_the_rest_pair_by_order() {
    let text = "# T\n\n## Symptom\n\nX.\n\n## Causes\n\n- A.\n- [B.](#b)\n- C.\n\n## Fix\n\n### If b {#b}\n\n- Fix b.\n\n### If a\n\n- Fix a.\n\n### If c\n\n- Fix c.\n";
    let a = ok(text).article;
    let pairs: Vec<(&str, &str)> = a
        .causes
        .iter()
        .map(|c| (c.label.text.as_str(), c.fix.steps[0].text.as_str()))
        .collect();
    assert_eq!(pairs, [("A.", "Fix a."), ("B.", "Fix b."), ("C.", "Fix c.")]);
    assert_eq!(a.causes[1].id, "b");
}

#[test]
fn fixes_without_lists_become_one_step_and_text_after_the_list_is_kept() {
    let a = ok(include_str!("../../../tests/fixtures/synonyms/synonyms.md")).article;
    assert_eq!(a.causes[1].fix.steps.len(), 1);
    assert_eq!(a.causes[1].fix.steps[0].text, "Just one paragraph, no list.");
    assert_eq!(a.causes[2].id, "third");
    assert_eq!(a.causes[2].fix.outro.text, "More notes after the list.");
    assert_eq!(a.causes[0].fix.steps.len(), 2);
    assert_eq!(a.tags, ["test"]);
    assert_eq!(a.extra.len(), 1);
    assert_eq!(a.extra[0].title, "LED codes");
    assert!(a.extra[0].body.html.as_str().contains("<table>"));
}

#[test]
fn nothing_the_writer_wrote_is_dropped() {
    let text = "# T\n\nIntro para.\n\n## Symptom\n\nX.\n\n> A note.\n\n## Causes\n\nThese are common.\n\n- A.\n\n## Fix\n\nBefore you start, unplug it.\n\n### If a\n\nSome intro.\n\n```\ncode here\n```\n\n- Step.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n## Background\n\nHistory.\n";
    let a = ok(text).article;
    assert_eq!(a.intro.text, "Intro para.");
    assert!(a.symptom.html.as_str().contains("<blockquote>"));
    let extra: Vec<&str> = a.extra.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(extra, ["About the causes", "Before you start", "Background"]);
    let fix = &a.causes[0].fix;
    assert!(fix.intro.html.as_str().contains("code here"));
    assert!(fix.outro.html.as_str().contains("<table>"));
}

#[test]
fn broken_articles_report_the_right_line() {
    let e = errors("# T\n\n## Causes\n\n- A.\n\n## Fix\n\n### If a\n\n- x\n");
    assert_eq!(
        e,
        ["t.md:1:1: error: no `## Symptom` section: describe what the user sees under a `## Symptom` heading"]
    );
    let e = errors("# T\n\n## Symptom\n\nX.\n\n## Causes\n\n- A.\n\n## Fix\n\n- not a subsection\n");
    assert_eq!(e.len(), 2, "{e:?}");
    // In file order, each with its hint.
    assert!(
        e[0].starts_with("t.md:9:1: error: cause “A.” has no matching fix: add a `### If …`"),
        "{e:?}"
    );
    assert!(
        e[1].starts_with("t.md:11:1: error: `## Fix` has no subsections: add one"),
        "{e:?}"
    );
    let e = errors("# T\n\n## Symptom\n\nX.\n\n## Symptom\n\nY.\n\n## Causes\n\n- A.\n\n## Fix\n\n### If a\n\n- x\n");
    assert_eq!(
        e,
        ["t.md:7:1: error: a second ## Symptom section (the first is on line 3): merge them"]
    );
}

#[test]
fn unknown_front_matter_keys_warn_but_publish() {
    let p = ok("---\ntittle: X\n---\n# T\n\n## Symptom\n\nX.\n\n## Causes\n\n- A.\n\n## Fix\n\n### If a\n\n- x\n");
    assert_eq!(p.problems.len(), 1);
    assert!(p.problems[0]
        .to_string()
        .starts_with("t.md:2:1: warning: unknown front-matter key `tittle`: did you mean `title`?"));
}

#[test]
fn a_link_to_a_missing_anchor_stays_an_error_while_the_article_is_published() {
    let p = ok("# T\n\n## Symptom\n\nSee [the fix](#fix-nope).\n\n## Causes\n\n- A.\n\n## Fix\n\n### If a\n\n- x\n");
    assert_eq!(p.problems.len(), 1, "{:?}", p.problems);
    assert_eq!(p.problems[0].severity, Severity::Error);
    assert!(
        p.problems[0]
            .to_string()
            .starts_with("t.md:5:5: error: link to `#fix-nope`"),
        "{}",
        p.problems[0]
    );
}

#[test]
fn derived_cause_ids_are_short_and_unique() {
    assert_eq!(cause_id("If the checksum is wrong"), "checksum-is-wrong");
    assert_eq!(cause_id("When the port is off"), "port-is-off");
    assert_eq!(cause_id("Cause: DNS"), "dns");
    let a = ok(
        "# T\n\n## Symptom\n\nX.\n\n## Causes\n\n- A.\n- B.\n\n## Fix\n\n### If dns\n\n- x\n\n### When DNS\n\n- y\n",
    )
    .article;
    assert_eq!(
        a.causes.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
        ["dns", "dns-2"]
    );
}

/// A valid article with `body` appended to its symptom.
fn with_symptom(body: &str) -> String {
    format!("# T\n\n## Symptom\n\n{body}\n\n## Likely causes\n\n- A\n\n## Fix\n\n### If A\n\n1. Do it.\n")
}

/// Parses `text` and returns how long it took. The bounds below are far above a linear parse
/// even in an unoptimised test build, and far below a quadratic one (which took minutes).
fn timed(text: &str) -> (Result<Parsed, Vec<Diagnostic>>, std::time::Duration) {
    let started = std::time::Instant::now();
    let r = parse(Path::new("t.md"), "t", text);
    (r, started.elapsed())
}

/// Diagnostics, one per line.
fn lines(d: &[Diagnostic]) -> String {
    d.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
}

/// The diagnostics of a parse that must have failed, one per line.
fn refusal(r: Result<Parsed, Vec<Diagnostic>>, what: &str) -> String {
    lines(&r.expect_err(what))
}

#[test]
fn one_long_line_parses_in_linear_time_and_a_dense_one_is_refused_fast() {
    // A megabyte of prose with some markup on one line: served.
    let prose = "a line of *prose* with a [link](b) and `code` in it; ".repeat(1024 * 1024 / 56);
    let (r, took) = timed(&with_symptom(&prose));
    assert!(r.is_ok(), "{:?}", r.err());
    assert!(took < std::time::Duration::from_secs(30), "a 1 MB line took {took:?}");
    // Four megabytes of nothing but markup: refused at the event budget, with its place.
    for unit in ["*a* _b_ **c** `d` ", "[[[[[[[[[[", "[a](b) <http://x> "] {
        let line = unit.repeat(4 * 1024 * 1024 / unit.len());
        let (r, took) = timed(&with_symptom(&line));
        let e = refusal(r, unit);
        assert!(
            e.contains("t.md:5:") && e.contains("more than 250000 Markdown elements"),
            "{e}"
        );
        assert!(took < std::time::Duration::from_secs(30), "{unit}: took {took:?}");
    }
}

#[test]
fn nesting_beyond_the_limit_is_refused_fast_with_its_place() {
    for deep in [
        "> ".repeat(65_000),
        "<div>".repeat(65_000),
        format!("<span>{}</span>", "<b><i>".repeat(60)),
    ] {
        let (r, took) = timed(&with_symptom(&deep));
        let e = refusal(r, "refused");
        assert!(
            e.contains("t.md:5:") && e.contains("nest more than 100 levels deep"),
            "{e}"
        );
        assert!(took < std::time::Duration::from_secs(10), "took {took:?}");
    }
    // Real structure stays well inside the limit: nested lists, tables, self-closing items.
    let list: String = (0..20).map(|i| format!("{}- level {i}\n", "  ".repeat(i))).collect();
    let items = format!("<ul>{}</ul>", "<li>item".repeat(500));
    let html = format!(
        "<div><table>{}</table></div><br><img src=\"/a.png\"><!-- note -->",
        "<tr><td>x".repeat(300)
    );
    for fine in [list, items, html] {
        assert!(parse(Path::new("t.md"), "t", &with_symptom(&fine)).is_ok(), "{fine}");
    }
}

#[test]
fn pages_without_tree_sections_are_plain_and_type_overrides() {
    use app::model::ArticleKind;
    let guide = ok("# Wiring\n\nIntro text.\n\n## Tools\n\nA screwdriver.\n\n## Steps\n\nTurn it.\n");
    assert_eq!(guide.article.kind, ArticleKind::Guide);
    assert_eq!(guide.article.summary, "Intro text.");
    assert!(guide.article.causes.is_empty());
    let titles: Vec<&str> = guide.article.extra.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["Tools", "Steps"]);
    // A page with any tree section is a tree, and a broken tree is an error, as before.
    let broken = errors("# T\n\n## Fix\n\nDo it.\n");
    assert!(
        broken.iter().any(|e| e.contains("no `## Symptom` section")),
        "{broken:?}"
    );
    // Questions only: an FAQ. One section that is no question: a guide.
    let faq = ok("# Q\n\n## Does it work?\n\nYes.\n\n## Is it safe?\n\nYes.\n");
    assert_eq!(faq.article.kind, ArticleKind::Faq);
    let mixed = ok("# Q\n\n## Does it work?\n\nYes.\n\n## Notes\n\nNone.\n");
    assert_eq!(mixed.article.kind, ArticleKind::Guide);
    // `type:` wins over the sections: an FAQ with a "Problem" and two "Solution" headings.
    let typed = ok("---\ntype: faq\n---\n# Q\n\n## Problem\n\nIt breaks.\n\n## Solution\n\nA.\n\n## Solution\n\nB.\n");
    assert_eq!(typed.article.kind, ArticleKind::Faq);
    let reference = ok("---\ntype: Reference\n---\n# Codes\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
    assert_eq!(reference.article.kind, ArticleKind::Reference);
    let forced = ok(
        "---\ntype: tree\n---\n# T\n\n## Symptom\n\nS.\n\n## Likely causes\n\n- A\n\n## Fix\n\n### If A\n\n1. Do.\n",
    );
    assert_eq!(forced.article.kind, ArticleKind::Tree);
    // An unknown type is a warning, and the sections decide.
    let unknown = ok("---\ntype: handbook\n---\n# H\n\n## Part\n\nText.\n");
    assert_eq!(unknown.article.kind, ArticleKind::Guide);
    let warning = lines(&unknown.problems);
    assert!(
        warning.contains("t.md:2:1: warning: unknown page type `handbook`"),
        "{warning}"
    );
    // A title and nothing else is an error.
    assert!(errors("# Empty\n").iter().any(|e| e.contains("the page has no text")));
}

#[test]
fn plain_sections_get_unique_stable_anchors_and_in_page_links_are_checked() {
    let p = ok("# Setup\n\n## Setup\n\nA [jump](#setup-3) and a [bad one](#nowhere).\n\n### Setup\n\nB.\n\n## Setup\n\nC.\n\n## Wi-Fi {#wifi}\n\nD.\n\n### Step 1: Power\n\nE.\n");
    let ids: Vec<(&str, u8)> = p.article.extra.iter().map(|s| (s.id.as_str(), s.level)).collect();
    assert_eq!(
        ids,
        [
            ("setup", 2),
            ("setup-2", 3),
            ("setup-3", 2),
            ("wifi", 2),
            ("step-1-power", 3)
        ]
    );
    let problems = lines(&p.problems);
    assert!(
        problems.contains("no such anchor") && problems.contains("#nowhere"),
        "{problems}"
    );
    assert!(!problems.contains("#setup-3`, but"), "{problems}");
    // The `###` body stays with its own heading.
    assert!(p.article.extra[1].body.text.contains('B'));
    assert!(!p.article.extra[0].body.text.contains('B'));
}

#[test]
fn mdx_and_template_syntax_is_reported_and_never_shown_raw() {
    let text = "---\ntitle: Tabs\n---\nimport Tabs from '@theme/Tabs';\n\n# Pairing\n\nIntro {% include note.html %} here.\n\n## Steps\n\n<Tabs>\n<TabItem value=\"app\">\n\nUse the app.\n\n</TabItem>\n</Tabs>\n\n{{< figure src=\"x.png\" >}}\n\n```js\nimport x from 'y';\n{% raw %}\n```\n";
    let p = match parse(Path::new("t.mdx"), "t", text) {
        Ok(p) => p,
        Err(e) => panic!("{e:#?}"),
    };
    let warnings = lines(&p.problems);
    for expected in [
        "t.mdx:4:1: warning: an MDX `import`/`export` line",
        "t.mdx:8:1: warning: a template tag (`{% include note.html %}`)",
        "t.mdx:12:1: warning: a JSX component tag (`<Tabs>`)",
        "t.mdx:13:1: warning: a JSX component tag (`<TabItem>`)",
        "t.mdx:17:1: warning: a JSX component tag (`</TabItem>`)",
        "t.mdx:20:1: warning: a template tag (`{{< figure src=\"x.png\" >}}`)",
    ] {
        assert!(warnings.contains(expected), "{expected} not in\n{warnings}");
    }
    let html: String = std::iter::once(p.article.intro.html.as_str())
        .chain(p.article.extra.iter().map(|s| s.body.html.as_str()))
        .collect();
    assert!(html.contains("Use the app."), "{html}");
    for raw in ["@theme/Tabs", "{% include", "{{<", "TabItem"] {
        assert!(!html.contains(raw), "{raw} shown in {html}");
    }
    // Code blocks keep what they show (highlighted, so the text is the one a reader copies).
    let text: String = std::iter::once(p.article.intro.text.as_str())
        .chain(p.article.extra.iter().map(|s| s.body.text.as_str()))
        .collect();
    assert!(
        text.contains("import x from 'y'") && text.contains("{% raw %}"),
        "{text}"
    );
    assert!(html.contains("<span class=\"hl-k\">import </span>"), "{html}");
    // In a plain `.md` file an `import` line is just text.
    let md = ok("# T\n\nimport this sentence.\n");
    assert!(md.article.intro.text.contains("import this sentence"));
}

#[test]
fn callouts_in_each_syntax_render_as_one_style() {
    let text = "# Callouts\n\n## GitHub\n\n> [!WARNING]\n> Do not unplug it.\n\n## Docusaurus\n\n:::tip[Save time]\nUse the **app**.\n\n- one\n- two\n:::\n\n::::note\n:::danger Inner\nHot.\n:::\n::::\n\n## MkDocs\n\n!!! important \"Read first\"\n    Back up your settings.\n\n    Then reset.\n\n??? note \"More detail\"\n    Hidden until opened.\n\n???+ info\n    Open from the start.\n\nAfter the callouts.\n\n> A plain quote stays a quote.\n";
    let p = ok(text);
    let html: String = p
        .article
        .extra
        .iter()
        .map(|s| s.body.html.as_str().replace('\n', ""))
        .collect();
    for expected in [
        "<div class=\"callout callout-warning\" role=\"note\"><p class=\"callout-title\">Warning</p>",
        "<p>Do not unplug it.</p>",
        "<div class=\"callout callout-tip\" role=\"note\"><p class=\"callout-title\">Save time</p><p>Use the <strong>app</strong>.</p>",
        "<li>two</li>",
        "<div class=\"callout callout-danger\" role=\"note\"><p class=\"callout-title\">Inner</p><p>Hot.</p></div>",
        "<div class=\"callout callout-important\" role=\"note\"><p class=\"callout-title\">Read first</p><p>Back up your settings.</p>",
        "<p>Then reset.</p>",
        "<details class=\"callout callout-note\"><summary class=\"callout-title\">More detail</summary><p>Hidden until opened.</p></details>",
        "<details class=\"callout callout-note\" open=\"\"><summary class=\"callout-title\">Note</summary><p>Open from the start.</p></details>",
        "<p>After the callouts.</p>",
        "<blockquote><p>A plain quote stays a quote.</p></blockquote>",
    ] {
        assert!(html.contains(expected), "{expected}\nnot in\n{html}");
    }
    for raw in [":::", "!!!", "???", "[!WARNING]", "fixpath-callout"] {
        assert!(!html.contains(raw), "{raw} shown in {html}");
    }
    assert!(p.problems.is_empty(), "{:?}", p.problems);
}

#[test]
fn codes_in_a_table_row_naming_one_cause_are_that_cause_s_keywords() {
    let p = ok(r#"---
branch_keywords: {clock: [wrong time]}
---
# Certificate warning

## Symptom

The browser warns.

## Causes

- [The device uses its built-in self-signed certificate.](#self-signed)
- [The device's clock is wrong.](#clock)
- [The certificate has expired.](#expired)

## Fix

### Self-signed {#self-signed}

- Install the device's certificate.

### Clock {#clock}

- Set the clock.

### Expired {#expired}

- Renew it.

## Error codes at a glance

| Error code | Browser | Usually means |
|---|---|---|
| `SEC_ERROR_UNKNOWN_ISSUER` | Firefox | Self-signed certificate or unknown issuer |
| NET::ERR_CERT_AUTHORITY_INVALID | Chrome | Self-signed certificate |
| `SEC_ERROR_EXPIRED_CERTIFICATE` | Firefox | Wrong clock or expired certificate |
| E1043 | All | Something nobody listed |
| 30 W | All | The clock of the device |
| 30W | All | The clock of the device |
| `admin` | All | The clock of the device |
| `ERR_CLOCK` | All | Clock is wrong |
"#);
    let k = &p.article.table_codes;
    // Both forms of a code cell (inline code, a bare token), in the table's order; a
    // namespaced code also alone.
    assert_eq!(
        k["self-signed"],
        [
            "SEC_ERROR_UNKNOWN_ISSUER",
            "NET::ERR_CERT_AUTHORITY_INVALID",
            "ERR_CERT_AUTHORITY_INVALID"
        ]
    );
    // A row naming two causes (clock, expired) or none gives nothing, and so does a cell that
    // is a measurement (`30 W`, `30W`) or a plain word in backticks; the writer's keywords are
    // kept apart.
    assert_eq!(k["clock"], ["ERR_CLOCK"]);
    assert!(!k.contains_key("expired"));
    assert_eq!(p.article.branch_keywords["clock"], ["wrong time"]);
    assert!(p.problems.is_empty(), "{:?}", p.problems);
}
