//! The comment area's (and the toolbar's) markup as plain Rust, for both places it is made: the server
//! writes it as HTML (the first screen, `GET /embed/comments`), the widget builds it as
//! DOM (every comment after that, and the first screen again when it takes over).
//!
//! - [`markup`]: the [`markup::Markup`] sink both sides implement, and the server's HTML
//!   writer ([`markup::HtmlTree`]);
//! - [`comment`]: one comment (item, header, text, actions, replies), written into a sink;
//! - [`area`]: the first screen around the comments (heading, sort switch, "mehr"),
//!   as the server writes it;
//! - [`texts`], [`time`]: every reader-facing string, numbers and times in German and
//!   English, the same on both sides;
//! - [`avatar`]: the identicon drawn from an author's hash;
//! - [`toolbar`]: the article toolbar's controls at rest, as the server writes them.
//!
//! Invariants: no web-sys here (the server links this crate); comment text becomes
//! markup only through `readerbox-markdown`'s tree; every other text is a text node or
//! an attribute value. What the widget's own Leptos components draw around the list
//! (heading, sort switch, "mehr") is written in [`area`] a second time; the e2e test
//! `first_screen` compares the server's and the widget's DOM node for node.

pub mod area;
pub mod avatar;
pub mod comment;
pub mod markup;
pub mod texts;
pub mod time;
pub mod toolbar;
