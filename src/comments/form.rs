//! The forms: "Kommentar schreiben" (name, e-mail, website, text), a reply to a comment,
//! and the author's edit of one. One component, three kinds.
//!
//! What the reader typed is never lost: it is saved as a draft while typing, kept in the
//! fields on any failure, and cleared only after the server confirmed. A send carries an
//! idempotency key that is kept with the draft until then, so a retry after a lost
//! answer never stores the comment twice.
// Without the `comment-form` feature only a stand-in is built (see `CommentForm`).

use super::Area;
use crate::shared::api::ClientError;
use crate::shared::i18n::{format_number, Texts};
use crate::shared::spam::Proofs;
use crate::shared::storage::{self, Draft, DraftOf, Identity, OwnComment};
use crate::shared::time::millis_of;
use crate::ui::field::{FieldError, FieldErrors, Honeypot, InputField};
use crate::ui::markdown::Markdown;
use crate::ui::use_locale;
use leptos::html;
use leptos::prelude::*;
use readerbox_api::validate::text_length;
use readerbox_api::{CommentStatus, EditComment, NewComment};

/// Which form this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormKind {
    /// The article's main form.
    Comment,
    /// A reply to this comment.
    Reply(i64),
    /// The author's edit of this comment.
    Edit(i64),
}

impl FormKind {
    fn draft_of(self) -> DraftOf {
        match self {
            Self::Comment => DraftOf::Comment,
            Self::Reply(id) => DraftOf::Reply(id),
            Self::Edit(id) => DraftOf::Edit(id),
        }
    }

    fn id_suffix(self) -> String {
        match self {
            Self::Comment => "main".into(),
            Self::Reply(id) => format!("reply-{id}"),
            Self::Edit(id) => format!("edit-{id}"),
        }
    }
}

/// The fields of the form that can carry an error message of their own.
const FIELDS: [&str; 4] = ["author", "email", "website", "text"];

/// Feedback state of the form, separate from the field values.
#[derive(Clone, Copy, Debug)]
pub struct FormState {
    pub field_errors: FieldErrors,
    pub form_error: RwSignal<Option<String>>,
    pub notice: RwSignal<Option<String>>,
}

impl Default for FormState {
    fn default() -> Self {
        Self {
            field_errors: FieldErrors::default(),
            form_error: RwSignal::new(None),
            notice: RwSignal::new(None),
        }
    }
}

impl FormState {
    pub fn clear(self) {
        self.field_errors.clear();
        self.form_error.set(None);
        self.notice.set(None);
    }

    /// Puts an error where the reader will look: beside its field, else above the button.
    /// Returns the field at fault.
    pub fn show(self, error: &ClientError, texts: &Texts) -> Option<String> {
        match self
            .field_errors
            .place(error, texts, |name| FIELDS.contains(&name))
        {
            Ok(field) => Some(field),
            Err(message) => {
                self.form_error.set(Some(message));
                None
            }
        }
    }
}

/// Everything the reader typed into one form.
#[derive(Clone, Copy, Debug)]
struct Values {
    author: RwSignal<String>,
    email: RwSignal<String>,
    website: RwSignal<String>,
    text: RwSignal<String>,
    remember: RwSignal<bool>,
    /// Idempotency key of a send not yet confirmed.
    key: RwSignal<Option<String>>,
}

