//! Everything that rests on a secret, in one place: keyed hashes (HMAC-SHA256 over the
//! server secret: edit tokens, avatars, voter keys, proof-of-work challenges, session
//! ids), comparisons of secrets in constant time (`subtle`), and fresh random tokens.
//!
//! Invariants: a secret or a value derived from one is compared only with
//! [`constant_time_eq`]; a keyed hash names its purpose, so that one purpose's value is
//! never another's.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// Hex HMAC-SHA256 under `secret` of `purpose` and `parts` (each ended by a zero byte,
/// so that `("ab", "c")` and `("a", "bc")` differ): unguessable without the secret,
/// stable for the same inputs.
pub fn keyed_hash(secret: &[u8], purpose: &str, parts: &[&str]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes a key of any length");
    for part in std::iter::once(purpose).chain(parts.iter().copied()) {
        mac.update(part.as_bytes());
        mac.update(&[0]);
    }
    hex(&mac.finalize().into_bytes())
}

/// Whether `a` and `b` are equal, in time that depends only on their lengths.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

/// `bytes` fresh random bytes from the operating system, as hex.
pub fn random_hex(bytes: usize) -> String {
    let mut random = vec![0u8; bytes];
    getrandom::getrandom(&mut random).expect("the OS has randomness");
    hex(&random)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyed_hashes_are_hmac_sha256_and_keep_parts_apart() {
        // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?".
        let mut mac = Hmac::<Sha256>::new_from_slice(b"Jefe").unwrap();
        mac.update(b"what do ya want for nothing?");
        assert_eq!(
            hex(&mac.finalize().into_bytes()),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        let secret = b"geheim";
        assert_eq!(
            keyed_hash(secret, "edit", &["1", "k"]),
            keyed_hash(secret, "edit", &["1", "k"])
        );
        assert_ne!(
            keyed_hash(secret, "edit", &["ab", "c"]),
            keyed_hash(secret, "edit", &["a", "bc"])
        );
        assert_ne!(
            keyed_hash(secret, "edit", &["1"]),
            keyed_hash(secret, "vote", &["1"])
        );
        assert_ne!(
            keyed_hash(secret, "edit", &["1"]),
            keyed_hash(b"anders", "edit", &["1"])
        );
    }

    #[test]
    fn comparisons_see_every_byte_and_the_length() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
        assert_eq!(random_hex(16).len(), 32);
        assert_ne!(random_hex(16), random_hex(16));
    }
}
