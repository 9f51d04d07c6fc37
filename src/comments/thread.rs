//! The comments of one article as this widget instance knows them, arranged for display:
//! top-level comments in the chosen order, replies indented up to
//! [`Limits::max_depth`] levels, deeper replies at the last level with "@Name".
//!
//! The comments are plain data ([`Shown`]), not one reactive view each: a thread of a
//! thousand comments must cost little time and memory. What changes on screen after
//! loading (a vote, an edit, a new reply) is few comments at a time; the attached
//! [`ThreadView`] (the list, `list.rs`) patches exactly those in the DOM, so focus and
//! open forms elsewhere stay where they are. The model names no view code: it only
//! tells a `ThreadView` what changed. The area-wide state (count, cursor, sort, load status) stays
//! in signals, which the rest of the comment area reads.
//!
//! Invariants: a comment's id enters a display list only after its [`Shown`] exists; a
//! parent is absorbed before its replies; the model is never borrowed while the view
//! runs (the view reads it back through [`Thread`]).

use crate::shared::api::{ApiClient, ClientError};
use crate::shared::storage;
use crate::shared::vec_map::VecSet;
use leptos::prelude::*;
use readerbox_api::{Comment, CommentPage, CommentStatus, Limits, Sort};
use std::collections::HashMap;
use std::rc::Rc;

fn set_if_changed<T: PartialEq + Send + Sync + 'static>(signal: RwSignal<T>, value: T) {
    if signal.with_untracked(|current| *current != value) {
        signal.set(value);
    }
}

/// Top-level threads in the first slice of a page: a screenful, and a whole default page.
/// The style lays out this many always (`nth-child(n+21)` in `style/readerbox.css`): the
/// list may build the threads after them in outline first (see [`At::Below`]).
pub const FIRST_SLICE_THREADS: usize = 20;
/// Top-level threads absorbed between two looks at the clock after the first slice.
const THREADS_PER_STEP: usize = 5;
/// How long one slice may run before the browser gets the main thread back.
const SLICE_MS: f64 = 30.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoadStatus {
    Loading,
    Loaded,
    Failed,
}

/// One shown comment.
#[derive(Clone, Debug)]
pub struct Shown {
    pub comment: Comment,
    /// Ids shown indented under this comment, oldest first.
    pub children: Vec<i64>,
    /// For a reply deeper than the indentation: the comment it answers.
    pub answers: Option<i64>,
    /// The comment whose list this one is shown in; `None` at the top level.
    pub container: Option<i64>,
}

/// Where a new top-level comment goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum At {
    Start,
    End,
    /// At the end, below what the reader looks at: past the first slice of a page, or
    /// in a page load-all fetched by itself. The list may build it in outline first.
    Below,
}

/// What a thread tells whoever draws it, change by change.
pub trait ThreadView {
    /// Everything shown goes (a new sort, a reload).
    fn clear(&self);
    /// Comment `id` (already in the model) is to be shown at `at`.
    fn insert(&self, id: i64, at: At);
    fn remove(&self, id: i64);
    /// Comment `id` changed (text, score, status).
    fn refresh(&self, id: i64);
    /// The replies of `id` changed in number.
    fn refresh_replies(&self, id: i64);
    /// The reader's own comments or votes changed (edit tokens, the edit window).
    fn reload_own(&self);
}

#[derive(Clone, Copy)]
pub struct Thread {
    entries: StoredValue<HashMap<i64, Shown>>,
    /// The DOM list, while a `CommentList` shows this thread.
    view: StoredValue<Option<Rc<dyn ThreadView>>, LocalStorage>,
    /// Top-level ids in display order. Not a signal: a page comes in many slices, and
    /// what the rest of the area reads is only whether there are any ([`Self::is_empty`]).
    top: StoredValue<Vec<i64>>,
    /// Whether `top` has any: the one tracked fact about it.
    any_shown: RwSignal<bool>,
    /// Published comments of the article (server's count, kept in step locally).
    pub total: RwSignal<u64>,
    pub next_cursor: RwSignal<Option<String>>,
    pub limits: RwSignal<Limits>,
    pub sort: RwSignal<Sort>,
    pub status: RwSignal<LoadStatus>,
    /// Whether a first load has finished (either way); stays true during later loads.
    pub settled: RwSignal<bool>,
    pub loading_more: RwSignal<bool>,
    pub more_failed: RwSignal<bool>,
    /// The comment a permalink pointed at, highlighted.
    pub highlighted: RwSignal<Option<i64>>,
    /// Closed by the editors for new comments and replies.
    pub closed: RwSignal<bool>,
    /// `data-readerbox-load-all`: every page is loaded, without "mehr".
    pub load_all: StoredValue<bool>,
}

