//! "Leserbrief": a letter to the editor, as German newspapers ask for it. Name and
//! Wohnort are published with it; e-mail (required), address and phone (optional) are for
//! verification only; "bitte nicht kürzen"; consent to publication is required. The
//! article's title and URL go with it.

use super::report_form::{CheckField, FormFeedback, ReportState, SubmitButton, TextField};
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
use readerbox_api::reports::NewLetter;
use serde::Serialize;

/// What the reader has written so far, kept until it is sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
struct LetterDraft {
    name: String,
    city: String,
    email: String,
    address: String,
    phone: String,
    text: String,
    do_not_shorten: bool,
    consent: bool,
    /// The idempotency key, kept until the server confirms.
    key: String,
}

from_json_struct!(LetterDraft {
    required: [
        name,
        city,
        email,
        address,
        phone,
        text,
        do_not_shorten,
        consent
    ],
    defaulted: [key],
});

fn draft_key(uri: &str) -> String {
    format!("readerbox:letter:{uri}")
}

#[component]
pub fn LetterDialog(open: RwSignal<bool>, opener: NodeRef<html::Button>) -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts.clone();
    let context = ToolbarContext::current();
    let uri = context.article_uri.clone();
    let saved: LetterDraft = storage::read(&draft_key(&uri)).unwrap_or_default();
    let identity = storage::Identity::load().unwrap_or_default();
    let name = RwSignal::new(if saved.name.is_empty() {
        identity.author
    } else {
        saved.name.clone()
    });
    let city = RwSignal::new(saved.city.clone());
    let email = RwSignal::new(if saved.email.is_empty() {
        identity.email
    } else {
        saved.email.clone()
    });
    let address = RwSignal::new(saved.address.clone());
    let phone = RwSignal::new(saved.phone.clone());
    let text = RwSignal::new(saved.text.clone());
    let do_not_shorten = RwSignal::new(saved.do_not_shorten);
    let consent = RwSignal::new(saved.consent);
    let key = RwSignal::new(storage::key_or_new(&saved.key));
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

    state.reset_when_opened(open);
    {
        let uri = uri.clone();
        Effect::new(move |_| {
            let draft = LetterDraft {
                name: name.get(),
                city: city.get(),
                email: email.get(),
                address: address.get(),
                phone: phone.get(),
                text: text.get(),
                do_not_shorten: do_not_shorten.get(),
                consent: consent.get(),
                key: key.get(),
            };
            if draft.text.is_empty() {
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
        Action::new_local(move |letter: &NewLetter| {
            let (context, texts, letter, proofs) = (
                context.clone(),
                texts.clone(),
                letter.clone(),
                proofs.clone(),
            );
            async move {
                let sent = proofs
                    .send(|pow| {
                        let (client, mut letter) = (context.client.clone(), letter.clone());
                        letter.pow = pow;
                        async move { client.post_letter(&letter).await }
                    })
                    .await;
                match sent {
                    Ok(_) => {
                        text.set(String::new());
                        do_not_shorten.set(false);
                        consent.set(false);
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
            send.dispatch_local(NewLetter {
                uri: context.article_uri.clone(),
                article_title: info.title,
                article_url: info.url,
                name: name.get_untracked(),
                city: city.get_untracked(),
                email: email.get_untracked(),
                address: Some(address.get_untracked()),
                phone: Some(phone.get_untracked()),
                text: text.get_untracked(),
                do_not_shorten: do_not_shorten.get_untracked(),
                consent: consent.get_untracked(),
                pow: None,
                homepage: Some(honeypot.get_untracked()),
                idempotency_key: Some(key.get_untracked()),
            });
        }
    };

    let ids = format!("{}-letter", context.ids);
    let limits = context.limits;
    let about = t
        .letter_article
        .replace("{title}", &context.article().title);
    let privacy = context.config.privacy_url.clone().map(|href| {
        view! { <p class="readerbox-hint"><a href=href target="_blank" rel="noopener">{t.privacy}</a></p> }
    });
    view! {
        <Modal open=open id=ids.clone() title=t.letter_heading.to_string() opener=opener>
            <form class="readerbox-form readerbox-dialog-form" novalidate node_ref=form on:submit=on_submit>
                <p class="readerbox-hint readerbox-letter-article">{about}</p>
                <InputField ids=ids.clone() name="name" kind="text" autocomplete="name" label=t.letter_name.to_string() value=name errors=state.field_errors required=true />
                <InputField ids=ids.clone() name="city" kind="text" autocomplete="address-level2" label=t.letter_city.to_string() value=city errors=state.field_errors required=true />
                <InputField ids=ids.clone() name="email" kind="email" autocomplete="email" label=t.letter_email.to_string() value=email errors=state.field_errors required=true />
                <InputField ids=ids.clone() name="address" kind="text" autocomplete="street-address" label=t.letter_address.to_string() value=address errors=state.field_errors />
                <InputField ids=ids.clone() name="phone" kind="tel" autocomplete="tel" label=t.letter_phone.to_string() value=phone errors=state.field_errors />
                <p class="readerbox-hint">{t.letter_verification}</p>
                <TextField ids=ids.clone() name="text" label=t.letter_text.to_string() value=text errors=state.field_errors
                    max=Signal::derive(move || limits.get().letter_max_chars) />
                <CheckField ids=ids.clone() name="do_not_shorten" label=t.letter_do_not_shorten.to_string() value=do_not_shorten errors=state.field_errors />
                <CheckField ids=ids.clone() name="consent" label=t.letter_consent.to_string() value=consent errors=state.field_errors required=true />
                {privacy}
                <Honeypot value=honeypot />
                <FormFeedback state=state sent_text=t.letter_sent.to_string() />
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
    fn a_letter_being_written_reads_back_as_it_was() {
        crate::shared::storage::assert_kept(&LetterDraft {
            name: "Erika Mustermann".into(),
            city: "Beispielstadt".into(),
            email: "erika@example.org".into(),
            address: "Hauptstraße 1".into(),
            phone: "+49 30 123456".into(),
            text: "Sehr geehrte Redaktion,\n\n„Radwege“ …".into(),
            do_not_shorten: true,
            consent: true,
            key: "key".into(),
        });
        crate::shared::storage::assert_kept(&LetterDraft::default());
    }
}
