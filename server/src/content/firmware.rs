//! The `firmware:` front-matter list (known images and their published hashes) and the
//! ```` ```verify ```` blocks that place a hash checker in an article.
//!
//! ```yaml
//! firmware:
//!   - file: nova-g2-revB-2.4.1.bin
//!     version: 2.4.1
//!     hardware: Nova Gateway G2 rev B
//!     sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
//! ```
//! Each image needs a `file` and at least one of `sha256`, `sha512`, `sha1`, `md5`; hashes must
//! be hex of the algorithm's exact length (any case). A `verify` block lists image file names,
//! one per line, or nothing for all of the article's images.

use super::Diagnostic;
use app::firmware::{parse_hash, Algorithm, HashError};
use app::model::{Article, Digest, FirmwareCheck, FirmwareImage};
use serde_yaml_ng::Value;
use std::collections::HashSet;
use std::path::Path;

/// The images read from `firmware:`, the problems found, and the file names of the images left
/// out because of them (so a `verify` block naming one is not reported a second time).
#[derive(Debug, Default)]
pub struct Images {
    /// The valid images.
    pub images: Vec<FirmwareImage>,
    /// Everything wrong, errors and warnings.
    pub problems: Vec<Diagnostic>,
    /// Files of images left out with an error.
    pub rejected: Vec<String>,
    /// The file line of each valid image's `file:`, in the order of `images`.
    pub lines: Vec<u32>,
}

/// Longest `purpose:` kept; a longer one is shortened with a warning (the log is a table).
pub const MAX_PURPOSE_CHARS: usize = 300;

/// Where the `firmware:` list is written in the front matter, so each problem is reported on
/// the line of the item it is about. One pass over the lines; every lookup after it stays within
/// one item, so the cost is linear in the size of the list.
struct Layout<'a> {
    lines: Vec<&'a str>,
    /// Each block-style list item: its first line and the line after its last (0-based).
    items: Vec<(usize, usize)>,
    /// The file line of `firmware:` itself.
    key_line: u32,
}

