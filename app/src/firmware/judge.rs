//! A file's computed digests compared with what is expected of it: the known images (the right
//! one, the image for other hardware, a damaged download), a pasted hash and a checksum list.

use super::{parse_hash, Algorithm, ChecksumList};
use crate::model::{Digest, FirmwareImage};

/// Digests computed for one file, lower-case hex, one per algorithm.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Computed(pub Vec<Digest>);

impl Computed {
    /// The computed hex for `algorithm`, if it was computed.
    fn get(&self, algorithm: Algorithm) -> Option<&str> {
        self.0.iter().find(|d| d.algorithm == algorithm).map(|d| d.hex.as_str())
    }

    /// True when `digest` was computed and equals it.
    fn matches(&self, digest: &Digest) -> bool {
        self.get(digest.algorithm).is_some_and(|h| h == digest.hex)
    }
}

/// How a computed file compares with one expected hash.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Comparison {
    /// Equal.
    Match,
    /// Different: both values, with which characters differ.
    Mismatch {
        /// The expected hash.
        expected: String,
        /// The computed hash.
        actual: String,
        /// Positions (in chars) where they differ.
        differing: Vec<usize>,
    },
    /// The file was not hashed with this algorithm (hash it again with it).
    NotComputed(Algorithm),
}

/// Compares the computed digests with one expected hash.
fn compare(computed: &Computed, expected: &Digest) -> Comparison {
    match computed.get(expected.algorithm) {
        None => Comparison::NotComputed(expected.algorithm),
        Some(actual) if actual == expected.hex => Comparison::Match,
        Some(actual) => Comparison::Mismatch {
            differing: differing_positions(&expected.hex, actual),
            expected: expected.hex.clone(),
            actual: actual.to_string(),
        },
    }
}

/// The char positions where `a` and `b` differ (a longer one's tail counts as differing).
fn differing_positions(a: &str, b: &str) -> Vec<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    (0..a.len().max(b.len())).filter(|&i| a.get(i) != b.get(i)).collect()
}

/// What a file is, judged against the images a checker expects and the other known images.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Identification {
    /// It is one of the expected images.
    Expected(FirmwareImage),
    /// It is a known image, but not one of the expected ones ("this is the image for rev A, not rev B").
    Other {
        /// The image it is.
        found: FirmwareImage,
        /// The images that were expected.
        expected: Vec<FirmwareImage>,
    },
    /// No known image has these digests (and every needed algorithm was computed).
    Unknown,
    /// Some known images publish only algorithms that were not computed.
    NotComputed(Vec<Algorithm>),
}

/// Identifies the file among `expected` first, then `others`.
fn identify(computed: &Computed, expected: &[FirmwareImage], others: &[FirmwareImage]) -> Identification {
    let is = |img: &FirmwareImage| img.digests.iter().any(|d| computed.matches(d));
    if let Some(img) = expected.iter().find(|i| is(i)) {
        return Identification::Expected(img.clone());
    }
    if let Some(img) = others.iter().find(|i| is(i)) {
        return Identification::Other {
            found: img.clone(),
            expected: expected.to_vec(),
        };
    }
    let mut missing: Vec<Algorithm> = expected
        .iter()
        .chain(others)
        .filter(|img| !img.digests.iter().any(|d| computed.get(d.algorithm).is_some()))
        .flat_map(|img| img.digests.iter().map(|d| d.algorithm))
        .collect();
    missing.sort();
    missing.dedup();
    if missing.is_empty() {
        Identification::Unknown
    } else {
        Identification::NotComputed(missing)
    }
}

