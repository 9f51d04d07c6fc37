//! Comment pages as sent, kept per article and query for as long as the article does not
//! change, so that the many reads of a popular article cost one indexed lookup.
//!
//! Invariants:
//! - An entry is used only while its article's `threads.version` (a counter in the
//!   database, bumped in the same transaction as every change a reader could see) is the
//!   one it was made at. The version is read from the database on every request, so a
//!   change made by any server process is seen by all.
//! - The cache holds at most [`MAX_ENTRIES`]; when full it starts over (cheap, and
//!   popular pages come back at once).
//! - A page is compressed (brotli and gzip) once, when it is made, not per request: a
//!   100-comment page is ~51 KB of JSON and ~10 KB with brotli, and a read from the cache
//!   must stay a lookup. All three bodies carry one ETag: they are one representation in
//!   three encodings, the answers say `Vary: Accept-Encoding`.

use axum::body::Bytes;
use axum::http::{header, HeaderMap, HeaderValue};
use std::collections::HashMap;
use std::io::Write as _;
use std::sync::Mutex;

pub const MAX_ENTRIES: usize = 4096;
/// Brotli's quality for pages: 11 takes ~10× longer for ~4 % fewer bytes.
const BROTLI_QUALITY: u32 = 7;
const BROTLI_WINDOW: u32 = 22;

#[derive(Clone, Debug)]
pub struct CachedPage {
    pub version: i64,
    pub etag: HeaderValue,
    pub body: Bytes,
    pub brotli: Bytes,
    pub gzip: Bytes,
}

/// How an answer's body goes over the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

impl Encoding {
    /// The best encoding the request's `Accept-Encoding` allows: brotli, then gzip (a
    /// coding listed with `q=0` is refused; `*` stands for any not named).
    pub fn negotiate(request: &HeaderMap) -> Self {
        let mut brotli = None;
        let mut gzip = None;
        let mut any = None;
        for item in request
            .get_all(header::ACCEPT_ENCODING)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
        {
            let mut parts = item.split(';');
            let coding = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let accepted = parts
                .filter_map(|param| param.trim().strip_prefix("q="))
                .all(|q| q.trim().parse::<f32>().is_ok_and(|q| q > 0.0));
            match coding.as_str() {
                "br" => brotli = Some(accepted),
                "gzip" | "x-gzip" => gzip = Some(accepted),
                "*" => any = Some(accepted),
                _ => {}
            }
        }
        if brotli.or(any) == Some(true) {
            Self::Brotli
        } else if gzip.or(any) == Some(true) {
            Self::Gzip
        } else {
            Self::Identity
        }
    }

    /// The `Content-Encoding` value, if any.
    pub fn header(self) -> Option<HeaderValue> {
        match self {
            Self::Brotli => Some(HeaderValue::from_static("br")),
            Self::Gzip => Some(HeaderValue::from_static("gzip")),
            Self::Identity => None,
        }
    }
}

impl CachedPage {
    /// A page as sent at `version`, with its ETag and compressed bodies.
    pub fn new(version: i64, body: Bytes) -> Self {
        let mut brotli = Vec::with_capacity(body.len() / 4);
        {
            let mut writer =
                brotli::CompressorWriter::new(&mut brotli, 4096, BROTLI_QUALITY, BROTLI_WINDOW);
            writer.write_all(&body).expect("writing to memory");
        }
        let mut gzip = flate2::write::GzEncoder::new(
            Vec::with_capacity(body.len() / 3),
            flate2::Compression::default(),
        );
        gzip.write_all(&body).expect("writing to memory");
        Self {
            version,
            etag: etag_of(&body),
            brotli: brotli.into(),
            gzip: gzip.finish().expect("writing to memory").into(),
            body,
        }
    }

    /// The body in `encoding`.
    pub fn body_in(&self, encoding: Encoding) -> Bytes {
        match encoding {
            Encoding::Brotli => self.brotli.clone(),
            Encoding::Gzip => self.gzip.clone(),
            Encoding::Identity => self.body.clone(),
        }
    }
}

/// The ETag of a body: a hash of it.
fn etag_of(body: &[u8]) -> HeaderValue {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(body);
    let tag: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    HeaderValue::from_str(&format!("\"{tag}\"")).expect("hex is a header value")
}

#[derive(Debug, Default)]
pub struct PageCache {
    entries: Mutex<HashMap<String, CachedPage>>,
}

impl PageCache {
    /// The page under `key` if it was made at `version`.
    pub fn get(&self, key: &str, version: i64) -> Option<CachedPage> {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries
            .get(key)
            .filter(|page| page.version == version)
            .cloned()
    }

    pub fn put(&self, key: String, page: CachedPage) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if entries.len() >= MAX_ENTRIES && !entries.contains_key(&key) {
            entries.clear();
        }
        entries.insert(key, page);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_used_only_at_its_version() {
        let cache = PageCache::default();
        cache.put("/a".into(), CachedPage::new(3, Bytes::from_static(b"{}")));
        assert!(cache.get("/a", 3).is_some());
        assert!(cache.get("/a", 4).is_none(), "a newer version misses");
        assert!(cache.get("/b", 3).is_none());
    }

    fn accepting(value: &str) -> Encoding {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(value).unwrap(),
        );
        Encoding::negotiate(&headers)
    }

    #[test]
    fn the_best_accepted_encoding_is_chosen() {
        assert_eq!(Encoding::negotiate(&HeaderMap::new()), Encoding::Identity);
        assert_eq!(accepting("gzip, deflate, br, zstd"), Encoding::Brotli);
        assert_eq!(accepting("gzip"), Encoding::Gzip);
        assert_eq!(accepting("br;q=0, gzip;q=0.5"), Encoding::Gzip);
        assert_eq!(accepting("BR"), Encoding::Brotli);
        assert_eq!(accepting("*"), Encoding::Brotli);
        assert_eq!(accepting("*;q=0"), Encoding::Identity);
        assert_eq!(accepting("identity, deflate"), Encoding::Identity);
    }

    #[test]
    fn every_encoding_holds_the_same_body() {
        use std::io::Read as _;
        let json = format!("[{}]", vec!["{\"text\":\"Grüße aus Köln\"}"; 200].join(","));
        let page = CachedPage::new(1, Bytes::from(json.clone()));
        let mut unbrotli = String::new();
        brotli::Decompressor::new(&page.brotli[..], 4096)
            .read_to_string(&mut unbrotli)
            .unwrap();
        let mut ungzip = String::new();
        flate2::read::GzDecoder::new(&page.gzip[..])
            .read_to_string(&mut ungzip)
            .unwrap();
        assert_eq!(unbrotli, json);
        assert_eq!(ungzip, json);
        assert!(
            page.brotli.len() * 10 < json.len(),
            "{} bytes",
            page.brotli.len()
        );
    }
}
