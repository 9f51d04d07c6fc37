//! The list of comments, built straight into the DOM: each comment with its identicon,
//! author (linked to their website), time as a permalink, text through the Markdown
//! renderer, votes, "Antworten", the author's own "Bearbeiten"/"Löschen" while allowed,
//! and its replies.
//!
//! Why not a reactive view per comment: in a thread of a thousand comments, twenty
//! signals, effects and closures per comment cost most of the rendering time and about
//! 28 KB of wasm memory each. Here a comment is a few DOM nodes and one map entry; one
//! delegated click listener serves every button; the few things that change later (a
//! vote, an edit, a new reply, a countdown) are patched in place, so focus stays where
//! it is. Reply and edit forms are Leptos components, mounted into a comment on demand
//! under the comment area's owner (they see its context).
//!
//! Threads below the reader's view ([`At::Below`]: past the first slice of a page, or
//! in a page load-all fetched by itself), at positions the style skips until
//! they come near (past [`FIRST_SLICE_THREADS`]), are built in outline first: each
//! comment's `li > article.readerbox-outline > div.readerbox-text`, its text as typed.
//! The header, the formatted text and the actions follow when the thread comes near
//! the viewport (`contentvisibilityautostatechange`), when a reader or a permalink
//! needs the comment, and otherwise in the browser's idle time right after loading. Why:
//! those 13 of a comment's 16 elements and the formatting are two thirds of the time a
//! thousand comments take (measured on 2026-11-30; ARCHITECTURE.md), and no
//! reader sees them before they come near; the texts are in the page at once, for
//! find-in-page and screen readers.
//!
//! Invariants: every element has a class from `style/readerbox.css` and every text is
//! a text node or an attribute value (comment text only through [`render_into`]); an
//! item's forms are dropped outside any borrow of `items` (unmounting runs Leptos code).

use super::{Area, CommentForm, FormKind};
use crate::comments::thread::{error_message, At, Shown, Thread, ThreadView, FIRST_SLICE_THREADS};
use crate::shared::dom::{new_element, QuickDom};
use crate::shared::storage::{self, DraftOf, OwnComment};
use crate::shared::time::{millis_of, Clock, TimeFormats};
use crate::shared::vec_map::{VecMap, VecSet};
use crate::ui::markdown::render_into;
use crate::ui::{use_locale, SharedLocale};
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use readerbox_api::{Comment, CommentStatus, Vote};
use readerbox_view::comment::{self, CommentView, OUTLINE};
use readerbox_view::markup::Markup;
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::rc::{Rc, Weak};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

const SVG: &str = "http://www.w3.org/2000/svg";
/// How often "vor 5 Minuten" is brought up to date.
const RELATIVE_TIME_EVERY_MS: f64 = 30_000.0;
/// The most one slice of completing outlines may take, and how long the browser may wait
/// with the first at most (ms).
const COMPLETE_SLICE_MS: f64 = 30.0;
const COMPLETE_WITHIN_MS: u32 = 2_000;

/// The list's place in the comment area. It shows whatever the thread holds and is
/// told of every change by it (see [`Thread::attach`]).
#[component]
pub fn CommentList() -> impl IntoView {
    let area = Area::current();
    let thread = area.thread;
    let clock = Clock::current();
    let list = ListView::new(area, use_locale());
    list.render_all();
    thread.attach(list.clone());
    on_cleanup(move || thread.detach());

    let holder = NodeRef::<html::Div>::new();
    {
        let root = list.root.clone();
        holder.on_load(move |div| {
            div.add_child(&root);
        });
    }
    {
        let list = list.clone();
        Effect::new(move |_| {
            if let Some(id) = thread.highlighted.get() {
                list.highlight(id);
            }
        });
    }
    {
        let list = list.clone();
        Effect::new(move |_| {
            list.closing.track();
            let closing = list.closing.try_update_untracked(std::mem::take);
            for (id, form) in closing.unwrap_or_default() {
                list.close_form(id, form);
            }
        });
    }
    Effect::new(move |last: Option<f64>| {
        let now = clock.0.get();
        list.tick(now);
        match last {
            Some(last) if now - last < RELATIVE_TIME_EVERY_MS => last,
            Some(_) => {
                list.refresh_times(now);
                now
            }
            None => now,
        }
    });
    view! { <div class="readerbox-list" node_ref=holder hidden=move || thread.is_empty()></div> }
}

/// The two forms a comment can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    Reply,
    Edit,
}

/// What the list keeps of one shown comment besides its data (which the thread has).
struct Item {
    li: Element,
    /// Built in outline: text only, no header or actions yet.
    outline: bool,
    collapsed: bool,
    confirming: bool,
    voting: bool,
    reply: Option<Box<dyn Any>>,
    edit: Option<Box<dyn Any>>,
}

impl Item {
    fn article(&self) -> Option<Element> {
        self.li.first_element_child()
    }
}

