//! Bytes to text: a file that is not UTF-8 is named for what it most likely is (UTF-16 from a
//! Windows editor, or Latin-1), at the line and column where it stops being UTF-8.

use super::super::Diagnostic;
use super::Parsed;
use std::path::Path;

/// Parses the bytes of one article file. `slug` comes from the file name.
pub fn parse_bytes(path: &Path, slug: &str, bytes: &[u8]) -> Result<Parsed, Vec<Diagnostic>> {
    // A zero byte is valid UTF-8 but never text a writer meant: UTF-16 without a byte-order mark.
    let bad_at = match std::str::from_utf8(bytes) {
        Ok(text) => match bytes.iter().position(|&b| b == 0) {
            None => return super::parse(path, slug, text),
            Some(at) => at,
        },
        Err(e) => e.valid_up_to(),
    };
    Err(vec![not_utf8(path, bytes, bad_at)])
}

/// The diagnostic for a file that stops being UTF-8 text at byte `bad_at`.
fn not_utf8(path: &Path, bytes: &[u8], bad_at: usize) -> Diagnostic {
    let valid = &bytes[..bad_at];
    let line = 1 + valid.iter().filter(|&&b| b == b'\n').count();
    let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    // The valid prefix is UTF-8 by definition.
    let col = std::str::from_utf8(&valid[line_start..]).map_or(0, |s| s.chars().count()) + 1;
    // UTF-16 (Windows editors' "Unicode") starts with a byte-order mark or, for ASCII
    // text, has a zero byte in every other place.
    let zeros = bytes.iter().take(512).filter(|&&b| b == 0).count();
    let utf16 =
        bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) || zeros * 4 > bytes.len().min(512);
    let hint = if utf16 {
        "save it as UTF-8 in your editor (it looks like UTF-16, which Windows calls “Unicode”)"
    } else {
        "save it as UTF-8 in your editor (it looks like Latin-1 or Windows-1252)"
    };
    let to_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Diagnostic::error(path, to_u32(line), "the file is not valid UTF-8 text")
        .at_col(to_u32(col))
        .with_hint(hint)
}
