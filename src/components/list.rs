//! The list of comments: each with its identicon, author (linked to their website),
//! time as a permalink, text through the Markdown renderer, votes, "Antworten", the
//! author's own "Bearbeiten"/"Löschen" while allowed, and its replies.

use super::{use_locale, Area, CommentForm, FormKind, Identicon, Markdown};
use crate::draft::{self, DraftOf};
use crate::thread::{error_message, Entry};
use crate::time::{full_date, millis_of, relative, Clock};
use leptos::prelude::*;
use leptos::task::spawn_local;
use readerbox_api::{CommentStatus, Vote};
use readerbox_markdown::{safe_href, LINK_REL};

#[component]
pub fn CommentList() -> impl IntoView {
    let thread = Area::current().thread;
    view! {
        <Show when=move || !thread.is_empty()>
            <ol class="readerbox-comments">
                <For each=move || thread.top.get() key=|id| *id let:id>
                    <CommentItem id=id />
                </For>
            </ol>
        </Show>
    }
}

#[component]
pub fn CommentItem(id: i64) -> impl IntoView {
    let area = Area::current();
    let thread = area.thread;
    let Some(entry) = thread.entry(id) else {
        return ().into_any();
    };
    let locale = use_locale();
    let comment = entry.comment;
    let status = Memo::new(move |_| comment.with(|c| c.status));
    let replying = RwSignal::new(draft::Draft::exists(&area.article_uri, DraftOf::Reply(id)));
    let editing = RwSignal::new(draft::Draft::exists(&area.article_uri, DraftOf::Edit(id)));
    let collapsed = RwSignal::new(false);
    let replies_id = format!("{}-replies-{id}", area.ids);
    let highlighted = Memo::new(move |_| thread.highlighted.get() == Some(id));
    let article = NodeRef::<leptos::html::Article>::new();

    // A permalink to this comment: bring it into view and give it focus.
    Effect::new(move |_| {
        if highlighted.get() {
            if let Some(element) = article.get() {
                let options = web_sys::ScrollIntoViewOptions::new();
                options.set_block(web_sys::ScrollLogicalPosition::Center);
                element.scroll_into_view_with_scroll_into_view_options(&options);
                let _ = element.focus();
            }
        }
    });

    let text = Signal::derive(move || comment.with(|c| c.text.clone()));
    let deleted_text = locale.texts.deleted.clone();
    let body = move || {
        match status.get() {
        CommentStatus::Deleted => {
            view! { <p class="readerbox-deleted">{deleted_text.clone()}</p> }.into_any()
        }
        _ if editing.get() => view! {
            <CommentForm kind=FormKind::Edit(id) on_close=Callback::new(move |()| editing.set(false)) />
        }
        .into_any(),
        _ => view! { <Markdown source=text /> }.into_any(),
    }
    };

    let reply_form = move || {
        replying.get().then(|| {
            view! {
                <CommentForm kind=FormKind::Reply(id) on_close=Callback::new(move |()| replying.set(false)) />
            }
        })
    };

    let replies_hidden_text = locale.texts.hide_replies.clone();
    let replies_shown_text = locale.texts.show_replies.clone();
    let replies_for_toggle = replies_id.clone();
    let children = entry.children;
    let reply_count = Memo::new(move |_| thread.descendants(id));
    let toggle_label = move || {
        let template = if collapsed.get() {
            &replies_shown_text
        } else {
            &replies_hidden_text
        };
        template.replace("{count}", &reply_count.get().to_string())
    };
    let toggle = view! {
        <Show when=move || { reply_count.get() > 0 }>
            <button
                type="button"
                class="readerbox-link-button readerbox-replies-toggle"
                aria-expanded=move || (!collapsed.get()).to_string()
                aria-controls=replies_for_toggle.clone()
                on:click=move |_| collapsed.update(|c| *c = !*c)
            >
                {toggle_label.clone()}
            </button>
        </Show>
    };

    view! {
        <li class="readerbox-comment" class:readerbox-highlight=move || highlighted.get() data-id=id>
            <article id=format!("comment-{id}") tabindex="-1" node_ref=article class:readerbox-pending=move || status.get() == CommentStatus::Pending>
                <CommentHeader entry=entry />
                {body}
                <Show when=move || status.get() == CommentStatus::Published>
                    <CommentActions id=id replying=replying editing=editing />
                </Show>
                {reply_form}
            </article>
            {toggle}
            <Show when=move || !children.with(Vec::is_empty)>
                <ol class="readerbox-replies" id=replies_id.clone() hidden=move || collapsed.get()>
                    <For each=move || children.get() key=|id| *id let:child>
                        {view! { <CommentItem id=child /> }.into_any()}
                    </For>
                </ol>
            </Show>
        </li>
    }
    .into_any()
}

