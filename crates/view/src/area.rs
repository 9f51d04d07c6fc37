//! The first screen of a comment area as the server writes it: heading with the count,
//! the sort switch, the first page of comments (arranged as the widget arranges them)
//! and "mehr". The widget draws the same with its Leptos components and takes over in
//! place; the e2e test `first_screen` holds the two to the same DOM.

use crate::comment::{self, CommentView};
use crate::markup::{toggle_group, HtmlTree, Markup};
use crate::texts::{format_number, Texts};
use crate::time::{central_european_offset_ms, relative_unit, utc_millis, OwnFormat};
use readerbox_api::{Comment, CommentPage, Sort};
use std::collections::HashMap;

/// What the first screen is made of beyond the page itself.
#[derive(Clone, Debug)]
pub struct FirstScreen<'a> {
    pub page: &'a CommentPage,
    pub sort: Sort,
    /// BCP 47 tag, German or English (`de`, `en-GB`).
    pub tag: &'a str,
    pub texts: &'a Texts,
    /// The widget instance's id prefix (`readerbox-1` for a page's first instance).
    pub ids: &'a str,
    /// Now, in ms since the epoch: what "vor 5 Minuten" counts from.
    pub now_ms: f64,
}

/// A comment as shown: the comments indented under it and the one it answers.
#[derive(Debug, Default)]
struct Placed {
    children: Vec<i64>,
    answers: Option<i64>,
    container: Option<i64>,
}

/// The page's comments as the widget's thread places them: top-level ids in page order,
/// each reply under its parent (or beside it, "@Name", beyond the indentation).
struct Arranged<'a> {
    top: Vec<i64>,
    placed: HashMap<i64, Placed>,
    comments: HashMap<i64, &'a Comment>,
}

impl<'a> Arranged<'a> {
    fn new(page: &'a CommentPage) -> Self {
        let mut arranged = Self {
            top: Vec::new(),
            placed: HashMap::new(),
            comments: HashMap::new(),
        };
        for comment in &page.comments {
            if arranged.comments.contains_key(&comment.id) {
                continue;
            }
            let (container, answers) = match comment.parent_id {
                None => (None, None),
                Some(parent_id) => {
                    let (Some(parent), Some(placed)) = (
                        arranged.comments.get(&parent_id),
                        arranged.placed.get(&parent_id),
                    ) else {
                        continue;
                    };
                    let (container, answers) = comment::placement(
                        parent_id,
                        parent.depth,
                        placed.container,
                        page.limits.max_depth,
                    );
                    (Some(container), answers)
                }
            };
            match container {
                None => arranged.top.push(comment.id),
                Some(container) => {
                    if let Some(list) = arranged.placed.get_mut(&container) {
                        list.children.push(comment.id);
                    }
                }
            }
            arranged.comments.insert(comment.id, comment);
            arranged.placed.insert(
                comment.id,
                Placed {
                    children: Vec::new(),
                    answers,
                    container,
                },
            );
        }
        arranged
    }

    fn descendants(&self, id: i64) -> usize {
        self.placed[&id]
            .children
            .iter()
            .map(|child| 1 + self.descendants(*child))
            .sum()
    }
}

impl FirstScreen<'_> {
    /// The `div.readerbox-root` as HTML.
    pub fn html(&self, theme: &str) -> String {
        let mut tree = HtmlTree::new();
        let root = tree.element("div", "readerbox-root");
        tree.attribute(&root, "data-theme", theme);
        let section = self.section(&mut tree);
        tree.append(&root, &section);
        tree.html(root)
    }

    fn section<M: Markup>(&self, m: &mut M) -> M::Element {
        let (page, texts) = (self.page, self.texts);
        let section = m.element("section", "readerbox");
        let heading_id = format!("{}-heading", self.ids);
        m.attribute(&section, "aria-labelledby", &heading_id);
        let heading = m.element("h2", "readerbox-heading");
        m.attribute(&heading, "id", &heading_id);
        let total = usize::try_from(page.total).unwrap_or(usize::MAX);
        let number = format_number(self.tag, total).unwrap_or_else(|| total.to_string());
        m.text(&heading, &texts.count_heading(total, &number));
        m.append(&section, &heading);
        let arranged = Arranged::new(page);
        let empty = arranged.top.is_empty();
        if empty {
            let note = m.element("p", "readerbox-empty");
            m.text(&note, texts.no_comments);
            m.append(&section, &note);
        } else {
            let sort = self.sort_switch(m);
            m.append(&section, &sort);
        }
        let holder = m.element("div", "readerbox-list");
        if empty {
            m.attribute(&holder, "hidden", "");
        }
        let list = m.element("ol", "readerbox-comments");
        for id in &arranged.top {
            let item = self.tree(m, &arranged, *id);
            m.append(&list, &item);
        }
        m.append(&holder, &list);
        m.append(&section, &holder);
        if page.next_cursor.is_some() {
            let more = m.element("div", "readerbox-more");
            let button = m.element("button", "readerbox-button readerbox-more-button");
            m.attribute(&button, "type", "button");
            m.attribute(&button, "aria-label", texts.more_label);
            m.text(&button, texts.more);
            m.append(&more, &button);
            m.append(&section, &more);
        }
        section
    }

    /// "Sortierung: Älteste Neueste Beste".
    fn sort_switch<M: Markup>(&self, m: &mut M) -> M::Element {
        let texts = self.texts;
        let choices = Sort::ALL.map(|sort| {
            let name = match sort {
                Sort::Oldest => texts.sort_oldest,
                Sort::Newest => texts.sort_newest,
                Sort::Best => texts.sort_best,
            };
            (sort.as_str(), name)
        });
        toggle_group(
            m,
            "readerbox-sort",
            &format!("{}-sort-label", self.ids),
            texts.sort_label,
            "data-sort",
            &choices,
            self.sort.as_str(),
        )
    }

    fn tree<M: Markup>(&self, m: &mut M, arranged: &Arranged, id: i64) -> M::Element {
        let comment = arranged.comments[&id];
        let placed = &arranged.placed[&id];
        let format = OwnFormat::for_tag(self.tag).unwrap_or(OwnFormat::German);
        let created = utc_millis(&comment.created_at).unwrap_or(self.now_ms);
        let (value, unit) = relative_unit(((created - self.now_ms.max(created)) / 1000.0).round());
        let relative = format.relative(self.tag, value, unit);
        let full = format.full(created + central_european_offset_ms(created));
        let answers = placed.answers.map(|parent| {
            let name = arranged
                .comments
                .get(&parent)
                .map_or("", |c| c.author.as_str());
            (parent, name)
        });
        let view = CommentView {
            comment,
            answers,
            relative_time: &relative,
            full_time: &full,
            my_vote: 0,
            closed: self.page.closed,
        };
        let (li, article) = comment::item(m, comment);
        comment::fill(m, &article, &view, self.texts);
        if !placed.children.is_empty() {
            let list_id = format!("{}-replies-{id}", self.ids);
            let toggle =
                comment::replies_toggle(m, &list_id, arranged.descendants(id), false, self.texts);
            m.append(&li, &toggle);
            let list = comment::replies_list(m, self.ids, id);
            for child in &placed.children {
                let child = self.tree(m, arranged, *child);
                m.append(&list, &child);
            }
            m.append(&li, &list);
        }
        li
    }
}