impl std::fmt::Debug for Thread {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Thread")
            .field("top", &self.top.get_value())
            .finish()
    }
}

impl Default for Thread {
    fn default() -> Self {
        Self {
            entries: StoredValue::new(HashMap::new()),
            view: StoredValue::new_local(None),
            top: StoredValue::new(Vec::new()),
            any_shown: RwSignal::new(false),
            total: RwSignal::new(0),
            next_cursor: RwSignal::new(None),
            limits: RwSignal::new(Limits::default()),
            sort: RwSignal::new(Sort::default()),
            status: RwSignal::new(LoadStatus::Loading),
            settled: RwSignal::new(false),
            loading_more: RwSignal::new(false),
            more_failed: RwSignal::new(false),
            highlighted: RwSignal::new(None),
            closed: RwSignal::new(false),
            load_all: StoredValue::new(false),
        }
    }
}

impl Thread {
    /// Reads comment `id` in place (no copy of its text).
    pub fn with_entry<R>(self, id: i64, read: impl FnOnce(&Shown) -> R) -> Option<R> {
        self.entries
            .try_with_value(|entries| entries.get(&id).map(read))
            .flatten()
    }

    /// A copy of what is known of comment `id`.
    pub fn entry(self, id: i64) -> Option<Shown> {
        self.entries
            .try_with_value(|entries| entries.get(&id).cloned())
            .flatten()
    }

    pub fn contains(self, id: i64) -> bool {
        self.entries
            .try_with_value(|entries| entries.contains_key(&id))
            .unwrap_or(false)
    }

    pub fn comment(self, id: i64) -> Option<Comment> {
        self.entries
            .try_with_value(|entries| entries.get(&id).map(|shown| shown.comment.clone()))
            .flatten()
    }

    fn set_top(self, change: impl FnOnce(&mut Vec<i64>)) {
        self.top.update_value(change);
        set_if_changed(self.any_shown, self.top.with_value(|top| !top.is_empty()));
    }

    /// Top-level ids in display order, untracked.
    pub fn top_ids(self) -> Vec<i64> {
        self.top.get_value()
    }

    /// Lets `view` show this thread: it is told of every change from now on.
    pub fn attach(self, view: Rc<dyn ThreadView>) {
        self.view.set_value(Some(view));
    }

    pub fn detach(self) {
        self.view.try_set_value(None);
    }

    fn with_view(self, f: impl FnOnce(&dyn ThreadView)) {
        if let Some(view) = self.view.try_with_value(Option::clone).flatten() {
            f(&*view);
        }
    }

    /// Highlights comment `id`, scrolls it into view and focuses it (again, if it
    /// already was).
    pub fn show(self, id: i64) {
        self.highlighted.set(None);
        self.highlighted.set(Some(id));
    }

    pub fn is_empty(self) -> bool {
        !self.any_shown.get()
    }

    /// Loads the first page in the current sort (stretched to contain `around`),
    /// replacing what is shown.
    pub async fn load_first(self, client: &ApiClient, article_uri: &str, around: Option<i64>) {
        self.status.set(LoadStatus::Loading);
        let sort = self.sort.get_untracked();
        match client.list_comments(article_uri, sort, None, around).await {
            Ok(page) if self.sort.get_untracked() == sort => {
                self.clear();
                // With load-all, the following pages come now; "mehr" shows them coming.
                let follows = self.load_all.get_value() && page.next_cursor.is_some();
                self.loading_more.set(follows);
                self.more_failed.set(false);
                // The list shows as soon as its first slice is in: the rest follows in
                // tasks of their own instead of one long render when all is there.
                self.absorb_and_follow(client, article_uri, sort, page, || {
                    self.add_own_pending(article_uri);
                    self.status.set(LoadStatus::Loaded);
                    self.settled.set(true);
                })
                .await;
                if follows && self.sort.get_untracked() == sort {
                    self.loading_more.set(false);
                }
            }
            // The reader changed the sort meanwhile; that load replaces this one.
            Ok(_) => {}
            Err(_) => self.status.set(LoadStatus::Failed),
        }
        self.settled.set(true);
    }

