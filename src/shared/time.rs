//! Times as readers read them: "vor 5 Minuten" with the full date for hover and focus
//! (written as the browser's Intl writes them: by us for German and English, by Intl
//! for other locales), and the clock that keeps them current.

use leptos::prelude::*;
use readerbox_view::time::{relative_unit, OwnFormat};
use wasm_bindgen::JsValue;

/// The current time in milliseconds, ticking once a second while the widget lives.
#[derive(Clone, Copy, Debug)]
pub struct Clock(pub RwSignal<f64>);

impl Clock {
    pub fn start() -> Self {
        let now = RwSignal::new(js_sys::Date::now());
        let tick = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
            now.try_set(js_sys::Date::now());
        });
        if let Some(window) = web_sys::window() {
            let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(
                tick.as_ref().unchecked_ref(),
                1_000,
            );
        }
        tick.forget();
        Self(now)
    }

    /// The clock from the enclosing comment area; a still one outside (tests).
    pub fn current() -> Self {
        use_context::<Self>().unwrap_or_else(|| Self(RwSignal::new(js_sys::Date::now())))
    }
}

use wasm_bindgen::JsCast;

/// Milliseconds since the epoch of an RFC 3339 time; `None` if it can't be read.
pub fn millis_of(rfc3339: &str) -> Option<f64> {
    let time = js_sys::Date::new(&JsValue::from_str(rfc3339)).get_time();
    (!time.is_nan()).then_some(time)
}

/// The locale's time formats, made once per widget instance: our own for German and
/// English ([`OwnFormat`]), else the browser's Intl formatters (making one costs far more
/// than using one, and a long thread formats two times for every comment).
pub enum TimeFormats {
    /// German and English, written by [`OwnFormat`] (no Intl object at all).
    Own { tag: String, format: OwnFormat },
    /// Every other locale: Intl's relative time format and its full date format.
    Intl {
        relative: js_sys::Intl::RelativeTimeFormat,
        full: js_sys::Function,
    },
}

impl TimeFormats {
    pub fn new(locale: &str) -> Self {
        match OwnFormat::for_tag(locale) {
            Some(format) => Self::Own {
                tag: locale.to_owned(),
                format,
            },
            None => Self::intl(locale),
        }
    }

    /// Always through Intl, whatever the locale: what the widget tests compare with.
    pub fn intl(locale: &str) -> Self {
        let locales = js_sys::Array::of1(&locale.into());
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"numeric".into(), &"auto".into());
        let relative = js_sys::Intl::RelativeTimeFormat::new(&locales, &options);
        let full = js_sys::Intl::DateTimeFormat::new(&locales, &full_date_options()).format();
        Self::Intl { relative, full }
    }

    /// "vor 5 Minuten", "gestern", "vor 3 Monaten" in the locale's words.
    pub fn relative(&self, then_ms: f64, now_ms: f64) -> String {
        let (value, unit) = relative_unit(((then_ms - now_ms) / 1000.0).round());
        self.in_units(value, unit)
    }

    /// `value` `unit`s from now ("second" … "year"; negative: ago).
    pub fn in_units(&self, value: f64, unit: &str) -> String {
        match self {
            Self::Own { tag, format } => format.relative(tag, value, unit),
            Self::Intl { relative, .. } => relative.format(value, unit).into(),
        }
    }

    /// "Dienstag, 24. November 2026 um 18:03" in the reader's time zone.
    pub fn full(&self, ms: f64) -> String {
        self.full_of(&js_sys::Date::new(&JsValue::from_f64(ms)))
    }

    /// [`Self::full`] of a Date the caller already has (the list has one per comment).
    pub fn full_of(&self, date: &js_sys::Date) -> String {
        match self {
            Self::Own { format, .. } => {
                // The zone's offset at that moment (summer time included): one cheap
                // call, no Intl.
                format.full(date.get_time() - date.get_timezone_offset() * 60_000.0)
            }
            Self::Intl { full, .. } => full
                .call1(&JsValue::UNDEFINED, date)
                .ok()
                .and_then(|text| text.as_string())
                .unwrap_or_default(),
        }
    }
}

/// Intl's `dateStyle: "full", timeStyle: "short"`.
fn full_date_options() -> js_sys::Object {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"full".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    options
}

/// "Dienstag, 24. November 2026 um 18:03" in the reader's time zone; the raw value if it
/// can't be parsed.
pub fn full_date(rfc3339: &str, locale: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(rfc3339));
    let ms = date.get_time();
    if ms.is_nan() {
        return rfc3339.to_owned();
    }
    match OwnFormat::for_tag(locale) {
        Some(own) => own.full(ms - date.get_timezone_offset() * 60_000.0),
        None => date.to_locale_string(locale, &full_date_options()).into(),
    }
}

/// Gives the main thread back to the browser (input, painting) and goes on in a new
/// task: `scheduler.yield()` where there is one (no 4 ms clamp), else a zero timeout.
pub async fn yield_to_browser() {
    use wasm_bindgen::JsCast;
    let scheduler = js_sys::Reflect::get(&js_sys::global(), &"scheduler".into())
        .ok()
        .filter(|scheduler| scheduler.is_object());
    if let Some(scheduler) = scheduler {
        let promise = js_sys::Reflect::get(&scheduler, &"yield".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            .and_then(|f| f.call0(&scheduler).ok())
            .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
        if let Some(promise) = promise {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
            return;
        }
    }
    sleep_ms(0).await;
}

/// Waits `ms` milliseconds (a timer, not a busy loop).
pub async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Waits until the browser has nothing better to do (`requestIdleCallback`, at most
/// `timeout_ms` later), for work no reader waits on; where there is no
/// `requestIdleCallback` (Safari), 50 ms (callers wait in a loop: not a busy one).
pub async fn idle(timeout_ms: u32) {
    use wasm_bindgen::JsCast;
    let window = js_sys::global();
    let request = js_sys::Reflect::get(&window, &"requestIdleCallback".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(request) = request else {
        sleep_ms(50).await;
        return;
    };
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"timeout".into(), &timeout_ms.into());
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = request.call2(&window, &resolve, &options);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
