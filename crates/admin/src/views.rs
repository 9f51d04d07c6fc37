//! The pages of the editors' UI. Each section loads its list from the API; every action
//! reloads it, so what is shown is what the server has.

use crate::api::{self, Failure, Inbox};
use crate::texts::Texts;
use leptos::prelude::*;
use leptos::task::spawn_local;
use readerbox_api::admin::{AdminComment, ModerationAction, ThreadSummary, ADMIN_PAGE_SIZE};
use readerbox_api::reports::{Correction, CorrectionCategory, Letter, ReportStatus};
use readerbox_api::CommentStatus;
use serde::de::DeserializeOwned;
use std::collections::BTreeSet;
use wasm_bindgen::JsCast;

fn texts() -> Texts {
    use_context::<Texts>().unwrap_or_else(Texts::current)
}

/// Who is logged in; `None` shows the login.
#[derive(Clone, Copy)]
struct Session(RwSignal<Option<String>>);

impl Session {
    /// Handles a failed call: logged out → back to the login; else a message.
    fn fail(self, failure: Failure, message: RwSignal<Option<String>>) {
        match failure {
            Failure::LoggedOut => self.0.set(None),
            Failure::Refused(text) => message.set(Some(text)),
            Failure::Network => message.set(Some(texts().network_error.to_owned())),
        }
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_context(Texts::current());
    let user = RwSignal::new(None::<String>);
    let checked = RwSignal::new(false);
    provide_context(Session(user));
    spawn_local(async move {
        if let Ok(me) = api::me().await {
            user.set(Some(me.username));
        }
        checked.set(true);
    });
    view! {
        <Show when=move || checked.get()>
            {move || match user.get() {
                None => view! { <Login /> }.into_any(),
                Some(name) => view! { <Shell name=name /> }.into_any(),
            }}
        </Show>
    }
}

#[component]
fn Login() -> impl IntoView {
    let t = texts();
    let session = use_context::<Session>().expect("in App");
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        spawn_local(async move {
            match api::login(&username.get_untracked(), &password.get_untracked()).await {
                Ok(me) => session.0.set(Some(me.username)),
                Err(Failure::Refused(text)) => error.set(Some(text)),
                Err(_) => error.set(Some(texts().network_error.to_owned())),
            }
        });
    };
    view! {
        <main class="login">
            <h1>{t.title}</h1>
            <form class="card" on:submit=on_submit>
                <h2>{t.login_heading}</h2>
                <label for="username">{t.username}</label>
                <input id="username" name="username" autocomplete="username" required
                    prop:value=move || username.get() on:input=move |ev| username.set(event_target_value(&ev)) />
                <label for="password">{t.password}</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required
                    prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev)) />
                {move || error.get().map(|text| view! { <p class="error" role="alert">{text}</p> })}
                <button type="submit">{t.login}</button>
            </form>
        </main>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Queue,
    Articles,
    Corrections,
    Letters,
}

#[component]
fn Shell(name: String) -> impl IntoView {
    let t = texts();
    let session = use_context::<Session>().expect("in App");
    let section = RwSignal::new(Section::Queue);
    let tabs = [
        (Section::Queue, t.queue),
        (Section::Articles, t.articles),
        (Section::Corrections, t.corrections),
        (Section::Letters, t.letters),
    ]
    .into_iter()
    .map(|(id, label)| {
        view! {
            <li><button type="button" class="tab" aria-current=move || (section.get() == id).then_some("page")
                on:click=move |_| section.set(id)>{label}</button></li>
        }
    })
    .collect_view();
    let logout = move |_| {
        spawn_local(async move {
            api::logout().await;
            session.0.set(None);
        });
    };
    view! {
        <header class="top">
            <h1>{t.title}</h1>
            <p class="who">{t.logged_in_as}" "<strong>{name}</strong></p>
            <button type="button" class="logout" on:click=logout>{t.logout}</button>
            <button type="button" class="logout language" on:click=|_| crate::texts::switch_language()>{t.other_language}</button>
        </header>
        <nav aria-label=t.nav_label><ul class="tabs">{tabs}</ul></nav>
        <main>
            {move || match section.get() {
                Section::Queue => view! { <Queue /> }.into_any(),
                Section::Articles => view! { <Articles /> }.into_any(),
                Section::Corrections => view! { <Corrections /> }.into_any(),
                Section::Letters => view! { <Letters /> }.into_any(),
            }}
        </main>
    }
}