    /// "mehr": appends the next page (with [`Self::load_all`], every page after it).
    pub async fn load_more(self, client: &ApiClient, article_uri: &str) {
        let Some(cursor) = self.next_cursor.get_untracked() else {
            return;
        };
        if self.loading_more.get_untracked() {
            return;
        }
        self.loading_more.set(true);
        self.more_failed.set(false);
        let sort = self.sort.get_untracked();
        match client
            .list_comments(article_uri, sort, Some(&cursor), None)
            .await
        {
            Ok(page) if self.sort.get_untracked() == sort => {
                self.absorb_and_follow(client, article_uri, sort, page, || {})
                    .await
            }
            Ok(_) => {}
            Err(_) => self.more_failed.set(true),
        }
        // After a change of order, the load in the new order owns the state.
        if self.sort.get_untracked() == sort {
            self.loading_more.set(false);
        }
    }

    /// Absorbs `page`; with [`Self::load_all`], fetches the page after it meanwhile
    /// (the request is on its way while this page's slices are built, instead of
    /// after them), then absorbs that one the same way, until the last page or a
    /// failure (`more_failed`: "mehr" then retries from where it stopped).
    async fn absorb_and_follow(
        self,
        client: &ApiClient,
        article_uri: &str,
        sort: Sort,
        page: CommentPage,
        after_first_slice: impl FnOnce(),
    ) {
        let mut page = page;
        let mut after_first_slice = Some(after_first_slice);
        // The first page where the reader looks; every page load-all fetches after it
        // below that.
        let mut first_slice_at = At::End;
        loop {
            let cursor = page
                .next_cursor
                .clone()
                .filter(|_| self.load_all.get_value());
            let next = async {
                match cursor.as_deref() {
                    Some(cursor) => Some(
                        client
                            .list_comments(article_uri, sort, Some(cursor), None)
                            .await,
                    ),
                    None => None,
                }
            };
            let first = after_first_slice.take();
            let absorbed = self.absorb_in_slices(page, first_slice_at, move || {
                if let Some(first) = first {
                    first();
                }
            });
            first_slice_at = At::Below;
            // The request first: it is on its way before the first slice is built.
            let (next, ()) = futures::future::join(next, absorbed).await;
            if self.sort.get_untracked() != sort {
                // The reader chose another order meanwhile; its load replaces this.
                return;
            }
            match next {
                Some(Ok(following)) => page = following,
                Some(Err(_)) => {
                    self.more_failed.set(true);
                    return;
                }
                None => return,
            }
        }
    }

    fn clear(self) {
        self.set_top(Vec::clear);
        self.entries.update_value(HashMap::clear);
        self.with_view(|view| view.clear());
    }

