//! The firmware versions log: every image any article lists (front matter `firmware:`), one
//! entry per file, grouped by hardware, newest version first, with its hashes, its purpose and
//! the guides that use it. The `/firmware` page and `/api/firmware` show it.

use crate::model::{ArticleRef, Digest, FirmwareImage};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// The whole log.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirmwareLog {
    /// One group per hardware, by name; images that name none come last.
    pub groups: Vec<HardwareGroup>,
    /// Images in all groups.
    pub images: usize,
}

/// The images for one hardware.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HardwareGroup {
    /// The hardware as the first article to name it wrote it; `None` for images without one.
    pub hardware: Option<String>,
    /// Its anchor on the page.
    pub id: String,
    /// Newest version first.
    pub images: Vec<LogEntry>,
}

/// One image file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    /// The file name the vendor publishes.
    pub file: String,
    /// Its anchor on the page (see [`image_anchor`]).
    pub id: String,
    /// Firmware version.
    pub version: Option<String>,
    /// What it is for or what changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    /// Published hashes, by algorithm.
    pub digests: Vec<Digest>,
    /// The guides that list it, in title order.
    pub articles: Vec<ArticleRef>,
}

/// The anchor of an image's entry on `/firmware`: `fw-` and its file name in lower case with
/// anything but letters, digits, `.`, `_` and `-` as `-`. Checkers and guides link to
/// `/firmware#` this.
pub fn image_anchor(file: &str) -> String {
    anchor("fw-", file)
}

fn anchor(prefix: &str, name: &str) -> String {
    let mut id = String::with_capacity(name.len() + prefix.len());
    id.push_str(prefix);
    id.extend(name.chars().map(|c| match c {
        c if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') => c.to_ascii_lowercase(),
        _ => '-',
    }));
    id
}

/// Builds the log from each article's images. The first article (in the order given) to list a
/// file gives its version, hardware and hashes; later ones add themselves to its guides, and a
/// purpose when the first had none. (`fixpath check` reports files listed with different
/// hashes.)
pub fn build<'a>(articles: impl IntoIterator<Item = (ArticleRef, &'a [FirmwareImage])>) -> FirmwareLog {
    let mut by_file: BTreeMap<&'a str, LogEntry> = BTreeMap::new();
    // Hardware as written, by its folded name, so `Nova G2` and `nova g2` are one group.
    let mut hardware_of: BTreeMap<&'a str, Option<&'a str>> = BTreeMap::new();
    for (article, images) in articles {
        for image in images {
            let entry = by_file.entry(&image.file).or_insert_with(|| {
                hardware_of.insert(&image.file, image.hardware.as_deref());
                LogEntry {
                    file: image.file.clone(),
                    id: image_anchor(&image.file),
                    version: image.version.clone(),
                    purpose: None,
                    digests: image.digests.clone(),
                    articles: vec![],
                }
            });
            if entry.purpose.is_none() {
                entry.purpose.clone_from(&image.purpose);
            }
            if !entry.articles.contains(&article) {
                entry.articles.push(article.clone());
            }
        }
    }
    let mut groups: BTreeMap<Option<String>, HardwareGroup> = BTreeMap::new();
    let images = by_file.len();
    for (file, mut entry) in by_file {
        entry.articles.sort_by_key(|a| a.title.to_lowercase());
        let hardware = hardware_of.get(file).copied().flatten();
        let key = hardware.map(str::to_lowercase);
        groups
            .entry(key)
            .or_insert_with(|| HardwareGroup {
                hardware: hardware.map(str::to_string),
                id: hardware.map_or_else(|| "hw-other".to_string(), |h| anchor("hw-", h)),
                images: vec![],
            })
            .images
            .push(entry);
    }
    let mut groups: Vec<HardwareGroup> = groups.into_values().collect();
    // `None` sorts first in the map; images without hardware go last on the page.
    let unnamed_first = groups.first().is_some_and(|g| g.hardware.is_none());
    groups.rotate_left(usize::from(unnamed_first));
    for g in &mut groups {
        g.images
            .sort_by(|a, b| newest_first(a.version.as_deref(), b.version.as_deref()).then_with(|| a.file.cmp(&b.file)));
    }
    FirmwareLog { groups, images }
}

/// The log of these articles' images (listed articles, in title order).
pub fn of_articles<'a>(articles: impl IntoIterator<Item = &'a crate::model::Article>) -> FirmwareLog {
    build(articles.into_iter().map(|a| {
        (
            ArticleRef {
                slug: a.slug.clone(),
                title: a.title.clone(),
            },
            &a.firmware[..],
        )
    }))
}

