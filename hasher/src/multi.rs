//! One pass over the data, several digests: each chunk goes to every requested hasher.

use crate::Algorithm;
use sha1::Sha1;
use sha2::digest::Digest;
use sha2::{Sha256, Sha512};

/// Incremental hasher computing any set of [`Algorithm`]s over the same bytes.
#[derive(Clone, Default)]
pub struct MultiHasher {
    sha256: Option<Sha256>,
    sha512: Option<Sha512>,
    sha1: Option<Sha1>,
    md5: Option<md5::Md5>,
}

impl MultiHasher {
    /// A hasher for these algorithms (duplicates are ignored; none at all computes nothing).
    pub fn new(algorithms: &[Algorithm]) -> MultiHasher {
        let mut h = MultiHasher::default();
        for a in algorithms {
            match a {
                Algorithm::Sha256 => h.sha256 = Some(Sha256::new()),
                Algorithm::Sha512 => h.sha512 = Some(Sha512::new()),
                Algorithm::Sha1 => h.sha1 = Some(Sha1::new()),
                Algorithm::Md5 => h.md5 = Some(md5::Md5::new()),
            }
        }
        h
    }

    /// Feeds the next bytes of the file.
    pub fn update(&mut self, data: &[u8]) {
        if let Some(h) = &mut self.sha256 {
            h.update(data);
        }
        if let Some(h) = &mut self.sha512 {
            h.update(data);
        }
        if let Some(h) = &mut self.sha1 {
            h.update(data);
        }
        if let Some(h) = &mut self.md5 {
            h.update(data);
        }
    }

    /// The lower-case hex digests, in [`Algorithm::ALL`] order.
    pub fn finish(self) -> Vec<(Algorithm, String)> {
        let mut out = Vec::new();
        if let Some(h) = self.sha256 {
            out.push((Algorithm::Sha256, hex(&h.finalize())));
        }
        if let Some(h) = self.sha512 {
            out.push((Algorithm::Sha512, hex(&h.finalize())));
        }
        if let Some(h) = self.sha1 {
            out.push((Algorithm::Sha1, hex(&h.finalize())));
        }
        if let Some(h) = self.md5 {
            out.push((Algorithm::Md5, hex(&h.finalize())));
        }
        out
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 0xf)] as char);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digest(a: Algorithm, data: &[u8]) -> String {
        let mut h = MultiHasher::new(&[a]);
        h.update(data);
        h.finish().remove(0).1
    }

    const MSG448: &[u8] = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    const MSG896: &[u8] = b"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

    /// NIST FIPS 180 example vectors ("abc", the empty string, the 448- and 896-bit messages,
    /// one million `a`s) and RFC 1321's MD5 suite.
    #[test]
    fn published_test_vectors() {
        let million_a = vec![b'a'; 1_000_000];
        let cases: &[(Algorithm, &[u8], &str)] = &[
            (Algorithm::Sha256, b"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            (Algorithm::Sha256, b"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (Algorithm::Sha256, MSG448, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
            (Algorithm::Sha256, MSG896, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
            (Algorithm::Sha256, &million_a, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
            (Algorithm::Sha512, b"", "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"),
            (Algorithm::Sha512, b"abc", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
            (Algorithm::Sha512, MSG896, "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909"),
            (Algorithm::Sha512, &million_a, "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b"),
            (Algorithm::Sha1, b"", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
            (Algorithm::Sha1, b"abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
            (Algorithm::Sha1, MSG448, "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
            (Algorithm::Sha1, &million_a, "34aa973cd4c4daa4f61eeb2bdbad27316534016f"),
            (Algorithm::Md5, b"", "d41d8cd98f00b204e9800998ecf8427e"),
            (Algorithm::Md5, b"a", "0cc175b9c0f1b6a831c399e269772661"),
            (Algorithm::Md5, b"abc", "900150983cd24fb0d6963f7d28e17f72"),
            (Algorithm::Md5, b"message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
            (Algorithm::Md5, b"abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
            (
                Algorithm::Md5,
                b"12345678901234567890123456789012345678901234567890123456789012345678901234567890",
                "57edf4a22be3c955ac49da2e2107b67a",
            ),
        ];
        for (algorithm, data, want) in cases {
            assert_eq!(digest(*algorithm, data), *want, "{algorithm} of {} bytes", data.len());
            assert_eq!(want.len(), algorithm.hex_len());
        }
    }

    /// Any split into chunks (including empty ones, and ones around the 55/56/64-byte padding
    /// edges) gives the one-shot digest, for all four algorithms at once.
    #[test]
    fn chunked_equals_one_shot_for_every_algorithm() {
        let data: Vec<u8> = (0..5000u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
        let whole: Vec<_> = {
            let mut h = MultiHasher::new(&Algorithm::ALL);
            h.update(&data);
            h.finish()
        };
        assert_eq!(whole.len(), 4);
        for chunk in [1usize, 3, 55, 56, 63, 64, 65, 127, 128, 1000, 4999] {
            let mut h = MultiHasher::new(&Algorithm::ALL);
            h.update(&[]);
            for piece in data.chunks(chunk) {
                h.update(piece);
            }
            assert_eq!(h.finish(), whole, "chunk size {chunk}");
        }
    }

    #[test]
    fn only_requested_algorithms_are_computed_in_canonical_order() {
        let mut h = MultiHasher::new(&[Algorithm::Md5, Algorithm::Sha256, Algorithm::Md5]);
        h.update(b"abc");
        let out = h.finish();
        assert_eq!(
            out.iter().map(|(a, _)| *a).collect::<Vec<_>>(),
            vec![Algorithm::Sha256, Algorithm::Md5]
        );
        assert!(MultiHasher::new(&[]).finish().is_empty());
    }
}
