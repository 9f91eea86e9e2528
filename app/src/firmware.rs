//! Firmware file checking shared by the server and the browser: reading the hashes people
//! paste, the checksum files vendors publish (GNU `sha256sum` and BSD/OpenSSL formats), and
//! comparing computed digests with them and with an article's known images. Plain functions, so
//! all of it is tested natively; the hashing itself is in the `fixpath-hasher` crate.

use crate::model::{Digest, FirmwareImage};
pub use fixpath_hasher::Algorithm;

/// Why a pasted or written hash is not usable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HashError {
    /// Nothing but spaces.
    #[error("the hash is empty")]
    Empty,
    /// A character that is not a hex digit.
    #[error("`{0}` is not a hex digit: a hash has only 0–9 and a–f")]
    NotHex(char),
    /// No algorithm has a digest of this length.
    #[error("{0} hex digits is not the length of a SHA-256 (64), SHA-512 (128), SHA-1 (40) or MD5 (32) hash")]
    Length(usize),
    /// The prefix names one algorithm and the length says another.
    #[error("it says {named} but has {len} hex digits ({named} has {want})")]
    Mismatch {
        /// The algorithm the prefix names.
        named: Algorithm,
        /// The digit count.
        len: usize,
        /// The digit count the named algorithm has.
        want: usize,
    },
}

/// Reads a hash as people paste it: any case, spaces or colons between groups, an optional
/// `sha256:` / `SHA-256=` prefix, and `sha256sum` output (`HASH  file`, only the hash is used).
/// The algorithm comes from the prefix or else from the length.
pub fn parse_hash(input: &str) -> Result<Digest, HashError> {
    let mut text = input.trim();
    let mut named = None;
    if let Some((prefix, rest)) = text.split_once([':', '=']) {
        if let Some(a) = Algorithm::parse(prefix.trim()) {
            named = Some(a);
            text = rest.trim();
        }
    }
    // `sha256sum` output: the hash, then two spaces (or " *") and the file name.
    if let Some((first, rest)) = text.split_once(char::is_whitespace) {
        let looks_like_file = rest.trim_start().starts_with('*') || rest.starts_with(' ');
        if looks_like_file && Algorithm::from_hex_len(first.len()).is_some() {
            text = first;
        }
    }
    let mut hex = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_whitespace() || c == ':' || c == '-' {
            continue;
        }
        if !c.is_ascii_hexdigit() {
            return Err(HashError::NotHex(c));
        }
        hex.push(c.to_ascii_lowercase());
    }
    if hex.is_empty() {
        return Err(HashError::Empty);
    }
    let by_len = Algorithm::from_hex_len(hex.len());
    let algorithm = match (named, by_len) {
        (Some(n), _) if n.hex_len() != hex.len() => {
            return Err(HashError::Mismatch {
                named: n,
                len: hex.len(),
                want: n.hex_len(),
            })
        }
        (Some(n), _) => n,
        (None, Some(a)) => a,
        (None, None) => return Err(HashError::Length(hex.len())),
    };
    Ok(Digest { algorithm, hex })
}

/// One line of a checksum file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecksumEntry {
    /// The file name as the list gives it.
    pub name: String,
    /// The hash.
    pub digest: Digest,
    /// 1-based line in the list.
    pub line: u32,
}

/// A checksum file read leniently: the good entries and a note per line that could not be read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChecksumList {
    /// Entries in file order.
    pub entries: Vec<ChecksumEntry>,
    /// `(line, problem)` for each line that is neither an entry, a comment nor blank.
    pub problems: Vec<(u32, String)>,
}

/// Checksum lists larger than this are refused: real ones are a few lines.
pub const MAX_CHECKSUM_LIST_BYTES: u64 = 4 * 1024 * 1024;

