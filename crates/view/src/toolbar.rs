//! The article toolbar's first screen as the server writes it: "Schriftgröße: klein
//! mittel groß", "Artikel versenden", "Kommentar", "Mehr" and, behind it on a phone,
//! "Druckversion", "Leserbrief", "zu Favoriten hinzufügen", "Merkliste", "Korrektur",
//! "Kontakt". The controls at rest, as the widget's Leptos toolbar draws them before
//! anyone has pressed anything; its dialogs (closed, so not drawn) are the widget's
//! alone. The e2e test `first_screen` holds the two to the same DOM.
//!
//! What only the browser knows is written as it is for a new reader ("mittel", nothing
//! on the Merkliste); embed.js sets the reader's own before it shows the toolbar.

use crate::markup::{toggle_group, HtmlTree, Markup};
use crate::texts::Texts;

/// The id prefix of a server-drawn toolbar: the widget numbers its instances from 1, so
/// no id of the server's can clash with one of the widget's.
pub const SERVER_IDS: &str = "readerbox-0";

/// The toolbar's settings that show in its markup.
#[derive(Clone, Debug)]
pub struct ToolbarScreen<'a> {
    pub texts: &'a Texts,
    /// Prefix of element ids.
    pub ids: &'a str,
    /// Whether the page has a comment area ("Kommentar" goes there).
    pub comments: bool,
    /// "Kontakt": a link the site names, already checked by [`site_link`].
    pub contact: Option<&'a str>,
}

impl ToolbarScreen<'_> {
    /// The `div.readerbox-root` as HTML.
    pub fn html(&self, theme: &str) -> String {
        let mut tree = HtmlTree::new();
        let root = tree.element("div", "readerbox-root");
        tree.attribute(&root, "data-theme", theme);
        let toolbar = self.toolbar(&mut tree);
        tree.append(&root, &toolbar);
        tree.html(root)
    }

    fn toolbar<M: Markup>(&self, m: &mut M) -> M::Element {
        let t = self.texts;
        let toolbar = m.element("div", "readerbox-toolbar");
        m.attribute(&toolbar, "role", "group");
        m.attribute(&toolbar, "aria-label", t.toolbar_label);
        let font_size = self.font_size(m);
        m.append(&toolbar, &font_size);

        let tools = m.element("div", "readerbox-tools");
        let share = self.share(m);
        m.append(&tools, &share);
        if self.comments {
            let comment = button(m, "readerbox-comment-tool", t.comment_tool);
            m.append(&tools, &comment);
        }
        let more_id = format!("{}-more-tools", self.ids);
        let more = button(m, "readerbox-more-tools", t.more_tools);
        m.attribute(&more, "aria-label", t.more_tools_label);
        m.attribute(&more, "aria-expanded", "false");
        m.attribute(&more, "aria-controls", &more_id);
        m.append(&tools, &more);

        let rest = m.element("div", "readerbox-tools-more");
        m.attribute(&rest, "id", &more_id);
        for (class, label) in [
            ("readerbox-print", t.print),
            ("readerbox-letter", t.letter_tool),
        ] {
            let tool = button(m, class, label);
            m.append(&rest, &tool);
        }
        let favorite = button(m, "readerbox-favorite-toggle", "");
        m.attribute(&favorite, "aria-pressed", "false");
        let star = m.element("span", "");
        m.attribute(&star, "aria-hidden", "true");
        m.text(&star, "☆ ");
        m.append(&favorite, &star);
        m.text(&favorite, t.favorite);
        m.append(&rest, &favorite);
        let list = button(
            m,
            "readerbox-favorites-open",
            &format!("{} (0)", t.favorites_list),
        );
        m.append(&rest, &list);
        let correction = button(m, "readerbox-correction", t.correction_tool);
        m.append(&rest, &correction);
        if let Some(href) = self.contact {
            let contact = m.element("a", "readerbox-tool-button readerbox-contact");
            m.attribute(&contact, "href", href);
            m.text(&contact, t.contact);
            m.append(&rest, &contact);
        }
        m.append(&tools, &rest);
        m.append(&toolbar, &tools);
        toolbar
    }

    /// "Schriftgröße: klein mittel groß", "mittel" pressed.
    fn font_size<M: Markup>(&self, m: &mut M) -> M::Element {
        let t = self.texts;
        toggle_group(
            m,
            "readerbox-tool",
            &format!("{}-font-size", self.ids),
            t.font_size_label,
            "data-size",
            &[
                ("klein", t.font_small),
                ("mittel", t.font_medium),
                ("gross", t.font_large),
            ],
            "mittel",
        )
    }

    /// "Artikel versenden" with its (closed, empty) menu.
    fn share<M: Markup>(&self, m: &mut M) -> M::Element {
        let wrap = m.element("div", "readerbox-menu-wrap");
        let menu_id = format!("{}-share", self.ids);
        let opener = button(m, "readerbox-share", self.texts.share);
        m.attribute(&opener, "aria-expanded", "false");
        m.attribute(&opener, "aria-controls", &menu_id);
        m.append(&wrap, &opener);
        let menu = m.element("div", "readerbox-menu");
        m.attribute(&menu, "id", &menu_id);
        m.attribute(&menu, "hidden", "");
        let items = m.element("ul", "");
        m.append(&menu, &items);
        let status = m.element("p", "readerbox-notice");
        m.attribute(&status, "role", "status");
        m.append(&menu, &status);
        m.append(&wrap, &menu);
        wrap
    }
}

