//! Checksum lists as vendors publish them (`SHA256SUMS`, `fw.bin.md5`), in GNU `sha256sum` and
//! BSD/OpenSSL formats, read leniently; and the entries that can be for a file.

use super::{Algorithm, HashError};
use crate::model::Digest;

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
pub(super) const MAX_CHECKSUM_LIST_BYTES: u64 = 4 * 1024 * 1024;

/// True for a file that is by its name a checksum list (`SHA256SUMS`, `image.bin.sha256`,
/// `checksums.md5`, `MD5SUMS.txt`), small enough to be one.
pub(super) fn looks_like_checksum_list(name: &str, size: u64) -> bool {
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
pub(super) fn parse_checksum_file(text: &str) -> ChecksumList {
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
    pub(super) fn entries_for(&self, file_name: &str) -> Vec<&ChecksumEntry> {
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
    pub(super) fn algorithms(&self) -> Vec<Algorithm> {
        let mut out: Vec<Algorithm> = self.entries.iter().map(|e| e.digest.algorithm).collect();
        out.sort();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::firmware::fixtures::{ABC256, ABC_MD5};

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
}