/// True for a file that is by its name a checksum list (`SHA256SUMS`, `image.bin.sha256`,
/// `checksums.md5`, `MD5SUMS.txt`), small enough to be one.
pub fn looks_like_checksum_list(name: &str, size: u64) -> bool {
    if size > MAX_CHECKSUM_LIST_BYTES {
        return false;
    }
    let lower = name.to_ascii_lowercase();
    let (stem, ext) = lower.rsplit_once('.').unwrap_or((&lower, ""));
    // `fw.bin.sha256`, `image.md5`
    if matches!(
        ext,
        "sha256" | "sha512" | "sha1" | "md5" | "sha256sum" | "sha512sum" | "sha1sum" | "md5sum"
    ) {
        return true;
    }
    // `SHA256SUMS`, `sha256sums.txt`, `checksums.txt`; never `checksum-fix.bin`
    matches!(ext, "" | "txt") && (stem.ends_with("sums") || stem.contains("checksum"))
}

/// Parses a checksum list in GNU coreutils format (`HASH  name`, `HASH *name`, `\HASH  name`
/// with escapes) or BSD/OpenSSL format (`SHA256 (name) = HASH`), one file per line, formats
/// and algorithms mixed freely. Blank lines and `#` comments are skipped.
pub fn parse_checksum_file(text: &str) -> ChecksumList {
    let mut list = ChecksumList::default();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (i, raw) in text.lines().enumerate() {
        let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let l = raw.trim_end_matches('\r');
        if l.trim().is_empty() || l.trim_start().starts_with('#') {
            continue;
        }
        match parse_bsd_line(l).or_else(|| parse_gnu_line(l)) {
            Some(Ok((name, digest))) => list.entries.push(ChecksumEntry { name, digest, line }),
            Some(Err(problem)) => list.problems.push((line, problem)),
            None => list.problems.push((
                line,
                "not a checksum line: expected `HASH  file` or `SHA256 (file) = HASH`".to_string(),
            )),
        }
    }
    list
}

type LineResult = Option<Result<(String, Digest), String>>;

/// `SHA256 (name) = HASH` (BSD, `shasum --tag`), `SHA256(name)= HASH` (OpenSSL 1.1) and
/// `SHA2-256(name)= HASH` (OpenSSL 3).
fn parse_bsd_line(l: &str) -> LineResult {
    let (algo, rest) = l.trim_start().split_once('(')?;
    let algorithm = Algorithm::parse(algo.trim())?;
    let (name, hash) = rest.rsplit_once(')')?;
    let hash = hash.trim_start().strip_prefix('=')?;
    Some(checked(algorithm, name, hash.trim()))
}

fn parse_gnu_line(l: &str) -> LineResult {
    // Lists pasted from web pages come indented, or with a tab between hash and name.
    let l = l.trim_start();
    let (escaped, l) = match l.strip_prefix('\\') {
        Some(rest) => (true, rest),
        None => (false, l),
    };
    let (hash, rest) = l.split_once([' ', '\t'])?;
    let rest = rest.strip_prefix('\t').unwrap_or(rest);
    let name = rest.strip_prefix(['*', ' ']).unwrap_or(rest);
    if name.is_empty() {
        return Some(Err("the line has a hash but no file name".to_string()));
    }
    let name = if escaped { unescape(name) } else { name.to_string() };
    let algorithm = match Algorithm::from_hex_len(hash.len()) {
        Some(a) => a,
        None if hash.chars().all(|c| c.is_ascii_hexdigit()) => {
            return Some(Err(HashError::Length(hash.len()).to_string()))
        }
        None => return None,
    };
    Some(checked(algorithm, &name, hash))
}

fn checked(algorithm: Algorithm, name: &str, hash: &str) -> Result<(String, Digest), String> {
    if let Some(c) = hash.chars().find(|c| !c.is_ascii_hexdigit()) {
        return Err(HashError::NotHex(c).to_string());
    }
    if hash.len() != algorithm.hex_len() {
        return Err(HashError::Mismatch {
            named: algorithm,
            len: hash.len(),
            want: algorithm.hex_len(),
        }
        .to_string());
    }
    Ok((
        name.to_string(),
        Digest {
            algorithm,
            hex: hash.to_ascii_lowercase(),
        },
    ))
}

/// GNU's escaping for names with a backslash or newline (`\\` and `\n`).
fn unescape(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut chars = name.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn base_name(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name)
}