/// `button.readerbox-tool-button.<class>[type=button]` saying `label`.
fn button<M: Markup>(m: &mut M, class: &str, label: &str) -> M::Element {
    let element = m.element("button", &format!("readerbox-tool-button {class}"));
    m.attribute(&element, "type", "button");
    if !label.is_empty() {
        m.text(&element, label);
    }
    element
}

/// A link a site configures ("Kontakt", the privacy notice): a path on the site
/// (`/kontakt.html`) or an http(s) or mailto URL; anything else (`javascript:`, `//host`)
/// is dropped.
pub fn site_link(value: &str) -> Option<String> {
    let value = value.trim();
    if value.starts_with('/') && !value.starts_with("//") && !value.contains(char::is_whitespace) {
        return Some(value.to_owned());
    }
    readerbox_markdown::safe_href(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use readerbox_api::Lang;

    fn screen_html(comments: bool, contact: Option<&str>) -> String {
        let texts = Texts::for_lang(Lang::De);
        ToolbarScreen {
            texts: &texts,
            ids: SERVER_IDS,
            comments,
            contact,
        }
        .html("light")
    }

    #[test]
    fn the_toolbar_names_every_tool_and_only_the_ones_the_page_has() {
        let html = screen_html(true, Some("mailto:redaktion@example.org"));
        for tool in [
            "Schriftgröße:",
            ">klein<",
            "Artikel versenden",
            ">Kommentar<",
            "Druckversion",
            "Leserbrief",
            "☆ </span>zu Favoriten hinzufügen",
            "Merkliste (0)",
            "Korrektur",
            "href=\"mailto:redaktion@example.org\"",
        ] {
            assert!(html.contains(tool), "{tool} in {html}");
        }
        let bare = screen_html(false, None);
        assert!(!bare.contains("readerbox-comment-tool"));
        assert!(!bare.contains("readerbox-contact"));
    }

    #[test]
    fn only_paths_and_safe_links_are_site_links() {
        assert_eq!(site_link(" /kontakt.html "), Some("/kontakt.html".into()));
        assert_eq!(site_link("//evil.example/"), None);
        assert_eq!(site_link("javascript:alert(1)"), None);
        assert_eq!(
            site_link("mailto:redaktion@example.org").as_deref(),
            Some("mailto:redaktion@example.org")
        );
    }
}