/// The comments of one thread in the DOM.
pub struct ListView {
    area: Area,
    locale: SharedLocale,
    document: Document,
    /// `<ol class="readerbox-comments">`, made before it is placed in the page.
    root: Element,
    /// The comment area's owner: forms mounted into comments see its context.
    owner: Option<Owner>,
    times: TimeFormats,
    /// The fixed parts of a comment, by `readerbox_view` key (see [`Dom`]).
    skeletons: RefCell<HashMap<&'static str, Element>>,
    items: RefCell<HashMap<i64, Item>>,
    /// This reader's comments (edit tokens) and votes, read once, kept in step.
    own: RefCell<VecMap<i64, OwnComment>>,
    votes: RefCell<VecMap<i64, i8>>,
    /// Reply and edit drafts found at start: their forms open again by themselves.
    open_drafts: VecSet<DraftOf>,
    highlighted: Cell<Option<i64>>,
    /// Forms that asked to close (sent or cancelled); closed after their handler ran.
    closing: RwSignal<Vec<(i64, Slot)>>,
    /// Top-level threads built in outline, in the order they are completed when idle.
    outlines: RefCell<VecDeque<i64>>,
    /// Whether a task completing outlines is on its way.
    completing: Cell<bool>,
    this: Weak<ListView>,
    /// The delegated listeners, alive as long as the list.
    _on_click: Closure<dyn Fn(web_sys::Event)>,
    _on_near: Closure<dyn Fn(web_sys::Event)>,
    /// On the window, so removed when the list goes (see `Drop`).
    on_print: Closure<dyn Fn()>,
}

