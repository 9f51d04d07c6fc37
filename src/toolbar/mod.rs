//! The article toolbar: "Schriftgröße: klein mittel groß", "Druckversion", "Artikel
//! versenden", "Kommentar", "Leserbrief", "zu Favoriten hinzufügen" (Merkliste),
//! "Korrektur", "Kontakt". Each tool is its own small component; the dialogs are in
//! `correction`, `letter` and `favorites`, the menu in `share`.
//!
//! The toolbar only announces a font-size choice (a `readerbox-font-size` event on the
//! document); embed.js applies and remembers it, so the same code also applies it before
//! the first paint of the next page, long before this wasm arrives.

mod correction;
mod favorites;
mod letter;
mod report_form;
mod share;

pub use correction::Passage;
pub use favorites::{favorites, Favorite};
pub use share::{mailto_encode, mailto_link};

use crate::shared::api::ApiClient;
use crate::shared::config::{ArticleInfo, ToolbarConfig, WidgetConfig};
use crate::ui::{instance_id_prefix, use_locale, SharedLocale};
use correction::{selected_passage, CorrectionDialog};
use favorites::Favorites;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use letter::LetterDialog;
use readerbox_api::Limits;
use share::ShareMenu;
use std::sync::Arc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

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

/// What every tool of one toolbar shares.
#[derive(Clone, Debug)]
pub struct ToolbarContext {
    pub client: ApiClient,
    pub article_uri: String,
    pub config: ToolbarConfig,
    /// Prefix of element ids, unique to this instance.
    pub ids: String,
    /// The server's limits, loaded when a form first opens (defaults until then).
    pub limits: RwSignal<Limits>,
}

impl ToolbarContext {
    pub fn current() -> Self {
        use_context::<Self>().expect("inside a Toolbar")
    }

    /// The article as it is now (title and canonical URL).
    pub fn article(&self) -> ArticleInfo {
        ArticleInfo::of_page(&document(), &self.config.article_selector)
    }

    fn load_limits(&self) {
        let (client, limits) = (self.client.clone(), self.limits);
        spawn_local(async move {
            if let Ok(served) = client.limits().await {
                limits.set(served);
            }
        });
    }

    /// Puts "Quelle: … · gedruckt am …" on the article for the print stylesheet.
    fn mark_for_print(&self, template: &str, locale: &str) {
        let Ok(Some(article)) = document().query_selector(&self.config.article_selector) else {
            return;
        };
        let now = js_sys::Date::new_0().to_iso_string();
        let source = template.replace("{url}", &self.article().url).replace(
            "{date}",
            &crate::shared::time::full_date(&String::from(now), locale),
        );
        let _ = article.set_attribute("data-readerbox-print-source", &source);
    }
}

