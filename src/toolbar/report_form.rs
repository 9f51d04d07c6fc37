//! Pieces shared by the toolbar's forms (Korrektur, Leserbrief): a text area with a live
//! character count, a checkbox, and the feedback state of one form. Their fields' errors
//! are the shared [`FieldErrors`] (`field.rs`), as in the comment form.

use crate::shared::api::ClientError;
use crate::shared::i18n::{format_number, Texts};
use crate::ui::field::{FieldError, FieldErrors};
use crate::ui::use_locale;
use leptos::prelude::*;
use readerbox_api::validate::text_length;
use wasm_bindgen::JsCast;

/// Feedback of one form: an error beside a field (by the API's field name), or above the
/// button, and whether it was sent.
#[derive(Clone, Copy, Debug)]
pub struct ReportState {
    pub field_errors: FieldErrors,
    pub form_error: RwSignal<Option<String>>,
    pub sent: RwSignal<bool>,
}

impl Default for ReportState {
    fn default() -> Self {
        Self {
            field_errors: FieldErrors::default(),
            form_error: RwSignal::new(None),
            sent: RwSignal::new(false),
        }
    }
}

impl ReportState {
    pub fn clear(self) {
        self.field_errors.clear();
        self.form_error.set(None);
    }

    /// Shows `error` beside its field in `form` (and focuses that field) or above the
    /// button.
    pub fn show(self, error: &ClientError, texts: &Texts, form: Option<web_sys::HtmlFormElement>) {
        let input = |name: &str| {
            form.as_ref().and_then(|form| {
                form.query_selector(&format!("[name='{name}']"))
                    .ok()
                    .flatten()
            })
        };
        match self
            .field_errors
            .place(error, texts, |name| input(name).is_some())
        {
            Ok(field) => {
                if let Some(input) = input(&field) {
                    let _ = input.unchecked_into::<web_sys::HtmlElement>().focus();
                }
            }
            Err(message) => self.form_error.set(Some(message)),
        }
    }
}

/// A labelled text area with a live count against `max`.
#[component]
pub fn TextField(
    ids: String,
    name: &'static str,
    label: String,
    value: RwSignal<String>,
    errors: FieldErrors,
    #[prop(into)] max: Signal<usize>,
) -> impl IntoView {
    let locale = use_locale();
    let id = format!("{ids}-{name}");
    let error_id = format!("{id}-error");
    let count_id = format!("{id}-count");
    let described = {
        let (error_id, count_id) = (error_id.clone(), count_id.clone());
        move || {
            if errors.has(name) {
                format!("{error_id} {count_id}")
            } else {
                count_id.clone()
            }
        }
    };
    let length = Memo::new(move |_| value.with(|text| text_length(text)));
    let (count_text, over_text, tag) = (
        locale.texts.char_count,
        locale.texts.char_count_over,
        locale.tag.clone(),
    );
    let count = move || {
        let template = if length.get() > max.get() {
            &over_text
        } else {
            &count_text
        };
        template
            .replace("{count}", &format_number(&tag, length.get()))
            .replace("{max}", &format_number(&tag, max.get()))
    };
    view! {
        <div class="readerbox-field">
            <label for=id.clone()>{label}</label>
            <textarea
                id=id
                name=name
                rows="6"
                aria-required="true"
                prop:value=move || value.get()
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    errors.clear_field(name);
                }
                aria-invalid=move || errors.has(name).then_some("true")
                aria-describedby=described
            ></textarea>
            <FieldError errors=errors name=name id=error_id />
            <div class="readerbox-field-footer">
                <span></span>
                <span class="readerbox-count" id=count_id class:readerbox-error=move || { length.get() > max.get() }>{count}</span>
            </div>
        </div>
    }
}

/// A checkbox with its label (and the error beside it, for required consent).
#[component]
pub fn CheckField(
    ids: String,
    name: &'static str,
    label: String,
    value: RwSignal<bool>,
    errors: FieldErrors,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let id = format!("{ids}-{name}");
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    let label_for = id.clone();
    view! {
        <div class="readerbox-field">
            <label class="readerbox-check" for=label_for>
                <input
                    type="checkbox"
                    id=id
                    name=name
                    aria-required=required.then_some("true")
                    prop:checked=move || value.get()
                    on:change=move |ev| {
                        value.set(event_target_checked(&ev));
                        errors.clear_field(name);
                    }
                    aria-invalid=move || errors.has(name).then_some("true")
                    aria-describedby=move || errors.has(name).then(|| described.clone())
                />
                <span>{label}</span>
            </label>
            <FieldError errors=errors name=name id=error_id />
        </div>
    }
}

/// The form-level error and the confirmation.
#[component]
pub fn FormFeedback(state: ReportState, sent_text: String) -> impl IntoView {
    view! {
        {move || state.form_error.get().map(|message| view! {
            <p class="readerbox-form-error readerbox-error" role="alert">{message}</p>
        })}
        <p class="readerbox-notice" role="status">{move || state.sent.get().then(|| sent_text.clone())}</p>
    }
}

impl ReportState {
    /// Each opening of `open`'s dialog starts without the last confirmation.
    pub fn reset_when_opened(self, open: RwSignal<bool>) {
        Effect::new(move |was_open: Option<bool>| {
            let is_open = open.get();
            if is_open && was_open != Some(true) {
                self.sent.set(false);
            }
            is_open
        });
    }
}

/// "Senden", showing "Wird gesendet …" and busy while `sending`.
#[component]
pub fn SubmitButton(sending: Memo<bool>) -> impl IntoView {
    let locale = use_locale();
    let (send, busy) = (locale.texts.send, locale.texts.sending);
    view! {
        <div class="readerbox-form-buttons">
            <button type="submit" class="readerbox-button" disabled=move || sending.get() aria-busy=move || sending.get().then_some("true")>
                {move || if sending.get() { busy } else { send }}
            </button>
        </div>
    }
}
