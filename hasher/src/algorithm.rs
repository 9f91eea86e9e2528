//! The hash algorithms Fixpath computes and recognises.

use std::fmt;

/// A hash algorithm vendors publish firmware checksums in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Algorithm {
    /// SHA-256, the default and the most common.
    Sha256,
    /// SHA-512.
    Sha512,
    /// SHA-1 (broken for security, still published).
    Sha1,
    /// MD5 (broken for security, still published).
    Md5,
}

impl Algorithm {
    /// Every algorithm, strongest and most common first.
    pub const ALL: [Algorithm; 4] = [Algorithm::Sha256, Algorithm::Sha512, Algorithm::Sha1, Algorithm::Md5];

    /// The lower-case key used in front matter, URLs and the worker protocol (`sha256`).
    pub fn key(self) -> &'static str {
        match self {
            Algorithm::Sha256 => "sha256",
            Algorithm::Sha512 => "sha512",
            Algorithm::Sha1 => "sha1",
            Algorithm::Md5 => "md5",
        }
    }

    /// The name people read (`SHA-256`).
    pub fn label(self) -> &'static str {
        match self {
            Algorithm::Sha256 => "SHA-256",
            Algorithm::Sha512 => "SHA-512",
            Algorithm::Sha1 => "SHA-1",
            Algorithm::Md5 => "MD5",
        }
    }

    /// Length of the digest in hex characters.
    pub fn hex_len(self) -> usize {
        match self {
            Algorithm::Sha256 => 64,
            Algorithm::Sha512 => 128,
            Algorithm::Sha1 => 40,
            Algorithm::Md5 => 32,
        }
    }

    /// The algorithm whose hex digest has this length (each length is unique among ours).
    pub fn from_hex_len(len: usize) -> Option<Algorithm> {
        Algorithm::ALL.into_iter().find(|a| a.hex_len() == len)
    }

    /// Parses a key or label, ignoring case and dashes: `sha256`, `SHA-256`, `SHA256`, `md5`.
    pub fn parse(name: &str) -> Option<Algorithm> {
        let folded: String = name
            .chars()
            .filter(|c| *c != '-' && *c != '_')
            .map(|c| c.to_ascii_lowercase())
            .collect();
        // OpenSSL 3 names the SHA-2 family `SHA2-256`, `SHA2-512`.
        let folded = match folded.as_str() {
            "sha2256" => "sha256",
            "sha2512" => "sha512",
            other => other,
        };
        Algorithm::ALL.into_iter().find(|a| a.key() == folded)
    }

    /// The bit this algorithm has in the worker's algorithm mask.
    pub fn bit(self) -> u32 {
        match self {
            Algorithm::Sha256 => 1,
            Algorithm::Sha512 => 2,
            Algorithm::Sha1 => 4,
            Algorithm::Md5 => 8,
        }
    }

    /// The algorithms whose bits are set in `mask`, in [`Algorithm::ALL`] order.
    pub fn from_mask(mask: u32) -> Vec<Algorithm> {
        Algorithm::ALL.into_iter().filter(|a| mask & a.bit() != 0).collect()
    }

    /// The mask with the bits of `algorithms` set.
    pub fn mask(algorithms: impl IntoIterator<Item = Algorithm>) -> u32 {
        algorithms.into_iter().fold(0, |m, a| m | a.bit())
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_in_every_spelling() {
        for (name, want) in [
            ("sha256", Algorithm::Sha256),
            ("SHA-256", Algorithm::Sha256),
            ("Sha_512", Algorithm::Sha512),
            ("SHA1", Algorithm::Sha1),
            ("md5", Algorithm::Md5),
        ] {
            assert_eq!(Algorithm::parse(name), Some(want), "{name}");
        }
        assert_eq!(Algorithm::parse("sha3"), None);
        assert_eq!(Algorithm::parse(""), None);
    }

    #[test]
    fn hex_lengths_identify_the_algorithm() {
        assert_eq!(Algorithm::from_hex_len(64), Some(Algorithm::Sha256));
        assert_eq!(Algorithm::from_hex_len(128), Some(Algorithm::Sha512));
        assert_eq!(Algorithm::from_hex_len(40), Some(Algorithm::Sha1));
        assert_eq!(Algorithm::from_hex_len(32), Some(Algorithm::Md5));
        assert_eq!(Algorithm::from_hex_len(63), None);
    }

    #[test]
    fn masks_round_trip() {
        let all = Algorithm::mask(Algorithm::ALL);
        assert_eq!(all, 15);
        assert_eq!(Algorithm::from_mask(all), Algorithm::ALL.to_vec());
        assert_eq!(
            Algorithm::from_mask(Algorithm::Md5.bit() | Algorithm::Sha256.bit()),
            vec![Algorithm::Sha256, Algorithm::Md5]
        );
        assert!(Algorithm::from_mask(0).is_empty());
    }
}
