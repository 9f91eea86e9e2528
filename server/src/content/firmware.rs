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

use app::firmware::{parse_hash, Algorithm, HashError};
use app::model::{Article, Digest, FirmwareImage, Procedure, Rich, VerifyBlock};
use serde_yaml_ng::Value;

/// A problem with one image, and the 1-based file line to report it on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// File line.
    pub line: u32,
    /// True for errors (the article is not published), false for warnings.
    pub error: bool,
    /// What is wrong.
    pub message: String,
}

/// The images read from `firmware:`, the problems found, and the file names of the images left
/// out because of them (so a `verify` block naming one is not reported a second time).
#[derive(Debug, Default)]
pub struct Images {
    /// The valid images.
    pub images: Vec<FirmwareImage>,
    /// Everything wrong, errors and warnings.
    pub problems: Vec<Problem>,
    /// Files of images left out with an error.
    pub rejected: Vec<String>,
}

/// A number as the writer wrote it (`2.10`, not YAML's `2.1`): the `key:` line of the list item
/// holding the image's `file:` line (from its `- ` to the next item), when its text is that
/// number; otherwise the number as YAML read it.
fn written_number(yaml: &str, file_line: u32, key: &str, n: &serde_yaml_ng::Number) -> String {
    let lines: Vec<&str> = yaml.lines().collect();
    let at = (file_line as usize)
        .saturating_sub(2)
        .min(lines.len().saturating_sub(1));
    let item = |l: &str| l.trim_start().starts_with("- ");
    let start = (0..=at)
        .rev()
        .find(|&i| lines.get(i).is_some_and(|l| item(l)))
        .unwrap_or(at);
    let end = (start + 1..lines.len())
        .find(|&i| item(lines[i]))
        .unwrap_or(lines.len());
    let prefix = format!("{key}:");
    lines
        .get(start..end)
        .unwrap_or_default()
        .iter()
        .find_map(|l| {
            let rest = l
                .trim_start()
                .trim_start_matches("- ")
                .trim_start()
                .strip_prefix(&prefix)?;
            let raw = rest.split(" #").next().unwrap_or("").trim();
            let same = raw.parse::<f64>().ok().zip(n.as_f64()).is_some_and(|(a, b)| a == b);
            same.then(|| raw.to_string())
        })
        .unwrap_or_else(|| n.to_string())
}

