//! "Artikel versenden": a small menu. The device's share sheet when the browser can
//! share, "E-Mail" (a `mailto:` link, RFC 6068), "Link kopieren" (Clipboard API, else the
//! link shown selected for copying by hand), and plain links to networks the site names.
//! Nothing is loaded from anyone before the reader picks one.

use super::ToolbarContext;
use crate::ui::use_locale;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};

/// Percent-encodes for a `mailto:` header field (RFC 6068): all but unreserved
/// characters; line breaks as `%0D%0A`.
pub fn mailto_encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.replace("\r\n", "\n").replace('\n', "\r\n").bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `mailto:?subject=…&body=…`
pub fn mailto_link(subject: &str, body: &str) -> String {
    format!(
        "mailto:?subject={}&body={}",
        mailto_encode(subject),
        mailto_encode(body)
    )
}

fn navigator() -> Option<JsValue> {
    js_sys::Reflect::get(&web_sys::window()?.into(), &"navigator".into()).ok()
}

/// The share data for `navigator.share`, if this browser says it can share it.
fn shareable(title: &str, url: &str) -> Option<(JsValue, js_sys::Function, JsValue)> {
    let navigator = navigator()?;
    let can_share: js_sys::Function = js_sys::Reflect::get(&navigator, &"canShare".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let share: js_sys::Function = js_sys::Reflect::get(&navigator, &"share".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let data = js_sys::Object::new();
    js_sys::Reflect::set(&data, &"title".into(), &title.into()).ok()?;
    js_sys::Reflect::set(&data, &"url".into(), &url.into()).ok()?;
    let data: JsValue = data.into();
    can_share
        .call1(&navigator, &data)
        .ok()?
        .as_bool()
        .filter(|can| *can)?;
    Some((navigator, share, data))
}

/// Copies `text` with the Clipboard API; false when the browser refuses.
async fn copy_to_clipboard(text: &str) -> bool {
    let Some(clipboard) = navigator()
        .and_then(|navigator| js_sys::Reflect::get(&navigator, &"clipboard".into()).ok())
        .filter(|clipboard| !clipboard.is_undefined() && !clipboard.is_null())
    else {
        return false;
    };
    let Some(write) = js_sys::Reflect::get(&clipboard, &"writeText".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    else {
        return false;
    };
    let Ok(promise) = write.call1(&clipboard, &text.into()) else {
        return false;
    };
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise))
        .await
        .is_ok()
}

/// Fills a network's URL template.
fn network_link(template: &str, url: &str, title: &str) -> String {
    template
        .replace("{url}", &mailto_encode(url))
        .replace("{title}", &mailto_encode(title))
}

#[component]
pub fn ShareMenu() -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts.clone();
    let context = ToolbarContext::current();
    let open = RwSignal::new(false);
    let copied = RwSignal::new(false);
    let manual = RwSignal::new(None::<String>);
    let button = NodeRef::<html::Button>::new();
    let manual_input = NodeRef::<html::Input>::new();
    let menu_id = format!("{}-share", context.ids);

    let close = move || {
        open.set(false);
        if let Some(button) = button.get_untracked() {
            let _ = button.focus();
        }
    };
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        if event.key() == "Escape" {
            event.prevent_default();
            close();
        }
    };
    Effect::new(move |_| {
        if let (Some(url), Some(input)) = (manual.get(), manual_input.get()) {
            input.set_value(&url);
            let _ = input.focus();
            input.select();
        }
    });

    let items = {
        let context = context.clone();
        let t = t.clone();
        move || {
            let info = context.article();
            let native = shareable(&info.title, &info.url).map(|(navigator, share, data)| {
                view! {
                    <li><button type="button" class="readerbox-menu-item" on:click=move |_| {
                        let _ = share.call1(&navigator, &data);
                        open.set(false);
                    }>{t.share_native}</button></li>
                }
            });
            let subject = t.mail_subject.replace("{title}", &info.title);
            let body = t
                .mail_body
                .replace("{title}", &info.title)
                .replace("{url}", &info.url);
            let url_to_copy = info.url.clone();
            let networks = context
                .config
                .share_links
                .iter()
                .map(|(name, template)| {
                    let href = network_link(template, &info.url, &info.title);
                    view! {
                        <li><a class="readerbox-menu-item" href=href target="_blank" rel="noopener noreferrer"
                            on:click=move |_| open.set(false)>{name.clone()}</a></li>
                    }
                })
                .collect_view();
            view! {
                {native}
                <li><a class="readerbox-menu-item readerbox-share-email" href=mailto_link(&subject, &body)
                    on:click=move |_| open.set(false)>{t.share_email}</a></li>
                <li><button type="button" class="readerbox-menu-item readerbox-copy-link" on:click=move |_| {
                    let url = url_to_copy.clone();
                    spawn_local(async move {
                        if copy_to_clipboard(&url).await {
                            manual.set(None);
                            copied.set(true);
                        } else {
                            copied.set(false);
                            manual.set(Some(url));
                        }
                    });
                }>{t.copy_link}</button></li>
                {networks}
            }
        }
    };
    let (copied_text, manual_label) = (t.link_copied, t.copy_manually);
    let manual_id = format!("{menu_id}-manual");
    view! {
        <div class="readerbox-menu-wrap" on:keydown=on_keydown>
            <button type="button" class="readerbox-tool-button readerbox-share" node_ref=button
                aria-expanded=move || open.get().to_string() aria-controls=menu_id.clone()
                on:click=move |_| {
                    copied.set(false);
                    manual.set(None);
                    open.update(|o| *o = !*o);
                }>
                {t.share}
            </button>
            <div class="readerbox-menu" id=menu_id.clone() hidden=move || !open.get()>
                <ul>{move || open.get().then(items.clone())}</ul>
                <p class="readerbox-notice" role="status">{move || copied.get().then_some(copied_text)}</p>
                {move || manual.get().map(|url| view! {
                    <div class="readerbox-field">
                        <label for=manual_id.clone()>{manual_label}</label>
                        <input id=manual_id.clone() class="readerbox-manual-link" type="text" readonly node_ref=manual_input prop:value=url />
                    </div>
                })}
            </div>
        </div>
    }
}
