//! The comments of one article as this widget instance knows them, arranged for display:
//! top-level comments in the chosen order, replies indented up to
//! [`Limits::max_depth`] levels, deeper replies at the last level with "@Name".
//!
//! Each comment lives in its own signal, so an edit, a vote or a new reply re-renders
//! that comment only: focus and open forms elsewhere stay where they are.
//!
//! Invariant: a comment's id enters a display list only after its [`Entry`] exists.

use crate::api::{ApiClient, ClientError};
use crate::draft;
use leptos::prelude::*;
use readerbox_api::{Comment, CommentPage, CommentStatus, Limits, Sort};
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoadStatus {
    Loading,
    Loaded,
    Failed,
}

/// One shown comment.
#[derive(Clone, Copy, Debug)]
pub struct Entry {
    pub comment: RwSignal<Comment>,
    /// Ids shown indented under this comment, oldest first.
    pub children: RwSignal<Vec<i64>>,
    /// For a reply deeper than the indentation: the comment it answers and its author.
    pub answers: Option<(i64, RwSignal<Comment>)>,
    /// The comment whose list this one is shown in; `None` at the top level.
    container: Option<i64>,
}

/// Where a comment is shown: the comment whose list holds it (`None`: top level), and
/// for a flattened deep reply, the comment it answers.
type Placement = (Option<i64>, Option<(i64, RwSignal<Comment>)>);

#[derive(Clone, Copy, Debug)]
pub struct Thread {
    entries: StoredValue<HashMap<i64, Entry>>,
    /// Top-level ids in display order.
    pub top: RwSignal<Vec<i64>>,
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
}

impl Default for Thread {
    fn default() -> Self {
        Self {
            entries: StoredValue::new(HashMap::new()),
            top: RwSignal::new(Vec::new()),
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
        }
    }
}

impl Thread {
    pub fn entry(self, id: i64) -> Option<Entry> {
        self.entries.with_value(|entries| entries.get(&id).copied())
    }

    /// Highlights comment `id`, scrolls it into view and focuses it (again, if it
    /// already was).
    pub fn show(self, id: i64) {
        self.highlighted.set(None);
        self.highlighted.set(Some(id));
    }

    pub fn is_empty(self) -> bool {
        self.top.with(Vec::is_empty)
    }

    /// Loads the first page in the current sort (stretched to contain `around`),
    /// replacing what is shown.
    pub async fn load_first(self, client: &ApiClient, article_uri: &str, around: Option<i64>) {
        self.status.set(LoadStatus::Loading);
        let sort = self.sort.get_untracked();
        match client.list_comments(article_uri, sort, None, around).await {
            Ok(page) if self.sort.get_untracked() == sort => {
                self.clear();
                // The list shows as soon as its first slice is in: the rest follows in
                // tasks of their own instead of one long render when all is there.
                self.absorb_in_slices(page, || {
                    self.add_own_pending(article_uri);
                    self.status.set(LoadStatus::Loaded);
                    self.settled.set(true);
                })
                .await;
            }
            // The reader changed the sort meanwhile; that load replaces this one.
            Ok(_) => {}
            Err(_) => self.status.set(LoadStatus::Failed),
        }
        self.settled.set(true);
    }