#[component]
fn CommentHeader(entry: Entry) -> impl IntoView {
    let locale = use_locale();
    let clock = Clock::current();
    let comment = entry.comment;
    let id = comment.with_untracked(|c| c.id);
    let minute = Memo::new(move |_| (clock.0.get() / 30_000.0).floor());
    let tag = locale.tag.clone();
    let created = comment.with_untracked(|c| c.created_at.clone());
    let full = full_date(&created, &tag);
    let created_ms = millis_of(&created).unwrap_or_else(js_sys::Date::now);
    let relative_time = move || {
        minute.track();
        relative(created_ms, js_sys::Date::now().max(created_ms), &tag)
    };
    let author = move || {
        comment.with(|c| {
            let name = c.author.clone();
            match c.website.as_deref().and_then(safe_href) {
                Some(href) => {
                    view! { <a class="readerbox-author" href=href rel=LINK_REL>{name}</a> }
                        .into_any()
                }
                None => view! { <span class="readerbox-author">{name}</span> }.into_any(),
            }
        })
    };
    let answers = entry.answers.map(|(parent_id, parent)| {
        let label = locale.texts.reply_to_label.clone();
        view! {
            <a class="readerbox-answers" href=format!("#comment-{parent_id}")>
                <span class="readerbox-visually-hidden">{label}" "</span>
                "@"{move || parent.with(|p| p.author.clone())}
            </a>
        }
    });
    let (edited, pending, permalink_label) = (
        locale.texts.edited.clone(),
        locale.texts.pending.clone(),
        locale.texts.permalink_label.clone(),
    );
    let deleted = move || comment.with(|c| c.status == CommentStatus::Deleted);
    view! {
        <header class="readerbox-comment-header">
            {move || (!deleted()).then(|| view! { <Identicon hash=comment.with_untracked(|c| c.avatar.clone()) /> })}
            {move || (!deleted()).then(author)}
            {answers}
            <a class="readerbox-permalink" href=format!("#comment-{id}") title=full.clone() data-full=full.clone()>
                <time datetime=created>{relative_time}</time>
                <span class="readerbox-visually-hidden">" – "{permalink_label}" ("{full.clone()}")"</span>
            </a>
            {move || comment.with(|c| c.edited_at.is_some()).then(|| view! { <span class="readerbox-edited">{edited.clone()}</span> })}
            {move || comment.with(|c| c.status == CommentStatus::Pending).then(|| view! { <span class="readerbox-badge">{pending.clone()}</span> })}
        </header>
    }
}