impl ChecksumList {
    /// Every entry that can be for `file_name`, from the closest kind of match down: the same
    /// name, else the same base name (lists often say `./fw/image.bin`), else the same base name
    /// ignoring case. A list may name
    /// one file several times (`revA/fw.bin` and `revB/fw.bin`, or an MD5 and a SHA-256 line).
    pub fn entries_for(&self, file_name: &str) -> Vec<&ChecksumEntry> {
        let wanted = base_name(file_name);
        let tiers: [&dyn Fn(&ChecksumEntry) -> bool; 3] =
            [&|e| e.name == file_name, &|e| base_name(&e.name) == wanted, &|e| {
                base_name(&e.name).eq_ignore_ascii_case(wanted)
            }];
        tiers
            .iter()
            .map(|same| self.entries.iter().filter(|e| same(e)).collect::<Vec<_>>())
            .find(|found| !found.is_empty())
            .unwrap_or_default()
    }

    /// Every algorithm the list uses.
    pub fn algorithms(&self) -> Vec<Algorithm> {
        let mut out: Vec<Algorithm> = self.entries.iter().map(|e| e.digest.algorithm).collect();
        out.sort();
        out.dedup();
        out
    }
}

/// Digests computed for one file, lower-case hex, one per algorithm.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Computed(pub Vec<Digest>);

impl Computed {
    /// The computed hex for `algorithm`, if it was computed.
    pub fn get(&self, algorithm: Algorithm) -> Option<&str> {
        self.0.iter().find(|d| d.algorithm == algorithm).map(|d| d.hex.as_str())
    }

    /// True when `digest` was computed and equals it.
    pub fn matches(&self, digest: &Digest) -> bool {
        self.get(digest.algorithm).is_some_and(|h| h == digest.hex)
    }
}

/// How a computed file compares with one expected hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Comparison {
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
pub fn compare(computed: &Computed, expected: &Digest) -> Comparison {
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
pub fn differing_positions(a: &str, b: &str) -> Vec<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    (0..a.len().max(b.len())).filter(|&i| a.get(i) != b.get(i)).collect()
}

/// What a file is, judged against the images a checker expects and the other known images.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identification {
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
pub fn identify(computed: &Computed, expected: &[FirmwareImage], others: &[FirmwareImage]) -> Identification {
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
pub fn algorithms_for(images: &[FirmwareImage]) -> Vec<Algorithm> {
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
}

/// Everything a computed file can be compared with.
#[derive(Debug, Clone, Copy, Default)]
pub struct Expectations<'a> {
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
pub fn judge(computed: &Computed, file_name: &str, e: &Expectations<'_>) -> Vec<Verdict> {
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
    }
}

