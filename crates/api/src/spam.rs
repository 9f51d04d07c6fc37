//! Spam defence without third parties, the shapes both sides share: the proof-of-work
//! challenge the server issues and the widget solves, and the honeypot field.
//!
//! A challenge is `"<issued ms>.<id>.<mac>"`; a proof is a nonce such that
//! SHA-256(`"<challenge>:<nonce>"`) starts with [`Challenge::bits`] zero bits. The
//! server checks the MAC, the age (not younger than [`Challenge::min_wait_ms`]: the
//! minimum time between showing a form and sending it), the zero bits, and that the
//! challenge was not used before.

use serde::{Deserialize, Serialize};

/// `GET /api/v1/challenge`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Challenge {
    pub challenge: String,
    /// Leading zero bits the proof's hash needs.
    pub bits: u32,
    /// The earliest a proof for it is accepted, after it was issued.
    pub min_wait_ms: u64,
}

impl Challenge {
    /// When it was issued (ms since the epoch), from the challenge text.
    pub fn issued_ms(&self) -> Option<u64> {
        self.challenge.split('.').next()?.parse().ok()
    }
}

/// Sent with a comment, correction or letter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProofOfWork {
    pub challenge: String,
    pub nonce: u64,
}

/// The text hashed for a proof.
pub fn proof_input(challenge: &str, nonce: u64) -> String {
    format!("{challenge}:{nonce}")
}

/// How many leading bits of `hash` are zero.
pub fn leading_zero_bits(hash: &[u8]) -> u32 {
    let mut bits = 0;
    for byte in hash {
        if *byte == 0 {
            bits += 8;
        } else {
            return bits + byte.leading_zeros();
        }
    }
    bits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_leading_zero_bits() {
        assert_eq!(leading_zero_bits(&[0, 0, 0x10, 0xff]), 19);
        assert_eq!(leading_zero_bits(&[0x80]), 0);
        assert_eq!(leading_zero_bits(&[0, 0]), 16);
        assert_eq!(proof_input("1.a.b", 42), "1.a.b:42");
        let challenge = Challenge {
            challenge: "1764000000000.ab.cd".into(),
            ..Challenge::default()
        };
        assert_eq!(challenge.issued_ms(), Some(1_764_000_000_000));
    }
}
