//! A real modal dialog (`<dialog>` shown with `showModal()`): the page behind is inert,
//! focus moves in and Tab stays inside, Escape closes, and focus returns to the button
//! that opened it.

use super::use_locale;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// What Tab can reach.
const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]), \
     textarea:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex='-1'])";

#[component]
pub fn Modal(
    /// Whether the dialog is open; set it to open, it is cleared on every close.
    open: RwSignal<bool>,
    /// The element id prefix (the title gets `{id}-title`).
    id: String,
    title: String,
    /// Focus goes back here on close.
    opener: NodeRef<html::Button>,
    children: Children,
) -> impl IntoView {
    let locale = use_locale();
    let dialog = NodeRef::<html::Dialog>::new();
    Effect::new(move |_| {
        let Some(element) = dialog.get() else {
            return;
        };
        if open.get() && !element.open() {
            let _ = element.show_modal();
        } else if !open.get() && element.open() {
            element.close();
        }
    });
    let on_close = move |_| {
        open.set(false);
        if let Some(button) = opener.get_untracked() {
            let _ = button.unchecked_ref::<web_sys::HtmlElement>().focus();
        }
    };
    // Tab and Shift+Tab wrap around inside the dialog (the browser would move on to its
    // own controls or the address bar).
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        if event.key() != "Tab" {
            return;
        }
        let Some(element) = dialog.get_untracked() else {
            return;
        };
        let Ok(found) = element.query_selector_all(FOCUSABLE) else {
            return;
        };
        let focusable: Vec<web_sys::HtmlElement> = (0..found.length())
            .filter_map(|i| found.item(i))
            .filter_map(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
            .filter(|candidate| candidate.get_client_rects().length() > 0)
            .collect();
        let (Some(first), Some(last)) = (focusable.first(), focusable.last()) else {
            return;
        };
        let active = element
            .get_root_node()
            .dyn_into::<web_sys::ShadowRoot>()
            .ok()
            .and_then(|root| root.active_element());
        let at = |candidate: &web_sys::HtmlElement| {
            active
                .as_ref()
                .is_some_and(|a| a == candidate.unchecked_ref::<web_sys::Element>())
        };
        let inside = active
            .as_ref()
            .is_some_and(|a| element.contains(Some(a.unchecked_ref())));
        if event.shift_key() && (at(first) || !inside) {
            event.prevent_default();
            let _ = last.focus();
        } else if !event.shift_key() && (at(last) || !inside) {
            event.prevent_default();
            let _ = first.focus();
        }
    };
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    view! {
        <dialog class="readerbox-dialog" id=id node_ref=dialog aria-labelledby=labelled_by on:close=on_close on:keydown=on_keydown>
            <div class="readerbox-dialog-header">
                <h2 class="readerbox-dialog-title" id=title_id>{title}</h2>
                <button type="button" class="readerbox-link-button readerbox-dialog-close" on:click=move |_| open.set(false)>
                    {locale.texts.close}
                </button>
            </div>
            {children()}
        </dialog>
    }
}
