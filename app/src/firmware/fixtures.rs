//! Hashes and images the firmware tests share.

use super::Algorithm;
use crate::model::{Digest, FirmwareImage};

/// SHA-256 of `abc` (FIPS 180).
pub(super) const ABC256: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
/// MD5 of `abc` (RFC 1321).
pub(super) const ABC_MD5: &str = "900150983cd24fb0d6963f7d28e17f72";

/// A digest.
pub(super) fn d(algorithm: Algorithm, hex: &str) -> Digest {
    Digest {
        algorithm,
        hex: hex.to_string(),
    }
}

/// An image of version 2.4.1 for hardware `hw`.
pub(super) fn image(file: &str, hw: &str, digests: Vec<Digest>) -> FirmwareImage {
    FirmwareImage {
        purpose: None,
        file: file.to_string(),
        version: Some("2.4.1".to_string()),
        hardware: Some(hw.to_string()),
        digests,
        article: None,
    }
}
