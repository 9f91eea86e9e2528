//! Hashes firmware images: the algorithms vendors publish, an incremental multi-algorithm hasher,
//! and the small C-style interface the browser's hashing worker calls.
//!
//! The crate builds twice: as a plain library (the pages use [`Algorithm`]; tests use
//! [`MultiHasher`]) and, for `wasm32-unknown-unknown`, as a standalone module of a few dozen
//! KiB that `public/verify-worker.js` loads. Files are fed in chunks, so memory stays flat
//! whatever the file size.

#![forbid(unsafe_op_in_unsafe_fn)]

mod algorithm;
pub use algorithm::Algorithm;

#[cfg(feature = "digests")]
mod multi;
#[cfg(feature = "digests")]
pub use multi::MultiHasher;

#[cfg(feature = "digests")]
pub mod ffi;