impl ListView {
    pub fn new(area: Area, locale: SharedLocale) -> Rc<Self> {
        let document = web_sys::window()
            .and_then(|window| window.document())
            .expect("a document");
        let root = document.create_element("ol").expect("an ol element");
        root.set_class_name("readerbox-comments");
        let open_drafts = storage::open_forms(&area.article_uri);
        let times = TimeFormats::new(&locale.tag);
        Rc::new_cyclic(|this: &Weak<ListView>| {
            let weak = this.clone();
            let on_click = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
                if let Some(list) = weak.upgrade() {
                    list.clicked(&event);
                }
            });
            let _ =
                root.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
            let weak = this.clone();
            let on_near = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
                if let Some(list) = weak.upgrade() {
                    list.came_near(&event);
                }
            });
            // The event doesn't bubble: caught on its way down instead.
            let _ = root.add_event_listener_with_callback_and_bool(
                "contentvisibilityautostatechange",
                on_near.as_ref().unchecked_ref(),
                true,
            );
            // Printing lays out every comment at once: none may be printed in outline
            // ("Druckversion" and the browser's own menu both fire `beforeprint`).
            let weak = this.clone();
            let on_print = Closure::<dyn Fn()>::new(move || {
                if let Some(list) = weak.upgrade() {
                    list.complete_all();
                }
            });
            if let Some(window) = web_sys::window() {
                let _ = window.add_event_listener_with_callback(
                    "beforeprint",
                    on_print.as_ref().unchecked_ref(),
                );
            }
            Self {
                area,
                locale,
                document,
                root,
                owner: Owner::current(),
                times,
                skeletons: RefCell::new(HashMap::new()),
                items: RefCell::new(HashMap::new()),
                own: RefCell::new(storage::own_comments()),
                votes: RefCell::new(storage::votes()),
                open_drafts,
                highlighted: Cell::new(None),
                closing: RwSignal::new(Vec::new()),
                outlines: RefCell::new(VecDeque::new()),
                completing: Cell::new(false),
                this: this.clone(),
                _on_click: on_click,
                _on_near: on_near,
                on_print,
            }
        })
    }

    fn thread(&self) -> Thread {
        self.area.thread
    }

    /// Builds every comment the thread holds (the list was not shown until now).
    /// The list mounts with the first slice, which the reader looks at: no outlines.
    pub fn render_all(&self) {
        for id in self.thread().top_ids() {
            if let Some(li) = self.build_tree(id) {
                self.root.add_child(&li);
            }
        }
    }

    fn build_tree(&self, id: i64) -> Option<Element> {
        let shown = self.thread().entry(id)?;
        let li = self.build_item(&shown, false);
        if !shown.children.is_empty() {
            let list = self.replies_list(id, &li);
            for child in shown.children {
                if let Some(child) = self.build_tree(child) {
                    list.add_child(&child);
                }
            }
            self.refresh_replies(id);
        }
        Some(li)
    }

    /// Shows a comment the thread just took in, where the thread placed it.
    pub fn insert(&self, id: i64, at: At) {
        if self.items.borrow().contains_key(&id) {
            return;
        }
        let Some(shown) = self.thread().entry(id) else {
            return;
        };
        // A reply in a thread still in outline joins it so (the thread is completed
        // whole), unless it is the reader's own: that one they are looking at. A new
        // thread only below the reader's view, and only where the style skips it.
        let outline = !self.own.borrow().contains_key(&id)
            && match shown.container {
                Some(container) => self.is_outline(container),
                None => {
                    at == At::Below
                        && self.root.child_element_count() as usize >= FIRST_SLICE_THREADS
                }
            };
        let li = self.build_item(&shown, outline);
        match shown.container {
            Some(container) => {
                let Some(parent) = self.li(container) else {
                    return;
                };
                self.replies_list(container, &parent).add_child(&li);
            }
            None if at == At::Start => {
                self.root.put_before(&li, self.root.first_child().as_ref());
            }
            None => {
                self.root.add_child(&li);
                if outline {
                    self.to_complete(id);
                }
            }
        }
    }

    fn is_outline(&self, id: i64) -> bool {
        self.items
            .borrow()
            .get(&id)
            .is_some_and(|item| item.outline)
    }

    /// Queues top-level thread `id` (in outline) to be completed when the browser is idle.
    fn to_complete(&self, id: i64) {
        self.outlines.borrow_mut().push_back(id);
        if self.completing.replace(true) {
            return;
        }
        let this = self.this.clone();
        spawn_local(async move {
            // An idle moment first (the pages still coming go first: their texts are what
            // readers search), then slices with the main thread given back in between,
            // as pages are built.
            'wait: loop {
                crate::shared::time::idle(COMPLETE_WITHIN_MS).await;
                loop {
                    let Some(list) = this.upgrade() else {
                        return;
                    };
                    if list.thread().loading_more.get_untracked() {
                        continue 'wait;
                    }
                    let started = js_sys::Date::now();
                    while js_sys::Date::now() - started < COMPLETE_SLICE_MS {
                        if !list.complete_next() {
                            list.completing.set(false);
                            return;
                        }
                    }
                    drop(list);
                    crate::shared::time::yield_to_browser().await;
                }
            }
        });
    }

    /// Completes the next thread queued in outline; false when none is left.
    fn complete_next(&self) -> bool {
        let next = self.outlines.borrow_mut().pop_front();
        let Some(id) = next else {
            return false;
        };
        self.complete_thread(id);
        true
    }

    /// Completes every thread still in outline, now (the page is about to be printed).
    fn complete_all(&self) {
        while self.complete_next() {}
    }

    /// A thread past the first screenful came near the viewport: complete it now.
    fn came_near(&self, event: &web_sys::Event) {
        let skipped = js_sys::Reflect::get(event, &"skipped".into())
            .ok()
            .and_then(|skipped| skipped.as_bool())
            .unwrap_or(true);
        if skipped {
            return;
        }
        let id = event
            .target()
            .and_then(|target| target.dyn_into::<Element>().ok())
            .and_then(|li| li.get_attribute("data-id"))
            .and_then(|id| id.parse::<i64>().ok());
        if let Some(id) = id {
            self.complete_thread(id);
        }
    }

    /// Completes comment `id` and every comment under it still in outline.
    fn complete_thread(&self, id: i64) {
        let Some(li) = self.li(id) else {
            return;
        };
        self.complete(id);
        let Ok(outlines) = li.query_selector_all(&format!("article.{OUTLINE}")) else {
            return;
        };
        for n in 0..outlines.length() {
            let id = outlines
                .item(n)
                .and_then(|article| article.parent_element())
                .and_then(|li| li.get_attribute("data-id"))
                .and_then(|id| id.parse::<i64>().ok());
            if let Some(id) = id {
                self.complete(id);
            }
        }
    }

    /// Gives comment `id`, built in outline, its header, formatted text and actions.
    fn complete(&self, id: i64) {
        let article = match self.items.borrow_mut().get_mut(&id) {
            Some(item) if item.outline => {
                item.outline = false;
                item.article()
            }
            _ => None,
        };
        let (Some(article), Some(shown)) = (article, self.thread().entry(id)) else {
            return;
        };
        let comment = &shown.comment;
        let _ = article.class_list().remove_1(OUTLINE);
        let body = article.first_element_child();
        article.put_before(&self.header(&shown), body.as_ref().map(|b| b.as_ref()));
        if let Some(body) = body {
            let _ = body.replace_with_with_node_1(&self.body(comment));
        }
        if comment.status == CommentStatus::Published {
            article.add_child(&self.actions(comment));
        }
        if !shown.children.is_empty() {
            self.refresh_replies(id);
        }
    }

    /// The thread `id` belongs to, completed (a reader or a permalink needs it now).
    fn complete_around(&self, id: i64) {
        if !self.is_outline(id) {
            return;
        }
        let mut top = id;
        while let Some(container) = self.thread().entry(top).and_then(|shown| shown.container) {
            top = container;
        }
        self.complete_thread(top);
    }

    /// Forgets everything shown (a new first page follows).
    pub fn clear(&self) {
        let items: Vec<Item> = self
            .items
            .borrow_mut()
            .drain()
            .map(|(_, item)| item)
            .collect();
        drop(items);
        self.outlines.borrow_mut().clear();
        self.root.set_text_content(None);
        self.highlighted.set(None);
    }

    /// The author deleted comment `id` (one without replies). Focus, if it was in the
    /// comment, moves to the next comment (else the previous, else the one answered)
    /// instead of falling back to the page.
    pub fn remove(&self, id: i64) {
        let item = self.items.borrow_mut().remove(&id);
        let Some(item) = item else {
            return;
        };
        let li = item.li.clone();
        let had_focus = self
            .focused()
            .is_some_and(|focused| li.contains(Some(&focused)));
        let neighbour = li
            .next_element_sibling()
            .or_else(|| li.previous_element_sibling())
            .or_else(|| li.parent_element().and_then(|list| list.parent_element()))
            .filter(|neighbour| neighbour.class_list().contains("readerbox-comment"));
        drop(item);
        li.remove();
        if had_focus {
            if let Some(article) = neighbour
                .and_then(|neighbour| neighbour.first_element_child())
                .and_then(|article| article.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = article.focus();
            }
        }
    }

    /// The focused element inside the widget's shadow root (or the page).
    fn focused(&self) -> Option<Element> {
        match self.root.get_root_node().dyn_into::<web_sys::ShadowRoot>() {
            Ok(shadow) => shadow.active_element(),
            Err(_) => self.document.active_element(),
        }
    }

    /// The reader posted: their edit tokens changed.
    pub fn reload_own(&self) {
        *self.own.borrow_mut() = storage::own_comments();
    }

    fn li(&self, id: i64) -> Option<Element> {
        self.items.borrow().get(&id).map(|item| item.li.clone())
    }

    fn article(&self, id: i64) -> Option<Element> {
        self.items.borrow().get(&id).and_then(Item::article)
    }

    fn element(&self, tag: &str, class: &str) -> Element {
        let element = new_element(&self.document, tag);
        if !class.is_empty() {
            element.set_class_name(class);
        }
        element
    }

    fn with_text(&self, tag: &str, class: &str, text: &str) -> Element {
        let element = self.element(tag, class);
        element.set_text_content(Some(text));
        element
    }

    fn button(&self, class: &str, action: &str, label: &str) -> Element {
        let button = self.with_text("button", class, label);
        button.put_attribute("type", "button");
        button.put_attribute("data-action", action);
        button
    }

    /// Comment `id`'s `li`; in outline (`outline`, unless a form of it opens again) only
    /// its text, as typed.
    fn build_item(&self, shown: &Shown, outline: bool) -> Element {
        let comment = &shown.comment;
        let id = comment.id;
        let outline = outline
            && !self.open_drafts.contains(&DraftOf::Edit(id))
            && !self.open_drafts.contains(&DraftOf::Reply(id));
        let mut dom = self.dom();
        let (li, article) = comment::item(&mut dom, comment);
        if outline {
            let _ = article.class_list().add_1(OUTLINE);
            article.add_child(&self.outline_body(comment));
        } else {
            article.add_child(&self.header(shown));
            article.add_child(&self.body(comment));
            if comment.status == CommentStatus::Published {
                article.add_child(&self.actions(comment));
            }
        }
        self.items.borrow_mut().insert(
            id,
            Item {
                li: li.clone(),
                outline,
                collapsed: false,
                confirming: false,
                voting: false,
                reply: None,
                edit: None,
            },
        );
        if comment.status == CommentStatus::Published {
            if self.open_drafts.contains(&DraftOf::Edit(id)) {
                self.open_edit(id);
            }
            if self.open_drafts.contains(&DraftOf::Reply(id)) {
                self.open_reply(id);
            }
        }
        li
    }

    /// The sink the shared comment markup (`readerbox_view::comment`) is built with.
    fn dom(&self) -> Dom<'_> {
        Dom(&self.document, &self.skeletons)
    }

    fn header(&self, shown: &Shown) -> Element {
        let comment = &shown.comment;
        // One Date per comment: its time and its zone offset for the full date.
        let created = js_sys::Date::new(&comment.created_at.as_str().into());
        let created = if created.get_time().is_nan() {
            js_sys::Date::new_0()
        } else {
            created
        };
        let created_ms = created.get_time();
        let full = self.times.full_of(&created);
        let now = js_sys::Date::now().max(created_ms);
        let relative = self.times.relative(created_ms, now);
        let answers = shown.answers.map(|parent_id| {
            let parent_author = self
                .thread()
                .comment(parent_id)
                .map(|parent| parent.author)
                .unwrap_or_default();
            (parent_id, parent_author)
        });
        let view = CommentView {
            comment,
            answers: answers.as_ref().map(|(id, name)| (*id, name.as_str())),
            relative_time: &relative,
            full_time: &full,
            my_vote: self.my_vote(comment.id),
            closed: self.thread().closed.get_untracked(),
        };
        comment::header(&mut self.dom(), &view, &self.locale.texts)
    }

    fn body(&self, comment: &Comment) -> Element {
        comment::body(&mut self.dom(), comment, &self.locale.texts)
    }

    /// The text as typed, one text node: in the page (find-in-page, screen readers) at
    /// the cost of one node until [`Self::complete`] formats it.
    fn outline_body(&self, comment: &Comment) -> Element {
        comment::outline_body(&mut self.dom(), comment, &self.locale.texts)
    }

    /// Votes, "Antworten", and for the author within the window "Bearbeiten"/"Löschen".
    fn actions(&self, comment: &Comment) -> Element {
        let view = CommentView {
            comment,
            answers: None,
            relative_time: "",
            full_time: "",
            my_vote: self.my_vote(comment.id),
            closed: self.thread().closed.get_untracked(),
        };
        let actions = comment::actions(&mut self.dom(), &view, &self.locale.texts);
        if let Some(remaining) = self.remaining_ms(comment.id, js_sys::Date::now()) {
            for element in self.own_controls(remaining) {
                actions.add_child(&element);
            }
        }
        actions
    }

    fn actions_of(&self, id: i64) -> Option<Element> {
        self.article(id)?
            .query_selector(":scope > .readerbox-actions")
            .ok()
            .flatten()
    }

    fn my_vote(&self, id: i64) -> i8 {
        self.votes.borrow().get(&id).copied().unwrap_or(0)
    }

    fn show_votes(&self, actions: &Element, score: i64, mine: i8) {
        let find = |selector: &str| actions.query_selector(selector).ok().flatten();
        if let Some(up) = find(".readerbox-vote-up") {
            up.put_attribute("aria-pressed", if mine == 1 { "true" } else { "false" });
        }
        if let Some(down) = find(".readerbox-vote-down") {
            down.put_attribute("aria-pressed", if mine == -1 { "true" } else { "false" });
        }
        if let Some(shown) = find(".readerbox-score") {
            self.show_score(&shown, score);
        }
    }

    /// The score as shown, and as a screen reader hears it ("Bewertung: 3").
    fn show_score(&self, element: &Element, score: i64) {
        let score = score.to_string();
        let label = self.locale.texts.score_label.replace("{score}", &score);
        element.put_attribute("aria-label", &label);
        element.set_text_content(Some(&score));
    }

    /// How long the author may still change comment `id`; `None` for other readers'
    /// comments and after the window.
    fn remaining_ms(&self, id: i64, now: f64) -> Option<f64> {
        let until = self.own.borrow().get(&id)?.editable_until_ms as f64;
        Some(until - now).filter(|ms| *ms > 0.0)
    }

    fn remaining_text(&self, ms: f64) -> String {
        let texts = &self.locale.texts;
        let seconds = (ms / 1000.0).ceil() as u64;
        let time = if seconds >= 60 {
            texts
                .minutes_short
                .replace("{count}", &seconds.div_ceil(60).to_string())
        } else {
            texts.seconds_short.replace("{count}", &seconds.to_string())
        };
        texts.editable_for.replace("{time}", &time)
    }

    fn own_controls(&self, remaining: f64) -> [Element; 3] {
        let texts = &self.locale.texts;
        [
            self.button("readerbox-link-button readerbox-edit", "edit", texts.edit),
            self.button(
                "readerbox-link-button readerbox-delete",
                "delete",
                texts.delete,
            ),
            self.with_text(
                "span",
                "readerbox-remaining",
                &self.remaining_text(remaining),
            ),
        ]
    }

    /// Shows "Bearbeiten", "Löschen" and the time left exactly while the author may use
    /// them (not while the edit form is open), and keeps the time left current.
    fn sync_own_controls(&self, id: i64, now: f64) {
        let Some(actions) = self.actions_of(id) else {
            return;
        };
        let editing = self
            .items
            .borrow()
            .get(&id)
            .is_some_and(|item| item.edit.is_some());
        let remaining = self.remaining_ms(id, now).filter(|_| !editing);
        let find = |selector: &str| actions.query_selector(selector).ok().flatten();
        match (remaining, find(":scope > .readerbox-remaining")) {
            (Some(ms), Some(shown)) => {
                let text = self.remaining_text(ms);
                if shown.text_content().as_deref() != Some(text.as_str()) {
                    shown.set_text_content(Some(&text));
                }
            }
            (Some(ms), None) => {
                let before = find(":scope > .readerbox-confirm, :scope > .readerbox-action-error");
                for element in self.own_controls(ms) {
                    actions.put_before(&element, before.as_ref().map(|e| e.as_ref()));
                }
            }
            (None, Some(_)) => {
                for selector in [
                    ":scope > .readerbox-edit",
                    ":scope > .readerbox-delete",
                    ":scope > .readerbox-remaining",
                    ":scope > .readerbox-confirm",
                ] {
                    if let Some(element) = find(selector) {
                        element.remove();
                    }
                }
                self.set_confirming(id, false);
            }
            (None, None) => {}
        }
    }

    fn set_confirming(&self, id: i64, confirming: bool) {
        let changed = self
            .items
            .borrow_mut()
            .get_mut(&id)
            .map(|item| std::mem::replace(&mut item.confirming, confirming) != confirming)
            .unwrap_or(false);
        let Some(actions) = self.actions_of(id).filter(|_| changed) else {
            return;
        };
        let existing = actions
            .query_selector(":scope > .readerbox-confirm")
            .ok()
            .flatten();
        if !confirming {
            if let Some(group) = existing {
                group.remove();
            }
            return;
        }
        let texts = &self.locale.texts;
        let group = self.element("span", "readerbox-confirm");
        group.put_attribute("role", "group");
        group.put_attribute("aria-label", texts.confirm_delete);
        group.add_child(&self.with_text("span", "", texts.confirm_delete));
        group.add_child(&self.button(
            "readerbox-button readerbox-confirm-delete",
            "confirm-delete",
            texts.confirm_delete_yes,
        ));
        group.add_child(&self.button("readerbox-link-button", "cancel-delete", texts.cancel));
        let error = actions
            .query_selector(":scope > .readerbox-action-error")
            .ok()
            .flatten();
        actions.put_before(&group, error.as_ref().map(|e| e.as_ref()));
    }

    fn set_error(&self, id: i64, message: Option<String>) {
        let Some(actions) = self.actions_of(id) else {
            return;
        };
        if let Ok(Some(old)) = actions.query_selector(":scope > .readerbox-action-error") {
            old.remove();
        }
        if let Some(message) = message {
            let error = self.with_text("p", "readerbox-error readerbox-action-error", &message);
            error.put_attribute("role", "alert");
            actions.add_child(&error);
        }
    }

    /// Comment `id` changed (an edit, a placeholder for a deletion, a newer page): its
    /// header, text and actions are built again; an open edit form stays.
    pub fn refresh(&self, id: i64) {
        let (Some(article), Some(shown)) = (self.article(id), self.thread().entry(id)) else {
            return;
        };
        let comment = &shown.comment;
        let published = comment.status == CommentStatus::Published;
        let _ = article.class_list().toggle_with_force(
            "readerbox-pending",
            comment.status == CommentStatus::Pending,
        );
        let outline = self.is_outline(id);
        if outline {
            if let Some(body) = article.first_element_child() {
                let _ = body.replace_with_with_node_1(&self.outline_body(comment));
            }
        } else if let Some(header) = article.first_element_child() {
            let _ = header.replace_with_with_node_1(&self.header(&shown));
        }
        // Deep replies name this comment's author ("@Dora"); a deleted one has none.
        for reply in self.thread().answering(id) {
            let (Some(reply_article), Some(reply_shown)) =
                (self.article(reply), self.thread().entry(reply))
            else {
                continue;
            };
            if self.is_outline(reply) {
                continue;
            }
            if let Some(header) = reply_article.first_element_child() {
                let _ = header.replace_with_with_node_1(&self.header(&reply_shown));
            }
        }
        if outline {
            // Its header, text and actions come with [`Self::complete`], from the data.
            return;
        }
        if !published {
            self.close_form(id, Slot::Edit);
            self.close_form(id, Slot::Reply);
        }
        let editing = self
            .items
            .borrow()
            .get(&id)
            .is_some_and(|item| item.edit.is_some());
        if !editing {
            if let Ok(Some(body)) =
                article.query_selector(":scope > .readerbox-text, :scope > .readerbox-deleted")
            {
                let _ = body.replace_with_with_node_1(&self.body(comment));
            }
        }
        let actions = self.actions_of(id);
        match (actions, published) {
            (Some(actions), true) => self.show_votes(&actions, comment.score, self.my_vote(id)),
            (Some(actions), false) => actions.remove(),
            (None, true) => {
                let actions = self.actions(comment);
                let header = article.first_element_child();
                let body = header.and_then(|header| header.next_element_sibling());
                let after = body.and_then(|body| body.next_sibling());
                article.put_before(&actions, after.as_ref());
            }
            (None, false) => {}
        }
    }

    /// The `<ol>` of replies under comment `id`, made when its first reply comes.
    fn replies_list(&self, id: i64, li: &Element) -> Element {
        if let Ok(Some(list)) = li.query_selector(":scope > .readerbox-replies") {
            return list;
        }
        let list = comment::replies_list(&mut self.dom(), &self.area.ids, id);
        li.add_child(&list);
        list
    }

    /// The replies under `id` changed: "Antworten ausblenden (N)" counts them; without
    /// replies the toggle and the list go.
    /// In outline, the list only (the toggle comes with [`Self::complete`]).
    pub fn refresh_replies(&self, id: i64) {
        let Some((li, collapsed)) = self
            .items
            .borrow()
            .get(&id)
            .filter(|item| !item.outline)
            .map(|item| (item.li.clone(), item.collapsed))
        else {
            return;
        };
        let count = self.thread().descendants(id);
        let toggle = li
            .query_selector(":scope > .readerbox-replies-toggle")
            .ok()
            .flatten();
        let list = li
            .query_selector(":scope > .readerbox-replies")
            .ok()
            .flatten();
        if count == 0 {
            for element in [toggle, list].into_iter().flatten() {
                element.remove();
            }
            return;
        }
        let list = list.unwrap_or_else(|| self.replies_list(id, &li));
        let toggle = toggle.unwrap_or_else(|| {
            let toggle = comment::replies_toggle(
                &mut self.dom(),
                &list.id(),
                count,
                collapsed,
                &self.locale.texts,
            );
            li.put_before(&toggle, Some(&list));
            toggle
        });
        let texts = &self.locale.texts;
        let template = if collapsed {
            &texts.show_replies
        } else {
            &texts.hide_replies
        };
        toggle.set_text_content(Some(&template.replace("{count}", &count.to_string())));
        toggle.put_attribute("aria-expanded", if collapsed { "false" } else { "true" });
        let _ = list.toggle_attribute_with_force("hidden", collapsed);
    }

    /// A permalink to comment `id`: highlight it, bring it into view and focus it.
    pub fn highlight(&self, id: i64) {
        if let Some(previous) = self.highlighted.replace(Some(id)).and_then(|p| self.li(p)) {
            let _ = previous.class_list().remove_1("readerbox-highlight");
        }
        self.complete_around(id);
        let Some(li) = self.li(id) else {
            return;
        };
        let _ = li.class_list().add_1("readerbox-highlight");
        if let Some(article) = li.first_element_child() {
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Center);
            article.scroll_into_view_with_scroll_into_view_options(&options);
            if let Some(article) = article.dyn_ref::<web_sys::HtmlElement>() {
                let _ = article.focus();
            }
        }
    }

    /// Once a second: the author's countdowns.
    fn tick(&self, now: f64) {
        let own: Vec<i64> = self.own.borrow().keys().copied().collect();
        for id in own {
            if self.items.borrow().contains_key(&id) {
                self.sync_own_controls(id, now);
            }
        }
    }

    /// "vor 5 Minuten" becomes "vor 6 Minuten".
    fn refresh_times(&self, now: f64) {
        let Ok(times) = self.root.query_selector_all("time[datetime]") else {
            return;
        };
        for n in 0..times.length() {
            let Some(time) = times.item(n).and_then(|t| t.dyn_into::<Element>().ok()) else {
                continue;
            };
            let Some(ms) = time.get_attribute("datetime").and_then(|t| millis_of(&t)) else {
                continue;
            };
            time.set_text_content(Some(&self.times.relative(ms, now.max(ms))));
        }
    }

    /// The one click listener of the list: buttons say what they do in `data-action`,
    /// their comment is the nearest `li[data-id]`.
    fn clicked(&self, event: &web_sys::Event) {
        let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        let Some(button) = target.closest("[data-action]").ok().flatten() else {
            return;
        };
        let id = button
            .closest("li.readerbox-comment")
            .ok()
            .flatten()
            .and_then(|li| li.get_attribute("data-id"))
            .and_then(|id| id.parse::<i64>().ok());
        let (Some(id), Some(action)) = (id, button.get_attribute("data-action")) else {
            return;
        };
        match action.as_str() {
            "up" => self.vote(id, 1),
            "down" => self.vote(id, -1),
            "reply" => self.toggle_reply(id),
            "edit" => self.open_edit(id),
            "delete" => self.set_confirming(id, true),
            "cancel-delete" => self.set_confirming(id, false),
            "confirm-delete" => self.delete(id),
            "toggle" => self.toggle_replies(id),
            _ => {}
        }
    }

    fn toggle_replies(&self, id: i64) {
        if let Some(item) = self.items.borrow_mut().get_mut(&id) {
            item.collapsed = !item.collapsed;
        }
        self.refresh_replies(id);
    }

    fn vote(&self, id: i64, value: i8) {
        let started = self
            .items
            .borrow_mut()
            .get_mut(&id)
            .map(|item| !std::mem::replace(&mut item.voting, true))
            .unwrap_or(false);
        if !started {
            return;
        }
        let value = if self.my_vote(id) == value { 0 } else { value };
        let (client, fallback) = (self.area.client.clone(), self.locale.texts.action_failed);
        let this = self.this.clone();
        spawn_local(async move {
            let vote = Vote {
                voter: storage::voter_id(),
                value,
            };
            let result = client.vote(id, &vote).await;
            let Some(list) = this.upgrade() else {
                return;
            };
            if let Some(item) = list.items.borrow_mut().get_mut(&id) {
                item.voting = false;
            }
            match result {
                Ok(result) => {
                    storage::set_vote(id, result.value);
                    match result.value {
                        0 => list.votes.borrow_mut().remove(&id),
                        value => list.votes.borrow_mut().insert(id, value),
                    };
                    list.thread().set_score(id, result.score);
                    if let Some(actions) = list.actions_of(id) {
                        list.show_votes(&actions, result.score, result.value);
                    }
                    list.set_error(id, None);
                }
                Err(err) => list.set_error(id, Some(error_message(&err, fallback))),
            }
        });
    }

    fn delete(&self, id: i64) {
        let token = self
            .own
            .borrow()
            .get(&id)
            .map(|own| own.edit_token.clone())
            .unwrap_or_default();
        let (client, fallback) = (self.area.client.clone(), self.locale.texts.action_failed);
        let this = self.this.clone();
        let thread = self.thread();
        spawn_local(async move {
            match client.delete_comment(id, &token).await {
                Ok(deleted) => {
                    storage::forget_own(id);
                    if let Some(list) = this.upgrade() {
                        list.own.borrow_mut().remove(&id);
                    }
                    thread.remove(id, deleted.placeholder);
                }
                Err(err) => {
                    if let Some(list) = this.upgrade() {
                        list.set_confirming(id, false);
                        list.set_error(id, Some(error_message(&err, fallback)));
                    }
                }
            }
        });
    }

    fn reply_button(&self, id: i64) -> Option<Element> {
        self.actions_of(id)?
            .query_selector(":scope > .readerbox-reply")
            .ok()
            .flatten()
    }

    fn toggle_reply(&self, id: i64) {
        let open = self
            .items
            .borrow()
            .get(&id)
            .is_some_and(|item| item.reply.is_some());
        if open {
            self.close_form(id, Slot::Reply);
        } else {
            self.open_reply(id);
        }
    }

    /// Mounts a reply or edit form for comment `id` into `slot`, under the area's owner.
    fn mount_form(&self, id: i64, form: Slot, slot: &Element) -> Box<dyn Any> {
        let closing = self.closing;
        let kind = match form {
            Slot::Reply => FormKind::Reply(id),
            Slot::Edit => FormKind::Edit(id),
        };
        let parent: web_sys::HtmlElement = slot.clone().unchecked_into();
        let mount = move || {
            leptos::mount::mount_to(parent, move || {
                let on_close = Callback::new(move |()| closing.update(|c| c.push((id, form))));
                view! { <CommentForm kind=kind on_close=on_close /> }
            })
        };
        match &self.owner {
            Some(owner) => Box::new(owner.with(mount)),
            None => Box::new(mount()),
        }
    }

    /// The article of comment `id` if `form` can open there (it is not open yet).
    fn closed_slot(&self, id: i64, form: Slot) -> Option<Element> {
        self.complete_around(id);
        let open = self.items.borrow().get(&id).map(|item| match form {
            Slot::Reply => item.reply.is_some(),
            Slot::Edit => item.edit.is_some(),
        });
        (open == Some(false)).then(|| self.article(id)).flatten()
    }

    fn open_reply(&self, id: i64) {
        let Some(article) = self.closed_slot(id, Slot::Reply) else {
            return;
        };
        let slot = self.element("div", "readerbox-reply-slot");
        article.add_child(&slot);
        let handle = self.mount_form(id, Slot::Reply, &slot);
        if let Some(item) = self.items.borrow_mut().get_mut(&id) {
            item.reply = Some(handle);
        }
        if let Some(button) = self.reply_button(id) {
            button.put_attribute("aria-expanded", "true");
        }
    }

    fn open_edit(&self, id: i64) {
        let Some(article) = self.closed_slot(id, Slot::Edit) else {
            return;
        };
        let Ok(Some(body)) = article.query_selector(":scope > .readerbox-text") else {
            return;
        };
        let slot = self.element("div", "readerbox-edit-slot");
        let _ = body.replace_with_with_node_1(&slot);
        let handle = self.mount_form(id, Slot::Edit, &slot);
        if let Some(item) = self.items.borrow_mut().get_mut(&id) {
            item.edit = Some(handle);
        }
        self.sync_own_controls(id, js_sys::Date::now());
    }

    /// Unmounts a form (sent or cancelled) and shows what was there before it.
    fn close_form(&self, id: i64, form: Slot) {
        let handle = self
            .items
            .borrow_mut()
            .get_mut(&id)
            .and_then(|item| match form {
                Slot::Reply => item.reply.take(),
                Slot::Edit => item.edit.take(),
            });
        let Some(handle) = handle else {
            return;
        };
        drop(handle);
        let Some(article) = self.article(id) else {
            return;
        };
        match form {
            Slot::Reply => {
                if let Ok(Some(slot)) = article.query_selector(":scope > .readerbox-reply-slot") {
                    slot.remove();
                }
                if let Some(button) = self.reply_button(id) {
                    button.put_attribute("aria-expanded", "false");
                }
            }
            Slot::Edit => {
                if let (Ok(Some(slot)), Some(comment)) = (
                    article.query_selector(":scope > .readerbox-edit-slot"),
                    self.thread().comment(id),
                ) {
                    let _ = slot.replace_with_with_node_1(&self.body(&comment));
                }
                self.sync_own_controls(id, js_sys::Date::now());
            }
        }
    }
}

