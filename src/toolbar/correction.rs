//! "Korrektur": the reader marks a passage in the article and reports an error in it.
//! The dialog shows the passage, asks for the kind of error, the correction and an
//! optional e-mail, and sends the passage with up to 100 characters of context on each
//! side and a text-fragment URL pointing at it.

use super::report_form::{FormFeedback, ReportState, SubmitButton, TextField};
use super::ToolbarContext;
use crate::shared::spam::Proofs;
use crate::shared::storage;
use crate::ui::field::Honeypot;
use crate::ui::field::InputField;
use crate::ui::modal::Modal;
use crate::ui::use_locale;
use leptos::html;
use leptos::prelude::*;
use readerbox_api::from_json_struct;
use readerbox_api::reports::{
    text_fragment_url, CorrectionCategory, NewCorrection, CONTEXT_MAX_CHARS, SELECTION_MAX_CHARS,
};
use serde::Serialize;

/// A passage selected in the article, with its surroundings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Passage {
    pub text: String,
    pub before: String,
    pub after: String,
}

from_json_struct!(Passage {
    required: [text, before, after],
    defaulted: [],
});

/// The reader's current selection, if it lies in the article and is not empty.
pub fn selected_passage(article_selector: &str) -> Option<Passage> {
    let document = leptos::prelude::document();
    let selection = web_sys::window()?.get_selection().ok()??;
    if selection.range_count() == 0 || selection.is_collapsed() {
        return None;
    }
    let range = selection.get_range_at(0).ok()?;
    let article = document.query_selector(article_selector).ok()??;
    if !article.contains(Some(&range.common_ancestor_container().ok()?)) {
        return None;
    }
    let text: String = String::from(selection.to_string());
    if text.trim().is_empty() {
        return None;
    }
    let before = {
        let span = document.create_range().ok()?;
        span.set_start(&article, 0).ok()?;
        span.set_end(&range.start_container().ok()?, range.start_offset().ok()?)
            .ok()?;
        last_chars(&String::from(span.to_string()), CONTEXT_MAX_CHARS)
    };
    let after = {
        let span = document.create_range().ok()?;
        span.set_start(&range.end_container().ok()?, range.end_offset().ok()?)
            .ok()?;
        span.set_end(&article, article.child_nodes().length())
            .ok()?;
        String::from(span.to_string())
            .chars()
            .take(CONTEXT_MAX_CHARS)
            .collect()
    };
    Some(Passage {
        text: text.chars().take(SELECTION_MAX_CHARS).collect(),
        before,
        after,
    })
}

fn last_chars(text: &str, count: usize) -> String {
    let total = text.chars().count();
    text.chars().skip(total.saturating_sub(count)).collect()
}

/// What the reader has written so far, kept until it is sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
struct CorrectionDraft {
    passage: Option<Passage>,
    category: String,
    message: String,
    email: String,
    /// Sent as the idempotency key, kept until the server confirms: a resend after a
    /// lost answer is stored once.
    key: String,
}

from_json_struct!(CorrectionDraft {
    required: [passage, category, message, email],
    defaulted: [key],
});

fn draft_key(uri: &str) -> String {
    format!("readerbox:correction:{uri}")
}

