//! Firmware file checking shared by the server and the browser: reading the hashes people
//! paste, the checksum files vendors publish (GNU `sha256sum` and BSD/OpenSSL formats),
//! comparing computed digests with them and with an article's known images, and the checker's
//! state machine ([`checker`]). Plain functions and types, so all of it is tested natively; the
//! hashing itself is in the `fixpath-hasher` crate, the page in `pages::firmware`.

pub mod checker;
mod commands;
mod hash;
mod judge;
mod list;
pub mod log;
mod units;

#[cfg(test)]
mod fixtures;

pub use commands::{commands, fallback_command};
pub use fixpath_hasher::Algorithm;
pub use hash::{parse_hash, HashError};
pub use judge::{describe, Computed, Verdict, VerdictKind};
pub use list::{ChecksumEntry, ChecksumList};
pub use units::{checked_line, human_bytes, progress_line};

// For the checker and the other parts of this module only.
use judge::{algorithms_for, judge, Expectations};
use list::{looks_like_checksum_list, parse_checksum_file, MAX_CHECKSUM_LIST_BYTES};
