//! Firmware file checking shared by the server and the browser: reading the hashes people
//! paste, the checksum files vendors publish (GNU `sha256sum` and BSD/OpenSSL formats), and
//! comparing computed digests with them and with an article's known images. Plain functions, so
//! all of it is tested natively; the hashing itself is in the `fixpath-hasher` crate.

pub mod checker;
mod commands;
mod hash;
mod judge;
mod list;
mod units;

#[cfg(test)]
mod fixtures;

pub use commands::{commands, fallback_command};
pub use fixpath_hasher::Algorithm;
pub use hash::{parse_hash, HashError};
pub use judge::{
    algorithms_for, compare, describe, differing_positions, identify, judge, Comparison, Computed, Expectations,
    Identification, Verdict, VerdictKind,
};
pub use list::{looks_like_checksum_list, parse_checksum_file, ChecksumEntry, ChecksumList, MAX_CHECKSUM_LIST_BYTES};
pub use units::{checked_line, human_bytes, progress_line};
