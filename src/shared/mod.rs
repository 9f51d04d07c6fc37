//! The widget's small core, free of view code: the HTTP client (`api`, the only module
//! that talks to the server), a host element's settings (`config`), every reader-facing
//! string (`i18n`), what is kept in localStorage (`storage`), times (`time`), the proof of
//! work (`spam`), the list's DOM calls that cannot throw (`dom`) and a small sorted map
//! (`vec_map`).

pub mod api;
pub mod config;
pub mod dom;
pub mod i18n;
pub mod spam;
pub mod storage;
pub mod time;
pub mod vec_map;