impl<'a> Layout<'a> {
    fn of(yaml: &'a str) -> Layout<'a> {
        let lines: Vec<&str> = yaml.lines().collect();
        // `key_line` counts file lines, which start one before the YAML's first.
        let key_line = super::front_matter::key_line(yaml, "firmware");
        let key = key_line.map(|l| l as usize - 2);
        let mut items: Vec<(usize, usize)> = Vec::new();
        let mut item_indent = None;
        let mut end = lines.len();
        for (i, line) in lines.iter().enumerate().skip(key.map_or(lines.len(), |k| k + 1)) {
            let body = line.trim_start();
            if body.is_empty() || body.starts_with('#') {
                continue;
            }
            let indent = line.len() - body.len();
            let is_item = body == "-" || body.starts_with("- ");
            if indent == 0 && !is_item {
                end = i;
                break;
            }
            if is_item && item_indent.is_none_or(|at| at == indent) {
                item_indent = Some(indent);
                if let Some(last) = items.last_mut() {
                    last.1 = i;
                }
                items.push((i, lines.len()));
            }
        }
        if let Some(last) = items.last_mut() {
            last.1 = last.1.min(end);
        }
        Layout {
            lines,
            items,
            key_line: key_line.unwrap_or(2),
        }
    }

    /// The lines of item `n` with their 0-based indexes (none for a flow-style list).
    fn item(&self, n: usize) -> impl Iterator<Item = (usize, &'a str)> + '_ {
        let (start, end) = self.items.get(n).copied().unwrap_or((0, 0));
        (start..end).map(move |i| (i, self.lines[i]))
    }

    /// The file line of item `n`'s `key:`, else of the item, else of `firmware:`.
    fn key_line(&self, n: usize, key: &str) -> u32 {
        let prefix = format!("{key}:");
        self.item(n)
            .find(|(_, l)| item_key(l).is_some_and(|k| k.starts_with(&prefix)))
            .or_else(|| self.item(n).next())
            .map_or(self.key_line, |(i, _)| i as u32 + 2)
    }

    /// The file line in item `n` that holds `value`, else the line of its `key:`.
    fn value_line(&self, n: usize, key: &str, value: &str) -> u32 {
        self.item(n)
            .find(|(_, l)| !value.is_empty() && l.contains(value))
            .map_or_else(|| self.key_line(n, key), |(i, _)| i as u32 + 2)
    }

    /// A number as the writer wrote it in item `n` (`2.10`, not YAML's `2.1`), when the text of
    /// its `key:` line is that number; otherwise the number as YAML read it.
    fn written_number(&self, n: usize, key: &str, number: &serde_yaml_ng::Number) -> String {
        let prefix = format!("{key}:");
        self.item(n)
            .find_map(|(_, l)| {
                let rest = item_key(l)?.strip_prefix(&prefix)?;
                let raw = rest.split(" #").next().unwrap_or("").trim();
                let same = raw
                    .parse::<f64>()
                    .ok()
                    .zip(number.as_f64())
                    .is_some_and(|(a, b)| a == b);
                same.then(|| raw.to_string())
            })
            .unwrap_or_else(|| number.to_string())
    }
}

/// A line of a list item without its indentation and `- `.
fn item_key(line: &str) -> Option<&str> {
    let body = line.trim_start();
    Some(body.strip_prefix("- ").map_or(body, str::trim_start))
}

/// Reads the `firmware:` value of the file `path`. `yaml` is the front-matter text (which starts
/// on file line 2), used to point problems at the line they are on.
pub fn parse_images(value: &Value, yaml: &str, path: &Path) -> Images {
    let layout = Layout::of(yaml);
    let error = |line: u32, message: String, hint: &str| Diagnostic::error(path, line, message).with_hint(hint);
    let mut out = Images::default();
    let list = match value {
        Value::Null => return out,
        Value::Sequence(list) => list,
        _ => {
            out.problems.push(error(
                layout.key_line,
                "`firmware:` must be a list of images".into(),
                "write each as `- file: NAME` with a `sha256:` (or sha512, sha1, md5)",
            ));
            return out;
        }
    };
    let mut seen: HashSet<String> = HashSet::new();
    let mut warnings = Vec::new();
    for (n, entry) in list.iter().enumerate() {
        let Value::Mapping(map) = entry else {
            out.problems.push(error(
                layout.key_line(n, "file"),
                format!("firmware image {} is not a mapping", n + 1),
                "write `- file: NAME` and its hashes on the lines below",
            ));
            continue;
        };
        let text = |key: &str| -> Option<String> {
            match map.get(key)? {
                Value::String(s) => Some(s.trim().to_string()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            }
        };
        let file_line = layout.key_line(n, "file");
        let Some(file) = text("file").filter(|f| !f.is_empty()) else {
            out.problems.push(error(
                file_line,
                format!("firmware image {} has no `file:`", n + 1),
                "give the file name the vendor publishes",
            ));
            continue;
        };
        if !is_safe_file_name(&file) {
            out.problems.push(error(
                file_line,
                format!("firmware image file name `{file}` has characters a shell could run or misread"),
                "use letters, digits, spaces and . _ - + ( ) only, starting with a letter or digit: the page offers copy-paste commands with this name",
            ));
            out.rejected.push(file);
            continue;
        }
        if !seen.insert(file.clone()) {
            out.problems.push(error(
                file_line,
                format!("firmware image `{file}` is listed twice"),
                "give each image once",
            ));
            continue;
        }
        match read_digests(map, &file, n, &layout, path, &mut warnings) {
            Ok(digests) if digests.is_empty() => out.problems.push(error(
                file_line,
                format!("firmware image `{file}` has no hash"),
                "add `sha256:` (or sha512, sha1, md5) with the vendor's published value",
            )),
            Ok(digests) => {
                let purpose = text("purpose").filter(|p| !p.is_empty()).map(|p| {
                    if p.chars().count() <= MAX_PURPOSE_CHARS {
                        return p;
                    }
                    warnings.push(Diagnostic::warning(
                        path,
                        layout.key_line(n, "purpose"),
                        format!("the purpose of `{file}` is longer than {MAX_PURPOSE_CHARS} characters and is shortened: put release notes in the article"),
                    ));
                    super::shorten(&p, MAX_PURPOSE_CHARS)
                });
                out.lines.push(file_line);
                out.images.push(FirmwareImage {
                    version: match map.get("version") {
                        // YAML reads `2.10` as the number 2.1: the writer meant the text they wrote.
                        Some(Value::Number(number)) => Some(layout.written_number(n, "version", number)),
                        _ => text("version"),
                    },
                    hardware: text("hardware").filter(|h| !h.is_empty()),
                    file,
                    digests,
                    purpose,
                    article: None,
                });
            }
            Err(mut problems) => {
                out.problems.append(&mut problems);
                out.rejected.push(file);
            }
        }
    }
    out.problems.extend(warnings);
    out
}

/// Longest firmware file name accepted.
const MAX_FILE_NAME: usize = 200;

/// True for file names that mean the same, unquoted or quoted, to POSIX shells, `cmd` and
/// PowerShell (no `$`, backticks, quotes, `;`, `&`, `|`, `%`, `!`, slashes or control characters),
/// so the commands the page offers for them cannot run anything else.
fn is_safe_file_name(name: &str) -> bool {
    name.len() <= MAX_FILE_NAME
        && name.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && !name.ends_with(' ')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || " ._-+()".contains(c))
}

/// The hashes of image `n` (`file`), sorted by algorithm; every malformed one is an error.
/// Unknown keys are warnings.
fn read_digests(
    map: &serde_yaml_ng::Mapping,
    file: &str,
    n: usize,
    layout: &Layout<'_>,
    path: &Path,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<Digest>, Vec<Diagnostic>> {
    let mut digests = Vec::new();
    let mut errors = Vec::new();
    for (k, v) in map {
        let Some(key) = k.as_str() else { continue };
        if matches!(key, "file" | "version" | "hardware" | "purpose") {
            continue;
        }
        let Some(algorithm) = Algorithm::parse(key) else {
            warnings.push(Diagnostic::warning(
                path,
                layout.key_line(n, key),
                format!(
                    "unknown key `{key}` in firmware image `{file}` (known: file, version, hardware, purpose, sha256, sha512, sha1, md5)"
                ),
            ));
            continue;
        };
        let raw = match v {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => String::new(),
        };
        let hint = match parse_hash(&raw) {
            Ok(d) if d.algorithm == algorithm => {
                digests.push(d);
                continue;
            }
            Ok(d) => format!(
                "{} hex digits looks like {} ({} has {})",
                d.hex.len(),
                d.algorithm.label(),
                algorithm.label(),
                algorithm.hex_len()
            ),
            Err(HashError::Length(len)) => {
                format!("{len} hex digits, a {} has {}", algorithm.label(), algorithm.hex_len())
            }
            Err(e) => e.to_string(),
        };
        errors.push(
            Diagnostic::error(
                path,
                layout.value_line(n, key, raw.trim()),
                format!("malformed {} for `{file}`", algorithm.label()),
            )
            .with_hint(hint),
        );
    }
    if errors.is_empty() {
        digests.sort_by_key(|d| d.algorithm);
        Ok(digests)
    } else {
        Err(errors)
    }
}

/// Where an image is declared: the article file and the line of its `file:`.
pub type Declared<'a> = (&'a Path, &'a FirmwareImage, u32);

/// Images that disagree across the collection (or within one article): one file name with two
/// different hashes of one algorithm, or one version of one hardware given as two different
/// files. Each is an error on the later declaration (in the order given, which is file order),
/// naming the earlier one. Linear in the number of images.
pub fn conflicts<'a>(declared: impl IntoIterator<Item = Declared<'a>>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut by_file: std::collections::HashMap<&str, Declared<'a>> = std::collections::HashMap::new();
    let mut by_version: std::collections::HashMap<(String, String), Declared<'a>> = std::collections::HashMap::new();
    let at = |(path, _, line): Declared<'_>| format!("{}:{line}", path.display());
    for d @ (path, image, line) in declared {
        match by_file.get(image.file.as_str()) {
            Some(&first) => {
                for digest in &image.digests {
                    let Some(other) = first.1.digests.iter().find(|o| o.algorithm == digest.algorithm) else {
                        continue;
                    };
                    if other.hex != digest.hex {
                        out.push(
                            Diagnostic::error(
                                path,
                                line,
                                format!(
                                    "firmware image `{}` has {} {}… here but {}… in {}",
                                    image.file,
                                    digest.algorithm.label(),
                                    &digest.hex[..12],
                                    &other.hex[..12],
                                    at(first)
                                ),
                            )
                            .with_hint("one of them is wrong: copy the hash the vendor publishes into both"),
                        );
                    }
                }
            }
            None => {
                by_file.insert(&image.file, d);
            }
        }
        let (Some(hardware), Some(version)) = (&image.hardware, &image.version) else {
            continue;
        };
        let key = (hardware.to_lowercase(), version.to_lowercase());
        match by_version.get(&key) {
            Some(&first) if first.1.file != image.file => out.push(
                Diagnostic::error(
                    path,
                    line,
                    format!(
                        "version {version} for {hardware} is listed twice: as `{}` in {} and as `{}` here",
                        first.1.file,
                        at(first),
                        image.file
                    ),
                )
                .with_hint("give each version of a hardware one image file; a rebuilt image needs a new version"),
            ),
            Some(_) => {}
            None => {
                by_version.insert(key, d);
            }
        }
    }
    out
}

/// The image names a ```` ```verify ```` block lists: one per line, blanks and `#` comments skipped.
pub fn block_names(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// Resolves a block's names against the article's images: the named ones are expected, the rest
/// are "others". Returns the names that match no image.
pub fn resolve(names: &[String], images: &[FirmwareImage]) -> (FirmwareCheck, Vec<String>) {
    let unknown = names
        .iter()
        .filter(|n| !images.iter().any(|i| &i.file == *n))
        .cloned()
        .collect();
    let (expected, others) = if names.is_empty() {
        (images.to_vec(), vec![])
    } else {
        images.iter().cloned().partition(|i| names.contains(&i.file))
    };
    (FirmwareCheck { expected, others }, unknown)
}

/// Replaces every checker's placeholder names (see `markdown::render`) with the article's images.
/// Names that match no image were reported by the parser, which then refuses the article.
pub fn resolve_blocks(article: &mut Article) {
    let images = article.firmware.clone();
    article.for_each_rich_mut(|rich| {
        if let Some(block) = rich.checker.take() {
            let names: Vec<String> = block.expected.into_iter().map(|i| i.file).collect();
            rich.checker = Some(resolve(&names, &images).0);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    fn parse(yaml: &str) -> (Vec<FirmwareImage>, Vec<Diagnostic>) {
        let fm: Value = serde_yaml_ng::from_str(yaml).unwrap();
        let i = parse_images(&fm["firmware"], yaml, Path::new("t.md"));
        (i.images, i.problems)
    }

    #[test]
    fn images_parse_with_every_algorithm() {
        let yaml = format!(
            "title: x\nfirmware:\n  - file: a.bin\n    version: 2.4\n    hardware: rev A\n    sha256: {}\n    md5: 900150983CD24FB0D6963F7D28E17F72\n  - file: b.bin\n    version: 2.10  # the tenth\n    SHA-1: a9993e364706816aba3e25717850c26c9cd0d89d\n  - version: 2.1\n    file: c.bin\n    md5: 900150983cd24fb0d6963f7d28e17f72\n",
            H.to_uppercase()
        );
        let (images, problems) = parse(&yaml);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(images.len(), 3);
        assert_eq!(images[0].version.as_deref(), Some("2.4"));
        assert_eq!(images[0].digests[0].hex, H);
        assert_eq!(images[0].digests[1].algorithm, Algorithm::Md5);
        assert_eq!(images[1].digests[0].algorithm, Algorithm::Sha1);
        assert_eq!(images[1].version.as_deref(), Some("2.10"), "as written, not YAML's 2.1");
        assert_eq!(
            images[2].version.as_deref(),
            Some("2.1"),
            "its own item's line, not a neighbour's"
        );
    }

    #[test]
    fn malformed_images_are_errors_on_their_line() {
        let yaml = format!(
            "firmware:\n  - file: a.bin\n    sha256: {}\n  - file: b.bin\n    version: 1\n  - file: c.bin\n    sha256: {}\n  - just a string\n  - file: a.bin\n    sha256: {H}\n  - file: d.bin\n    sha265: {H}\n    sha1: nothex\n",
            &H[1..],
            &H[..32],
        );
        let (images, problems) = parse(&yaml);
        let texts: Vec<String> = problems.iter().map(Diagnostic::text).collect();
        let got: Vec<(u32, bool, &str)> = problems
            .iter()
            .zip(&texts)
            .map(|(p, t)| (p.line, p.is_error(), t.as_str()))
            .collect();
        assert!(images.is_empty(), "every image has a problem: {images:#?}");
        let expect = [
            (
                4,
                true,
                "malformed SHA-256 for `a.bin`: 63 hex digits, a SHA-256 has 64",
            ),
            (5, true, "firmware image `b.bin` has no hash"),
            (
                8,
                true,
                "malformed SHA-256 for `c.bin`: 32 hex digits looks like MD5 (SHA-256 has 64)",
            ),
            (9, true, "firmware image 4 is not a mapping"),
            (10, true, "firmware image `a.bin` is listed twice: give each image once"),
            (14, true, "malformed SHA-1 for `d.bin`: `n` is not a hex digit"),
            (13, false, "unknown key `sha265` in firmware image `d.bin`"),
        ];
        assert_eq!(got.len(), expect.len(), "{got:#?}");
        for ((line, error, msg), (wl, we, wm)) in got.iter().zip(expect) {
            assert_eq!((*line, *error), (wl, we), "{msg}");
            assert!(msg.starts_with(wm), "{msg} should start with {wm}");
        }
        let (_, problems) = parse("firmware: 5\n");
        assert!(problems[0].message.contains("must be a list"));
    }

    #[test]
    fn a_duplicate_is_reported_on_its_own_line_and_names_match_whole() {
        let yaml = format!(
            "firmware:\n  - file: nova-a.bin\n    sha256: {H}\n  - file: a.bin\n    sha256: {}\n  - file: nova-a.bin\n    sha256: {H}\n",
            &H[1..]
        );
        let (images, problems) = parse(&yaml);
        let lines: Vec<(u32, String)> = problems.iter().map(|p| (p.line, p.message.clone())).collect();
        assert_eq!(
            lines,
            [
                (6, "malformed SHA-256 for `a.bin`".to_string()),
                (7, "firmware image `nova-a.bin` is listed twice".to_string()),
            ],
            "a.bin's own hash line, not nova-a.bin's; the second nova-a.bin, not the first"
        );
        assert_eq!(images.len(), 1);
    }

    #[test]
    fn file_names_a_shell_would_run_are_refused() {
        for bad in [
            "fw$(Start-Process calc)`whoami`.bin",
            "fw\";rm -rf ~;\".bin",
            "a|b.bin",
            "-rf.bin",
            "../../etc/passwd",
            "fw%PATH%.bin",
            "fw!x!.bin",
        ] {
            let yaml = format!("firmware:\n  - file: '{}'\n    sha256: {H}\n", bad.replace('\'', "''"));
            let (images, problems) = parse(&yaml);
            assert!(images.is_empty(), "{bad}");
            assert_eq!(problems.len(), 1, "{bad}: {problems:?}");
            assert!(problems[0].message.contains("characters a shell could run"), "{bad}");
            assert_eq!(problems[0].line, 3, "{bad}");
        }
        for good in ["nova-g2-revB-2.4.1.bin", "Camera C4 (2026).img", "fw_v1+build.7.zip"] {
            let (images, problems) = parse(&format!("firmware:\n  - file: {good}\n    sha256: {H}\n"));
            assert!(problems.is_empty() && images.len() == 1, "{good}: {problems:?}");
        }
    }

    #[test]
    fn a_long_list_is_read_whole() {
        // 8,000 images took 9 s when every image was compared with every other one and every
        // line lookup scanned the whole front matter; now each lookup stays within its item.
        let mut yaml = String::from("firmware:\n");
        for i in 0..8_000 {
            yaml.push_str(&format!("  - file: fw-{i}.bin\n    version: 1.{i}\n    sha256: {H}\n"));
        }
        let (images, problems) = parse(&yaml);
        assert!(problems.is_empty(), "{:?}", &problems[..1]);
        assert_eq!(images.len(), 8_000);
        assert_eq!(images[7_999].version.as_deref(), Some("1.7999"));
    }

    #[test]
    fn images_that_disagree_across_articles_are_errors_on_the_later_one() {
        let (a, _) = parse(&format!(
            "firmware:\n  - file: g2.bin\n    version: 2.4\n    hardware: Nova G2\n    sha256: {H}\n"
        ));
        let other = H.replace('b', "c");
        let (b, _) = parse(&format!(
            "firmware:\n  - file: g2.bin\n    version: 2.4\n    hardware: Nova G2\n    sha256: {other}\n  - file: g2-again.bin\n    version: 2.4\n    hardware: nova g2\n    sha256: {H}\n"
        ));
        let (c, _) = parse("firmware:\n  - file: g2.bin\n    md5: 900150983cd24fb0d6963f7d28e17f72\n");
        let (pa, pb) = (Path::new("a.md"), Path::new("b.md"));
        let problems = conflicts([(pa, &a[0], 3), (pb, &b[0], 3), (pb, &b[1], 8), (pb, &c[0], 12)]);
        let got: Vec<(String, u32, String)> = problems
            .iter()
            .map(|d| (d.path.display().to_string(), d.line, d.message.clone()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "b.md".to_string(),
                    3,
                    format!(
                        "firmware image `g2.bin` has SHA-256 {}… here but {}… in a.md:3",
                        &other[..12],
                        &H[..12]
                    )
                ),
                (
                    "b.md".to_string(),
                    8,
                    "version 2.4 for nova g2 is listed twice: as `g2.bin` in a.md:3 and as `g2-again.bin` here"
                        .to_string()
                ),
            ],
            "a second algorithm for the same file is no conflict"
        );
        assert!(
            conflicts([(pa, &a[0], 3), (pb, &a[0], 9)]).is_empty(),
            "the same image twice agrees"
        );
    }

    #[test]
    fn blocks_resolve_named_and_all_images() {
        let (images, _) = parse(&format!(
            "firmware:\n  - file: a.bin\n    sha256: {H}\n  - file: b.bin\n    sha256: {H}\n"
        ));
        let names = block_names("# which one\n b.bin \n\nzzz.bin\n");
        assert_eq!(names, ["b.bin", "zzz.bin"]);
        let (block, unknown) = resolve(&names, &images);
        assert_eq!(unknown, ["zzz.bin"]);
        assert_eq!(
            block.expected.iter().map(|i| i.file.as_str()).collect::<Vec<_>>(),
            ["b.bin"]
        );
        assert_eq!(
            block.others.iter().map(|i| i.file.as_str()).collect::<Vec<_>>(),
            ["a.bin"]
        );
        let (all, unknown) = resolve(&[], &images);
        assert!(unknown.is_empty());
        assert_eq!(all.expected.len(), 2);
        assert!(all.others.is_empty());
    }
}