/// The algorithms to compute so every known image can be identified: SHA-256 plus, for images
/// that publish no SHA-256, their first algorithm.
pub(super) fn algorithms_for(images: &[FirmwareImage]) -> Vec<Algorithm> {
    let mut out = vec![Algorithm::Sha256];
    for img in images {
        if !img.digests.iter().any(|d| out.contains(&d.algorithm)) {
            if let Some(d) = img.digests.first() {
                out.push(d.algorithm);
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// How a verdict reads: good, bad, or not decidable yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerdictKind {
    /// The file is what was expected.
    Match,
    /// The file is not what was expected.
    Mismatch,
    /// The file is a known image, but for other hardware or another release.
    WrongImage,
    /// Cannot tell (bad input, no entry, or an algorithm that was not computed).
    Unknown,
}

impl VerdictKind {
    /// The key used in markup and tests (`match`, `mismatch`, `wrong-image`, `unknown`).
    pub fn key(self) -> &'static str {
        match self {
            VerdictKind::Match => "match",
            VerdictKind::Mismatch => "mismatch",
            VerdictKind::WrongImage => "wrong-image",
            VerdictKind::Unknown => "unknown",
        }
    }
}

/// One conclusion about the file, against one source of truth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Good, bad or unknown.
    pub kind: VerdictKind,
    /// What it was compared with ("Known images", "Pasted hash", "Checksum file").
    pub against: &'static str,
    /// The conclusion in one line.
    pub title: String,
    /// What it means and what to do.
    pub detail: Option<String>,
    /// Expected and computed hash with the differing positions, for a mismatch.
    pub diff: Option<(String, String, Vec<usize>)>,
    /// Algorithms to hash the file with again before this can be decided.
    pub missing: Vec<Algorithm>,
    /// The known image the verdict is about (the one matched, or the one the file should have
    /// been), for a link to its entry in the firmware versions log.
    pub image: Option<String>,
}

/// Everything a computed file can be compared with.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Expectations<'a> {
    /// Images the checker expects (a writer's `verify` block, or every known image).
    pub expected: &'a [FirmwareImage],
    /// Other known images (to recognise the image for other hardware).
    pub others: &'a [FirmwareImage],
    /// What the user pasted (may be empty).
    pub pasted: &'a str,
    /// A checksum file the user added.
    pub list: Option<&'a ChecksumList>,
}

/// Compares computed digests with every expectation that is set, one verdict each.
pub(super) fn judge(computed: &Computed, file_name: &str, e: &Expectations<'_>) -> Vec<Verdict> {
    let mut out = Vec::new();
    if !e.expected.is_empty() || !e.others.is_empty() {
        out.push(judge_images(computed, file_name, e.expected, e.others));
    }
    if !e.pasted.trim().is_empty() {
        out.push(match parse_hash(e.pasted) {
            Ok(d) => judge_digest(computed, &d, "Pasted hash", "the pasted hash"),
            Err(err) => unknown(
                "Pasted hash",
                "The pasted hash cannot be read",
                Some(format!("It {err}.")),
            ),
        });
    }
    if let Some(list) = e.list {
        out.push(judge_list(computed, file_name, list));
    }
    out
}

fn unknown(against: &'static str, title: &str, detail: Option<String>) -> Verdict {
    Verdict {
        kind: VerdictKind::Unknown,
        against,
        title: title.to_string(),
        detail,
        diff: None,
        missing: vec![],
        image: None,
    }
}

/// What the verdict on the known images is against.
const KNOWN_IMAGES: &str = "Known images";

fn judge_images(computed: &Computed, file_name: &str, expected: &[FirmwareImage], others: &[FirmwareImage]) -> Verdict {
    match identify(computed, expected, others) {
        Identification::Expected(img) => Verdict {
            kind: VerdictKind::Match,
            against: KNOWN_IMAGES,
            title: format!("Match: this is {}", describe(&img)),
            detail: Some(
                "Its hash equals the one published for this image: the file is complete and unchanged.".to_string(),
            ),
            diff: None,
            missing: vec![],
            image: Some(img.file.clone()),
        },
        Identification::Other { found, expected } => wrong_image(&found, &expected),
        Identification::Unknown => no_known_image(computed, file_name, expected, others),
        Identification::NotComputed(missing) => Verdict {
            missing,
            ..unknown(
                KNOWN_IMAGES,
                "Some known images publish only other hashes",
                Some("Hash the file again with them to compare.".to_string()),
            )
        },
    }
}

/// The file is `found`, a known image, but not one of those `expected`.
fn wrong_image(found: &FirmwareImage, expected: &[FirmwareImage]) -> Verdict {
    let what = |i: &FirmwareImage| match (&i.hardware, &i.version) {
        (Some(h), _) if expected.iter().chain([found]).any(|o| o.hardware.as_ref() != Some(h)) => h.clone(),
        (_, Some(v)) => format!("version {v}"),
        _ => i.file.clone(),
    };
    let wanted: Vec<String> = expected.iter().map(what).collect();
    let wanted = if wanted.is_empty() {
        "the one this step needs".to_string()
    } else {
        wanted.join(" or ")
    };
    Verdict {
        kind: VerdictKind::WrongImage,
        against: KNOWN_IMAGES,
        title: format!("Wrong image: this is the image for {}, not {wanted}", what(found)),
        detail: Some(format!(
            "It matches {}. Do not flash it here: download {} instead.",
            describe(found),
            expected
                .iter()
                .map(|i| i.file.as_str())
                .collect::<Vec<_>>()
                .join(" or ")
        )),
        diff: None,
        missing: vec![],
        image: Some(found.file.clone()),
    }
}

