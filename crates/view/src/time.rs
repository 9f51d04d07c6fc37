//! Times as readers read them: "vor 5 Minuten" and "Dienstag, 24. November 2026 um
//! 18:03", written the way the browser's Intl writes them for German and English
//! (checked against Intl in the widget tests), so that the server's first screen and
//! the widget say the same.

/// Central European time's offset from UTC at `utc_ms`, in ms: +1 h, +2 h from the last
/// Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC (the EU's rule).
/// The server writes full dates in it; the widget rewrites them in the reader's zone.
pub fn central_european_offset_ms(utc_ms: f64) -> f64 {
    const HOUR: f64 = 3_600_000.0;
    let year = LocalTime::of(utc_ms).year;
    let last_sunday_01_utc = |month: u32| {
        let days = days_from_civil(year, month, 31);
        let weekday = (days + 4).rem_euclid(7);
        ((days - weekday) as f64 * 24.0 + 1.0) * HOUR
    };
    if utc_ms >= last_sunday_01_utc(3) && utc_ms < last_sunday_01_utc(10) {
        2.0 * HOUR
    } else {
        HOUR
    }
}

/// Milliseconds since the epoch of a UTC time as the server writes them
/// (`2026-11-24T18:03:00Z`, fractions of a second allowed); `None` for anything else.
pub fn utc_millis(rfc3339: &str) -> Option<f64> {
    let text = rfc3339
        .strip_suffix('Z')
        .or_else(|| rfc3339.strip_suffix("+00:00"))?;
    let (date, clock) = text.split_once('T')?;
    let mut date = date.splitn(3, '-').map(str::parse::<i64>);
    let (year, month, day) = (date.next()?.ok()?, date.next()?.ok()?, date.next()?.ok()?);
    let mut clock = clock.splitn(3, ':');
    let hour: f64 = clock.next()?.parse().ok()?;
    let minute: f64 = clock.next()?.parse().ok()?;
    let second: f64 = clock.next()?.parse().ok()?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let days = days_from_civil(year, month as u32, day as u32) as f64;
    Some(((days * 24.0 + hour) * 60.0 + minute) * 60_000.0 + (second * 1000.0).round())
}

/// Days since 1970-01-01 of a date (Howard Hinnant's days_from_civil).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The unit and signed count Intl.RelativeTimeFormat is asked for, `seconds` from now
/// (negative: past). Under a minute is "jetzt", not "vor 3 Sekunden" ticking up.
pub fn relative_unit(seconds: f64) -> (f64, &'static str) {
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
    pub fn for_tag(tag: &str) -> Option<Self> {
        match tag.to_ascii_lowercase().as_str() {
            "de" | "de-de" => Some(Self::German),
            "en" | "en-us" => Some(Self::American),
            "en-gb" => Some(Self::British),
            _ => None,
        }
    }

    /// `value` `unit`s from now as Intl.RelativeTimeFormat with `numeric: "auto"` says it.
    pub fn relative(self, tag: &str, value: f64, unit: &str) -> String {
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
        let number = crate::texts::format_number(tag, count).unwrap_or_else(|| count.to_string());
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
    /// "short"`; `local_ms`: the moment in ms since the epoch plus the zone's offset.
    pub fn full(self, local_ms: f64) -> String {
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
        let local = LocalTime::of(local_ms);
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

/// A moment in a time zone, on the proleptic Gregorian calendar.
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
    fn of(local_ms: f64) -> Self {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn central_european_time_switches_on_the_last_sundays_of_march_and_october() {
        // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
        let at = |days: i64, hour: f64| (days as f64 * 24.0 + hour) * 3_600_000.0;
        let march_29 = days_from_civil(2026, 3, 29);
        let october_25 = days_from_civil(2026, 10, 25);
        assert_eq!(central_european_offset_ms(at(march_29, 0.5)), 3_600_000.0);
        assert_eq!(central_european_offset_ms(at(march_29, 1.0)), 7_200_000.0);
        assert_eq!(central_european_offset_ms(at(october_25, 0.5)), 7_200_000.0);
        assert_eq!(central_european_offset_ms(at(october_25, 1.0)), 3_600_000.0);
    }

    #[test]
    fn full_dates_read_as_intl_writes_them() {
        // 2026-11-24T18:03Z is 19:03 in Berlin.
        let utc = (days_from_civil(2026, 11, 24) as f64 * 24.0 + 18.0) * 3_600_000.0 + 180_000.0;
        let local = utc + central_european_offset_ms(utc);
        assert_eq!(
            OwnFormat::German.full(local),
            "Dienstag, 24. November 2026 um 19:03"
        );
        assert_eq!(
            OwnFormat::American.full(local),
            "Tuesday, November 24, 2026 at 7:03 PM"
        );
        assert_eq!(
            OwnFormat::German.relative("de", -3.0, "hour"),
            "vor 3 Stunden"
        );
        assert_eq!(utc_millis("2026-11-24T18:03:00Z"), Some(utc));
        assert_eq!(utc_millis("2026-11-24T18:03:00.250Z"), Some(utc + 250.0));
        assert_eq!(utc_millis("gestern"), None);
    }
}
