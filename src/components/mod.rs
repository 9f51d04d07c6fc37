//! The comment area's view: [`CommentArea`] holds a [`Thread`] (list state) and a
//! [`form::CommentForm`]. State changes live in plain `impl` blocks; components only wire
//! signals to markup.

mod form;
mod list;
mod toolbar;

pub use form::{CommentForm, Field, FormState};
pub use list::{CommentItem, CommentList};
pub use toolbar::{FontSize, Toolbar};

use crate::api::ApiClient;
use crate::config::WidgetConfig;
use crate::i18n::Locale;
use leptos::prelude::*;
use leptos::task::spawn_local;
use readerbox_api::Comment;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// The instance's locale, shared with every component below [`CommentArea`].
pub type SharedLocale = Arc<Locale>;

/// The locale provided by the enclosing [`CommentArea`]; German outside one (tests).
pub fn use_locale() -> SharedLocale {
    use_context::<SharedLocale>().unwrap_or_else(|| Arc::new(Locale::german()))
}

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
    /// Whether a first load has finished (either way); stays true during later retries.
    pub settled: RwSignal<bool>,
}

impl Default for Thread {
    fn default() -> Self {
        Self {
            comments: RwSignal::new(Vec::new()),
            status: RwSignal::new(LoadStatus::Loading),
            settled: RwSignal::new(false),
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
        self.settled.set(true);
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
    let client = ApiClient::new(config.api_base.clone(), config.locale.tag.clone());
    let locale: SharedLocale = Arc::new(config.locale.clone());
    provide_context(locale.clone());
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
                {move || locale.count_heading(thread.comments.with(Vec::len))}
            </h2>
            <LoadState thread=thread on_retry=retry />
            // List and form appear together once the thread has loaded (or failed): the
            // form never jumps down under a list that arrives later.
            <Show when=move || thread.settled.get()>
                <CommentList thread=thread />
                <CommentForm client=client.clone() article_uri=article_uri.clone() thread=thread ids=ids.clone() />
            </Show>
        </section>
    }
}

#[component]
fn LoadState(thread: Thread, on_retry: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    move || match thread.status.get() {
        LoadStatus::Loading => {
            view! { <p class="readerbox-status" role="status">{locale.texts.loading.clone()}</p> }
                .into_any()
        }
        // The host's own fallback markup (its light-DOM children: say, a note and a
        // mailto link) shows through the slot; ours only when the host has none.
        LoadStatus::Failed => view! {
            <div class="readerbox-status readerbox-error" role="alert">
                <slot>
                    <p>{locale.texts.load_failed.clone()}</p>
                </slot>
                <button type="button" class="readerbox-button" on:click=move |_| on_retry.run(())>
                    {locale.texts.retry.clone()}
                </button>
            </div>
        }
        .into_any(),
        LoadStatus::Loaded if thread.comments.with(Vec::is_empty) => {
            view! { <p class="readerbox-empty">{locale.texts.no_comments.clone()}</p> }.into_any()
        }
        LoadStatus::Loaded => ().into_any(),
    }
}
