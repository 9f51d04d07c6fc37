//! The comment area's view: [`CommentArea`] holds a [`Thread`] (list state) and a
//! [`form::CommentForm`]. State changes live in plain `impl` blocks; components only wire
//! signals to markup.

mod form;
mod list;

pub use form::{CommentForm, Field, FormState};
pub use list::{CommentItem, CommentList};

use crate::api::ApiClient;
use crate::config::WidgetConfig;
use crate::i18n::DE;
use leptos::prelude::*;
use leptos::task::spawn_local;
use readerbox_api::Comment;
use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoadStatus {
    Loading,
    Loaded,
    Failed,
}

/// The comments of one article as this instance knows them.
#[derive(Clone, Copy, Debug)]
pub struct Thread {
    pub comments: RwSignal<Vec<Comment>>,
    pub status: RwSignal<LoadStatus>,
}

impl Default for Thread {
    fn default() -> Self {
        Self {
            comments: RwSignal::new(Vec::new()),
            status: RwSignal::new(LoadStatus::Loading),
        }
    }
}

impl Thread {
    pub async fn load(self, client: &ApiClient, article_uri: &str) {
        self.status.set(LoadStatus::Loading);
        match client.list_comments(article_uri).await {
            Ok(list) => {
                self.comments.set(list.comments);
                self.status.set(LoadStatus::Loaded);
            }
            Err(_) => self.status.set(LoadStatus::Failed),
        }
    }

    /// Appends a comment the server just confirmed, unless it is already shown.
    pub fn add(self, comment: Comment) {
        self.comments.update(|comments| {
            if comments.iter().all(|c| c.id != comment.id) {
                comments.push(comment);
            }
        });
    }
}

/// A prefix for element ids unique to one widget instance, so that several instances
/// on one page never share an id (labels and aria references depend on it).
pub fn instance_id_prefix() -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(1);
    format!("readerbox-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

#[component]
pub fn CommentArea(config: WidgetConfig) -> impl IntoView {
    let client = ApiClient::new(config.api_base.clone());
    let article_uri = config.article_uri.clone();
    let thread = Thread::default();
    let ids = instance_id_prefix();
    let heading_id = format!("{ids}-heading");
    let labelled_by = heading_id.clone();

    let load = {
        let client = client.clone();
        let article_uri = article_uri.clone();
        move || {
            let client = client.clone();
            let article_uri = article_uri.clone();
            spawn_local(async move { thread.load(&client, &article_uri).await });
        }
    };
    load();
    let retry = Callback::new(move |()| load());

    view! {
        <section class="readerbox" aria-labelledby=labelled_by>
            <h2 class="readerbox-heading" id=heading_id>
                {move || DE.count_heading(thread.comments.with(Vec::len))}
            </h2>
            <LoadState thread=thread on_retry=retry />
            <CommentList thread=thread />
            <CommentForm client=client article_uri=article_uri thread=thread ids=ids />
        </section>
    }
}

#[component]
fn LoadState(thread: Thread, on_retry: Callback<()>) -> impl IntoView {
    move || match thread.status.get() {
        LoadStatus::Loading => {
            view! { <p class="readerbox-status" role="status">{DE.loading}</p> }.into_any()
        }
        LoadStatus::Failed => view! {
            <p class="readerbox-status readerbox-error" role="alert">
                {DE.load_failed} " "
                <button type="button" class="readerbox-button" on:click=move |_| on_retry.run(())>
                    {DE.retry}
                </button>
            </p>
        }
        .into_any(),
        LoadStatus::Loaded if thread.comments.with(Vec::is_empty) => {
            view! { <p class="readerbox-empty">{DE.no_comments}</p> }.into_any()
        }
        LoadStatus::Loaded => ().into_any(),
    }
}
