//! The command-line fallback: the shell commands that compute a file's hash without the page.

use super::Algorithm;
use crate::model::FirmwareImage;

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
        (file.clone(), file.clone())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::firmware::fixtures::{d, image, ABC256};

    #[test]
    fn commands_quote_names_and_name_the_image_when_there_is_one() {
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
    }
}