#[component]
pub fn Toolbar(config: WidgetConfig, toolbar: ToolbarConfig) -> impl IntoView {
    let locale: SharedLocale = Arc::new(config.locale.clone());
    provide_context(locale.clone());
    let context = ToolbarContext {
        client: ApiClient::new(config.api_base.clone(), config.locale.tag.clone()),
        article_uri: config.article_uri.clone(),
        config: toolbar,
        ids: instance_id_prefix(),
        limits: RwSignal::new(Limits::default()),
    };
    provide_context(context.clone());
    let t = locale.texts.clone();

    // Printing by the browser's menu (Ctrl+P) gets the source line too.
    {
        let (context, template, tag) = (context.clone(), t.print_source, locale.tag.clone());
        let before_print = Closure::<dyn Fn()>::new(move || context.mark_for_print(template, &tag));
        if let Some(window) = web_sys::window() {
            let _ = window.add_event_listener_with_callback(
                "beforeprint",
                before_print.as_ref().unchecked_ref(),
            );
        }
        before_print.forget();
    }

    let correction_open = RwSignal::new(false);
    let offered = RwSignal::new(None::<Passage>);
    let captured = StoredValue::new(None::<Passage>);
    let correction_button = NodeRef::<html::Button>::new();
    let letter_open = RwSignal::new(false);
    let letter_button = NodeRef::<html::Button>::new();
    let limits_loaded = StoredValue::new(false);
    let ensure_limits = {
        let context = context.clone();
        move || {
            if !limits_loaded.get_value() {
                limits_loaded.set_value(true);
                context.load_limits();
            }
        }
    };

    // Ctrl/Cmd+Enter with a passage selected in the article opens "Korrektur".
    {
        let selector = context.config.article_selector.clone();
        let ensure_limits = ensure_limits.clone();
        let on_key =
            Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(move |event: web_sys::KeyboardEvent| {
                if event.key() != "Enter" || !(event.ctrl_key() || event.meta_key()) {
                    return;
                }
                if let Some(passage) = selected_passage(&selector) {
                    event.prevent_default();
                    offered.set(Some(passage));
                    ensure_limits();
                    correction_open.set(true);
                }
            });
        let _ =
            document().add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref());
        on_key.forget();
    }

    let print = {
        let (context, template, tag) = (context.clone(), t.print_source, locale.tag.clone());
        move |_| {
            context.mark_for_print(template, &tag);
            if let Some(window) = web_sys::window() {
                let _ = window.print();
            }
        }
    };
    let comment_host = document()
        .query_selector("[data-readerbox-comments]")
        .ok()
        .flatten();
    let comment_tool = comment_host.map(|host| {
        let label = t.comment_tool;
        view! {
            <button type="button" class="readerbox-tool-button readerbox-comment-tool" on:click=move |_| focus_comment_form(host.clone())>
                {label}
            </button>
        }
    });
    let contact = context.config.contact_url.clone().map(|href| {
        view! { <a class="readerbox-tool-button readerbox-contact" href=href>{t.contact}</a> }
    });
    let open_correction = {
        let selector = context.config.article_selector.clone();
        let ensure_limits = ensure_limits.clone();
        move |_| {
            let passage = selected_passage(&selector).or_else(|| captured.get_value());
            captured.set_value(None);
            offered.set(passage);
            ensure_limits();
            correction_open.set(true);
        }
    };
    // Pressing the button may clear the selection before the click: keep it first.
    let capture_selection = {
        let selector = context.config.article_selector.clone();
        move |_| captured.set_value(selected_passage(&selector))
    };
    let open_letter = move |_| {
        ensure_limits();
        letter_open.set(true);
    };

    // On a narrow screen (the stylesheet decides, by the screen's width) only the font
    // size, "Artikel versenden" and "Kommentar" show, with "Mehr" for the rest, so the
    // article's lead starts on the first screen.
    let more_open = RwSignal::new(false);
    let more_id = format!("{}-more-tools", context.ids);
    let more_button = NodeRef::<html::Button>::new();
    let close_more_on_escape = move |event: web_sys::KeyboardEvent| {
        if event.key() == "Escape" && more_open.get_untracked() {
            event.stop_propagation();
            more_open.set(false);
            if let Some(button) = more_button.get_untracked() {
                let _ = button.focus();
            }
        }
    };

    view! {
        <div class="readerbox-toolbar" role="group" aria-label=t.toolbar_label>
            <FontSizeChoice />
            <div class="readerbox-tools">
                <ShareMenu />
                {comment_tool}
                <button type="button" class="readerbox-tool-button readerbox-more-tools" node_ref=more_button
                    aria-label=t.more_tools_label aria-expanded=move || more_open.get().to_string()
                    aria-controls=more_id.clone() on:click=move |_| more_open.update(|open| *open = !*open)>
                    {t.more_tools}
                </button>
                <div class="readerbox-tools-more" id=more_id class:readerbox-open=move || more_open.get()
                    on:keydown=close_more_on_escape>
                    <button type="button" class="readerbox-tool-button readerbox-print" on:click=print>{t.print}</button>
                    <button type="button" class="readerbox-tool-button readerbox-letter" node_ref=letter_button on:click=open_letter>
                        {t.letter_tool}
                    </button>
                    <Favorites />
                    <button type="button" class="readerbox-tool-button readerbox-correction" node_ref=correction_button
                        on:pointerdown=capture_selection on:click=open_correction>
                        {t.correction_tool}
                    </button>
                    {contact}
                </div>
            </div>
            <CorrectionDialog open=correction_open opener=correction_button offered=offered />
            <LetterDialog open=letter_open opener=letter_button />
        </div>
    }
}

/// Scrolls to the comment area and puts the cursor in its form, once it has mounted
/// (it may only now come near the viewport and load).
fn focus_comment_form(host: web_sys::Element) {
    host.scroll_into_view();
    spawn_local(async move {
        let deadline = js_sys::Date::now() + 15_000.0;
        while js_sys::Date::now() < deadline {
            let textarea = host.shadow_root().and_then(|root| {
                root.query_selector(".readerbox-form-main textarea")
                    .ok()
                    .flatten()
            });
            if let Some(textarea) = textarea {
                let _ = textarea.unchecked_into::<web_sys::HtmlElement>().focus();
                return;
            }
            crate::shared::time::sleep_ms(100).await;
        }
    });
}

/// "Schriftgröße: klein mittel groß", a labelled group of toggle buttons.
#[component]
fn FontSizeChoice() -> impl IntoView {
    let locale = use_locale();
    let current = RwSignal::new(FontSize::stored());
    let label_id = format!("{}-font-size", instance_id_prefix());
    let labelled_by = label_id.clone();
    let texts = &locale.texts;
    let label_of = |size: FontSize| match size {
        FontSize::Klein => texts.font_small,
        FontSize::Mittel => texts.font_medium,
        FontSize::Gross => texts.font_large,
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
        <div class="readerbox-tool" role="group" aria-labelledby=labelled_by>
            <span class="readerbox-tool-label" id=label_id>{texts.font_size_label}</span>
            {buttons}
        </div>
    }
}
