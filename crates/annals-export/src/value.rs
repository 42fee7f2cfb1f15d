//! Typed cells and columns: one description of each table that every format writes from
//! (text formats print the cells, Parquet maps the kinds to physical and logical types).

use std::borrow::Cow;

/// What a column holds, which decides its Parquet type and how text formats print it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text (a sentence, a title): a UTF-8 string, plain-encoded in Parquet.
    Text,
    /// A code or a name from a small set (CAMEO, PLOVER, country, modality): a UTF-8
    /// string, dictionary-encoded in Parquet because it repeats.
    Code,
    /// A calendar day: Parquet `DATE` (days since 1970-01-01); `YYYY-MM-DD` in text.
    Date,
    /// An instant in UTC with millisecond precision: Parquet `TIMESTAMP(MILLIS, UTC)`;
    /// ISO-8601 in text.
    Timestamp,
    /// A 64-bit integer (counts, byte offsets, sentence indexes).
    Int,
    /// A 64-bit float (Goldstein, confidence, similarity).
    Float,
    /// A boolean.
    Bool,
}

/// One column of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The column's name, as written in headers, JSON keys and Parquet schemas.
    pub name: Cow<'static, str>,
    /// What it holds.
    pub kind: Kind,
    /// Whether a row may lack the value (Parquet `OPTIONAL`, an empty cell, JSON `null`).
    pub nullable: bool,
}

impl Column {
    /// A column that every row fills.
    pub const fn required(name: &'static str, kind: Kind) -> Column {
        Column {
            name: Cow::Borrowed(name),
            kind,
            nullable: false,
        }
    }

    /// A column a row may leave empty.
    pub const fn optional(name: &'static str, kind: Kind) -> Column {
        Column {
            name: Cow::Borrowed(name),
            kind,
            nullable: true,
        }
    }

    /// A nullable column whose name is known at run time (a foreign layout's).
    pub fn named(name: String, kind: Kind) -> Column {
        Column {
            name: Cow::Owned(name),
            kind,
            nullable: true,
        }
    }
}

/// One cell. The variant matches its column's [`Kind`] (`Str` for `Text` and `Code`).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// No value (only in nullable columns).
    Null,
    /// Text or a code.
    Str(String),
    /// Days since 1970-01-01.
    Date(i32),
    /// Milliseconds since 1970-01-01T00:00:00Z.
    Timestamp(i64),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A boolean.
    Bool(bool),
}

impl Value {
    /// A string cell, or `Null` for `None`.
    pub fn opt_str(s: Option<&str>) -> Value {
        s.map_or(Value::Null, |s| Value::Str(s.to_owned()))
    }

    /// An integer cell from an index or offset (saturating: no offset reaches `i64::MAX`).
    pub fn int(n: usize) -> Value {
        Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }

    /// The cell as text formats print it (`None` for `Null`).
    pub fn to_text(&self) -> Option<String> {
        match self {
            Value::Null => None,
            Value::Str(s) => Some(s.clone()),
            Value::Date(d) => Some(format_day(*d)),
            Value::Timestamp(ms) => Some(format_millis(*ms)),
            Value::Int(n) => Some(n.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Bool(b) => Some(b.to_string()),
        }
    }

    /// The cell as a JSON value (dates and timestamps as ISO-8601 text).
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Int(n) => serde_json::Value::from(*n),
            Value::Float(f) => serde_json::Number::from_f64(*f)
                .map_or(serde_json::Value::Null, serde_json::Value::Number),
            Value::Bool(b) => serde_json::Value::Bool(*b),
            other => other
                .to_text()
                .map_or(serde_json::Value::Null, serde_json::Value::String),
        }
    }
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days in a month of the proleptic Gregorian calendar.
pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's `days_from_civil`).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number (the inverse of [`days_from_civil`]).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn digits(s: &str, len: usize) -> Option<i64> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// The day number of `YYYY-MM-DD`; a day past the month's end (the store writes month
/// ends as day 31) is clamped to the month's last day. `None` for anything else.
pub fn parse_day(s: &str) -> Option<i32> {
    let mut parts = s.splitn(3, '-');
    let year = digits(parts.next()?, 4)?;
    let month = u32::try_from(digits(parts.next()?, 2)?).ok()?;
    let day = u32::try_from(digits(parts.next()?, 2)?).ok()?;
    if !(1..=12).contains(&month) || day == 0 {
        return None;
    }
    let day = day.min(days_in_month(year, month));
    i32::try_from(days_from_civil(year, month, day)).ok()
}

/// `YYYY-MM-DD` of a day number.
pub fn format_day(days: i32) -> String {
    let (y, m, d) = civil_from_days(i64::from(days));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Milliseconds since the epoch of an ISO-8601 UTC instant as the store writes them
/// (`YYYY-MM-DDTHH:MM:SS[.fff]Z`; a space instead of `T` is accepted). `None` otherwise.
pub fn parse_millis(s: &str) -> Option<i64> {
    let day = i64::from(parse_day(s.get(..10)?)?);
    let rest = s.get(10..)?.strip_prefix(['T', ' '])?;
    let rest = rest.strip_suffix('Z').unwrap_or(rest);
    let (hms, frac) = rest.split_once('.').unwrap_or((rest, ""));
    let mut hms = hms.split(':');
    let h = digits(hms.next()?, 2)?;
    let m = digits(hms.next()?, 2)?;
    let sec = digits(hms.next()?, 2)?;
    if hms.next().is_some() || h > 23 || m > 59 || sec > 60 {
        return None;
    }
    let ms = match frac.len() {
        0 => 0,
        n if n <= 9 && frac.bytes().all(|b| b.is_ascii_digit()) => {
            let first3: String = frac.chars().chain("000".chars()).take(3).collect();
            first3.parse().ok()?
        }
        _ => return None,
    };
    Some(((day * 24 + h) * 60 + m) * 60_000 + sec * 1000 + ms)
}

/// `YYYY-MM-DDTHH:MM:SS.fffZ` of milliseconds since the epoch.
pub fn format_millis(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let rem = ms.rem_euclid(86_400_000);
    let (y, mo, d) = civil_from_days(days);
    let (h, m, s, f) = (
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000,
    );
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{m:02}:{s:02}.{f:03}Z")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_and_month_ends_clamp() {
        assert_eq!(parse_day("1970-01-01"), Some(0));
        assert_eq!(parse_day("2024-06-19"), Some(19_893));
        assert_eq!(format_day(19_893), "2024-06-19");
        assert_eq!(
            parse_day("2023-02-31").map(format_day).as_deref(),
            Some("2023-02-28")
        );
        assert_eq!(
            parse_day("2024-02-31").map(format_day).as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(parse_day("1969-12-31"), Some(-1));
        for bad in ["2024-13-01", "2024-00-10", "2024-06", "soon", "2024-06-00"] {
            assert_eq!(parse_day(bad), None, "{bad}");
        }
    }

    #[test]
    fn instants_round_trip() {
        let ms = parse_millis("2024-06-19T10:24:00.123Z");
        assert_eq!(ms, Some(1_718_792_640_123));
        assert_eq!(
            ms.map(format_millis).as_deref(),
            Some("2024-06-19T10:24:00.123Z")
        );
        assert_eq!(parse_millis("2024-06-19 10:24:00"), Some(1_718_792_640_000));
        assert_eq!(parse_millis("2024-06-19"), None);
    }
}
