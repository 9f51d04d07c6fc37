//! The widget's side of the spam defence: it fetches a proof-of-work challenge when a
//! form is shown, and on sending waits out the server's minimum time (counted from when
//! the form got its challenge) and solves the challenge in wasm. People never notice;
//! bots that skip the widget pay for every post.

use crate::shared::api::{ApiClient, ClientError};
use leptos::prelude::*;
use readerbox_api::spam::{leading_zero_bits, Challenge, ProofOfWork};
use readerbox_api::ErrorCode;
use sha2::{Digest, Sha256};

/// Challenges for one form: one ready in advance, a new one after each use.
#[derive(Clone, Debug)]
pub struct Proofs {
    client: ApiClient,
    /// The challenge and when (client clock, ms) it arrived.
    ready: StoredValue<Option<(Challenge, f64)>>,
}

impl Proofs {
    pub fn new(client: ApiClient) -> Self {
        Self {
            client,
            ready: StoredValue::new(None),
        }
    }

    /// Gets a challenge now, so the minimum time runs while the reader writes.
    pub fn prefetch(&self) {
        if self.ready.with_value(Option::is_some) {
            return;
        }
        let this = self.clone();
        leptos::task::spawn_local(async move {
            if let Ok(challenge) = this.client.challenge().await {
                this.ready.set_value(Some((challenge, js_sys::Date::now())));
            }
        });
    }

    /// A solved proof for a fresh challenge, after the minimum time; `None` when no
    /// challenge can be had (the send then fails with the server's clear message).
    pub async fn next(&self) -> Option<ProofOfWork> {
        let (challenge, arrived) = match self.ready.try_update_value(Option::take).flatten() {
            Some(ready) => ready,
            None => (self.client.challenge().await.ok()?, js_sys::Date::now()),
        };
        // A little margin: the server counts from issuing, we from arrival.
        let wait = arrived + challenge.min_wait_ms as f64 + 50.0 - js_sys::Date::now();
        if wait > 0.0 {
            crate::shared::time::sleep_ms(wait as i32).await;
        }
        let nonce = solve(&challenge.challenge, challenge.bits);
        self.prefetch();
        Some(ProofOfWork {
            challenge: challenge.challenge,
            nonce,
        })
    }
}

impl Proofs {
    /// Sends with a fresh proof; if the server refuses the proof (used, expired), once
    /// more with another. `post` builds the request around the proof it is given.
    pub async fn send<T, Fut>(
        &self,
        mut post: impl FnMut(Option<ProofOfWork>) -> Fut,
    ) -> Result<T, ClientError>
    where
        Fut: std::future::Future<Output = Result<T, ClientError>>,
    {
        let sent = post(self.next().await).await;
        if sent.as_ref().is_err_and(refused_proof) {
            return post(self.next().await).await;
        }
        sent
    }
}

/// Whether the server refused a proof (used, expired): worth one more try.
fn refused_proof(error: &ClientError) -> bool {
    matches!(error, ClientError::Api { error, .. } if error.error.code == ErrorCode::InvalidChallenge)
}

/// The first nonce whose hash has `bits` leading zero bits.
pub fn solve(challenge: &str, bits: u32) -> u64 {
    let mut prefix = Sha256::new();
    prefix.update(challenge.as_bytes());
    prefix.update(b":");
    let mut digits = String::with_capacity(20);
    (0u64..)
        .find(|nonce| {
            use std::fmt::Write;
            digits.clear();
            let _ = write!(digits, "{nonce}");
            let mut hasher = prefix.clone();
            hasher.update(digits.as_bytes());
            let hash = hasher.finalize();
            leading_zero_bits(&hash) >= bits
        })
        .unwrap_or(0)
}
