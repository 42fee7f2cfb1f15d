//! Normalisation of `published` values to the input contract: `YYYY-MM-DD` or
//! `YYYY-MM-DDTHH:MM:SSZ`.
//!
//! Accepted variants:
//! - ISO 8601 with `T`, `t` or a space before the time, `/` instead of `-` in the date,
//!   one-digit month/day, optional seconds, fractional seconds (dropped), and a zone of `Z`,
//!   `UTC`/`GMT`, or an offset `±HH:MM`/`±HHMM`/`±HH` (converted to UTC exactly);
//! - compact `YYYYMMDD` and `YYYYMMDDHHMMSS`;
//! - RFC 2822 as in RSS feeds (`Wed, 19 Jun 2024 10:00:00 +0300`, `… GMT`, `… EST`);
//! - `June 19, 2024`, `19 June 2024`, `Jun 19 2024`.
//!
//! A time without a zone cannot be placed on the UTC timeline, so only its date is kept.
//! Anything else is rejected and the caller drops the field with a warning; a missing or
//! bad date is never replaced by "today".

use annals_core::calendar::MONTH_NAMES;

/// Normalise a `published` value; `None` when it cannot be read as a date.
pub fn normalize_published(value: &str) -> Option<String> {
    let s = value.trim();
    if s.is_empty() {
        return None;
    }
    let stamp = parse_iso(s)
        .or_else(|| parse_compact(s))
        .or_else(|| parse_words(s))?;
    Some(stamp.render())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    year: i64,
    month: u32,
    day: u32,
    /// Time of day and the zone offset in minutes east of UTC, when both are known.
    time: Option<(u32, u32, u32, i64)>,
}

impl Stamp {
    fn render(&self) -> String {
        let date = format!("{:04}-{:02}-{:02}", self.year, self.month, self.day);
        let Some((h, mi, s, offset)) = self.time else {
            return date;
        };
        if s > 59 {
            // A leap second cannot be shifted exactly; keep the date as given.
            return date;
        }
        let days = days_from_civil(self.year, self.month, self.day);
        let secs = days * 86_400 + i64::from(h * 3600 + mi * 60 + s) - offset * 60;
        let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
        if !(1..=9999).contains(&y) {
            return date;
        }
        let tod = secs.rem_euclid(86_400);
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            y,
            m,
            d,
            tod / 3600,
            tod % 3600 / 60,
            tod % 60
        )
    }
}