/// A list as loaded, the message of the last failure, and how to load it again.
type Loaded<T> = (
    RwSignal<Option<Vec<T>>>,
    RwSignal<Option<String>>,
    Callback<()>,
);

/// Loads `list` with `fetch` now and whenever `reload` is bumped.
fn loader<T: Clone + Send + Sync + 'static, F>(
    fetch: impl Fn() -> F + Clone + Send + Sync + 'static,
) -> Loaded<T>
where
    F: std::future::Future<Output = Result<Vec<T>, Failure>> + 'static,
{
    let session = use_context::<Session>().expect("in App");
    let list = RwSignal::new(None::<Vec<T>>);
    let message = RwSignal::new(None::<String>);
    let load = Callback::new(move |()| {
        let fetch = fetch.clone();
        spawn_local(async move {
            match fetch().await {
                Ok(items) => list.set(Some(items)),
                Err(failure) => session.fail(failure, message),
            }
        });
    });
    load.run(());
    (list, message, load)
}

#[component]
fn Message(message: RwSignal<Option<String>>) -> impl IntoView {
    view! { <p class="message" role="status">{move || message.get()}</p> }
}

fn status_label(status: CommentStatus) -> &'static str {
    let t = texts();
    match status {
        CommentStatus::Published => t.status_published,
        CommentStatus::Pending => t.status_pending,
        CommentStatus::Spam => t.status_spam,
        CommentStatus::Rejected => t.status_rejected,
        CommentStatus::Deleted => t.status_deleted,
    }
}

/// What the editors page through: comments, corrections, letters, each with its id.
trait Entry: Clone + Send + Sync + 'static {
    fn id(&self) -> i64;
    /// Where keyboard focus goes in the entry's row when it is the first of a page loaded.
    fn focus_selector(id: i64) -> String;
}

impl Entry for AdminComment {
    fn id(&self) -> i64 {
        self.comment.id
    }
    fn focus_selector(id: i64) -> String {
        format!("li.comment[data-id='{id}'] input[type=checkbox]")
    }
}

impl Entry for Correction {
    fn id(&self) -> i64 {
        self.id
    }
    fn focus_selector(id: i64) -> String {
        format!("li.correction[data-id='{id}'] select")
    }
}

impl Entry for Letter {
    fn id(&self) -> i64 {
        self.id
    }
    fn focus_selector(id: i64) -> String {
        format!("li.letter[data-id='{id}'] select")
    }
}

/// Entries shown a page at a time, newest first ([`ADMIN_PAGE_SIZE`] a page), with the
/// editor's selection (of comments), which outlives loading older pages.
struct Paged<T: Entry> {
    list: RwSignal<Option<Vec<T>>>,
    /// The last page was full: older entries may follow.
    more: RwSignal<bool>,
    loading: RwSignal<bool>,
    selected: RwSignal<BTreeSet<i64>>,
    message: RwSignal<Option<String>>,
    /// Loads again as deep as shown: an action leaves the editor where they were.
    reload: Callback<()>,
    older: Callback<()>,
}

// Not derived: a derive would ask `T: Copy`, and the signals are Copy whatever they hold.
impl<T: Entry> Clone for Paged<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Entry> Copy for Paged<T> {}

impl<T: Entry> Paged<T> {
    /// Loaded, and nothing there.
    fn empty(self) -> bool {
        self.list
            .with(|list| list.as_ref().is_some_and(Vec::is_empty))
    }
}

