//! "Kommentar schreiben": name + text + send.
//!
//! What the reader typed is never lost: it is saved as a draft while typing, kept in the
//! fields on any failure, and cleared only after the server confirmed the comment.

use super::{use_locale, Thread};
use crate::api::{ApiClient, ClientError};
use crate::draft::Draft;
use crate::i18n::Texts;
use leptos::html;
use leptos::prelude::*;
use readerbox_api::NewComment;

/// Form fields that can carry an error message of their own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Author,
    Text,
}

impl Field {
    fn from_api(name: Option<&str>) -> Option<Self> {
        match name? {
            "author" => Some(Self::Author),
            "text" => Some(Self::Text),
            _ => None,
        }
    }
}

/// Feedback state of the form, separate from the field values.
#[derive(Clone, Copy, Debug)]
pub struct FormState {
    pub field_error: RwSignal<Option<(Field, String)>>,
    pub form_error: RwSignal<Option<String>>,
    pub notice: RwSignal<Option<String>>,
}

impl Default for FormState {
    fn default() -> Self {
        Self {
            field_error: RwSignal::new(None),
            form_error: RwSignal::new(None),
            notice: RwSignal::new(None),
        }
    }
}

impl FormState {
    pub fn clear(self) {
        self.field_error.set(None);
        self.form_error.set(None);
        self.notice.set(None);
    }

    /// Puts an error where the reader will look: beside its field, else above the button.
    /// Returns the field at fault.
    pub fn show(self, error: &ClientError, texts: &Texts) -> Option<Field> {
        match error {
            ClientError::Api { error, .. } => {
                if let Some(field) = Field::from_api(error.error.field.as_deref()) {
                    self.field_error
                        .set(Some((field, error.error.message.clone())));
                    return Some(field);
                }
                self.form_error.set(Some(error.error.message.clone()));
            }
            ClientError::Network => self.form_error.set(Some(texts.network_error.clone())),
            ClientError::UnexpectedResponse { .. } => {
                self.form_error.set(Some(texts.server_error.clone()))
            }
        }
        None
    }

    fn error_of(self, field: Field) -> Option<String> {
        self.field_error.with(|error| {
            error
                .as_ref()
                .filter(|(f, _)| *f == field)
                .map(|(_, m)| m.clone())
        })
    }

    fn clear_field(self, field: Field) {
        if self
            .field_error
            .with_untracked(|error| matches!(error, Some((f, _)) if *f == field))
        {
            self.field_error.set(None);
        }
    }
}

#[component]
pub fn CommentForm(
    client: ApiClient,
    article_uri: String,
    thread: Thread,
    ids: String,
) -> impl IntoView {
    let locale = use_locale();
    let draft = Draft::load(&article_uri);
    let author = RwSignal::new(draft.author);
    let text = RwSignal::new(draft.text);
    let state = FormState::default();
    let author_input = NodeRef::<html::Input>::new();
    let text_input = NodeRef::<html::Textarea>::new();

    {
        let article_uri = article_uri.clone();
        Effect::new(move |_| {
            Draft {
                author: author.get(),
                text: text.get(),
            }
            .save(&article_uri);
        });
    }

    let sent_notice = locale.texts.sent.clone();
    let texts_for_errors = locale.texts.clone();
    let send = Action::new_local(move |new_comment: &NewComment| {
        let sent_notice = sent_notice.clone();
        let texts_for_errors = texts_for_errors.clone();
        let client = client.clone();
        let new_comment = new_comment.clone();
        async move {
            match client.post_comment(&new_comment).await {
                Ok(comment) => {
                    thread.add(comment);
                    // The draft effect stores the emptied text: the draft is gone
                    // only now that the server confirmed.
                    text.set(String::new());
                    state.notice.set(Some(sent_notice.clone()));
                }
                Err(error) => match state.show(&error, &texts_for_errors) {
                    Some(Field::Author) => {
                        if let Some(input) = author_input.get_untracked() {
                            let _ = input.focus();
                        }
                    }
                    Some(Field::Text) => {
                        if let Some(input) = text_input.get_untracked() {
                            let _ = input.focus();
                        }
                    }
                    None => {}
                },
            }
        }
    });
    let sending = send.pending();

    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if sending.get_untracked() {
            return;
        }
        state.clear();
        send.dispatch_local(NewComment {
            uri: article_uri.clone(),
            author: Some(author.get_untracked()),
            email: None,
            text: text.get_untracked(),
        });
    };

    let (send_label, sending_label) = (locale.texts.send.clone(), locale.texts.sending.clone());
    let author_id = format!("{ids}-author");
    let author_error_id = format!("{ids}-author-error");
    let text_id = format!("{ids}-text");
    let text_error_id = format!("{ids}-text-error");
    let author_label_for = author_id.clone();
    let text_label_for = text_id.clone();
    let author_error_id_for_message = author_error_id.clone();
    let text_error_id_for_message = text_error_id.clone();
    let heading_id = format!("{ids}-write-heading");
    let labelled_by = heading_id.clone();

    view! {
        <form class="readerbox-form" novalidate aria-labelledby=labelled_by on:submit=on_submit>
            <h3 class="readerbox-form-heading" id=heading_id>{locale.texts.write_heading.clone()}</h3>
            <div class="readerbox-field">
                <label for=author_label_for>{locale.texts.name_label.clone()}</label>
                <input
                    type="text"
                    id=author_id
                    name="author"
                    autocomplete="nickname"
                    placeholder=locale.texts.name_placeholder.clone()
                    node_ref=author_input
                    prop:value=move || author.get()
                    on:input=move |ev| {
                        author.set(event_target_value(&ev));
                        state.clear_field(Field::Author);
                    }
                    aria-invalid=move || state.error_of(Field::Author).is_some().then_some("true")
                    aria-describedby=move || state.error_of(Field::Author).map(|_| author_error_id.clone())
                />
                <FieldError state=state field=Field::Author id=author_error_id_for_message />
            </div>
            <div class="readerbox-field">
                <label for=text_label_for>{locale.texts.text_label.clone()}</label>
                <textarea
                    id=text_id
                    name="text"
                    rows="5"
                    aria-required="true"
                    node_ref=text_input
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        text.set(event_target_value(&ev));
                        state.clear_field(Field::Text);
                    }
                    aria-invalid=move || state.error_of(Field::Text).is_some().then_some("true")
                    aria-describedby=move || state.error_of(Field::Text).map(|_| text_error_id.clone())
                ></textarea>
                <FieldError state=state field=Field::Text id=text_error_id_for_message />
            </div>
            {move || {
                state.form_error.get().map(|message| view! {
                    <p class="readerbox-form-error readerbox-error" role="alert">{message}</p>
                })
            }}
            {move || {
                state.notice.get().map(|message| view! {
                    <p class="readerbox-notice" role="status">{message}</p>
                })
            }}
            <button type="submit" class="readerbox-button readerbox-send" disabled=move || sending.get() aria-busy=move || sending.get().then_some("true")>
                {move || if sending.get() { sending_label.clone() } else { send_label.clone() }}
            </button>
        </form>
    }
}

#[component]
fn FieldError(state: FormState, field: Field, id: String) -> impl IntoView {
    move || {
        state.error_of(field).map(|message| {
            view! { <p class="readerbox-field-error readerbox-error" id=id.clone()>{message}</p> }
        })
    }
}
