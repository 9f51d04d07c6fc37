//! Times as readers read them: "vor 5 Minuten" with the full date for hover and focus
//! (written as the browser's Intl writes them: by us for German and English, by Intl
//! for other locales), and the clock that keeps them current.

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

/// The locales whose times the widget writes itself, as Intl writes them (checked
/// against Intl in the widget tests): the first Intl formatter a fresh renderer process
/// makes loads ICU's data, 15–35 ms on our benchmark machine before the first comment
/// can show. Every other locale goes through Intl.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OwnFormat {
    German,
    American,
    British,
}

impl OwnFormat {
    fn for_tag(tag: &str) -> Option<Self> {
        match tag.to_ascii_lowercase().as_str() {
            "de" | "de-de" => Some(Self::German),
            "en" | "en-us" => Some(Self::American),
            "en-gb" => Some(Self::British),
            _ => None,
        }
    }

    /// `value` `unit`s from now as Intl.RelativeTimeFormat with `numeric: "auto"` says it.
    fn relative(self, tag: &str, value: f64, unit: &str) -> String {
        let german = self == Self::German;
        let word = match (german, unit, value as i64) {
            (true, "second", 0) => "jetzt",
            (true, "minute", 0) => "in dieser Minute",
            (true, "hour", 0) => "in dieser Stunde",
            (true, "day", -2) => "vorgestern",
            (true, "day", -1) => "gestern",
            (true, "day", 0) => "heute",
            (true, "day", 1) => "morgen",
            (true, "day", 2) => "übermorgen",
            (true, "month", -1) => "letzten Monat",
            (true, "month", 0) => "diesen Monat",
            (true, "month", 1) => "nächsten Monat",
            (true, "year", -1) => "letztes Jahr",
            (true, "year", 0) => "dieses Jahr",
            (true, "year", 1) => "nächstes Jahr",
            (false, "second", 0) => "now",
            (false, "minute", 0) => "this minute",
            (false, "hour", 0) => "this hour",
            (false, "day", -1) => "yesterday",
            (false, "day", 0) => "today",
            (false, "day", 1) => "tomorrow",
            (false, "month", -1) => "last month",
            (false, "month", 0) => "this month",
            (false, "month", 1) => "next month",
            (false, "year", -1) => "last year",
            (false, "year", 0) => "this year",
            (false, "year", 1) => "next year",
            _ => "",
        };
        if !word.is_empty() && value.fract() == 0.0 {
            return word.to_owned();
        }
        let count = value.abs() as usize;
        let number = crate::i18n::format_number(tag, count);
        let one = count == 1;
        if german {
            // Past and future both take the dative: "vor 3 Tagen", "in 3 Tagen".
            let noun = match (unit, one) {
                ("second", true) => "Sekunde",
                ("second", false) => "Sekunden",
                ("minute", true) => "Minute",
                ("minute", false) => "Minuten",
                ("hour", true) => "Stunde",
                ("hour", false) => "Stunden",
                ("day", true) => "Tag",
                ("day", false) => "Tagen",
                ("month", true) => "Monat",
                ("month", false) => "Monaten",
                (_, true) => "Jahr",
                (_, false) => "Jahren",
            };
            let when = if value.is_sign_negative() {
                "vor"
            } else {
                "in"
            };
            format!("{when} {number} {noun}")
        } else {
            let unit = if one {
                unit.to_owned()
            } else {
                format!("{unit}s")
            };
            if value.is_sign_negative() {
                format!("{number} {unit} ago")
            } else {
                format!("in {number} {unit}")
            }
        }
    }

    /// "Dienstag, 24. November 2026 um 18:03", "Tuesday, November 24, 2026 at 6:03 PM",
    /// "Tuesday, 24 November 2026 at 18:03": Intl's `dateStyle: "full", timeStyle:
    /// "short"`, in the reader's time zone.
    fn full(self, date: &js_sys::Date) -> String {
        const WOCHENTAGE: [&str; 7] = [
            "Sonntag",
            "Montag",
            "Dienstag",
            "Mittwoch",
            "Donnerstag",
            "Freitag",
            "Samstag",
        ];
        const MONATE: [&str; 12] = [
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ];
        const WEEKDAYS: [&str; 7] = [
            "Sunday",
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
        ];
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let local = LocalTime::of(date);
        let (weekday, month) = (local.weekday as usize, local.month as usize - 1);
        let (day, year, hour, minute) = (local.day, local.year, local.hour, local.minute);
        match self {
            Self::German => format!(
                "{}, {day}. {} {year} um {hour:02}:{minute:02}",
                WOCHENTAGE[weekday], MONATE[month]
            ),
            Self::American => {
                let (hour12, half) = match hour {
                    0 => (12, "AM"),
                    1..=11 => (hour, "AM"),
                    12 => (12, "PM"),
                    _ => (hour - 12, "PM"),
                };
                format!(
                    "{}, {} {day}, {year} at {hour12}:{minute:02} {half}",
                    WEEKDAYS[weekday], MONTHS[month]
                )
            }
            Self::British => format!(
                "{}, {day} {} {year} at {hour:02}:{minute:02}",
                WEEKDAYS[weekday], MONTHS[month]
            ),
        }
    }
}

/// A moment in the reader's time zone, on the proleptic Gregorian calendar.
struct LocalTime {
    year: i64,
    month: u32,
    day: u32,
    /// 0 = Sunday.
    weekday: u32,
    hour: u32,
    minute: u32,
}

impl LocalTime {
    fn of(date: &js_sys::Date) -> Self {
        // The zone's offset at that moment (summer time included): one cheap call, no Intl.
        let local_ms = date.get_time() - date.get_timezone_offset() * 60_000.0;
        let minutes = (local_ms / 60_000.0).floor() as i64;
        let days = minutes.div_euclid(1440);
        let minute_of_day = minutes.rem_euclid(1440);
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z.rem_euclid(146_097);
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let shifted_month = (5 * day_of_year + 2) / 153;
        let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
        let month = if shifted_month < 10 {
            shifted_month + 3
        } else {
            shifted_month - 9
        } as u32;
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Self {
            year,
            month,
            day,
            // 1970-01-01 was a Thursday.
            weekday: (days + 4).rem_euclid(7) as u32,
            hour: (minute_of_day / 60) as u32,
            minute: (minute_of_day % 60) as u32,
        }
    }
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
            Self::Own { format, .. } => format.full(date),
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
        Some(own) => own.full(&date),
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
