//! Spam defence without third parties: proof-of-work challenges (which also carry the
//! minimum time between showing a form and sending it), the honeypot, and the link
//! count that sends a comment to the queue.
//!
//! Challenges are stateless until used (`issued.id.mac`, the MAC keyed with the server
//! secret); a used one is recorded in the database, so it works once across all server
//! processes.

use crate::error::AppError;
use crate::store::now_millis;
use crate::AppState;
use axum::extract::State;
use axum::Json;
use readerbox_api::spam::{leading_zero_bits, proof_input, Challenge, ProofOfWork};
use readerbox_api::{ErrorCode, Problem};
use sha2::{Digest, Sha256};

/// How long a challenge may be used after it was issued.
pub const CHALLENGE_LIFETIME_MS: i64 = 60 * 60 * 1000;

/// The spam-defence settings of a server.
#[derive(Clone, Copy, Debug)]
pub struct SpamRules {
    /// Leading zero bits a proof needs; 0 with `min_wait_ms` 0 turns the check off.
    pub pow_bits: u32,
    pub min_wait_ms: u64,
    /// A comment with more links than this waits for the editors.
    pub max_links: usize,
}

impl SpamRules {
    fn enabled(self) -> bool {
        self.pow_bits > 0 || self.min_wait_ms > 0
    }
}

/// `GET /api/v1/challenge`.
pub async fn challenge(State(state): State<AppState>) -> Json<Challenge> {
    let id = crate::secrets::random_hex(12);
    let issued = now_millis();
    let mac = mac(&state, issued, &id);
    Json(Challenge {
        challenge: format!("{issued}.{id}.{mac}"),
        bits: state.spam.pow_bits,
        min_wait_ms: state.spam.min_wait_ms,
    })
}

fn mac(state: &AppState, issued: i64, id: &str) -> String {
    let mut mac = state
        .store
        .keyed_hash("challenge", &[&issued.to_string(), id]);
    mac.truncate(32);
    mac
}

fn refused() -> AppError {
    AppError::new(
        ErrorCode::InvalidChallenge,
        Problem::InvalidChallenge,
        Some("pow"),
    )
}

/// Checks a proof of work and uses up its challenge.
pub async fn verify(state: &AppState, proof: Option<&ProofOfWork>) -> Result<(), AppError> {
    if !state.spam.enabled() {
        return Ok(());
    }
    let proof = proof.ok_or_else(refused)?;
    let mut parts = proof.challenge.splitn(3, '.');
    let (Some(issued), Some(id), Some(given_mac)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(refused());
    };
    let issued: i64 = issued.parse().map_err(|_| refused())?;
    if !crate::secrets::constant_time_eq(mac(state, issued, id).as_bytes(), given_mac.as_bytes()) {
        return Err(refused());
    }
    let age = now_millis() - issued;
    let min_wait = i64::try_from(state.spam.min_wait_ms).unwrap_or(i64::MAX);
    if age < min_wait || age > CHALLENGE_LIFETIME_MS {
        return Err(refused());
    }
    let hash = Sha256::digest(proof_input(&proof.challenge, proof.nonce).as_bytes());
    if leading_zero_bits(&hash) < state.spam.pow_bits {
        return Err(refused());
    }
    if !state
        .store
        .use_challenge(id, issued + CHALLENGE_LIFETIME_MS)
        .await?
    {
        return Err(refused());
    }
    Ok(())
}

/// Links in a comment's text (written out or in Markdown): http(s) addresses.
pub fn link_count(text: &str) -> usize {
    let lower = text.to_lowercase();
    lower.matches("http://").count() + lower.matches("https://").count()
}

/// Whether the hidden field people never fill was filled.
pub fn honeypot_filled(value: Option<&str>) -> bool {
    value.is_some_and(|v| !v.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_links_written_out_and_in_markdown() {
        assert_eq!(link_count("siehe https://a.de und [b](HTTP://b.de)"), 2);
        assert_eq!(link_count("kein Link, nur www-Text"), 0);
        assert!(honeypot_filled(Some("x")));
        assert!(!honeypot_filled(Some("  ")));
        assert!(!honeypot_filled(None));
    }
}
