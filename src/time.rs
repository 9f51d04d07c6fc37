//! Times as readers read them: "vor 5 Minuten" (the browser's Intl.RelativeTimeFormat)
//! with the full date for hover and focus, and the clock that keeps them current.

use leptos::prelude::*;
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

/// The unit and signed count Intl.RelativeTimeFormat is asked for, `seconds` from now
/// (negative: past). Under a minute is "jetzt", not "vor 3 Sekunden" ticking up.
fn relative_unit(seconds: f64) -> (f64, &'static str) {
    [
        (60.0, "second"),
        (3600.0, "minute"),
        (86_400.0, "hour"),
        (86_400.0 * 30.0, "day"),
        (86_400.0 * 365.0, "month"),
    ]
    .iter()
    .zip([1.0, 60.0, 3600.0, 86_400.0, 86_400.0 * 30.0])
    .find(|((limit, _), _)| seconds.abs() < *limit)
    .map(|((_, unit), size)| match *unit {
        "second" => (0.0, "second"),
        unit => ((seconds / size).round(), unit),
    })
    .unwrap_or(((seconds / (86_400.0 * 365.0)).round(), "year"))
}

/// The locale's two time formatters, made once per widget instance: making an Intl
/// formatter costs far more than using one, and a long thread formats two times for
/// every comment.
pub struct TimeFormats {
    relative: js_sys::Intl::RelativeTimeFormat,
    full: js_sys::Function,
}

impl TimeFormats {
    pub fn new(locale: &str) -> Self {
        let locales = js_sys::Array::of1(&locale.into());
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"numeric".into(), &"auto".into());
        let relative = js_sys::Intl::RelativeTimeFormat::new(&locales, &options);
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"full".into());
        let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
        let full = js_sys::Intl::DateTimeFormat::new(&locales, &options).format();
        Self { relative, full }
    }

    /// "vor 5 Minuten", "gestern", "vor 3 Monaten" in the locale's words.
    pub fn relative(&self, then_ms: f64, now_ms: f64) -> String {
        let (value, unit) = relative_unit(((then_ms - now_ms) / 1000.0).round());
        self.relative.format(value, unit).into()
    }

    /// "Dienstag, 24. November 2026 um 18:03" in the reader's time zone.
    pub fn full(&self, ms: f64) -> String {
        self.full
            .call1(&JsValue::UNDEFINED, &JsValue::from_f64(ms))
            .ok()
            .and_then(|text| text.as_string())
            .unwrap_or_default()
    }
}

/// "24.11.2026, 18:03" in the reader's time zone; the raw value if it can't be parsed.
pub fn full_date(rfc3339: &str, locale: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(rfc3339));
    if date.get_time().is_nan() {
        return rfc3339.to_owned();
    }
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"full".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    date.to_locale_string(locale, &options).into()
}

/// Waits `ms` milliseconds (a timer, not a busy loop).
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

pub async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
