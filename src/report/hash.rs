//! Content hashes of input files (SHA-256, lowercase hex), so that outputs can pin exactly
//! which inputs they were made from.
//!
//! SHA-256 rather than a fast non-cryptographic hash: a pin is compared across machines and
//! runs, where a collision would silently merge numbers of different inputs, and a user can
//! check a pinned value with the standard `sha256sum` tool.

use sha2::{Digest, Sha256};

/// The SHA-256 of `bytes` as 64 lowercase hexadecimal digits.
pub fn hash_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::hash_hex;

    #[test]
    fn matches_the_fips_180_test_vectors() {
        assert_eq!(
            hash_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hash_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