/// A [`Paged`] list filled by `fetch` (`before`: the last id shown, for older ones);
/// failures go to `message`.
fn paged<T: Entry, F>(
    fetch: impl Fn(Option<i64>) -> F + Clone + Send + Sync + 'static,
    message: RwSignal<Option<String>>,
) -> Paged<T>
where
    F: std::future::Future<Output = Result<Vec<T>, Failure>> + 'static,
{
    let session = use_context::<Session>().expect("in App");
    let list = RwSignal::new(None::<Vec<T>>);
    let more = RwSignal::new(false);
    let loading = RwSignal::new(false);
    let last_id = move || list.with_untracked(|list| list.as_ref()?.last().map(T::id));
    // Each reload starts a new generation; an answer to an older one is dropped, so a
    // late "Ältere laden" never lands in a list loaded anew meanwhile.
    let generation = StoredValue::new(0u64);
    let reload = {
        let fetch = fetch.clone();
        Callback::new(move |()| {
            let fetch = fetch.clone();
            let depth = list.with_untracked(|list| list.as_ref().map_or(0, Vec::len));
            generation.update_value(|n| *n += 1);
            let mine = generation.get_value();
            loading.set(true);
            spawn_local(async move {
                let mut all = Vec::new();
                let mut before = None;
                let full = loop {
                    match fetch(before).await {
                        Ok(page) => {
                            let full = page.len() == ADMIN_PAGE_SIZE;
                            before = page.last().map(T::id);
                            all.extend(page);
                            if !full || all.len() >= depth {
                                break full;
                            }
                        }
                        Err(failure) => {
                            // What was shown stays.
                            if generation.get_value() == mine {
                                session.fail(failure, message);
                                loading.set(false);
                            }
                            return;
                        }
                    }
                };
                if generation.get_value() == mine {
                    more.set(full);
                    list.set(Some(all));
                    loading.set(false);
                }
            });
        })
    };
    let older = Callback::new(move |()| {
        let Some(before) = last_id() else { return };
        if loading.get_untracked() {
            return;
        }
        let mine = generation.get_value();
        loading.set(true);
        let fetch = fetch.clone();
        spawn_local(async move {
            let answer = fetch(Some(before)).await;
            if generation.get_value() != mine {
                return;
            }
            match answer {
                Ok(page) => {
                    more.set(page.len() == ADMIN_PAGE_SIZE);
                    let first_new = page.first().map(T::id);
                    list.update(|list| list.get_or_insert_with(Vec::new).extend(page));
                    // Keyboard and screen-reader users go on where the new ones start
                    // (the button may be gone).
                    if let Some(id) = first_new {
                        request_animation_frame(move || focus(&T::focus_selector(id)));
                    }
                }
                Err(failure) => session.fail(failure, message),
            }
            loading.set(false);
        });
    });
    Paged {
        list,
        more,
        loading,
        selected: RwSignal::new(BTreeSet::new()),
        message,
        reload,
        older,
    }
}

fn focus(selector: &str) {
    let target = document()
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(target) = target {
        let _ = target.focus();
    }
}

/// "Ältere laden" while older entries may follow.
#[component]
fn OlderButton<T: Entry>(paged: Paged<T>) -> impl IntoView {
    view! {
        <Show when=move || paged.more.get()>
            <button type="button" class="older" aria-busy=move || paged.loading.get().to_string()
                on:click=move |_| paged.older.run(())>{texts().older}</button>
        </Show>
    }
}

/// The comments of a [`Paged`] list with their actions, and "Ältere laden" while older
/// ones may follow.
#[component]
fn PagedComments(
    paged: Paged<AdminComment>,
    on_action: Callback<(Vec<i64>, ModerationAction)>,
) -> impl IntoView {
    view! {
        {move || paged.list.get().map(|comments| view! {
            <CommentRows comments=comments selected=paged.selected on_action=on_action />
        })}
        <OlderButton paged=paged />
    }
}

