//! "zu Favoriten hinzufügen": pages can't create browser bookmarks, so the article is
//! saved to a local "Merkliste" (URL, title, time). The button shows and toggles whether
//! it is saved; the Merkliste dialog opens or removes saved articles and mentions
//! Strg/⌘+D for a real bookmark.

use super::ToolbarContext;
use crate::shared::storage;
use crate::shared::time::full_date;
use crate::ui::modal::Modal;
use crate::ui::use_locale;
use leptos::html;
use leptos::prelude::*;
use readerbox_api::from_json_struct;
use serde::Serialize;

const KEY: &str = "readerbox:favorites";

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Favorite {
    pub url: String,
    pub title: String,
    /// RFC 3339.
    pub saved_at: String,
}

from_json_struct!(Favorite {
    required: [url, title, saved_at],
    defaulted: [],
});

pub fn favorites() -> Vec<Favorite> {
    storage::read(KEY).unwrap_or_default()
}

fn store(all: &[Favorite]) {
    storage::write(KEY, &all);
}

#[component]
pub fn Favorites() -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts.clone();
    let context = ToolbarContext::current();
    let list = RwSignal::new(favorites());
    let url = context.article().url;
    let saved = {
        let url = url.clone();
        Memo::new(move |_| list.with(|all| all.iter().any(|f| f.url == url)))
    };
    let open = RwSignal::new(false);
    let list_button = NodeRef::<html::Button>::new();

    let toggle = {
        let context = context.clone();
        move |_| {
            let info = context.article();
            let mut all = favorites();
            if all.iter().any(|f| f.url == info.url) {
                all.retain(|f| f.url != info.url);
            } else {
                let now = js_sys::Date::new_0().to_iso_string();
                all.insert(
                    0,
                    Favorite {
                        url: info.url,
                        title: info.title,
                        saved_at: now.into(),
                    },
                );
            }
            store(&all);
            list.set(all);
        }
    };
    let tag = locale.tag.clone();
    let (remove_label, saved_on) = (t.remove, t.saved_on);
    let entries = move || {
        list.get()
            .into_iter()
            .map(|favorite| {
                let when = saved_on.replace("{date}", &full_date(&favorite.saved_at, &tag));
                let target = favorite.url.clone();
                view! {
                    <li class="readerbox-favorite">
                        <a href=favorite.url.clone()>{favorite.title.clone()}</a>
                        <span class="readerbox-remaining">{when}</span>
                        <button type="button" class="readerbox-link-button readerbox-remove" on:click=move |_| {
                            let mut all = favorites();
                            all.retain(|f| f.url != target);
                            store(&all);
                            list.set(all);
                        }>{remove_label}</button>
                    </li>
                }
            })
            .collect_view()
    };
    let count_label = {
        let label = t.favorites_list;
        move || format!("{label} ({})", list.with(Vec::len))
    };
    let empty = t.favorites_empty;
    view! {
        <button type="button" class="readerbox-tool-button readerbox-favorite-toggle"
            aria-pressed=move || saved.get().to_string() on:click=toggle>
            <span aria-hidden="true">{move || if saved.get() { "★ " } else { "☆ " }}</span>
            {t.favorite}
        </button>
        <button type="button" class="readerbox-tool-button readerbox-favorites-open" node_ref=list_button
            on:click=move |_| { list.set(favorites()); open.set(true); }>
            {count_label}
        </button>
        <Modal open=open id=format!("{}-favorites", context.ids) title=t.favorites_list.to_string() opener=list_button>
            {move || if list.with(Vec::is_empty) {
                view! { <p class="readerbox-status">{empty}</p> }.into_any()
            } else {
                view! { <ul class="readerbox-favorites">{entries.clone()}</ul> }.into_any()
            }}
            <p class="readerbox-hint">{t.favorites_hint}</p>
        </Modal>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn the_reading_list_reads_back_as_it_was() {
        crate::shared::storage::assert_kept(&vec![
            Favorite {
                url: "https://example.org/a?b=1&c=2#d".into(),
                title: "„Stadtrat“ beschließt \"Radwege\"".into(),
                saved_at: "2026-12-01T05:00:00Z".into(),
            };
            2
        ]);
    }
}