/// The file is no known image: compared with the one the user most likely meant, if any.
fn no_known_image(
    computed: &Computed,
    file_name: &str,
    expected: &[FirmwareImage],
    others: &[FirmwareImage],
) -> Verdict {
    // The image the user most likely meant: the one with this file name, or the only one
    // this checker expects. Showing its hash beside the file's makes the mismatch visible.
    let meant = expected
        .iter()
        .chain(others)
        .find(|i| i.file.eq_ignore_ascii_case(file_name))
        .or(if expected.len() == 1 { expected.first() } else { None });
    let diff = meant.and_then(|img| {
        img.digests.iter().find_map(|d| match compare(computed, d) {
            Comparison::Mismatch {
                expected,
                actual,
                differing,
            } => Some((d.algorithm, expected, actual, differing)),
            _ => None,
        })
    });
    match (meant, diff) {
        (Some(img), Some((algorithm, e, actual, differing))) => Verdict {
            kind: VerdictKind::Mismatch,
            against: KNOWN_IMAGES,
            title: format!("Mismatch: this file is not {}", describe(img)),
            detail: Some(format!(
                "{} of {} characters of its {algorithm} differ from the published one, and it is none of the other known images. \
                 It is incomplete, corrupted or another file: download it again from the vendor and check it again.",
                differing.len(),
                algorithm.hex_len()
            )),
            diff: Some((e, actual, differing)),
            missing: vec![],
            image: Some(img.file.clone()),
        },
        _ => Verdict {
            kind: VerdictKind::Mismatch,
            against: KNOWN_IMAGES,
            title: "No match: this file is none of the known images".to_string(),
            detail: Some("It may be incomplete or corrupted, or another release. Download it again from the vendor and check it again.".to_string()),
            diff: None,
            missing: vec![],
            image: None,
        },
    }
}

fn judge_digest(computed: &Computed, expected: &Digest, against: &'static str, what: &str) -> Verdict {
    match compare(computed, expected) {
        Comparison::Match => Verdict {
            kind: VerdictKind::Match,
            against,
            title: format!("Match: the file's {} equals {what}", expected.algorithm),
            detail: None,
            diff: None,
            missing: vec![],
            image: None,
        },
        Comparison::Mismatch { expected: e, actual, differing } => Verdict {
            kind: VerdictKind::Mismatch,
            against,
            title: format!("Mismatch: the file's {} differs from {what}", expected.algorithm),
            detail: Some(format!(
                "{} of {} characters differ. Do not use this file: download it again, or check that the hash is for this file.",
                differing.len(),
                expected.algorithm.hex_len()
            )),
            diff: Some((e, actual, differing)),
            missing: vec![],
            image: None,
        },
        Comparison::NotComputed(a) => Verdict {
            missing: vec![a],
            image: None,
            ..unknown(against, &format!("{what} is {a}: hash the file with {a} to compare"), None)
        },
    }
}

fn judge_list(computed: &Computed, file_name: &str, list: &ChecksumList) -> Verdict {
    let against = "Checksum file";
    if list.entries.is_empty() {
        return unknown(
            against,
            "The checksum file has no entries this page can read",
            list.problems.first().map(|(l, p)| format!("Line {l}: {p}.")),
        );
    }
    let candidates = list.entries_for(file_name);
    // Of several entries for this name, the one that matches; else one whose algorithm was
    // computed (a mismatch is then decided, not deferred); else the first.
    let entry = candidates
        .iter()
        .find(|e| computed.matches(&e.digest))
        .or_else(|| candidates.iter().find(|e| computed.get(e.digest.algorithm).is_some()))
        .or(candidates.first());
    if let Some(entry) = entry {
        let what = format!("the entry for “{}” (line {})", entry.name, entry.line);
        return judge_digest(computed, &entry.digest, against, &what);
    }
    if let Some(entry) = list.entries.iter().find(|e| computed.matches(&e.digest)) {
        return Verdict {
            kind: VerdictKind::Match,
            against,
            title: format!("Match, under another name: this is “{}”", entry.name),
            detail: Some(format!("The list has no “{file_name}”, but this file's hash equals its entry for “{}” (line {}): it is that file, renamed.", entry.name, entry.line)),
            diff: None,
            missing: vec![],
            image: None,
        };
    }
    let names: Vec<&str> = list.entries.iter().take(5).map(|e| e.name.as_str()).collect();
    unknown(
        against,
        &format!("The checksum file has no entry for “{file_name}”"),
        Some(format!(
            "It lists {}{}.",
            names.join(", "),
            if list.entries.len() > 5 { ", …" } else { "" }
        )),
    )
}