/// Votes, "Antworten", and for the author within the window "Bearbeiten"/"Löschen".
#[component]
fn CommentActions(id: i64, replying: RwSignal<bool>, editing: RwSignal<bool>) -> impl IntoView {
    let locale = use_locale();
    let area = Area::current();
    let clock = Clock::current();
    let Some(entry) = area.thread.entry(id) else {
        return ().into_any();
    };
    let own = draft::own_comments().remove(&id);
    let area_closed = area.thread.closed;
    let until = own.as_ref().map(|own| own.editable_until_ms as f64);
    let remaining = Memo::new(move |_| {
        until
            .map(|until| until - clock.0.get())
            .filter(|ms| *ms > 0.0)
    });
    let confirming = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let my_vote = RwSignal::new(draft::votes().get(&id).copied().unwrap_or(0));
    let score = Memo::new(move |_| entry.comment.with(|c| c.score));
    let voting = RwSignal::new(false);

    let vote = {
        let area = area.clone();
        let fallback = locale.texts.action_failed.clone();
        move |value: i8| {
            if voting.get_untracked() {
                return;
            }
            let value = if my_vote.get_untracked() == value {
                0
            } else {
                value
            };
            let area = area.clone();
            let fallback = fallback.clone();
            voting.set(true);
            spawn_local(async move {
                let vote = Vote {
                    voter: draft::voter_id(),
                    value,
                };
                match area.client.vote(id, &vote).await {
                    Ok(result) => {
                        entry.comment.update(|c| c.score = result.score);
                        my_vote.set(result.value);
                        draft::set_vote(id, result.value);
                        error.set(None);
                    }
                    Err(err) => error.set(Some(error_message(&err, &fallback))),
                }
                voting.set(false);
            });
        }
    };
    let vote_up = vote.clone();
    let vote_down = vote;

    let delete = {
        let area = area.clone();
        let fallback = locale.texts.action_failed.clone();
        let token = own
            .as_ref()
            .map(|own| own.edit_token.clone())
            .unwrap_or_default();
        move |_| {
            let (area, fallback, token) = (area.clone(), fallback.clone(), token.clone());
            spawn_local(async move {
                match area.client.delete_comment(id, &token).await {
                    Ok(deleted) => {
                        draft::forget_own(id);
                        area.thread.remove(id, deleted.placeholder);
                    }
                    Err(err) => {
                        confirming.set(false);
                        error.set(Some(error_message(&err, &fallback)));
                    }
                }
            });
        }
    };

    let texts = locale.texts.clone();
    let score_label = move || {
        texts
            .score_label
            .replace("{score}", &score.get().to_string())
    };
    let texts = locale.texts.clone();
    let remaining_text = move || {
        remaining.get().map(|ms| {
            let seconds = (ms / 1000.0).ceil() as u64;
            let time = if seconds >= 60 {
                texts
                    .minutes_short
                    .replace("{count}", &seconds.div_ceil(60).to_string())
            } else {
                texts.seconds_short.replace("{count}", &seconds.to_string())
            };
            texts.editable_for.replace("{time}", &time)
        })
    };
    let t = locale.texts.clone();
    view! {
        <div class="readerbox-actions">
            <span class="readerbox-votes">
                <button type="button" class="readerbox-vote readerbox-vote-up" aria-label=t.vote_up.clone()
                    aria-pressed=move || (my_vote.get() == 1).to_string()
                    on:click=move |_| vote_up(1)>"▲"</button>
                <span class="readerbox-score" aria-label=score_label.clone()>{move || score.get()}</span>
                <button type="button" class="readerbox-vote readerbox-vote-down" aria-label=t.vote_down.clone()
                    aria-pressed=move || (my_vote.get() == -1).to_string()
                    on:click=move |_| vote_down(-1)>"▼"</button>
            </span>
            <Show when=move || !area_closed.get()>
                <button type="button" class="readerbox-link-button readerbox-reply" aria-expanded=move || replying.get().to_string()
                    on:click=move |_| replying.update(|r| *r = !*r)>{t.reply.clone()}</button>
            </Show>
            <Show when=move || remaining.get().is_some() && !editing.get()>
                <button type="button" class="readerbox-link-button readerbox-edit" on:click=move |_| editing.set(true)>{t.edit.clone()}</button>
                <button type="button" class="readerbox-link-button readerbox-delete" on:click=move |_| confirming.set(true)>{t.delete.clone()}</button>
                <span class="readerbox-remaining">{remaining_text.clone()}</span>
            </Show>
            <Show when=move || confirming.get() && remaining.get().is_some()>
                <span class="readerbox-confirm" role="group" aria-label=t.confirm_delete.clone()>
                    <span>{t.confirm_delete.clone()}</span>
                    <button type="button" class="readerbox-button readerbox-confirm-delete" on:click=delete.clone()>{t.confirm_delete_yes.clone()}</button>
                    <button type="button" class="readerbox-link-button" on:click=move |_| confirming.set(false)>{t.cancel.clone()}</button>
                </span>
            </Show>
            {move || error.get().map(|message| view! { <p class="readerbox-error readerbox-action-error" role="alert">{message}</p> })}
        </div>
    }
    .into_any()
}