    /// "mehr": appends the next page.
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
                self.absorb_in_slices(page, || {}).await
            }
            Ok(_) => {}
            Err(_) => self.more_failed.set(true),
        }
        self.loading_more.set(false);
    }

    fn clear(self) {
        self.top.set(Vec::new());
        self.entries.update_value(HashMap::clear);
    }

    /// Adds a page's comments a slice of threads at a time, giving the browser the main
    /// thread back between slices: a page of 100 threads never blocks input or painting
    /// for long (the benchmark's long-task figure).
    pub async fn absorb_in_slices(self, page: CommentPage, after_first_slice: impl FnOnce()) {
        const THREADS_PER_SLICE: usize = 25;
        let CommentPage {
            uri,
            total,
            comments,
            next_cursor,
            limits,
            closed,
        } = page;
        let mut slices: Vec<Vec<Comment>> = Vec::new();
        let mut current = Vec::new();
        let mut threads = 0;
        for comment in comments {
            if comment.parent_id.is_none() {
                if threads == THREADS_PER_SLICE {
                    slices.push(std::mem::take(&mut current));
                    threads = 0;
                }
                threads += 1;
            }
            current.push(comment);
        }
        slices.push(current);
        let last = slices.len() - 1;
        let mut after_first_slice = Some(after_first_slice);
        let sort = self.sort.get_untracked();
        for (n, comments) in slices.into_iter().enumerate() {
            if n > 0 {
                crate::time::yield_to_browser().await;
                if self.sort.get_untracked() != sort {
                    // The reader chose another order meanwhile; its load replaces this.
                    return;
                }
            }
            self.absorb(CommentPage {
                uri: uri.clone(),
                total,
                comments,
                // The cursor only with the last slice: "mehr" waits for the whole page.
                next_cursor: if n == last { next_cursor.clone() } else { None },
                limits,
                closed,
            });
            if let Some(first) = after_first_slice.take() {
                first();
            }
        }
    }

    /// Adds a page's comments (a parent always precedes its replies); comments already
    /// shown are updated, never shown twice.
    pub fn absorb(self, page: CommentPage) {
        self.limits.set(page.limits);
        self.closed.set(page.closed);
        self.total.set(page.total);
        self.next_cursor.set(page.next_cursor);
        let mut new_top = Vec::new();
        for comment in page.comments {
            if let Some(entry) = self.entry(comment.id) {
                entry.comment.set(comment);
                continue;
            }
            if comment.parent_id.is_none() {
                self.insert_entry(comment.clone(), None);
                new_top.push(comment.id);
            } else {
                self.place_reply(comment);
            }
        }
        self.top.update(|top| top.extend(new_top));
    }

    fn insert_entry(self, comment: Comment, placement: Option<Placement>) -> Entry {
        let (container, answers) = placement.unwrap_or((None, None));
        let entry = Entry {
            comment: RwSignal::new(comment.clone()),
            children: RwSignal::new(Vec::new()),
            answers,
            container,
        };
        self.entries.update_value(|entries| {
            entries.insert(comment.id, entry);
        });
        entry
    }

    /// Puts a reply under its parent, or, deeper than the indentation allows, beside
    /// its parent with "@Name". Replies whose parent isn't shown are dropped.
    fn place_reply(self, comment: Comment) {
        let Some(parent_id) = comment.parent_id else {
            return;
        };
        let Some(parent) = self.entry(parent_id) else {
            return;
        };
        let max_depth = self.limits.get_untracked().max_depth.max(1);
        let parent_depth = parent.comment.with_untracked(|c| c.depth);
        let (container, answers) = if parent_depth + 1 < max_depth {
            (Some(parent_id), None)
        } else {
            (
                parent.container.or(Some(parent_id)),
                Some((parent_id, parent.comment)),
            )
        };
        let id = comment.id;
        self.insert_entry(comment, Some((container, answers)));
        if let Some(list) = container.and_then(|c| self.entry(c)) {
            list.children.update(|children| children.push(id));
        }
    }

    /// Shows a comment the server just confirmed for this reader.
    pub fn add_own(self, comment: Comment) {
        if self.entry(comment.id).is_some() {
            return;
        }
        if comment.status == CommentStatus::Published {
            self.total.update(|total| *total += 1);
        }
        if comment.parent_id.is_some() {
            self.place_reply(comment);
            return;
        }
        let id = comment.id;
        self.insert_entry(comment, None);
        self.top.update(|top| {
            if self.sort.get_untracked() == Sort::Newest {
                top.insert(0, id);
            } else {
                top.push(id);
            }
        });
    }

    /// The reader's own comments that wait for the editors: only they see them.
    fn add_own_pending(self, article_uri: &str) {
        for (_, own) in draft::own_comments() {
            if let Some(pending) = own.pending.filter(|_| own.article_uri == article_uri) {
                self.add_own(pending);
            }
        }
    }

    /// The author deleted a comment: gone, or a placeholder if it has replies.
    pub fn remove(self, id: i64, placeholder: bool) {
        let Some(entry) = self.entry(id) else {
            return;
        };
        if entry
            .comment
            .with_untracked(|c| c.status == CommentStatus::Published)
        {
            self.total.update(|total| *total = total.saturating_sub(1));
        }
        if placeholder {
            entry.comment.update(|comment| {
                comment.status = CommentStatus::Deleted;
                comment.author.clear();
                comment.text.clear();
                comment.website = None;
                comment.avatar.clear();
                comment.score = 0;
            });
            return;
        }
        match entry.container {
            Some(container) => {
                if let Some(list) = self.entry(container) {
                    list.children
                        .update(|children| children.retain(|c| *c != id));
                }
            }
            None => self.top.update(|top| top.retain(|c| *c != id)),
        }
        self.entries.update_value(|entries| {
            entries.remove(&id);
        });
    }

    /// How many comments are shown below `id` (for "Antworten ausblenden (3)").
    pub fn descendants(self, id: i64) -> usize {
        let Some(entry) = self.entry(id) else {
            return 0;
        };
        entry
            .children
            .get()
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