#[component]
pub fn CorrectionDialog(
    open: RwSignal<bool>,
    opener: NodeRef<html::Button>,
    /// Set by the toolbar to a fresh selection when it opens the dialog.
    offered: RwSignal<Option<Passage>>,
) -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts.clone();
    let context = ToolbarContext::current();
    let uri = context.article_uri.clone();
    let saved: CorrectionDraft = storage::read(&draft_key(&uri)).unwrap_or_default();
    let passage = RwSignal::new(saved.passage.clone());
    let category = RwSignal::new(CorrectionCategory::parse(&saved.category).unwrap_or_default());
    let message = RwSignal::new(saved.message.clone());
    let key = RwSignal::new(storage::key_or_new(&saved.key));
    let email = RwSignal::new(if saved.email.is_empty() {
        storage::Identity::load()
            .map(|i| i.email)
            .unwrap_or_default()
    } else {
        saved.email.clone()
    });
    let state = ReportState::default();
    let form = NodeRef::<html::Form>::new();
    let proofs = Proofs::new(context.client.clone());
    let honeypot = RwSignal::new(String::new());
    {
        let proofs = proofs.clone();
        Effect::new(move |_| {
            if open.get() {
                proofs.prefetch();
            }
        });
    }

    // A new selection replaces the one in the draft; opening without one keeps it.
    Effect::new(move |_| {
        if let Some(fresh) = offered.get() {
            passage.set(Some(fresh));
        }
    });
    state.reset_when_opened(open);
    {
        let uri = uri.clone();
        Effect::new(move |_| {
            let draft = CorrectionDraft {
                passage: passage.get(),
                category: category.get().as_str().to_owned(),
                message: message.get(),
                email: email.get(),
                key: key.get(),
            };
            if draft.message.is_empty() && draft.passage.is_none() {
                storage::remove(&draft_key(&uri));
            } else {
                storage::write(&draft_key(&uri), &draft);
            }
        });
    }

    let send = {
        let context = context.clone();
        let texts = t.clone();
        let proofs = proofs.clone();
        Action::new_local(move |report: &NewCorrection| {
            let (context, texts, report, proofs) = (
                context.clone(),
                texts.clone(),
                report.clone(),
                proofs.clone(),
            );
            async move {
                let sent = proofs
                    .send(|pow| {
                        let (client, mut report) = (context.client.clone(), report.clone());
                        report.pow = pow;
                        async move { client.post_correction(&report).await }
                    })
                    .await;
                match sent {
                    Ok(_) => {
                        message.set(String::new());
                        passage.set(None);
                        category.set(CorrectionCategory::default());
                        key.set(storage::random_key());
                        state.sent.set(true);
                    }
                    Err(error) => state.show(&error, &texts, form.get_untracked()),
                }
            }
        })
    };
    let sending = send.pending();
    let on_submit = {
        let context = context.clone();
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            if sending.get_untracked() {
                return;
            }
            state.clear();
            state.sent.set(false);
            let info = context.article();
            let chosen = passage.get_untracked().unwrap_or_default();
            send.dispatch_local(NewCorrection {
                uri: context.article_uri.clone(),
                fragment_url: text_fragment_url(
                    &info.url,
                    &chosen.before,
                    &chosen.text,
                    &chosen.after,
                ),
                article_url: info.url,
                selection: chosen.text,
                context_before: chosen.before,
                context_after: chosen.after,
                category: category.get_untracked(),
                message: message.get_untracked(),
                email: Some(email.get_untracked()),
                pow: None,
                homepage: Some(honeypot.get_untracked()),
                idempotency_key: Some(key.get_untracked()),
            });
        }
    };

    let ids = format!("{}-correction", context.ids);
    let categories = CorrectionCategory::ALL
        .into_iter()
        .map(|option| {
            let label = match option {
                CorrectionCategory::Typo => t.category_typo,
                CorrectionCategory::Fact => t.category_fact,
                CorrectionCategory::Other => t.category_other,
            };
            view! {
                <label class="readerbox-check">
                    <input type="radio" name="category" value=option.as_str()
                        prop:checked=move || category.get() == option
                        on:change=move |_| category.set(option) />
                    <span>{label}</span>
                </label>
            }
        })
        .collect_view();
    let limits = context.limits;
    let (no_selection, selection_label) = (t.correction_no_selection, t.correction_selection);
    view! {
        <Modal open=open id=ids.clone() title=t.correction_heading.to_string() opener=opener>
            <form class="readerbox-form readerbox-dialog-form" novalidate node_ref=form on:submit=on_submit>
                <div class="readerbox-passage">
                    {move || match passage.get() {
                        Some(chosen) => view! {
                            <p class="readerbox-field-label">{selection_label}</p>
                            <blockquote class="readerbox-selection">
                                <span class="readerbox-context">"…"{chosen.before.clone()}</span>
                                <mark>{chosen.text.clone()}</mark>
                                <span class="readerbox-context">{chosen.after.clone()}"…"</span>
                            </blockquote>
                        }.into_any(),
                        None => view! { <p class="readerbox-status">{no_selection}</p> }.into_any(),
                    }}
                </div>
                <fieldset class="readerbox-fieldset">
                    <legend>{t.correction_category}</legend>
                    {categories}
                </fieldset>
                <TextField ids=ids.clone() name="message" label=t.correction_message.to_string() value=message errors=state.field_errors
                    max=Signal::derive(move || limits.get().correction_max_chars) />
                <InputField ids=ids.clone() name="email" kind="email" autocomplete="email" label=t.correction_email.to_string() value=email errors=state.field_errors />
                <Honeypot value=honeypot />
                <FormFeedback state=state sent_text=t.correction_sent.to_string() />
                <SubmitButton sending=sending />
            </form>
        </Modal>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn a_correction_being_written_reads_back_as_it_was() {
        let passage = Passage {
            text: "Radwegenetz".into(),
            before: "Der Stadtrat beschließt ein neues ".into(),
            after: " für \"Beispielstadt\".".into(),
        };
        crate::shared::storage::assert_kept(&CorrectionDraft {
            passage: Some(passage),
            category: "fact".into(),
            message: "Es sind 12 km, nicht 21 km.\n\nQuelle: …".into(),
            email: "leser@example.org".into(),
            key: "key".into(),
        });
        crate::shared::storage::assert_kept(&CorrectionDraft::default());
    }
}
