//! The hashing worker's interface: a handful of functions over the module's linear memory, so the
//! worker needs no generated bindings and the module stays small.
//!
//! Protocol (see `public/verify-worker.js`): `fp_alloc` a chunk buffer once; `fp_new(mask)` a
//! hasher; for each chunk copy the bytes into the buffer and `fp_update`; then `fp_finish` writes
//! `key=hex` lines (`sha256=…\n`) into an output buffer and frees the hasher. `fp_drop` frees a
//! hasher that is abandoned (cancel).

use crate::{Algorithm, MultiHasher};

/// Allocates `len` bytes the caller owns (free with [`fp_free`]); null when `len` is 0.
#[no_mangle]
pub extern "C" fn fp_alloc(len: u32) -> *mut u8 {
    if len == 0 {
        return std::ptr::null_mut();
    }
    let buf = vec![0u8; len as usize].into_boxed_slice();
    Box::into_raw(buf).cast::<u8>()
}

/// Frees a buffer from [`fp_alloc`].
///
/// # Safety
/// `ptr` and `len` must come from one `fp_alloc` call, and the buffer must not be used after.
#[no_mangle]
pub unsafe extern "C" fn fp_free(ptr: *mut u8, len: u32) {
    if !ptr.is_null() && len > 0 {
        let slice = std::ptr::slice_from_raw_parts_mut(ptr, len as usize);
        // SAFETY: the caller passes back exactly what fp_alloc returned.
        drop(unsafe { Box::from_raw(slice) });
    }
}

/// A new hasher for the algorithms in `mask` (see [`Algorithm::bit`]).
#[no_mangle]
pub extern "C" fn fp_new(mask: u32) -> *mut MultiHasher {
    Box::into_raw(Box::new(MultiHasher::new(&Algorithm::from_mask(mask))))
}

/// Feeds `len` bytes at `data` to the hasher.
///
/// # Safety
/// `hasher` comes from [`fp_new`] and is not finished; `data..data+len` is readable.
#[no_mangle]
pub unsafe extern "C" fn fp_update(hasher: *mut MultiHasher, data: *const u8, len: u32) {
    if hasher.is_null() || (data.is_null() && len > 0) {
        return;
    }
    let bytes = if len == 0 {
        &[][..]
    } else {
        // SAFETY: the caller guarantees the range is readable.
        unsafe { std::slice::from_raw_parts(data, len as usize) }
    };
    // SAFETY: the caller guarantees the hasher is live and not aliased.
    unsafe { (*hasher).update(bytes) };
}

/// Finishes and frees the hasher, writes `key=hex\n` lines to `out` and returns their length
/// (0 if they do not fit in `cap` bytes; 512 bytes always suffice).
///
/// # Safety
/// `hasher` comes from [`fp_new`] and is not used after; `out..out+cap` is writable.
#[no_mangle]
pub unsafe extern "C" fn fp_finish(hasher: *mut MultiHasher, out: *mut u8, cap: u32) -> u32 {
    if hasher.is_null() {
        return 0;
    }
    // SAFETY: the caller hands the hasher back exactly once.
    let hasher = unsafe { Box::from_raw(hasher) };
    let mut text = String::new();
    for (algorithm, hex) in hasher.finish() {
        text.push_str(algorithm.key());
        text.push('=');
        text.push_str(&hex);
        text.push('\n');
    }
    if out.is_null() || text.len() > cap as usize {
        return 0;
    }
    // SAFETY: the caller guarantees `cap` writable bytes at `out`; we write at most that many.
    unsafe { std::ptr::copy_nonoverlapping(text.as_ptr(), out, text.len()) };
    text.len() as u32
}

/// Frees a hasher that will not be finished.
///
/// # Safety
/// `hasher` comes from [`fp_new`] and is not used after.
#[no_mangle]
pub unsafe extern "C" fn fp_drop(hasher: *mut MultiHasher) {
    if !hasher.is_null() {
        // SAFETY: the caller hands the hasher back exactly once.
        drop(unsafe { Box::from_raw(hasher) });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Drives the interface the way the worker does, with a chunk buffer reused across updates.
    #[test]
    fn worker_protocol_round_trip() {
        let data = b"The quick brown fox jumps over the lazy dog";
        let chunk = 16u32;
        let buf = fp_alloc(chunk);
        let out = fp_alloc(512);
        let h = fp_new(Algorithm::Sha256.bit() | Algorithm::Md5.bit());
        for piece in data.chunks(chunk as usize) {
            unsafe {
                std::ptr::copy_nonoverlapping(piece.as_ptr(), buf, piece.len());
                fp_update(h, buf, piece.len() as u32);
            }
        }
        let n = unsafe { fp_finish(h, out, 512) };
        let text = unsafe {
            std::str::from_utf8(std::slice::from_raw_parts(out, n as usize))
                .unwrap()
                .to_owned()
        };
        assert_eq!(
            text,
            "sha256=d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592\n\
             md5=9e107d9d372bb6826bd81d3542a419d6\n"
        );
        unsafe {
            fp_free(buf, chunk);
            fp_free(out, 512);
        }
    }

    #[test]
    fn too_small_output_and_null_pointers_are_refused() {
        let h = fp_new(Algorithm::Sha512.bit());
        let out = fp_alloc(64);
        assert_eq!(
            unsafe { fp_finish(h, out, 64) },
            0,
            "128 hex chars do not fit in 64 bytes"
        );
        unsafe {
            fp_update(std::ptr::null_mut(), out, 4);
            fp_drop(std::ptr::null_mut());
            fp_free(out, 64);
            fp_drop(fp_new(1));
        }
        assert!(fp_alloc(0).is_null());
        assert_eq!(unsafe { fp_finish(std::ptr::null_mut(), std::ptr::null_mut(), 0) }, 0);
    }
}
