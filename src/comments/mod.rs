//! The comment area's view. [`CommentArea`] provides an [`Area`] (client, article,
//! thread, ids) to everything below it; state changes live in plain `impl` blocks
//! ([`thread`], [`FormState`]); components only wire signals to markup.

pub mod form;
mod list;
pub mod thread;

pub use form::{CommentForm, FormKind, FormState};
pub use list::{CommentList, ListView};

use crate::comments::thread::{LoadStatus, Thread};
use crate::shared::api::{ApiClient, FirstPage};
use crate::shared::config::WidgetConfig;
use crate::shared::storage;
use crate::shared::time::Clock;
use crate::ui::{instance_id_prefix, use_locale, SharedLocale};
use leptos::prelude::*;
use leptos::task::spawn_local;
use readerbox_api::Sort;
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// What every part of one comment area shares.
#[derive(Clone, Debug)]
pub struct Area {
    pub client: ApiClient,
    pub article_uri: String,
    pub thread: Thread,
    /// Prefix of element ids, unique to this instance.
    pub ids: String,
}

impl Area {
    pub fn new(client: ApiClient, article_uri: String) -> Self {
        Self {
            client,
            article_uri,
            thread: Thread::default(),
            ids: instance_id_prefix(),
        }
    }

    pub fn current() -> Self {
        use_context::<Self>().expect("inside a CommentArea")
    }

    /// Loads the first page in the thread's sort, then shows the comment `around`.
    pub fn load(&self, around: Option<i64>) {
        let area = self.clone();
        spawn_local(async move {
            area.thread
                .load_first(&area.client, &area.article_uri, around)
                .await;
            if let Some(id) = around {
                area.thread.show(id);
            }
        });
    }

    pub fn load_more(&self) {
        let area = self.clone();
        spawn_local(async move { area.thread.load_more(&area.client, &area.article_uri).await });
    }
}

/// The comment a `#comment-123` fragment names.
fn comment_in_fragment() -> Option<i64> {
    let hash = web_sys::window()?.location().hash().ok()?;
    hash.strip_prefix("#comment-")?.parse().ok()
}

/// `first_page`: the first page as embed.js already asked for it, if it did.
#[component]
pub fn CommentArea(config: WidgetConfig, first_page: Option<FirstPage>) -> impl IntoView {
    let mut client = ApiClient::new(config.api_base.clone(), config.locale.tag.clone())
        .with_first_page(first_page);
    if config.load_all {
        client = client.with_page_limits(
            readerbox_api::LOAD_ALL_FIRST_PAGE,
            readerbox_api::MAX_PAGE_SIZE,
        );
    }
    let locale: SharedLocale = Arc::new(config.locale.clone());
    provide_context(locale.clone());
    provide_context(Clock::start());
    let area = Area::new(client, config.article_uri.clone());
    provide_context(area.clone());
    let thread = area.thread;
    thread.sort.set(storage::sort());
    thread.load_all.set_value(config.load_all);
    let closed = locale.texts.closed;
    let heading_id = format!("{}-heading", area.ids);
    let labelled_by = heading_id.clone();

    area.load(comment_in_fragment());
    // A permalink followed on this page: show (loading if need be) that comment.
    {
        let area = area.clone();
        let on_hash = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
            let Some(id) = comment_in_fragment() else {
                return;
            };
            if area.thread.contains(id) {
                area.thread.show(id);
            } else {
                area.load(Some(id));
            }
        });
        if let Some(window) = web_sys::window() {
            let _ = window
                .add_event_listener_with_callback("hashchange", on_hash.as_ref().unchecked_ref());
        }
        on_hash.forget();
    }
    let retry = {
        let area = area.clone();
        Callback::new(move |()| area.load(None))
    };
    // The form is built in a task of its own after the list's first slice: on a cold
    // start (a reader arriving from another site, every function compiled on its first
    // call) list and form together made one task of ~60 ms; the list paints first.
    let form_due = RwSignal::new(false);
    Effect::new(move || {
        if thread.settled.get() && !form_due.get_untracked() {
            spawn_local(async move {
                crate::shared::time::yield_to_browser().await;
                form_due.set(true);
            });
        }
    });

    view! {
        <section class="readerbox" aria-labelledby=labelled_by>
            <h2 class="readerbox-heading" id=heading_id>
                {move || locale.count_heading(thread.total.get() as usize)}
            </h2>
            <LoadState thread=thread on_retry=retry />
            // List and form appear once the thread has loaded (or failed), the form a task
            // after the list: it never jumps down under a list that arrives later.
            <Show when=move || thread.settled.get()>
                <SortChoice />
                <CommentList />
                <MoreButton />
                <Show when=move || form_due.get()>
                    <Show
                        when=move || !thread.closed.get()
                        fallback=move || view! { <p class="readerbox-status readerbox-closed">{closed}</p> }
                    >
                        <CommentForm kind=FormKind::Comment />
                    </Show>
                </Show>
            </Show>
        </section>
    }
}