    /// Adds a page's comments a slice at a time, giving the browser the main thread back
    /// between slices: a page of 100 threads never blocks input or painting for long
    /// (budget: no task over 50 ms, on a slow phone too). The first slice is the first
    /// screenful ([`FIRST_SLICE_THREADS`]: what is in view, and a whole default page, so
    /// the form below never moves while the reader looks at it); after that, threads go
    /// in steps of [`THREADS_PER_STEP`] until [`SLICE_MS`] have passed, then it yields.
    /// New top-level threads of the first slice go `first_slice_at` ([`At::End`], or
    /// [`At::Below`] for a page load-all fetched by itself), the later slices' below.
    pub async fn absorb_in_slices(
        self,
        page: CommentPage,
        first_slice_at: At,
        after_first_slice: impl FnOnce(),
    ) {
        let CommentPage {
            uri,
            total,
            comments,
            next_cursor,
            limits,
            closed,
        } = page;
        let mut steps: Vec<Vec<Comment>> = Vec::new();
        let mut current = Vec::new();
        let mut threads = 0;
        for comment in comments {
            if comment.parent_id.is_none() {
                let full = if steps.is_empty() {
                    FIRST_SLICE_THREADS
                } else {
                    THREADS_PER_STEP
                };
                if threads == full {
                    steps.push(std::mem::take(&mut current));
                    threads = 0;
                }
                threads += 1;
            }
            current.push(comment);
        }
        steps.push(current);
        let last = steps.len() - 1;
        let mut after_first_slice = Some(after_first_slice);
        let sort = self.sort.get_untracked();
        let mut slice_started = js_sys::Date::now();
        for (n, comments) in steps.into_iter().enumerate() {
            if n > 0 && js_sys::Date::now() - slice_started >= SLICE_MS {
                crate::shared::time::yield_to_browser().await;
                if self.sort.get_untracked() != sort {
                    // The reader chose another order meanwhile; its load replaces this.
                    return;
                }
                slice_started = js_sys::Date::now();
            }
            let at = if n == 0 { first_slice_at } else { At::Below };
            self.absorb_at(
                CommentPage {
                    uri: uri.clone(),
                    total,
                    comments,
                    // The cursor only with the last step: "mehr" waits for the whole page.
                    next_cursor: if n == last { next_cursor.clone() } else { None },
                    limits,
                    closed,
                },
                at,
            );
            if let Some(first) = after_first_slice.take() {
                first();
                // The list and the form mount now: the next step is a slice of its own.
                slice_started = f64::NEG_INFINITY;
            }
        }
    }

    /// Adds a page's comments (a parent always precedes its replies); comments already
    /// shown are updated, never shown twice.
    pub fn absorb(self, page: CommentPage) {
        self.absorb_at(page, At::End);
    }

    /// [`Self::absorb`], with new top-level comments placed `at` the end or [`At::Below`].
    fn absorb_at(self, page: CommentPage, at: At) {
        // Set only what changed: a page comes in many slices, and every set wakes the
        // heading, the form and "mehr".
        set_if_changed(self.limits, page.limits);
        set_if_changed(self.closed, page.closed);
        set_if_changed(self.total, page.total);
        set_if_changed(self.next_cursor, page.next_cursor);
        let mut new_top = Vec::new();
        let mut containers = VecSet::new();
        for comment in page.comments {
            let id = comment.id;
            if self.contains(id) {
                self.update(comment);
                continue;
            }
            if comment.parent_id.is_none() {
                self.insert(comment, None, None);
                new_top.push(id);
                self.with_view(|view| view.insert(id, at));
            } else if let Some(container) = self.place_reply(comment) {
                containers.insert(container);
            }
        }
        if !new_top.is_empty() {
            self.set_top(|top| top.extend(new_top));
        }
        self.replies_changed(containers);
    }

    fn insert(self, comment: Comment, container: Option<i64>, answers: Option<i64>) {
        let shown = Shown {
            comment,
            children: Vec::new(),
            answers,
            container,
        };
        self.entries.update_value(|entries| {
            entries.insert(shown.comment.id, shown);
        });
    }

    /// Puts a reply under its parent, or, deeper than the indentation allows, beside
    /// its parent with "@Name"; returns the comment whose list it joined. Replies whose
    /// parent isn't shown are dropped.
    fn place_reply(self, comment: Comment) -> Option<i64> {
        let parent_id = comment.parent_id?;
        let (parent_depth, parent_container) =
            self.with_entry(parent_id, |parent| (parent.comment.depth, parent.container))?;
        let (container, answers) = readerbox_view::comment::placement(
            parent_id,
            parent_depth,
            parent_container,
            self.limits.get_untracked().max_depth,
        );
        let id = comment.id;
        self.insert(comment, Some(container), answers);
        self.entries.update_value(|entries| {
            if let Some(list) = entries.get_mut(&container) {
                list.children.push(id);
            }
        });
        self.with_view(|view| view.insert(id, At::End));
        Some(container)
    }