fn date(year: i64, month: u32, day: u32) -> Option<Stamp> {
    let valid = (1..=9999).contains(&year)
        && (1..=12).contains(&month)
        && day >= 1
        && day <= days_in_month(year, month);
    valid.then_some(Stamp {
        year,
        month,
        day,
        time: None,
    })
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 (proleptic Gregorian calendar).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = (if mp < 10 { mp + 3 } else { mp - 9 }) as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// A small cursor over ASCII text.
struct Cursor<'a> {
    s: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(s: &'a str) -> Self {
        Cursor {
            s: s.as_bytes(),
            pos: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Between `min` and `max` ASCII digits.
    fn digits(&mut self, min: usize, max: usize) -> Option<u32> {
        let mut value: u32 = 0;
        let mut n = 0;
        while n < max {
            match self.peek() {
                Some(b @ b'0'..=b'9') => {
                    value = value * 10 + u32::from(b - b'0');
                    self.pos += 1;
                    n += 1;
                }
                _ => break,
            }
        }
        (n >= min).then_some(value)
    }

    fn rest(&self) -> &'a [u8] {
        self.s.get(self.pos..).unwrap_or(&[])
    }

    fn at_end(&self) -> bool {
        self.pos >= self.s.len()
    }
}

fn parse_iso(s: &str) -> Option<Stamp> {
    let mut c = Cursor::new(s);
    let year = c.digits(4, 4)?;
    let sep = c.peek().filter(|b| matches!(b, b'-' | b'/'))?;
    c.pos += 1;
    let month = c.digits(1, 2)?;
    if !c.eat(sep) {
        return None;
    }
    let day = c.digits(1, 2)?;
    let mut stamp = date(i64::from(year), month, day)?;
    if c.at_end() {
        return Some(stamp);
    }
    if !(c.eat(b'T') || c.eat(b't') || c.eat(b' ')) {
        return None;
    }
    let (h, mi, sec) = parse_time(&mut c)?;
    let offset = parse_zone(c.rest())?;
    stamp.time = offset.map(|o| (h, mi, sec, o));
    Some(stamp)
}

/// `HH:MM[:SS[.fraction]]`.
fn parse_time(c: &mut Cursor<'_>) -> Option<(u32, u32, u32)> {
    let h = c.digits(2, 2)?;
    if !c.eat(b':') {
        return None;
    }
    let mi = c.digits(2, 2)?;
    let sec = if c.eat(b':') { c.digits(2, 2)? } else { 0 };
    if c.eat(b'.') || c.eat(b',') {
        c.digits(1, 9)?;
    }
    (h <= 23 && mi <= 59 && sec <= 60).then_some((h, mi, sec))
}

/// The zone after a time: `Ok(Some(minutes east))`, `Some(None)` when absent.
fn parse_zone(rest: &[u8]) -> Option<Option<i64>> {
    let rest = trim_ascii(rest);
    if rest.is_empty() {
        return Some(None);
    }
    if rest.eq_ignore_ascii_case(b"Z") || rest.eq_ignore_ascii_case(b"UTC") {
        return Some(Some(0));
    }
    if rest.eq_ignore_ascii_case(b"GMT") || rest.eq_ignore_ascii_case(b"UT") {
        return Some(Some(0));
    }
    let (sign, digits) = match rest.split_first()? {
        (b'+', d) => (1, d),
        (b'-', d) => (-1, d),
        _ => return named_zone(rest).map(Some),
    };
    let digits: Vec<u8> = digits.iter().copied().filter(|&b| b != b':').collect();
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let num = |d: &[u8]| d.iter().fold(0i64, |a, &b| a * 10 + i64::from(b - b'0'));
    let (h, m) = match digits.len() {
        2 => (num(&digits), 0),
        4 => (num(&digits[..2]), num(&digits[2..])),
        _ => return None,
    };
    (h <= 18 && m <= 59).then_some(Some(sign * (h * 60 + m)))
}

/// North American zone abbreviations as they appear in RFC 2822 dates.
fn named_zone(z: &[u8]) -> Option<i64> {
    const ZONES: &[(&[u8], i64)] = &[
        (b"EST", -300),
        (b"EDT", -240),
        (b"CST", -360),
        (b"CDT", -300),
        (b"MST", -420),
        (b"MDT", -360),
        (b"PST", -480),
        (b"PDT", -420),
    ];
    ZONES
        .iter()
        .find(|(name, _)| z.eq_ignore_ascii_case(name))
        .map(|&(_, off)| off)
}

fn trim_ascii(b: &[u8]) -> &[u8] {
    let start = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    let end = b
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(start, |i| i + 1);
    b.get(start..end).unwrap_or(&[])
}

/// `YYYYMMDD` or `YYYYMMDDHHMMSS` (no zone: date only).
fn parse_compact(s: &str) -> Option<Stamp> {
    if !(s.len() == 8 || s.len() == 14) || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut c = Cursor::new(s);
    let (y, m, d) = (c.digits(4, 4)?, c.digits(2, 2)?, c.digits(2, 2)?);
    if s.len() == 14 {
        let (h, mi, sec) = (c.digits(2, 2)?, c.digits(2, 2)?, c.digits(2, 2)?);
        if h > 23 || mi > 59 || sec > 60 {
            return None;
        }
    }
    date(i64::from(y), m, d)
}

fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    let i = MONTH_NAMES.iter().position(|m| {
        *m == w || (w.len() == 3 && m.starts_with(&w)) || (w == "sept" && *m == "september")
    })?;
    u32::try_from(i + 1).ok()
}

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// RFC 2822 and written-out dates: `[Wed,] 19 Jun 2024 [10:00[:00] zone]`,
/// `June 19, 2024`, `19 June 2024`.
fn parse_words(s: &str) -> Option<Stamp> {
    let mut words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    if let Some(first) = words.first() {
        let f = first.to_ascii_lowercase();
        if f.len() >= 3
            && WEEKDAYS.iter().any(|d| f.starts_with(d))
            && month_number(first).is_none()
        {
            words.remove(0);
        }
    }
    let (a, b, y) = (words.first()?, words.get(1)?, words.get(2)?);
    let (day, month) = match (a.parse::<u32>(), month_number(a)) {
        (Ok(d), _) => (d, month_number(b)?),
        (_, Some(m)) => (
            b.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h'])
                .parse()
                .ok()?,
            m,
        ),
        _ => return None,
    };
    if y.len() != 4 {
        return None;
    }
    let year: i64 = y.parse().ok()?;
    let mut stamp = date(year, month, day)?;
    let Some(time) = words.get(3) else {
        return Some(stamp);
    };
    let mut c = Cursor::new(time);
    let (h, mi, sec) = parse_time(&mut c)?;
    if !c.at_end() {
        return None;
    }
    let zone = words.get(4..).unwrap_or(&[]).join(" ");
    let offset = parse_zone(zone.as_bytes())?;
    stamp.time = offset.map(|o| (h, mi, sec, o));
    Some(stamp)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Option<String> {
        normalize_published(s)
    }

    #[test]
    fn contract_forms_pass_through() {
        assert_eq!(n("2024-06-19").as_deref(), Some("2024-06-19"));
        assert_eq!(
            n("2024-06-19T10:15:00Z").as_deref(),
            Some("2024-06-19T10:15:00Z")
        );
    }

    #[test]
    fn iso_variants() {
        assert_eq!(
            n("2024-06-19 10:15:00Z").as_deref(),
            Some("2024-06-19T10:15:00Z")
        );
        assert_eq!(
            n("2024-06-19T10:15:00.123456Z").as_deref(),
            Some("2024-06-19T10:15:00Z")
        );
        assert_eq!(
            n("2024-06-19T10:15Z").as_deref(),
            Some("2024-06-19T10:15:00Z")
        );
        assert_eq!(n(" 2024/6/9 ").as_deref(), Some("2024-06-09"));
        assert_eq!(
            n("2024-06-19T10:15:00 UTC").as_deref(),
            Some("2024-06-19T10:15:00Z")
        );
    }

    #[test]
    fn offsets_convert_exactly_to_utc() {
        assert_eq!(
            n("2024-06-19T10:15:00+02:00").as_deref(),
            Some("2024-06-19T08:15:00Z")
        );
        assert_eq!(
            n("2024-06-19T22:30:00-0500").as_deref(),
            Some("2024-06-20T03:30:00Z")
        );
        // Across a year and a leap day.
        assert_eq!(
            n("2025-01-01T01:00:00+09").as_deref(),
            Some("2024-12-31T16:00:00Z")
        );
        assert_eq!(
            n("2024-03-01T00:30:00+01:00").as_deref(),
            Some("2024-02-29T23:30:00Z")
        );
    }

    #[test]
    fn time_without_zone_keeps_date_only() {
        assert_eq!(n("2024-06-19T10:15:00").as_deref(), Some("2024-06-19"));
        assert_eq!(n("2024-06-19 10:15").as_deref(), Some("2024-06-19"));
        assert_eq!(n("20240619101500").as_deref(), Some("2024-06-19"));
        assert_eq!(n("20240619").as_deref(), Some("2024-06-19"));
    }

    #[test]
    fn rfc2822_and_written_dates() {
        assert_eq!(
            n("Wed, 19 Jun 2024 10:00:00 +0300").as_deref(),
            Some("2024-06-19T07:00:00Z")
        );
        assert_eq!(
            n("Wed, 19 Jun 2024 10:00:00 GMT").as_deref(),
            Some("2024-06-19T10:00:00Z")
        );
        assert_eq!(
            n("19 Jun 2024 20:00 EDT").as_deref(),
            Some("2024-06-20T00:00:00Z")
        );
        assert_eq!(n("June 19, 2024").as_deref(), Some("2024-06-19"));
        assert_eq!(n("19 June 2024").as_deref(), Some("2024-06-19"));
        assert_eq!(n("Sept 3 2024").as_deref(), Some("2024-09-03"));
        assert_eq!(n("March 1st, 2024").as_deref(), Some("2024-03-01"));
    }

    #[test]
    fn invalid_dates_rejected() {
        for bad in [
            "",
            "yesterday",
            "2024-13-01",
            "2023-02-29",
            "2024-06-31",
            "2024-06-19T25:00:00Z",
            "2024-06-19T10:15:00+99:00",
            "2024-06-19X",
            "2024-06-19T10:15:00 Mars",
            "24-06-19",
            "June 2024",
            "99999999",
            "19 Foo 2024",
        ] {
            assert_eq!(n(bad), None, "{bad:?} should be rejected");
        }
        assert_eq!(n("2024-02-29").as_deref(), Some("2024-02-29"));
    }

    #[test]
    fn civil_round_trip() {
        for days in [-719_468, -1, 0, 1, 19_893, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
    }
}