/// "Nova Gateway G2 rev B, version 2.4.1 (file.bin)": how an image is named to people.
pub fn describe(img: &FirmwareImage) -> String {
    let mut s = String::new();
    if let Some(hw) = &img.hardware {
        s.push_str(hw);
    }
    if let Some(v) = &img.version {
        if !s.is_empty() {
            s.push_str(", ");
        }
        s.push_str("version ");
        s.push_str(v);
    }
    if s.is_empty() {
        img.file.clone()
    } else {
        format!("{s} ({})", img.file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::firmware::fixtures::{d, image, ABC256, ABC_MD5};
    use crate::firmware::parse_checksum_file;

    #[test]
    fn a_name_listed_twice_is_judged_by_the_entry_that_can_decide() {
        let computed = Computed(vec![d(Algorithm::Sha256, ABC256)]);
        let zeros = "0".repeat(64);
        // The wrong revision first: the matching entry for the same base name still wins.
        let list = parse_checksum_file(&format!("{zeros}  revA/fw.bin\n{ABC256}  revB/fw.bin\n"));
        assert_eq!(list.entries_for("fw.bin").len(), 2);
        let v = judge_list(&computed, "fw.bin", &list);
        assert_eq!(v.kind, VerdictKind::Match, "{v:?}");
        assert!(v.title.contains("revB/fw.bin"), "{}", v.title);
        // An MD5 line before the SHA-256 one: decided with the hash that was computed.
        let list = parse_checksum_file(&format!("{}  fw.bin\n{zeros}  fw.bin\n", "1".repeat(32)));
        let v = judge_list(&computed, "fw.bin", &list);
        assert_eq!((v.kind, v.missing.clone()), (VerdictKind::Mismatch, vec![]), "{v:?}");
        // Only an MD5 line: hash again.
        let list = parse_checksum_file(&format!("{ABC_MD5}  fw.bin\n"));
        assert_eq!(judge_list(&computed, "fw.bin", &list).missing, vec![Algorithm::Md5]);
    }

    #[test]
    fn comparisons_show_where_hashes_differ() {
        let computed = Computed(vec![d(Algorithm::Sha256, ABC256)]);
        assert_eq!(compare(&computed, &d(Algorithm::Sha256, ABC256)), Comparison::Match);
        let mut wrong = ABC256.to_string();
        wrong.replace_range(3..4, "0");
        wrong.replace_range(63..64, "f");
        match compare(&computed, &d(Algorithm::Sha256, &wrong)) {
            Comparison::Mismatch {
                expected,
                actual,
                differing,
            } => {
                assert_eq!(expected, wrong);
                assert_eq!(actual, ABC256);
                assert_eq!(differing, vec![3, 63]);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            compare(&computed, &d(Algorithm::Md5, ABC_MD5)),
            Comparison::NotComputed(Algorithm::Md5)
        );
        assert_eq!(differing_positions("abc", "abcde"), vec![3, 4]);
    }

    #[test]
    fn identification_names_the_right_and_the_wrong_image() {
        let rev_a = image("g2-revA.bin", "rev A", vec![d(Algorithm::Sha256, ABC256)]);
        let rev_b = image("g2-revB.bin", "rev B", vec![d(Algorithm::Sha256, &"0".repeat(64))]);
        let md5_only = image("old.bin", "rev 0", vec![d(Algorithm::Md5, ABC_MD5)]);
        let computed = Computed(vec![d(Algorithm::Sha256, ABC256)]);
        assert_eq!(
            identify(&computed, &[rev_a.clone(), rev_b.clone()], &[]),
            Identification::Expected(rev_a.clone())
        );
        assert_eq!(
            identify(&computed, std::slice::from_ref(&rev_b), std::slice::from_ref(&rev_a)),
            Identification::Other {
                found: rev_a.clone(),
                expected: vec![rev_b.clone()]
            }
        );
        let other = Computed(vec![d(Algorithm::Sha256, &"1".repeat(64))]);
        assert_eq!(
            identify(&other, std::slice::from_ref(&rev_b), &[]),
            Identification::Unknown
        );
        assert_eq!(
            identify(&other, &[rev_b.clone(), md5_only.clone()], &[]),
            Identification::NotComputed(vec![Algorithm::Md5])
        );
        assert_eq!(
            algorithms_for(&[rev_a, md5_only.clone()]),
            vec![Algorithm::Sha256, Algorithm::Md5]
        );
        assert_eq!(describe(&md5_only), "rev 0, version 2.4.1 (old.bin)");
    }

    #[test]
    fn a_file_that_is_no_known_image_is_compared_with_the_one_meant() {
        let rev_a = image("g2-revA.bin", "rev A", vec![d(Algorithm::Sha256, ABC256)]);
        let rev_b = image("g2-revB.bin", "rev B", vec![d(Algorithm::Sha256, &"0".repeat(64))]);
        let corrupt = Computed(vec![d(Algorithm::Sha256, &format!("f{}", &ABC256[1..]))]);
        let both = [rev_a.clone(), rev_b.clone()];
        // Named after one of the images (any case): that image's hash, the differences marked.
        let v = judge_images(&corrupt, "G2-REVA.BIN", &both, &[]);
        assert_eq!(
            (v.kind, v.title.as_str()),
            (
                VerdictKind::Mismatch,
                "Mismatch: this file is not rev A, version 2.4.1 (g2-revA.bin)"
            )
        );
        assert_eq!(
            v.diff,
            Some((ABC256.to_string(), format!("f{}", &ABC256[1..]), vec![0]))
        );
        // The only image a step expects, whatever the file is called.
        let v = judge_images(
            &corrupt,
            "download.bin",
            std::slice::from_ref(&rev_b),
            std::slice::from_ref(&rev_a),
        );
        assert_eq!(v.diff.map(|d| d.0), Some("0".repeat(64)));
        // Several images and no name to go by: nothing single to compare with.
        let v = judge_images(&corrupt, "download.bin", &both, &[]);
        assert_eq!(v.title, "No match: this file is none of the known images");
        assert_eq!(v.diff, None);
    }

    #[test]
    fn verdicts_for_images_pasted_hashes_and_lists() {
        let rev_a = image("g2-revA.bin", "rev A", vec![d(Algorithm::Sha256, ABC256)]);
        let rev_b = image("g2-revB.bin", "rev B", vec![d(Algorithm::Sha256, &"0".repeat(64))]);
        let computed = Computed(vec![d(Algorithm::Sha256, ABC256)]);
        let kinds = |v: Vec<Verdict>| v.into_iter().map(|v| (v.against, v.kind)).collect::<Vec<_>>();

        assert!(judge(&computed, "f.bin", &Expectations::default()).is_empty());
        let v = judge(
            &computed,
            "f.bin",
            &Expectations {
                expected: std::slice::from_ref(&rev_b),
                others: std::slice::from_ref(&rev_a),
                ..Default::default()
            },
        );
        assert_eq!(v[0].kind, VerdictKind::WrongImage);
        assert_eq!(v[0].title, "Wrong image: this is the image for rev A, not rev B");
        let v = judge(
            &computed,
            "f.bin",
            &Expectations {
                expected: &[rev_a.clone(), rev_b.clone()],
                ..Default::default()
            },
        );
        assert_eq!(
            (v[0].kind, v[0].title.as_str()),
            (VerdictKind::Match, "Match: this is rev A, version 2.4.1 (g2-revA.bin)")
        );

        let mut wrong = ABC256.to_string();
        wrong.replace_range(0..1, "c");
        let list = parse_checksum_file(&format!("{ABC256}  renamed.bin\n{ABC_MD5}  f.bin\n"));
        let v = judge(
            &computed,
            "f.bin",
            &Expectations {
                pasted: &wrong,
                list: Some(&list),
                ..Default::default()
            },
        );
        assert_eq!(
            kinds(v.clone()),
            vec![
                ("Pasted hash", VerdictKind::Mismatch),
                ("Checksum file", VerdictKind::Unknown)
            ]
        );
        assert_eq!(v[0].diff, Some((wrong.clone(), ABC256.to_string(), vec![0])));
        assert_eq!(
            v[1].missing,
            vec![Algorithm::Md5],
            "the list's entry for f.bin is MD5, not computed"
        );
        let v = judge(
            &computed,
            "other.bin",
            &Expectations {
                pasted: "sha256: nope",
                list: Some(&list),
                ..Default::default()
            },
        );
        assert_eq!(
            kinds(v.clone()),
            vec![
                ("Pasted hash", VerdictKind::Unknown),
                ("Checksum file", VerdictKind::Match)
            ]
        );
        assert_eq!(v[1].title, "Match, under another name: this is “renamed.bin”");
        let v = judge(
            &Computed(vec![d(Algorithm::Sha256, &"1".repeat(64))]),
            "x.bin",
            &Expectations {
                list: Some(&list),
                expected: std::slice::from_ref(&rev_a),
                ..Default::default()
            },
        );
        assert_eq!(
            kinds(v.clone()),
            vec![
                ("Known images", VerdictKind::Mismatch),
                ("Checksum file", VerdictKind::Unknown)
            ]
        );
        assert!(v[1].title.contains("no entry for “x.bin”"), "{v:?}");
    }
}