/// Comments with checkboxes and the four actions, per comment and for the selected.
#[component]
fn CommentRows(
    comments: Vec<AdminComment>,
    selected: RwSignal<BTreeSet<i64>>,
    on_action: Callback<(Vec<i64>, ModerationAction)>,
) -> impl IntoView {
    let t = texts();
    let all_ids: Vec<i64> = comments.iter().map(|c| c.comment.id).collect();
    let actions = [
        (ModerationAction::Approve, t.approve),
        (ModerationAction::Reject, t.reject),
        (ModerationAction::Spam, t.spam),
        (ModerationAction::Delete, t.delete),
    ];
    let bulk = actions
        .into_iter()
        .map(|(action, label)| {
            view! {
                <button type="button" data-action=action.as_str()
                    disabled=move || selected.with(BTreeSet::is_empty)
                    on:click=move |_| on_action.run((selected.get_untracked().into_iter().collect(), action))>
                    {label}
                </button>
            }
        })
        .collect_view();
    let all = all_ids.clone();
    let rows = comments
        .into_iter()
        .map(|entry| {
            let id = entry.comment.id;
            let per_row = actions
                .into_iter()
                .map(|(action, label)| {
                    view! {
                        <button type="button" class="small" data-action=action.as_str()
                            on:click=move |_| on_action.run((vec![id], action))>{label}</button>
                    }
                })
                .collect_view();
            let select_label = format!("{}: {}", t.select, entry.comment.author);
            view! {
                <li class="comment" data-id=id>
                    <div class="meta">
                        <input type="checkbox" aria-label=select_label
                            prop:checked=move || selected.with(|s| s.contains(&id))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                selected.update(|s| { if on { s.insert(id); } else { s.remove(&id); } });
                            } />
                        <strong class="author">{entry.comment.author.clone()}</strong>
                        <span>{entry.email.clone().unwrap_or_else(|| t.anonymous_email.to_owned())}</span>
                        <span class="uri">{entry.uri.clone()}</span>
                        <time datetime=entry.comment.created_at.clone()>{crate::texts::when(&entry.comment.created_at)}</time>
                        <span class="status">{status_label(entry.comment.status)}</span>
                    </div>
                    <p class="text">{entry.comment.text.clone()}</p>
                    <div class="actions">{per_row}</div>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="bulk" role="group" aria-label=t.selected_actions>
            <label class="check">
                <input type="checkbox" name="select-all"
                    prop:checked=move || !all.is_empty() && selected.with(|s| s.len() == all.len())
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        selected.set(if on { all_ids.iter().copied().collect() } else { BTreeSet::new() });
                    } />
                {t.select_all}
            </label>
            {bulk}
        </div>
        <ul class="comments">{rows}</ul>
    }
}

/// Runs a moderation action, then clears the selection and reloads.
fn moderation(
    reload: Callback<()>,
    paged: Paged<AdminComment>,
) -> Callback<(Vec<i64>, ModerationAction)> {
    let session = use_context::<Session>().expect("in App");
    let message = paged.message;
    Callback::new(move |(ids, action): (Vec<i64>, ModerationAction)| {
        spawn_local(async move {
            match api::moderate(ids, action).await {
                Ok(()) => {
                    message.set(Some(texts().done_notice.to_owned()));
                    paged.selected.set(BTreeSet::new());
                    reload.run(());
                }
                Err(failure) => session.fail(failure, message),
            }
        });
    })
}

#[component]
fn Queue() -> impl IntoView {
    let t = texts();
    let paged = paged(
        |before| api::comments(Some(CommentStatus::Pending), None, before),
        RwSignal::new(None),
    );
    paged.reload.run(());
    let on_action = moderation(paged.reload, paged);
    view! {
        <section aria-labelledby="queue-heading">
            <h2 id="queue-heading">{t.queue}</h2>
            <Message message=paged.message />
            <Show when=move || !paged.empty() fallback=|| view! { <p class="empty">{texts().queue_empty}</p> }>
                <PagedComments paged=paged on_action=on_action />
            </Show>
        </section>
    }
}

