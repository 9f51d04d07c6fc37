//! One comment's markup, written into a [`Markup`] sink:
//!
//! ```text
//! li.readerbox-comment[data-id]
//!   article#comment-N[tabindex=-1] (.readerbox-pending, .readerbox-outline)
//!     header.readerbox-comment-header: avatar, author, "@Name", permalink with time,
//!                                      "bearbeitet", "wartet auf Freigabe"
//!     div.readerbox-text (the Markdown) | p.readerbox-deleted
//!     div.readerbox-actions: votes, "Antworten" (published comments only)
//!   button.readerbox-replies-toggle, ol.readerbox-replies (with replies)
//! ```
//!
//! The widget adds what only it knows afterwards (the author's own "Bearbeiten" and
//! "Löschen", forms); everything else is written here, once.

use crate::avatar::identicon;
use crate::markup::Markup;
use crate::texts::Texts;
use readerbox_api::{Comment, CommentStatus};
use readerbox_markdown::{safe_href, LINK_REL};

/// Marks an article built in outline: its text only, as typed.
pub const OUTLINE: &str = "readerbox-outline";

/// Everything about a comment its markup shows, beyond the comment itself.
#[derive(Clone, Copy, Debug)]
pub struct CommentView<'a> {
    pub comment: &'a Comment,
    /// For a reply deeper than the indentation: the id and name of the comment it answers.
    pub answers: Option<(i64, &'a str)>,
    /// "vor 5 Minuten".
    pub relative_time: &'a str,
    /// "Dienstag, 24. November 2026 um 18:03".
    pub full_time: &'a str,
    /// The reader's vote: 1, -1 or 0.
    pub my_vote: i8,
    /// Comments closed: no "Antworten".
    pub closed: bool,
}

/// Comment `view`'s `li` with its `article`, empty (see [`fill`], [`outline_body`]).
pub fn item<M: Markup>(m: &mut M, comment: &Comment) -> (M::Element, M::Element) {
    let li = m.skeleton("item", |m| {
        let li = m.element("li", "readerbox-comment");
        let article = m.element("article", "");
        m.attribute(&article, "tabindex", "-1");
        m.append(&li, &article);
        li
    });
    let article = m.child(&li, 0);
    m.attribute(&li, "data-id", &comment.id.to_string());
    m.attribute(&article, "id", &format!("comment-{}", comment.id));
    if comment.status == CommentStatus::Pending {
        m.attribute(&article, "class", "readerbox-pending");
    }
    (li, article)
}

/// The complete comment into its `article`: header, text and (published) actions.
pub fn fill<M: Markup>(m: &mut M, article: &M::Element, view: &CommentView, texts: &Texts) {
    let header = header(m, view, texts);
    m.append(article, &header);
    let body = body(m, view.comment, texts);
    m.append(article, &body);
    if view.comment.status == CommentStatus::Published {
        let actions = actions(m, view, texts);
        m.append(article, &actions);
    }
}

/// The comment in outline: its text as typed, one text node (for find-in-page and
/// screen readers) until it is completed.
pub fn outline_body<M: Markup>(m: &mut M, comment: &Comment, texts: &Texts) -> M::Element {
    if comment.status == CommentStatus::Deleted {
        return body(m, comment, texts);
    }
    let text = m.element("div", "readerbox-text");
    m.text(&text, &comment.text);
    text
}

fn with_text<M: Markup>(m: &mut M, tag: &'static str, class: &str, text: &str) -> M::Element {
    let element = m.element(tag, class);
    m.text(&element, text);
    element
}

/// A button the list's one click listener knows by its `data-action`.
pub fn button<M: Markup>(m: &mut M, class: &str, action: &str, label: &str) -> M::Element {
    let button = m.element("button", class);
    if !label.is_empty() {
        m.text(&button, label);
    }
    m.attribute(&button, "type", "button");
    m.attribute(&button, "data-action", action);
    button
}

pub fn header<M: Markup>(m: &mut M, view: &CommentView, texts: &Texts) -> M::Element {
    let comment = view.comment;
    let header = m.element("header", "readerbox-comment-header");
    if comment.status != CommentStatus::Deleted {
        let avatar = avatar(m, &comment.avatar);
        m.append(&header, &avatar);
        let author = match comment.website.as_deref().and_then(safe_href) {
            Some(href) => {
                let link = with_text(m, "a", "readerbox-author", &comment.author);
                m.attribute(&link, "href", &href);
                m.attribute(&link, "rel", LINK_REL);
                link
            }
            None => with_text(m, "span", "readerbox-author", &comment.author),
        };
        m.append(&header, &author);
    }
    if let Some((parent_id, parent_author)) = view.answers {
        let link = m.element("a", "readerbox-answers");
        m.attribute(&link, "href", &format!("#comment-{parent_id}"));
        let hidden = with_text(
            m,
            "span",
            "readerbox-visually-hidden",
            &format!("{} ", texts.reply_to_label),
        );
        m.append(&link, &hidden);
        m.text(&link, &format!("@{parent_author}"));
        m.append(&header, &link);
    }
    let permalink = m.skeleton("permalink", |m| {
        let permalink = m.element("a", "readerbox-permalink");
        let time = m.element("time", "");
        m.append(&permalink, &time);
        let hidden = m.element("span", "readerbox-visually-hidden");
        m.append(&permalink, &hidden);
        permalink
    });
    m.attribute(&permalink, "href", &format!("#comment-{}", comment.id));
    m.attribute(&permalink, "title", view.full_time);
    m.attribute(&permalink, "data-full", view.full_time);
    let time = m.child(&permalink, 0);
    m.text(&time, view.relative_time);
    m.attribute(&time, "datetime", &comment.created_at);
    let hidden = m.child(&permalink, 1);
    let label = format!(" – {} ({})", texts.permalink_label, view.full_time);
    m.text(&hidden, &label);
    m.append(&header, &permalink);
    if comment.edited_at.is_some() {
        let edited = with_text(m, "span", "readerbox-edited", texts.edited);
        m.append(&header, &edited);
    }
    if comment.status == CommentStatus::Pending {
        let badge = with_text(m, "span", "readerbox-badge", texts.pending);
        m.append(&header, &badge);
    }
    header
}