#[component]
pub fn CommentForm(
    kind: FormKind,
    /// Called when a reply or edit form is done (sent or cancelled).
    #[prop(optional)]
    on_close: Option<Callback<()>>,
) -> impl IntoView {
    let locale = use_locale();
    let area = Area::current();
    let thread = area.thread;
    let uri = area.article_uri.clone();
    let draft = Draft::load(&uri, kind.draft_of());
    let identity = Identity::load();
    let remembered = identity.clone().unwrap_or_default();
    let edited_comment = match kind {
        FormKind::Edit(id) => thread.comment(id),
        _ => None,
    };
    let initial_text = match (&edited_comment, draft.text.is_empty()) {
        (Some(comment), true) => comment.text.clone(),
        _ => draft.text.clone(),
    };
    let values = Values {
        author: RwSignal::new(if draft.author.is_empty() {
            remembered.author.clone()
        } else {
            draft.author.clone()
        }),
        email: RwSignal::new(remembered.email.clone()),
        website: RwSignal::new(remembered.website.clone()),
        text: RwSignal::new(initial_text),
        remember: RwSignal::new(identity.is_some()),
        key: RwSignal::new(draft.key.clone()),
    };
    let state = FormState::default();
    let preview = RwSignal::new(false);
    let proofs = Proofs::new(area.client.clone());
    if !matches!(kind, FormKind::Edit(_)) {
        proofs.prefetch();
    }
    let honeypot = RwSignal::new(String::new());
    let notify = RwSignal::new(false);
    let author_input = NodeRef::<html::Input>::new();
    let email_input = NodeRef::<html::Input>::new();
    let website_input = NodeRef::<html::Input>::new();
    let text_input = NodeRef::<html::Textarea>::new();

    {
        let uri = uri.clone();
        let original = edited_comment.as_ref().map(|c| c.text.clone());
        Effect::new(move |_| {
            let text = values.text.get();
            // An edit that changes nothing is no draft.
            let text = if original.as_deref() == Some(text.as_str()) {
                String::new()
            } else {
                text
            };
            Draft {
                author: if !matches!(kind, FormKind::Edit(_)) {
                    values.author.get()
                } else {
                    String::new()
                },
                text,
                key: values.key.get(),
            }
            .save(&uri, kind.draft_of());
        });
    }
    // Reply and edit forms open with the cursor in the text.
    if kind != FormKind::Comment {
        Effect::new(move |_| {
            if let Some(input) = text_input.get() {
                let _ = input.focus();
            }
        });
    }

    let texts = locale.texts.clone();
    let send = {
        let area = area.clone();
        let proofs = proofs.clone();
        Action::new_local(move |request: &Request| {
            let (area, texts, request, proofs) =
                (area.clone(), texts.clone(), request.clone(), proofs.clone());
            async move {
                let result = match &request {
                    Request::New(new) => {
                        let sent = proofs
                            .send(|pow| {
                                let (client, mut new) = (area.client.clone(), new.clone());
                                new.pow = pow;
                                async move { client.post_comment(&new).await }
                            })
                            .await;
                        sent.map(|created| {
                            let until = millis_of(&created.editable_until).unwrap_or(0.0) as i64;
                            let pending = created.comment.status == CommentStatus::Pending;
                            storage::remember_own(
                                created.comment.id,
                                OwnComment {
                                    edit_token: created.edit_token,
                                    editable_until_ms: until,
                                    pending: pending.then(|| created.comment.clone()),
                                    article_uri: area.article_uri.clone(),
                                },
                            );
                            let id = created.comment.id;
                            area.thread.add_own(created.comment);
                            // A reply's form closes: the reader's focus goes to the reply.
                            if matches!(kind, FormKind::Reply(_)) {
                                area.thread.show(id);
                            }
                            if pending {
                                texts.sent_pending
                            } else {
                                texts.sent
                            }
                        })
                    }
                    Request::Edit(id, edit) => {
                        area.client.edit_comment(*id, edit).await.map(|comment| {
                            area.thread.update(comment);
                            // The edit form closes: focus returns to the comment.
                            area.thread.show(*id);
                            texts.saved
                        })
                    }
                };
                match result {
                    Ok(notice) => {
                        // The draft effect stores the emptied text: the draft is gone only
                        // now that the server confirmed.
                        values.text.set(String::new());
                        values.key.set(None);
                        preview.set(false);
                        state.notice.set(Some(notice.to_owned()));
                        if let Some(close) = on_close {
                            close.run(());
                        }
                    }
                    Err(error) => {
                        // The field at fault gets the focus, so its message is read.
                        let field: Option<web_sys::HtmlElement> =
                            match state.show(&error, &texts).as_deref() {
                                Some("author") => author_input.get_untracked().map(Into::into),
                                Some("email") => email_input.get_untracked().map(Into::into),
                                Some("website") => website_input.get_untracked().map(Into::into),
                                Some("text") => text_input.get_untracked().map(Into::into),
                                _ => None,
                            };
                        if let Some(field) = field {
                            let _ = field.focus();
                        }
                    }
                }
            }
        })
    };
    let sending = send.pending();

    let on_submit = {
        let uri = uri.clone();
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            if sending.get_untracked() {
                return;
            }
            state.clear();
            let request = match kind {
                FormKind::Edit(id) => {
                    let token = storage::own_comments()
                        .remove(&id)
                        .map(|own| own.edit_token)
                        .unwrap_or_default();
                    Request::Edit(
                        id,
                        EditComment {
                            text: values.text.get_untracked(),
                            edit_token: token,
                        },
                    )
                }
                FormKind::Comment | FormKind::Reply(_) => {
                    let key = values
                        .key
                        .get_untracked()
                        .unwrap_or_else(storage::random_key);
                    values.key.set(Some(key.clone()));
                    let identity = Identity {
                        author: values.author.get_untracked(),
                        email: values.email.get_untracked(),
                        website: values.website.get_untracked(),
                    };
                    if values.remember.get_untracked() {
                        identity.save();
                    } else {
                        Identity::forget();
                    }
                    Request::New(NewComment {
                        uri: uri.clone(),
                        parent_id: match kind {
                            FormKind::Reply(id) => Some(id),
                            _ => None,
                        },
                        author: Some(identity.author),
                        email: Some(identity.email),
                        website: Some(identity.website),
                        text: values.text.get_untracked(),
                        idempotency_key: Some(key),
                        notify_replies: notify.get_untracked(),
                        pow: None,
                        homepage: Some(honeypot.get_untracked()),
                    })
                }
            };
            send.dispatch_local(request);
        }
    };

    let t = locale.texts.clone();
    let ids = format!("{}-{}", area.ids, kind.id_suffix());
    let heading_id = format!("{ids}-heading");
    let heading = match kind {
        FormKind::Comment => t.write_heading.to_string(),
        FormKind::Reply(id) => {
            let name = thread
                .comment(id)
                .map(|comment| comment.author)
                .unwrap_or_default();
            t.reply_heading.replace("{name}", &name)
        }
        FormKind::Edit(_) => t.edit_heading.to_string(),
    };
    let submit_label = if matches!(kind, FormKind::Edit(_)) {
        t.save
    } else {
        t.send
    };
    let sending_label = t.sending;
    let identity_fields = (!matches!(kind, FormKind::Edit(_))).then(|| {
        view! {
            <InputField ids=ids.clone() name="author" kind="text" autocomplete="nickname"
                label=t.name_label.to_string() placeholder=t.name_placeholder.to_string() value=values.author errors=state.field_errors node_ref=author_input />
            <InputField ids=ids.clone() name="email" kind="email" autocomplete="email"
                label=t.email_label.to_string() value=values.email errors=state.field_errors node_ref=email_input />
            <InputField ids=ids.clone() name="website" kind="url" autocomplete="url"
                label=t.website_label.to_string() placeholder="https://".to_owned() value=values.website errors=state.field_errors node_ref=website_input />
        }
    });
    let remember = (!matches!(kind, FormKind::Edit(_))).then(|| {
        view! {
            <label class="readerbox-check">
                <input type="checkbox" name="remember" prop:checked=move || values.remember.get()
                    on:change=move |ev| values.remember.set(event_target_checked(&ev)) />
                <span>{t.remember}</span>
            </label>
            // Only with an e-mail address to write to.
            <Show when=move || values.email.with(|email| email.contains('@'))>
                <label class="readerbox-check">
                    <input type="checkbox" name="notify_replies" prop:checked=move || notify.get()
                        on:change=move |ev| notify.set(event_target_checked(&ev)) />
                    <span>{t.notify_replies}</span>
                </label>
            </Show>
        }
    });
    let cancel = on_close.map(|close| {
        view! {
            <button type="button" class="readerbox-link-button readerbox-cancel" on:click=move |_| {
                values.text.set(String::new());
                values.key.set(None);
                close.run(());
            }>{t.cancel}</button>
        }
    });
    let text_id = format!("{ids}-text");
    let text_error_id = format!("{ids}-text-error");
    let count_id = format!("{ids}-count");
    let hint_id = format!("{ids}-hint");
    let preview_id = format!("{ids}-preview");
    let described_by = {
        let (text_error_id, count_id, hint_id) =
            (text_error_id.clone(), count_id.clone(), hint_id.clone());
        move || {
            let mut ids = vec![count_id.clone(), hint_id.clone()];
            if state.field_errors.has("text") {
                ids.insert(0, text_error_id.clone());
            }
            ids.join(" ")
        }
    };
    let tag = locale.tag.clone();
    let (count_text, over_text) = (t.char_count, t.char_count_over);
    let max = move || thread.limits.get().text_max_chars;
    let length = Memo::new(move |_| values.text.with(|text| text_length(text)));
    let count = move || {
        let template = if length.get() > max() {
            &over_text
        } else {
            &count_text
        };
        template
            .replace("{count}", &format_number(&tag, length.get()))
            .replace("{max}", &format_number(&tag, max()))
    };
    let preview_source = Signal::derive(move || values.text.get());
    let preview_empty = t.preview_empty;
    let labelled_by = heading_id.clone();
    let form_class = match kind {
        FormKind::Comment => "readerbox-form readerbox-form-main",
        FormKind::Reply(_) => "readerbox-form readerbox-form-reply",
        FormKind::Edit(_) => "readerbox-form readerbox-form-edit",
    };

    view! {
        <form class=form_class novalidate aria-labelledby=labelled_by on:submit=on_submit>
            <h3 class="readerbox-form-heading" id=heading_id>{heading}</h3>
            {identity_fields}
            <div class="readerbox-field">
                <label for=text_id.clone()>{t.text_label}</label>
                <textarea
                    id=text_id
                    name="text"
                    rows="5"
                    aria-required="true"
                    node_ref=text_input
                    prop:value=move || values.text.get()
                    on:input=move |ev| {
                        values.text.set(event_target_value(&ev));
                        state.field_errors.clear_field("text");
                    }
                    aria-invalid=move || state.field_errors.has("text").then_some("true")
                    aria-describedby=described_by
                ></textarea>
                <FieldError errors=state.field_errors name="text" id=text_error_id />
                <div class="readerbox-field-footer">
                    <span class="readerbox-hint" id=hint_id>{t.markdown_hint}</span>
                    <span class="readerbox-count" id=count_id class:readerbox-error=move || { length.get() > max() }>{count}</span>
                </div>
            </div>
            <div class="readerbox-preview" id=preview_id.clone() role="region" aria-label=t.preview hidden=move || !preview.get()>
                {
                    move || match (preview.get(), values.text.with(|t| t.trim().is_empty())) {
                        (false, _) => ().into_any(),
                        (true, true) => view! { <p class="readerbox-status">{preview_empty}</p> }.into_any(),
                        (true, false) => view! { <Markdown source=preview_source /> }.into_any(),
                    }
                }
            </div>
            {remember}
            <Honeypot value=honeypot />
            {move || state.form_error.get().map(|message| view! {
                <p class="readerbox-form-error readerbox-error" role="alert">{message}</p>
            })}
            {move || state.notice.get().map(|message| view! {
                <p class="readerbox-notice" role="status">{message}</p>
            })}
            <div class="readerbox-form-buttons">
                <button type="submit" class="readerbox-button readerbox-send" disabled=move || sending.get() aria-busy=move || sending.get().then_some("true")>
                    {move || if sending.get() { sending_label } else { submit_label }}
                </button>
                <button type="button" class="readerbox-toggle readerbox-preview-toggle" aria-pressed=move || preview.get().to_string()
                    aria-controls=preview_id on:click=move |_| preview.update(|p| *p = !*p)>{t.preview}</button>
                {cancel}
            </div>
        </form>
    }
}

/// What the form sends.
#[derive(Clone, Debug)]
enum Request {
    New(NewComment),
    Edit(i64, EditComment),
}
