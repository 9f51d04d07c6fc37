//! The article toolbar. Its first tool: "Schriftgröße: klein mittel groß", a labelled
//! group of toggle buttons. The others (Druckversion, Artikel versenden, …) follow.
//!
//! The toolbar only announces a font-size choice (a `readerbox-font-size` event on the
//! document); embed.js applies and remembers it, so the same code also applies it before
//! the first paint of the next page, long before this wasm arrives.

use super::{instance_id_prefix, use_locale};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// Where embed.js keeps the choice.
const FONT_SIZE_KEY: &str = "readerbox:font-size";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FontSize {
    Klein,
    Mittel,
    Gross,
}

impl FontSize {
    pub const ALL: [Self; 3] = [Self::Klein, Self::Mittel, Self::Gross];

    pub fn key(self) -> &'static str {
        match self {
            Self::Klein => "klein",
            Self::Mittel => "mittel",
            Self::Gross => "gross",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|size| size.key() == key)
    }

    /// The reader's choice so far; "mittel" when none.
    pub fn stored() -> Self {
        web_sys::window()
            .and_then(|window| window.local_storage().ok().flatten())
            .and_then(|storage| storage.get_item(FONT_SIZE_KEY).ok().flatten())
            .and_then(|key| Self::from_key(&key))
            .unwrap_or(Self::Mittel)
    }

    /// Tells embed.js to apply and remember this size.
    pub fn announce(self) {
        let init = web_sys::CustomEventInit::new();
        init.set_detail(&JsValue::from_str(self.key()));
        if let Ok(event) =
            web_sys::CustomEvent::new_with_event_init_dict("readerbox-font-size", &init)
        {
            let _ = document().dispatch_event(&event);
        }
    }
}

#[component]
pub fn Toolbar() -> impl IntoView {
    let locale = use_locale();
    let current = RwSignal::new(FontSize::stored());
    let label_id = format!("{}-font-size", instance_id_prefix());
    let labelled_by = label_id.clone();
    let texts = &locale.texts;
    let label_of = |size: FontSize| match size {
        FontSize::Klein => texts.font_small.clone(),
        FontSize::Mittel => texts.font_medium.clone(),
        FontSize::Gross => texts.font_large.clone(),
    };
    let buttons = FontSize::ALL.map(|size| {
        view! {
            <button
                type="button"
                class="readerbox-toggle"
                data-size=size.key()
                aria-pressed=move || (current.get() == size).to_string()
                on:click=move |_| {
                    current.set(size);
                    size.announce();
                }
            >
                {label_of(size)}
            </button>
        }
    });
    view! {
        <div class="readerbox-toolbar" role="group" aria-label=texts.toolbar_label.clone()>
            <div class="readerbox-tool" role="group" aria-labelledby=labelled_by>
                <span class="readerbox-tool-label" id=label_id>{texts.font_size_label.clone()}</span>
                {buttons}
            </div>
        </div>
    }
}