    /// The reply counts of these lists and of every list around them changed.
    fn replies_changed(self, containers: VecSet<i64>) {
        if containers.is_empty() {
            return;
        }
        let mut affected = VecSet::new();
        for mut id in containers {
            while affected.insert(id) {
                match self.with_entry(id, |shown| shown.container).flatten() {
                    Some(container) => id = container,
                    None => break,
                }
            }
        }
        self.with_view(|view| {
            for id in affected {
                view.refresh_replies(id);
            }
        });
    }

    /// A newer state of a shown comment (from the server: a page, an edit, a vote).
    pub fn update(self, comment: Comment) {
        let id = comment.id;
        self.entries.update_value(|entries| {
            if let Some(shown) = entries.get_mut(&id) {
                shown.comment = comment;
            }
        });
        self.with_view(|view| view.refresh(id));
    }

    /// The replies shown with "@Name" of comment `id` (deeper than the indentation).
    pub fn answering(self, id: i64) -> Vec<i64> {
        self.entries
            .try_with_value(|entries| {
                entries
                    .values()
                    .filter(|shown| shown.answers == Some(id))
                    .map(|shown| shown.comment.id)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The score the server counted after this reader's vote.
    pub fn set_score(self, id: i64, score: i64) {
        self.entries.update_value(|entries| {
            if let Some(shown) = entries.get_mut(&id) {
                shown.comment.score = score;
            }
        });
    }

    /// Shows a comment the server just confirmed for this reader.
    pub fn add_own(self, comment: Comment) {
        if self.contains(comment.id) {
            return;
        }
        self.with_view(|view| view.reload_own());
        if comment.status == CommentStatus::Published {
            self.total.update(|total| *total += 1);
        }
        if comment.parent_id.is_some() {
            if let Some(container) = self.place_reply(comment) {
                self.replies_changed(VecSet::from_iter([container]));
            }
            return;
        }
        let id = comment.id;
        self.insert(comment, None, None);
        let at = if self.sort.get_untracked() == Sort::Newest {
            At::Start
        } else {
            At::End
        };
        self.set_top(|top| match at {
            At::Start => top.insert(0, id),
            At::End | At::Below => top.push(id),
        });
        self.with_view(|view| view.insert(id, at));
    }

    /// The reader's own comments that wait for the editors: only they see them.
    fn add_own_pending(self, article_uri: &str) {
        for (_, own) in storage::own_comments() {
            if let Some(pending) = own.pending.filter(|_| own.article_uri == article_uri) {
                self.add_own(pending);
            }
        }
    }

    /// The author deleted a comment: gone, or a placeholder if it has replies.
    pub fn remove(self, id: i64, placeholder: bool) {
        let Some(shown) = self.entry(id) else {
            return;
        };
        if shown.comment.status == CommentStatus::Published {
            self.total.update(|total| *total = total.saturating_sub(1));
        }
        if placeholder {
            let mut comment = shown.comment;
            comment.status = CommentStatus::Deleted;
            comment.author.clear();
            comment.text.clear();
            comment.website = None;
            comment.avatar.clear();
            comment.score = 0;
            self.update(comment);
            return;
        }
        self.with_view(|view| view.remove(id));
        match shown.container {
            Some(container) => {
                self.entries.update_value(|entries| {
                    if let Some(list) = entries.get_mut(&container) {
                        list.children.retain(|c| *c != id);
                    }
                });
                self.replies_changed(VecSet::from_iter([container]));
            }
            None => self.set_top(|top| top.retain(|c| *c != id)),
        }
        self.entries.update_value(|entries| {
            entries.remove(&id);
        });
    }

    /// How many comments are shown below `id` (for "Antworten ausblenden (3)").
    pub fn descendants(self, id: i64) -> usize {
        self.with_entry(id, |shown| shown.children.clone())
            .unwrap_or_default()
            .into_iter()
            .map(|child| 1 + self.descendants(child))
            .sum()
    }
}

/// What a failed write tells the reader.
pub fn error_message(error: &ClientError, fallback: &str) -> String {
    match error {
        ClientError::Api { error, .. } => error.error.message.clone(),
        _ => fallback.to_owned(),
    }
}