#[component]
fn Articles() -> impl IntoView {
    let t = texts();
    let session = use_context::<Session>().expect("in App");
    // What the editor searched for: applied on submit, kept for every reload.
    let typed = RwSignal::new(String::new());
    let search = RwSignal::new(None::<String>);
    let (list, message, reload) = loader(move || api::threads(search.get_untracked()));
    let on_search = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let wanted = typed.get_untracked().trim().to_owned();
        search.set((!wanted.is_empty()).then_some(wanted));
        reload.run(());
    };
    let shown = RwSignal::new(None::<String>);
    let comments = paged(
        move |before| {
            let uri = shown.get_untracked().unwrap_or_default();
            async move { api::comments(None, Some(&uri), before).await }
        },
        message,
    );
    let on_action = moderation(
        Callback::new(move |()| {
            reload.run(());
            comments.reload.run(());
        }),
        comments,
    );
    let toggle = move |uri: String, closed: bool| {
        spawn_local(async move {
            match api::set_closed(&uri, !closed).await {
                Ok(()) => reload.run(()),
                Err(failure) => session.fail(failure, message),
            }
        });
    };
    let row = move |thread: ThreadSummary| {
        let t = texts();
        let (uri, closed) = (thread.uri.clone(), thread.closed);
        let uri_for_show = uri.clone();
        let uri_for_toggle = uri.clone();
        let uri_attribute = uri.clone();
        view! {
            <tr data-uri=uri_attribute>
                <th scope="row">{uri}{closed.then(|| view! { " " <span class="badge">{t.closed}</span> })}</th>
                <td>{thread.published}</td>
                <td>{thread.pending}</td>
                <td>{thread.latest.unwrap_or_default()}</td>
                <td class="actions">
                    <button type="button" class="small close-toggle" on:click=move |_| toggle(uri_for_toggle.clone(), closed)>
                        {if closed { t.open_article } else { t.close_article }}
                    </button>
                    <button type="button" class="small show" on:click=move |_| {
                        shown.set(Some(uri_for_show.clone()));
                        comments.list.set(None);
                        comments.selected.set(BTreeSet::new());
                        comments.reload.run(());
                    }>{t.show_comments}</button>
                </td>
            </tr>
        }
    };
    view! {
        <section aria-labelledby="articles-heading">
            <h2 id="articles-heading">{t.articles}</h2>
            <form class="search" role="search" on:submit=on_search>
                <label for="article-search">{t.search_articles}</label>
                <input id="article-search" type="search" name="search"
                    prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev)) />
                <button type="submit">{t.search}</button>
            </form>
            <Message message=message />
            {move || list.get().filter(|threads| threads.is_empty()).map(|_| view! {
                <p class="empty">{texts().no_articles_found}</p>
            })}
            {move || list.get().filter(|threads| !threads.is_empty()).map(|threads| view! {
                <table>
                    <thead><tr>
                        <th scope="col">{texts().article}</th>
                        <th scope="col">{texts().published_count}</th>
                        <th scope="col">{texts().pending_count}</th>
                        <th scope="col">{texts().latest}</th>
                        <th scope="col"><span class="visually-hidden">{texts().selected_actions}</span></th>
                    </tr></thead>
                    <tbody>{threads.into_iter().map(row).collect_view()}</tbody>
                </table>
            })}
            {move || shown.get().map(|uri| view! {
                <h3>{uri}</h3>
                <PagedComments paged=comments on_action=on_action />
            })}
        </section>
    }
}

fn report_status_label(status: ReportStatus) -> &'static str {
    let t = texts();
    match status {
        ReportStatus::New => t.report_new,
        ReportStatus::InProgress => t.report_in_progress,
        ReportStatus::Done => t.report_done,
        ReportStatus::Rejected => t.report_rejected,
    }
}

/// "Zeigen: alle / neu / …" above an inbox: which status it lists; a change loads the
/// first page anew.
fn status_filter<T: Entry>(
    id: String,
    shown: RwSignal<Option<ReportStatus>>,
    paged: Paged<T>,
) -> impl IntoView {
    let t = texts();
    let options = std::iter::once((String::new(), t.all_statuses))
        .chain(
            ReportStatus::ALL
                .into_iter()
                .map(|status| (status.as_str().to_owned(), report_status_label(status))),
        )
        .map(|(value, label)| view! { <option value=value>{label}</option> })
        .collect_view();
    let on_change = move |ev: leptos::ev::Event| {
        shown.set(ReportStatus::parse(&event_target_value(&ev)));
        paged.list.set(None);
        paged.reload.run(());
    };
    view! {
        <div class="search">
            <label for=id.clone()>{t.show_status}</label>
            <select id=id name="filter" on:change=on_change>{options}</select>
        </div>
    }
}

/// A report's status, changed on the spot with `send`; then the list reloads as deep
/// as it was.
fn status_select<T: Entry, F>(
    current: ReportStatus,
    paged: Paged<T>,
    send: impl Fn(ReportStatus) -> F + 'static,
) -> impl IntoView
where
    F: std::future::Future<Output = Result<(), Failure>> + 'static,
{
    let t = texts();
    let session = use_context::<Session>().expect("in App");
    let options = ReportStatus::ALL
        .into_iter()
        .map(|status| view! {
            <option value=status.as_str() selected=status == current>{report_status_label(status)}</option>
        })
        .collect_view();
    let on_change = move |ev: leptos::ev::Event| {
        let Some(status) = ReportStatus::parse(&event_target_value(&ev)) else {
            return;
        };
        let sent = send(status);
        spawn_local(async move {
            match sent.await {
                Ok(()) => {
                    paged.message.set(Some(texts().done_notice.to_owned()));
                    paged.reload.run(());
                }
                Err(failure) => session.fail(failure, paged.message),
            }
        });
    };
    view! {
        <label class="inline">{t.status}" "
            <select name="status" on:change=on_change>{options}</select>
        </label>
    }
}

