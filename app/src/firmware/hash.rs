//! Hashes as people paste them: any case, `sha256:` prefixes, spaces or colons between groups,
//! and `sha256sum` output.

use super::Algorithm;
use crate::model::Digest;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::firmware::fixtures::{d, ABC256, ABC_MD5};

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
}