/// Decorative: the author's name is right beside it.
fn avatar<M: Markup>(m: &mut M, hash: &str) -> M::Element {
    let (path, colour) = identicon(hash);
    let svg = m.skeleton("avatar", |m| {
        let svg = m.svg_element("svg");
        for (name, value) in [
            ("class", "readerbox-avatar"),
            ("viewBox", "-0.5 -0.5 6 6"),
            ("width", "32"),
            ("height", "32"),
            ("aria-hidden", "true"),
            ("focusable", "false"),
        ] {
            m.attribute(&svg, name, value);
        }
        let shape = m.svg_element("path");
        m.append(&svg, &shape);
        svg
    });
    m.attribute(&svg, "fill", &colour);
    let shape = m.child(&svg, 0);
    m.attribute(&shape, "d", &path);
    svg
}

pub fn body<M: Markup>(m: &mut M, comment: &Comment, texts: &Texts) -> M::Element {
    if comment.status == CommentStatus::Deleted {
        return with_text(m, "p", "readerbox-deleted", texts.deleted);
    }
    let text = m.element("div", "readerbox-text");
    m.markdown(&text, &comment.text);
    text
}

/// Votes and "Antworten" (not when closed).
pub fn actions<M: Markup>(m: &mut M, view: &CommentView, texts: &Texts) -> M::Element {
    let actions = m.skeleton("actions", |m| {
        let actions = m.element("div", "readerbox-actions");
        let votes = m.element("span", "readerbox-votes");
        let up = button(m, "readerbox-vote readerbox-vote-up", "up", "▲");
        m.attribute(&up, "aria-label", "");
        m.attribute(&up, "aria-pressed", "false");
        let score = m.element("span", "readerbox-score");
        let down = button(m, "readerbox-vote readerbox-vote-down", "down", "▼");
        m.attribute(&down, "aria-label", "");
        m.attribute(&down, "aria-pressed", "false");
        for part in [&up, &score, &down] {
            m.append(&votes, part);
        }
        m.append(&actions, &votes);
        let reply = button(m, "readerbox-link-button readerbox-reply", "reply", "");
        m.attribute(&reply, "aria-expanded", "false");
        m.append(&actions, &reply);
        actions
    });
    let votes = m.child(&actions, 0);
    let up = m.child(&votes, 0);
    m.attribute(&up, "aria-label", texts.vote_up);
    if view.my_vote == 1 {
        m.attribute(&up, "aria-pressed", "true");
    }
    let score = m.child(&votes, 1);
    show_score(m, &score, view.comment.score, texts);
    let down = m.child(&votes, 2);
    m.attribute(&down, "aria-label", texts.vote_down);
    if view.my_vote == -1 {
        m.attribute(&down, "aria-pressed", "true");
    }
    let reply = m.child(&actions, 1);
    if view.closed {
        m.remove(&reply);
    } else {
        m.text(&reply, texts.reply);
    }
    actions
}

fn pressed(on: bool) -> &'static str {
    if on {
        "true"
    } else {
        "false"
    }
}

/// The score as shown, and as a screen reader hears it ("Bewertung: 3").
pub fn show_score<M: Markup>(m: &mut M, element: &M::Element, score: i64, texts: &Texts) {
    let score = score.to_string();
    m.attribute(
        element,
        "aria-label",
        &texts.score_label.replace("{score}", &score),
    );
    m.text(element, &score);
}

/// The `ol` of replies under a comment; `ids` is the widget instance's id prefix.
pub fn replies_list<M: Markup>(m: &mut M, ids: &str, id: i64) -> M::Element {
    let list = m.element("ol", "readerbox-replies");
    m.attribute(&list, "id", &format!("{ids}-replies-{id}"));
    list
}

/// "Antworten ausblenden (3)": the toggle above a comment's replies.
pub fn replies_toggle<M: Markup>(
    m: &mut M,
    list_id: &str,
    count: usize,
    collapsed: bool,
    texts: &Texts,
) -> M::Element {
    let template = if collapsed {
        texts.show_replies
    } else {
        texts.hide_replies
    };
    let label = template.replace("{count}", &count.to_string());
    let toggle = button(
        m,
        "readerbox-link-button readerbox-replies-toggle",
        "toggle",
        &label,
    );
    m.attribute(&toggle, "aria-controls", list_id);
    m.attribute(&toggle, "aria-expanded", pressed(!collapsed));
    toggle
}

/// Where a reply is shown: under its parent, or, deeper than `max_depth` indents,
/// beside its parent with "@Name". Returns (the comment whose list it joins, the
/// comment it answers when that is not the list's owner).
pub fn placement(
    parent_id: i64,
    parent_depth: u32,
    parent_container: Option<i64>,
    max_depth: u32,
) -> (i64, Option<i64>) {
    if parent_depth + 1 < max_depth.max(1) {
        (parent_id, None)
    } else {
        (parent_container.unwrap_or(parent_id), Some(parent_id))
    }
}
