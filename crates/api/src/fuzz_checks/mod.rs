//! What the fuzz targets check of any input, shared by the targets (`fuzz/`) and the
//! regression tests that replay what they once found (`tests/fuzz_regressions.rs`).
//! Not used by the product; LTO leaves it out of the widget.

pub mod json;
pub mod requests;
