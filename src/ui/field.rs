//! A form field with its error beside it: one error model ([`FieldErrors`]) and one set
//! of field pieces for every form (the comment form, Korrektur, Leserbrief), so a field
//! is named, described and marked invalid the same way everywhere.
//!
//! Invariant: an error is shown beside a field only if the form has that field; any
//! other error goes above the button ([`FieldErrors::place`]), so no message is ever
//! set where no reader can see it.

use crate::shared::api::ClientError;
use crate::shared::i18n::Texts;
use leptos::html;
use leptos::prelude::*;

/// The error a form shows beside one of its fields: (the API's field name, message).
#[derive(Clone, Copy, Debug)]
pub struct FieldErrors(RwSignal<Option<(String, String)>>);

impl Default for FieldErrors {
    fn default() -> Self {
        Self(RwSignal::new(None))
    }
}

impl FieldErrors {
    /// The message beside field `name`, if any (tracked).
    pub fn of(self, name: &str) -> Option<String> {
        self.0.with(|error| {
            error
                .as_ref()
                .filter(|(field, _)| field == name)
                .map(|(_, message)| message.clone())
        })
    }

    /// Whether field `name` has a message (tracked).
    pub fn has(self, name: &str) -> bool {
        self.0
            .with(|error| error.as_ref().is_some_and(|(field, _)| field == name))
    }

    pub fn clear(self) {
        self.0.set(None);
    }

    /// The reader changed field `name`: its message has done its work.
    pub fn clear_field(self, name: &str) {
        if self
            .0
            .with_untracked(|error| error.as_ref().is_some_and(|(field, _)| field == name))
        {
            self.0.set(None);
        }
    }

    /// Puts a failed send's message where the reader will look: beside the field it
    /// names when the form has that field (`has_field`); returns that field's name, or
    /// else the message for above the button.
    pub fn place(
        self,
        error: &ClientError,
        texts: &Texts,
        has_field: impl Fn(&str) -> bool,
    ) -> Result<String, String> {
        match error {
            ClientError::Api { error, .. } => match error.error.field.as_deref() {
                Some(field) if has_field(field) => {
                    self.0
                        .set(Some((field.to_owned(), error.error.message.clone())));
                    Ok(field.to_owned())
                }
                _ => Err(error.error.message.clone()),
            },
            ClientError::Network => Err(texts.network_error.to_string()),
            ClientError::Timeout => Err(texts.timeout_error.to_string()),
            ClientError::UnexpectedResponse { .. } => Err(texts.server_error.to_string()),
        }
    }
}

/// A labelled one-line input with its error beside it.
#[component]
pub fn InputField(
    ids: String,
    name: &'static str,
    kind: &'static str,
    autocomplete: &'static str,
    label: String,
    value: RwSignal<String>,
    errors: FieldErrors,
    #[prop(optional)] required: bool,
    #[prop(optional)] placeholder: Option<String>,
    #[prop(optional)] node_ref: NodeRef<html::Input>,
) -> impl IntoView {
    let id = format!("{ids}-{name}");
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    view! {
        <div class="readerbox-field">
            <label for=id.clone()>{label}</label>
            <input
                type=kind
                id=id
                name=name
                autocomplete=autocomplete
                placeholder=placeholder
                aria-required=required.then_some("true")
                node_ref=node_ref
                prop:value=move || value.get()
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    errors.clear_field(name);
                }
                aria-invalid=move || errors.has(name).then_some("true")
                aria-describedby=move || errors.has(name).then(|| described.clone())
            />
            <FieldError errors=errors name=name id=error_id />
        </div>
    }
}

/// The message beside field `name` (the field's `aria-describedby` names `id`).
#[component]
pub fn FieldError(errors: FieldErrors, name: &'static str, id: String) -> impl IntoView {
    move || {
        errors.of(name).map(|message| {
            view! { <p class="readerbox-field-error readerbox-error" id=id.clone()>{message}</p> }
        })
    }
}

/// A field people never see or reach (off screen, out of the tab order, hidden from
/// assistive technology); bots that fill every field fill it too.
#[component]
pub fn Honeypot(value: RwSignal<String>) -> impl IntoView {
    view! {
        <div class="readerbox-honeypot" aria-hidden="true">
            <label>
                "Homepage"
                <input type="text" name="homepage" tabindex="-1" autocomplete="off"
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev)) />
            </label>
        </div>
    }
}