/// Reads the `firmware:` value. `yaml` is the front-matter text (which starts on file line 2),
/// used to point problems at the line they are on.
pub fn parse_images(value: &Value, yaml: &str) -> Images {
    let key_line = super::front_matter::key_line(yaml, "firmware").unwrap_or(2);
    let line_of = |needle: &str| {
        yaml.lines()
            .position(|l| !needle.is_empty() && l.contains(needle))
            .map(|i| i as u32 + 2)
            .unwrap_or(key_line)
    };
    let mut images: Vec<FirmwareImage> = Vec::new();
    let mut problems = Vec::new();
    let mut error = |line: u32, message: String| {
        problems.push(Problem {
            line,
            error: true,
            message,
        })
    };
    let list = match value {
        Value::Null => return Images::default(),
        Value::Sequence(list) => list,
        _ => {
            error(
                key_line,
                "`firmware:` must be a list of images, each `- file: NAME` with a `sha256:` (or sha512, sha1, md5)"
                    .to_string(),
            );
            return Images {
                problems,
                ..Images::default()
            };
        }
    };
    let mut rejected = Vec::new();
    let mut warnings = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for (n, entry) in list.iter().enumerate() {
        let Value::Mapping(map) = entry else {
            error(
                key_line,
                format!(
                    "firmware image {} is not a mapping: write `- file: NAME` and its hashes on the lines below",
                    n + 1
                ),
            );
            continue;
        };
        let text = |key: &str| -> Option<String> {
            match map.get(key)? {
                Value::String(s) => Some(s.trim().to_string()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            }
        };
        let Some(file) = text("file").filter(|f| !f.is_empty()) else {
            error(
                key_line,
                format!(
                    "firmware image {} has no `file:`: give the file name the vendor publishes",
                    n + 1
                ),
            );
            continue;
        };
        let file_line = line_of(&file);
        if seen.contains(&file) {
            error(
                file_line,
                format!("firmware image `{file}` is listed twice: give each image once"),
            );
            continue;
        }
        seen.push(file.clone());
        let mut bad = false;
        let mut digests: Vec<Digest> = Vec::new();
        for (k, v) in map {
            let Some(key) = k.as_str() else { continue };
            if matches!(key, "file" | "version" | "hardware") {
                continue;
            }
            let Some(algorithm) = Algorithm::parse(key) else {
                warnings.push(Problem {
                    line: line_of(&format!("{key}:")),
                    error: false,
                    message: format!(
                        "unknown key `{key}` in firmware image `{file}` (known: file, version, hardware, sha256, sha512, sha1, md5)"
                    ),
                });
                continue;
            };
            let raw = match v {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                _ => String::new(),
            };
            let line = line_of(raw.trim()).max(file_line);
            let result = parse_hash(&raw);
            bad |= !matches!(&result, Ok(d) if d.algorithm == algorithm);
            match result {
                Ok(d) if d.algorithm == algorithm => digests.push(d),
                Ok(d) => error(
                    line,
                    format!(
                        "malformed {} for `{file}`: {} hex digits looks like {} ({} has {})",
                        algorithm.label(),
                        d.hex.len(),
                        d.algorithm.label(),
                        algorithm.label(),
                        algorithm.hex_len()
                    ),
                ),
                Err(HashError::Length(len)) => error(
                    line,
                    format!(
                        "malformed {} for `{file}`: {len} hex digits, a {} has {}",
                        algorithm.label(),
                        algorithm.label(),
                        algorithm.hex_len()
                    ),
                ),
                Err(e) => error(line, format!("malformed {} for `{file}`: {e}", algorithm.label())),
            }
        }
        if bad {
            rejected.push(file);
            continue;
        }
        if digests.is_empty() {
            error(
                file_line,
                format!("firmware image `{file}` has no hash: add `sha256:` (or sha512, sha1, md5) with the vendor's published value"),
            );
            continue;
        }
        digests.sort_by_key(|d| d.algorithm);
        images.push(FirmwareImage {
            file,
            version: match map.get("version") {
                // YAML reads `2.10` as the number 2.1: the writer meant the text they wrote.
                Some(Value::Number(n)) => Some(written_number(yaml, file_line, "version", n)),
                _ => text("version"),
            },
            hardware: text("hardware"),
            digests,
            article: None,
        });
    }
    problems.extend(warnings);
    Images {
        images,
        problems,
        rejected,
    }
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
pub fn resolve(names: &[String], images: &[FirmwareImage]) -> (VerifyBlock, Vec<String>) {
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
    (VerifyBlock { expected, others }, unknown)
}

/// Replaces every checker's placeholder names (see `markdown::render`) with the article's images.
/// Names that match no image were reported by the parser, which then refuses the article.
pub fn resolve_blocks(article: &mut Article) {
    let images = article.firmware.clone();
    let mut resolve_rich = |rich: &mut Rich| {
        if let Some(block) = rich.verify.take() {
            let names: Vec<String> = block.expected.into_iter().map(|i| i.file).collect();
            rich.verify = Some(resolve(&names, &images).0);
        }
    };
    let procedure = |p: &mut Procedure, f: &mut dyn FnMut(&mut Rich)| {
        f(&mut p.intro);
        p.steps.iter_mut().for_each(&mut *f);
        f(&mut p.outro);
    };
    resolve_rich(&mut article.intro);
    resolve_rich(&mut article.symptom);
    for c in &mut article.causes {
        resolve_rich(&mut c.label);
        procedure(&mut c.fix, &mut resolve_rich);
    }
    for p in [&mut article.last_resort, &mut article.verify, &mut article.escalate]
        .into_iter()
        .flatten()
    {
        procedure(p, &mut resolve_rich);
    }
    for s in article.see_also.iter_mut().chain(article.extra.iter_mut()) {
        resolve_rich(&mut s.body);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    fn parse(yaml: &str) -> (Vec<FirmwareImage>, Vec<Problem>) {
        let fm: Value = serde_yaml_ng::from_str(yaml).unwrap();
        let i = parse_images(&fm["firmware"], yaml);
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
        let got: Vec<(u32, bool, &str)> = problems.iter().map(|p| (p.line, p.error, p.message.as_str())).collect();
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
            (2, true, "firmware image 4 is not a mapping"),
            (3, true, "firmware image `a.bin` is listed twice"),
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
