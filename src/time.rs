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
/// The server's form is read here ([`parse_rfc3339`]): a JS `Date` per comment is a
/// string crossing and a parse; anything else goes to `Date` as before.
pub fn millis_of(rfc3339: &str) -> Option<f64> {
    parse_rfc3339(rfc3339).or_else(|| {
        let time = js_sys::Date::new(&JsValue::from_str(rfc3339)).get_time();
        (!time.is_nan()).then_some(time)
    })
}

/// `2026-11-24T17:03:00Z`, `…:00.5Z`, `…:00+01:00` as milliseconds since the epoch.
pub fn parse_rfc3339(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let number = |from: usize, to: usize| -> Option<i64> {
        let digits = bytes.get(from..to)?;
        digits
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| digits.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0')))
    };
    let separators = [(4, b'-'), (7, b'-'), (13, b':'), (16, b':')];
    if separators.iter().any(|(at, c)| bytes.get(*at) != Some(c))
        || !matches!(bytes.get(10), Some(b'T' | b't' | b' '))
    {
        return None;
    }
    let (year, month, day) = (number(0, 4)?, number(5, 7)?, number(8, 10)?);
    let (hour, minute, second) = (number(11, 13)?, number(14, 16)?, number(17, 19)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
        return None;
    }
    if second > 60 {
        return None;
    }
    let mut at = 19;
    let mut millis = 0;
    if bytes.get(at) == Some(&b'.') {
        let start = at + 1;
        at = start;
        while bytes.get(at).is_some_and(u8::is_ascii_digit) {
            at += 1;
        }
        if at == start {
            return None;
        }
        let fraction = &bytes[start..at.min(start + 3)];
        millis = fraction.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0'))
            * 10_i64.pow(3 - fraction.len() as u32);
    }
    let offset_minutes = match bytes.get(at)? {
        b'Z' | b'z' if at + 1 == bytes.len() => 0,
        sign @ (b'+' | b'-') if at + 6 == bytes.len() && bytes[at + 3] == b':' => {
            let minutes = number(at + 1, at + 3)? * 60 + number(at + 4, at + 6)?;
            if *sign == b'-' {
                -minutes
            } else {
                minutes
            }
        }
        _ => return None,
    };
    // Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    Some((seconds * 1000 + millis) as f64)
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
    /// "vor 3 Tagen" by (count, unit): a long thread has few distinct ones.
    relative_texts: std::cell::RefCell<std::collections::HashMap<(i64, &'static str), JsValue>>,
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
        Self {
            relative,
            full,
            relative_texts: Default::default(),
        }
    }

    /// "vor 5 Minuten", "gestern", "vor 3 Monaten" in the locale's words, as a JS string
    /// (it goes straight into the DOM).
    pub fn relative(&self, then_ms: f64, now_ms: f64) -> JsValue {
        let (value, unit) = relative_unit(((then_ms - now_ms) / 1000.0).round());
        self.relative_texts
            .borrow_mut()
            .entry((value as i64, unit))
            .or_insert_with(|| self.relative.format(value, unit).into())
            .clone()
    }

    /// "Dienstag, 24. November 2026 um 18:03" in the reader's time zone, as a JS string.
    pub fn full(&self, ms: f64) -> js_sys::JsString {
        self.full
            .call1(&JsValue::UNDEFINED, &JsValue::from_f64(ms))
            .ok()
            .and_then(|text| text.dyn_into().ok())
            .unwrap_or_else(|| js_sys::JsString::from(""))
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