/// The widget's DOM as a sink for the shared comment markup, with the list's skeletons
/// (built once each, then cloned: one `cloneNode` instead of a dozen calls).
struct Dom<'a>(&'a Document, &'a RefCell<HashMap<&'static str, Element>>);

impl Markup for Dom<'_> {
    type Element = Element;

    fn element(&mut self, tag: &'static str, class: &str) -> Element {
        let element = new_element(self.0, tag);
        if !class.is_empty() {
            element.set_class_name(class);
        }
        element
    }

    fn svg_element(&mut self, tag: &'static str) -> Element {
        self.0
            .create_element_ns(Some(SVG), tag)
            .expect("an svg element")
    }

    fn attribute(&mut self, element: &Element, name: &str, value: &str) {
        element.put_attribute(name, value);
    }

    fn text(&mut self, parent: &Element, text: &str) {
        parent.add_child(&self.0.create_text_node(text));
    }

    fn append(&mut self, parent: &Element, child: &Element) {
        parent.add_child(child);
    }

    fn markdown(&mut self, parent: &Element, source: &str) {
        render_into(parent, source);
    }

    fn child(&mut self, element: &Element, index: usize) -> Element {
        let mut child = element.first_element_child();
        for _ in 0..index {
            child = child.and_then(|child| child.next_element_sibling());
        }
        child.expect("the child the markup built")
    }

    fn remove(&mut self, element: &Element) {
        element.remove();
    }

    fn skeleton(&mut self, key: &'static str, build: fn(&mut Self) -> Element) -> Element {
        if let Some(skeleton) = self.1.borrow().get(key) {
            return skeleton.deep_copy();
        }
        let skeleton = build(self);
        self.1.borrow_mut().insert(key, skeleton.deep_copy());
        skeleton
    }
}

impl Drop for ListView {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            let _ = window.remove_event_listener_with_callback(
                "beforeprint",
                self.on_print.as_ref().unchecked_ref(),
            );
        }
    }
}

impl ThreadView for ListView {
    fn clear(&self) {
        ListView::clear(self);
    }

    fn insert(&self, id: i64, at: At) {
        ListView::insert(self, id, at);
    }

    fn remove(&self, id: i64) {
        ListView::remove(self, id);
    }

    fn refresh(&self, id: i64) {
        ListView::refresh(self, id);
    }

    fn refresh_replies(&self, id: i64) {
        ListView::refresh_replies(self, id);
    }

    fn reload_own(&self) {
        ListView::reload_own(self);
    }
}