fn judge_images(computed: &Computed, file_name: &str, expected: &[FirmwareImage], others: &[FirmwareImage]) -> Verdict {
    let against = "Known images";
    match identify(computed, expected, others) {
        Identification::Expected(img) => Verdict {
            kind: VerdictKind::Match,
            against,
            title: format!("Match: this is {}", describe(&img)),
            detail: Some(
                "Its hash equals the one published for this image: the file is complete and unchanged.".to_string(),
            ),
            diff: None,
            missing: vec![],
        },
        Identification::Other { found, expected } => {
            let what = |i: &FirmwareImage| match (&i.hardware, &i.version) {
                (Some(h), _) if expected.iter().chain([&found]).any(|o| o.hardware.as_ref() != Some(h)) => h.clone(),
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
                against,
                title: format!("Wrong image: this is the image for {}, not {wanted}", what(&found)),
                detail: Some(format!(
                    "It matches {}. Do not flash it here: download {} instead.",
                    describe(&found),
                    expected
                        .iter()
                        .map(|i| i.file.as_str())
                        .collect::<Vec<_>>()
                        .join(" or ")
                )),
                diff: None,
                missing: vec![],
            }
        }
        Identification::Unknown => {
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
                    against,
                    title: format!("Mismatch: this file is not {}", describe(img)),
                    detail: Some(format!(
                        "{} of {} characters of its {algorithm} differ from the published one, and it is none of the other known images. \
                         It is incomplete, corrupted or another file: download it again from the vendor and check it again.",
                        differing.len(),
                        algorithm.hex_len()
                    )),
                    diff: Some((e, actual, differing)),
                    missing: vec![],
                },
                _ => Verdict {
                    kind: VerdictKind::Mismatch,
                    against,
                    title: "No match: this file is none of the known images".to_string(),
                    detail: Some("It may be incomplete or corrupted, or another release. Download it again from the vendor and check it again.".to_string()),
                    diff: None,
                    missing: vec![],
                },
            }
        }
        Identification::NotComputed(missing) => Verdict {
            missing,
            ..unknown(
                against,
                "Some known images publish only other hashes",
                Some("Hash the file again with them to compare.".to_string()),
            )
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
        },
        Comparison::NotComputed(a) => Verdict {
            missing: vec![a],
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

/// The shell commands that compute the same hash without this page.
pub fn commands(algorithm: Algorithm, file: &str) -> [(&'static str, String); 3] {
    let (gnu, certutil, shasum) = match algorithm {
        Algorithm::Sha256 => ("sha256sum", "SHA256", "shasum -a 256"),
        Algorithm::Sha512 => ("sha512sum", "SHA512", "shasum -a 512"),
        Algorithm::Sha1 => ("sha1sum", "SHA1", "shasum -a 1"),
        Algorithm::Md5 => ("md5sum", "MD5", "md5"),
    };
    // A name starting with `-` would be read as an option.
    let file = &if file.starts_with('-') {
        format!("./{file}")
    } else {
        file.to_string()
    };
    let plain = |c: char| c.is_ascii_alphanumeric() || "._-+/=:@".contains(c);
    let (posix, windows) = if file.chars().all(plain) {
        (file.to_string(), file.to_string())
    } else {
        (
            format!("'{}'", file.replace('\'', r"'\''")),
            format!("\"{}\"", file.replace('"', "")),
        )
    };
    [
        ("Linux", format!("{gnu} {posix}")),
        ("Windows", format!("certutil -hashfile {windows} {certutil}")),
        ("macOS", format!("{shasum} {posix}")),
    ]
}

/// What the command-line fallback of a checker expecting `expected` shows: the image's own file
/// name and algorithm when it expects one image, else `FILE` and SHA-256 (or the one algorithm
/// every expected image publishes).
pub fn fallback_command(expected: &[FirmwareImage]) -> (Algorithm, String) {
    // `ALL` starts with SHA-256, so it wins whenever every image publishes it.
    let algorithm = Algorithm::ALL
        .into_iter()
        .find(|a| expected.iter().all(|i| i.digests.iter().any(|d| d.algorithm == *a)))
        .unwrap_or(Algorithm::Sha256);
    match expected {
        [one] => (algorithm, one.file.clone()),
        _ => (algorithm, "FILE".to_string()),
    }
}

/// Bytes as people read them: `0 B`, `512 KB`, `1.4 GB` (decimal units, as file managers show).
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut v = n as f64;
    let mut unit = 0;
    while v >= 1000.0 && unit < UNITS.len() - 1 {
        v /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else if v < 10.0 {
        format!("{v:.1} {}", UNITS[unit])
    } else {
        format!("{v:.0} {}", UNITS[unit])
    }
}

/// "3 s", "2 min 5 s": a duration for a progress line.
pub fn human_seconds(secs: f64) -> String {
    if !secs.is_finite() || secs < 0.0 {
        return "…".to_string();
    }
    let s = secs.ceil() as u64;
    if s < 60 {
        format!("{s} s")
    } else {
        format!("{} min {} s", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ABC256: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    const ABC_MD5: &str = "900150983cd24fb0d6963f7d28e17f72";

    fn d(algorithm: Algorithm, hex: &str) -> Digest {
        Digest {
            algorithm,
            hex: hex.to_string(),
        }
    }

    fn image(file: &str, hw: &str, digests: Vec<Digest>) -> FirmwareImage {
        FirmwareImage {
            file: file.to_string(),
            version: Some("2.4.1".to_string()),
            hardware: Some(hw.to_string()),
            digests,
            article: None,
        }
    }

    #[test]
    fn pasted_hashes_are_tolerated() {
        let upper = ABC256.to_uppercase();
        let spaced: String = ABC256
            .as_bytes()
            .chunks(8)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect::<Vec<_>>()
            .join(" ");
        for input in [
            ABC256.to_string(),
            format!("  {upper}\n"),
            format!("sha256:{ABC256}"),
            format!("SHA-256: {upper}"),
            format!("SHA256={ABC256}"),
            spaced,
            format!("{ABC256}  firmware.bin"),
            format!("{ABC256} *firmware.bin"),
        ] {
            assert_eq!(parse_hash(&input), Ok(d(Algorithm::Sha256, ABC256)), "{input:?}");
        }
        assert_eq!(parse_hash(ABC_MD5).map(|d| d.algorithm), Ok(Algorithm::Md5));
        assert_eq!(
            parse_hash("a9993e364706816aba3e25717850c26c9cd0d89d").map(|d| d.algorithm),
            Ok(Algorithm::Sha1)
        );
    }

    #[test]
    fn bad_pasted_hashes_say_why() {
        assert_eq!(parse_hash("   "), Err(HashError::Empty));
        assert_eq!(parse_hash("xyz"), Err(HashError::NotHex('x')));
        assert_eq!(parse_hash("abcd"), Err(HashError::Length(4)));
        assert_eq!(
            parse_hash(&format!("md5:{ABC256}")),
            Err(HashError::Mismatch {
                named: Algorithm::Md5,
                len: 64,
                want: 32
            })
        );
        assert!(parse_hash("sha256:").is_err());
    }

    #[test]
    fn gnu_and_bsd_lists_parse_with_malformed_lines_reported() {
        let text = format!(
            "# release 2.4.1\n\
             {ABC256}  gw-g2-revA.bin\r\n\
             {ABC_MD5} *gw-g2-revB.bin\n\
             \n\
             SHA256 (cam c4.bin) = {ABC256}\n\
             MD5 (dome.bin) = {}\n\
             \\{ABC256}  odd\\\\name.bin\n\
             nonsense here\n\
             {}  truncated.bin\n\
             SHA256 (bad.bin) = zz{}\n\
             {ABC256}\n",
            ABC_MD5.to_uppercase(),
            &ABC256[..60],
            &ABC256[2..],
        );
        let list = parse_checksum_file(&text);
        let names: Vec<_> = list
            .entries
            .iter()
            .map(|e| (e.line, e.name.as_str(), e.digest.algorithm))
            .collect();
        assert_eq!(
            names,
            vec![
                (2, "gw-g2-revA.bin", Algorithm::Sha256),
                (3, "gw-g2-revB.bin", Algorithm::Md5),
                (5, "cam c4.bin", Algorithm::Sha256),
                (6, "dome.bin", Algorithm::Md5),
                (7, "odd\\name.bin", Algorithm::Sha256),
            ]
        );
        assert_eq!(list.entries[3].digest.hex, ABC_MD5, "hex is lower-cased");
        let lines: Vec<u32> = list.problems.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![8, 9, 10, 11], "{:?}", list.problems);
        assert!(list.problems[1].1.contains("60 hex digits"), "{:?}", list.problems[1]);
        assert!(
            list.problems[2].1.contains("`z` is not a hex digit"),
            "{:?}",
            list.problems[2]
        );
        assert_eq!(list.algorithms(), vec![Algorithm::Sha256, Algorithm::Md5]);
    }

    #[test]
    fn checksum_lists_are_told_apart_from_images_by_name() {
        for name in [
            "SHA256SUMS",
            "sha256sums.txt",
            "fw.bin.sha256",
            "MD5SUMS",
            "checksums.txt",
            "image.md5",
            "x.SHA512",
        ] {
            assert!(looks_like_checksum_list(name, 200), "{name}");
        }
        for name in [
            "nova-g2-revA-2.4.1.bin",
            "firmware.img",
            "notes.txt",
            "sha256.bin",
            "release.zip",
            "checksum-fix-fw.bin",
            "md5sums.tar.gz",
        ] {
            assert!(!looks_like_checksum_list(name, 200), "{name}");
        }
        assert!(!looks_like_checksum_list("SHA256SUMS", 5 << 20), "too big to be a list");
    }

    #[test]
    fn openssl_output_and_pasted_lists_are_read_too() {
        let text = format!(
            "SHA256(fw.bin)= {ABC256}\n\
             SHA2-256(fw two.bin)= {ABC256}\n\
             MD5(old (1).bin)= {ABC_MD5}\n\
             \x20   {ABC256}  indented.bin\n\
             {ABC256}\ttabbed.bin\n\
             {ABC256}  name (copy).bin\n"
        );
        let list = parse_checksum_file(&text);
        assert!(list.problems.is_empty(), "{:?}", list.problems);
        let names: Vec<_> = list
            .entries
            .iter()
            .map(|e| (e.name.as_str(), e.digest.algorithm))
            .collect();
        assert_eq!(
            names,
            vec![
                ("fw.bin", Algorithm::Sha256),
                ("fw two.bin", Algorithm::Sha256),
                ("old (1).bin", Algorithm::Md5),
                ("indented.bin", Algorithm::Sha256),
                ("tabbed.bin", Algorithm::Sha256),
                ("name (copy).bin", Algorithm::Sha256),
            ]
        );
    }

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
    fn entries_are_found_by_name_then_base_name_then_case() {
        let list = parse_checksum_file(&format!(
            "{ABC256}  ./fw/Gateway.BIN\n{ABC_MD5}  other.bin\n{ABC256}  exact/other.bin\n"
        ));
        let lines = |name: &str| list.entries_for(name).iter().map(|e| e.line).collect::<Vec<_>>();
        assert_eq!(lines("exact/other.bin"), vec![3]);
        assert_eq!(lines("other.bin"), vec![2]);
        assert_eq!(lines("Gateway.BIN"), vec![1]);
        assert_eq!(lines("gateway.bin"), vec![1]);
        assert_eq!(lines("missing.bin"), Vec::<u32>::new());
        assert_eq!(parse_checksum_file("").entries.len(), 0);
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

    #[test]
    fn commands_and_units_read_well() {
        assert_eq!(commands(Algorithm::Sha256, "fw.bin")[0].1, "sha256sum fw.bin");
        assert_eq!(
            commands(Algorithm::Sha256, "fw.bin")[1].1,
            "certutil -hashfile fw.bin SHA256"
        );
        assert_eq!(commands(Algorithm::Sha256, "fw.bin")[2].1, "shasum -a 256 fw.bin");
        let spaced = commands(Algorithm::Md5, "Nova fw (rev B).bin");
        assert_eq!(spaced[0].1, "md5sum 'Nova fw (rev B).bin'");
        assert_eq!(spaced[1].1, "certutil -hashfile \"Nova fw (rev B).bin\" MD5");
        assert_eq!(commands(Algorithm::Sha1, "it's.bin")[2].1, r"shasum -a 1 'it'\''s.bin'");
        assert_eq!(commands(Algorithm::Sha256, "-rf.bin")[0].1, "sha256sum ./-rf.bin");
        assert_eq!(
            commands(Algorithm::Sha256, "fw,v2.bin")[1].1,
            "certutil -hashfile \"fw,v2.bin\" SHA256"
        );
        let a = image("a.bin", "rev A", vec![d(Algorithm::Sha256, ABC256)]);
        let b = image("b.bin", "rev B", vec![d(Algorithm::Sha1, &"1".repeat(40))]);
        assert_eq!(
            fallback_command(std::slice::from_ref(&a)),
            (Algorithm::Sha256, "a.bin".into())
        );
        assert_eq!(
            fallback_command(std::slice::from_ref(&b)),
            (Algorithm::Sha1, "b.bin".into())
        );
        assert_eq!(fallback_command(&[a, b]), (Algorithm::Sha256, "FILE".into()));
        assert_eq!(fallback_command(&[]), (Algorithm::Sha256, "FILE".into()));
        assert_eq!(human_bytes(0), "0 B");
        assert_eq!(human_bytes(1_048_577), "1.0 MB");
        assert_eq!(human_bytes(4_294_967_296), "4.3 GB");
        assert_eq!(human_seconds(2.1), "3 s");
        assert_eq!(human_seconds(125.0), "2 min 5 s");
        assert_eq!(human_seconds(f64::INFINITY), "…");
    }
}