#[component]
fn LoadState(thread: Thread, on_retry: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    move || match thread.status.get() {
        LoadStatus::Loading => {
            view! { <p class="readerbox-status" role="status">{locale.texts.loading}</p> }
                .into_any()
        }
        // The host's own fallback markup (its light-DOM children: say, a note and a
        // mailto link) shows through the slot; ours only when the host has none.
        LoadStatus::Failed => view! {
            <div class="readerbox-status readerbox-error" role="alert">
                <slot>
                    <p>{locale.texts.load_failed}</p>
                </slot>
                <button type="button" class="readerbox-button" on:click=move |_| on_retry.run(())>
                    {locale.texts.retry}
                </button>
            </div>
        }
        .into_any(),
        LoadStatus::Loaded if thread.is_empty() => {
            view! { <p class="readerbox-empty">{locale.texts.no_comments}</p> }.into_any()
        }
        LoadStatus::Loaded => ().into_any(),
    }
}

/// "Sortierung: Älteste Neueste Beste", remembered per reader.
#[component]
fn SortChoice() -> impl IntoView {
    let locale = use_locale();
    let area = Area::current();
    let thread = area.thread;
    let label_id = format!("{}-sort-label", area.ids);
    let labelled_by = label_id.clone();
    // Built when shown, not cloned: a cloned view tree costs a Clone impl per element type.
    let names = (
        locale.texts.sort_oldest,
        locale.texts.sort_newest,
        locale.texts.sort_best,
    );
    let buttons = move || {
        Sort::ALL
            .into_iter()
            .map(|sort| {
                let name = match sort {
                    Sort::Oldest => names.0,
                    Sort::Newest => names.1,
                    Sort::Best => names.2,
                };
                let area = area.clone();
                view! {
                    <button
                        type="button"
                        class="readerbox-toggle"
                        data-sort=sort.as_str()
                        aria-pressed=move || (thread.sort.get() == sort).to_string()
                        on:click=move |_| {
                            if thread.sort.get_untracked() != sort {
                                thread.sort.set(sort);
                                storage::set_sort(sort);
                                area.load(None);
                            }
                        }
                    >
                        {name}
                    </button>
                }
            })
            .collect_view()
    };
    view! {
        <Show when=move || !thread.is_empty()>
            <div class="readerbox-sort" role="group" aria-labelledby=labelled_by.clone()>
                <span class="readerbox-tool-label" id=label_id.clone()>{locale.texts.sort_label}</span>
                {buttons()}
            </div>
        </Show>
    }
}

/// "mehr": the next page of top-level comments.
#[component]
fn MoreButton() -> impl IntoView {
    let locale = use_locale();
    let area = Area::current();
    let thread = area.thread;
    let (more, loading, failed, label) = (
        locale.texts.more,
        locale.texts.loading_more,
        locale.texts.more_failed,
        locale.texts.more_label,
    );
    view! {
        <Show when=move || thread.next_cursor.with(Option::is_some)>
            <div class="readerbox-more">
                <button
                    type="button"
                    class="readerbox-button readerbox-more-button"
                    aria-label=label
                    disabled=move || thread.loading_more.get()
                    aria-busy=move || thread.loading_more.get().then_some("true")
                    on:click={
                        let area = area.clone();
                        move |_| area.load_more()
                    }
                >
                    {move || if thread.loading_more.get() { loading } else { more }}
                </button>
                {move || thread.more_failed.get().then(|| view! {
                    <p class="readerbox-error" role="alert">{failed}</p>
                })}
            </div>
        </Show>
    }
}
