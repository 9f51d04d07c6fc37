//! The HTTP side, one module per feature: `comments` (the public comment API, and the
//! extractors every handler uses: `ApiJson`, `ApiQuery`, `ApiPath`, `ClientIp`),
//! `reports` (corrections and letters), `admin` (editors' login, sessions, the
//! moderation API's guard), `embed` (the server-rendered first screens) and `assets`
//! (the built widget and the demo pages). `crate::app` puts them on one router.

pub mod admin;
pub mod assets;
pub mod comments;
pub mod embed;
pub mod reports;