/// An inbox of reports: the status filter, and its entries, each shown by `row`, a page
/// at a time. Element ids start with "correction" or "letter".
fn report_inbox<T: Entry + DeserializeOwned, V: IntoView + 'static>(
    inbox: Inbox,
    title: &'static str,
    row: impl Fn(T, Paged<T>) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let name = match inbox {
        Inbox::Corrections => "correction",
        Inbox::Letters => "letter",
    };
    // Which status the editor looks at (`None`: all), kept for every reload and page.
    let shown_status = RwSignal::new(None::<ReportStatus>);
    let paged = paged(
        move |before| api::reports(inbox, shown_status.get_untracked(), before),
        RwSignal::new(None),
    );
    paged.reload.run(());
    let rows = move || {
        let row = row.clone();
        paged.list.get().map(|items| {
            items
                .into_iter()
                .map(|item| row(item, paged))
                .collect_view()
        })
    };
    let heading = format!("{name}-heading");
    view! {
        <section aria-labelledby=heading.clone()>
            <h2 id=heading.clone()>{title}</h2>
            {status_filter(format!("{name}-status"), shown_status, paged)}
            <Message message=paged.message />
            <Show when=move || !paged.empty() fallback=|| view! { <p class="empty">{texts().nothing_here}</p> }>
                <ul class="reports">{rows.clone()}</ul>
                <OlderButton paged=paged />
            </Show>
        </section>
    }
}

#[component]
fn Corrections() -> impl IntoView {
    report_inbox(Inbox::Corrections, texts().corrections, correction_row)
}

fn correction_row(correction: Correction, paged: Paged<Correction>) -> impl IntoView {
    let t = texts();
    let id = correction.id;
    let report = correction.report;
    let category = match report.category {
        CorrectionCategory::Typo => t.category_typo,
        CorrectionCategory::Fact => t.category_fact,
        CorrectionCategory::Other => t.category_other,
    };
    let link = report
        .fragment_url
        .clone()
        .filter(|url| url.starts_with("https://") || url.starts_with("http://"))
        .map(|href| view! { <a href=href target="_blank" rel="noopener noreferrer">{t.to_passage}</a> });
    let passage = if report.selection.is_empty() {
        view! { <p class="muted">{t.no_selection}</p> }.into_any()
    } else {
        view! {
            <blockquote>"…"{report.context_before.clone()}<mark>{report.selection.clone()}</mark>{report.context_after.clone()}"…"</blockquote>
        }.into_any()
    };
    view! {
        <li class="report correction" data-id=id>
            <div class="meta">
                <strong>{category}</strong>
                <span class="uri">{report.uri.clone()}</span>
                <span>{report.email.clone().unwrap_or_else(|| t.anonymous_email.to_owned())}</span>
                <time datetime=correction.created_at.clone()>{crate::texts::when(&correction.created_at)}</time>
                {link}
            </div>
            {passage}
            <p class="text">{report.message.clone()}</p>
            {status_select(correction.status, paged, move |status| api::set_report_status(Inbox::Corrections, id, status))}
        </li>
    }
}

#[component]
fn Letters() -> impl IntoView {
    report_inbox(Inbox::Letters, texts().letters, letter_row)
}

fn letter_row(letter: Letter, paged: Paged<Letter>) -> impl IntoView {
    let t = texts();
    let id = letter.id;
    let l = letter.letter;
    let verification = [l.address.clone(), l.phone.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    let article = l
        .article_url
        .starts_with("http")
        .then(|| view! { <a href=l.article_url.clone() target="_blank" rel="noopener noreferrer">{l.article_title.clone()}</a> });
    view! {
        <li class="report letter" data-id=id>
            <div class="meta">
                <strong>{l.name.clone()}", "{l.city.clone()}</strong>
                <span>{l.email.clone()}</span>
                <time datetime=letter.created_at.clone()>{crate::texts::when(&letter.created_at)}</time>
                {l.do_not_shorten.then(|| view! { <span class="badge">{t.do_not_shorten}</span> })}
            </div>
            <p class="muted">{article}</p>
            {(!verification.is_empty()).then(|| view! { <p class="muted">{t.verification}": "{verification.clone()}</p> })}
            <p class="text">{l.text.clone()}</p>
            {status_select(letter.status, paged, move |status| api::set_report_status(Inbox::Letters, id, status))}
        </li>
    }
}
