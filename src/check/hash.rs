//! The scenario hash stored in a baseline: FNV-1a (64 bit) of the scenario's normalized TOML.
//!
//! The hash only has to notice that a scenario changed between a baseline and a check (it is
//! reported, never trusted for security), so a 64-bit FNV-1a written here is enough and adds no
//! dependency. Normalizing first (parse, re-serialise with sorted keys) makes comments,
//! whitespace, key order and number spelling (`30` vs `30.0` stays distinct, `1_000` vs
//! `1000` does not) irrelevant.

/// FNV-1a, 64 bit, of `bytes`.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes.iter().fold(OFFSET, |h, &b| (h ^ b as u64).wrapping_mul(PRIME))
}

/// `fnv1a64:<16 hex digits>` of the normalized scenario text (the raw text when it does not
/// parse as TOML).
pub fn scenario_hash(text: &str) -> String {
    let normalized = text
        .parse::<toml::Table>()
        .ok()
        .and_then(|t| serde_json::to_string(&t).ok())
        .unwrap_or_else(|| text.to_string());
    format!("fnv1a64:{:016x}", fnv1a64(normalized.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a64_matches_the_published_test_vectors() {
        // Vectors from the FNV reference (Fowler, Noll, Vo; draft-eastlake-fnv).
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn comments_whitespace_and_key_order_do_not_change_the_hash() {
        let a = "name = \"x\"\n[horizon]\nintervals = 4\nstart = \"08:00\"\n";
        let b =
            "# a comment\nname   = \"x\"\n\n[horizon]\nstart = \"08:00\" # start\nintervals = 4\n";
        assert_eq!(scenario_hash(a), scenario_hash(b));
        assert_ne!(scenario_hash(a), scenario_hash(&a.replace('4', "5")));
        assert!(scenario_hash(a).starts_with("fnv1a64:"));
    }
}