/// Orders versions newest first; images without a version come after those with one.
fn newest_first(a: Option<&str>, b: Option<&str>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => compare_versions(b, a),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Compares version strings as people read them: runs of digits as numbers (`2.10` > `2.9`),
/// the rest as text without case, a leading `v` ignored, and a pre-release (`2.0-rc1`, `2.0beta`)
/// before its release (`2.0`).
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    let a = a.trim().trim_start_matches(['v', 'V']);
    let b = b.trim().trim_start_matches(['v', 'V']);
    let (mut x, mut y) = (chunks(a), chunks(b));
    loop {
        match (x.next(), y.next()) {
            (None, None) => return Ordering::Equal,
            // `2.0` against `2.0-rc1`: a release is newer than its pre-releases, but older than
            // `2.0.1`.
            (None, Some(Chunk::Text(_))) => return Ordering::Greater,
            (Some(Chunk::Text(_)), None) => return Ordering::Less,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(p), Some(q)) => {
                let o = match (p, q) {
                    (Chunk::Number(p), Chunk::Number(q)) => {
                        // Without leading zeros, a longer run of digits is the larger number,
                        // however long (no overflow).
                        let (p, q) = (p.trim_start_matches('0'), q.trim_start_matches('0'));
                        p.len().cmp(&q.len()).then_with(|| p.cmp(q))
                    }
                    (Chunk::Number(_), Chunk::Text(_)) => Ordering::Greater,
                    (Chunk::Text(_), Chunk::Number(_)) => Ordering::Less,
                    (Chunk::Text(p), Chunk::Text(q)) => p.to_lowercase().cmp(&q.to_lowercase()),
                };
                if o != Ordering::Equal {
                    return o;
                }
            }
        }
    }
}

enum Chunk<'a> {
    Number(&'a str),
    Text(&'a str),
}

/// A version's runs of digits and of letters; separators (`.`, `-`, `_`, `+`) only separate.
fn chunks(s: &str) -> impl Iterator<Item = Chunk<'_>> {
    let mut rest = s;
    std::iter::from_fn(move || {
        rest = rest.trim_start_matches(|c: char| !c.is_alphanumeric());
        let first = rest.chars().next()?;
        let digits = first.is_ascii_digit();
        let end = rest
            .find(|c: char| !c.is_alphanumeric() || c.is_ascii_digit() != digits)
            .unwrap_or(rest.len());
        let (chunk, tail) = rest.split_at(end);
        rest = tail;
        Some(if digits {
            Chunk::Number(chunk)
        } else {
            Chunk::Text(chunk)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::firmware::Algorithm;

    fn image(file: &str, version: Option<&str>, hardware: Option<&str>, hex: char) -> FirmwareImage {
        FirmwareImage {
            file: file.into(),
            version: version.map(str::to_string),
            hardware: hardware.map(str::to_string),
            digests: vec![Digest {
                algorithm: Algorithm::Sha256,
                hex: hex.to_string().repeat(64),
            }],
            purpose: None,
            article: None,
        }
    }

    fn article(slug: &str, title: &str) -> ArticleRef {
        ArticleRef {
            slug: slug.into(),
            title: title.into(),
        }
    }

    #[test]
    fn versions_compare_as_people_read_them() {
        use Ordering::*;
        for (a, b, want) in [
            ("2.10", "2.9", Greater),
            ("2.4.1", "2.4", Greater),
            ("v2.4", "2.4", Equal),
            ("2.0-rc1", "2.0", Less),
            ("2.0beta", "2.0-rc1", Less),
            ("2.0.1", "2.0-rc1", Greater),
            ("1.02", "1.2", Equal),
            ("99999999999999999999999", "9", Greater),
            ("2024.11", "2024.2", Greater),
        ] {
            assert_eq!(compare_versions(a, b), want, "{a} vs {b}");
            assert_eq!(compare_versions(b, a), want.reverse(), "{b} vs {a}");
        }
    }

    #[test]
    fn the_log_groups_by_hardware_newest_first_and_merges_files_across_guides() {
        let a = [
            image("g2-2.9.bin", Some("2.9"), Some("Nova G2"), 'a'),
            image("g2-2.10.bin", Some("2.10"), Some("Nova G2"), 'b'),
            image("loose.bin", None, None, 'c'),
        ];
        let mut b = [
            image("g2-2.10.bin", Some("2.10"), Some("nova g2"), 'b'),
            image("cam-1.0.bin", Some("1.0"), Some("Camera C4"), 'd'),
        ];
        b[0].purpose = Some("Fixes the boot loop".into());
        let log = build([
            (article("z", "Zeta guide"), &a[..]),
            (article("y", "Alpha guide"), &b[..]),
        ]);
        assert_eq!(log.images, 4);
        let shape: Vec<(Option<&str>, Vec<&str>)> = log
            .groups
            .iter()
            .map(|g| {
                (
                    g.hardware.as_deref(),
                    g.images.iter().map(|i| i.file.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            [
                (Some("Camera C4"), vec!["cam-1.0.bin"]),
                (Some("Nova G2"), vec!["g2-2.10.bin", "g2-2.9.bin"]),
                (None, vec!["loose.bin"]),
            ]
        );
        let merged = &log.groups[1].images[0];
        assert_eq!(merged.purpose.as_deref(), Some("Fixes the boot loop"));
        let titles: Vec<&str> = merged.articles.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(titles, ["Alpha guide", "Zeta guide"]);
        assert_eq!(merged.id, "fw-g2-2.10.bin");
        assert_eq!(log.groups[1].id, "hw-nova-g2");
        assert_eq!(image_anchor("Camera C4 (2026).img"), "fw-camera-c4--2026-.img");
    }
}
