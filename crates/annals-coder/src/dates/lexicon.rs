//! Words of date phrases: month and weekday names, day numbers, years, small number words.

use annals_core::calendar::MONTH_NAMES;
use jiff::civil::Weekday;

/// A month name as written: `(month 1–12, written in full)`. Needs a capital letter, so
/// "may" (the verb) and "march" (the noun) are not months.
pub(crate) fn month(form: &str) -> Option<(i8, bool)> {
    if !form.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    let lower = form.trim_end_matches('.').to_lowercase();
    for (i, full) in MONTH_NAMES.iter().enumerate() {
        // The three-letter abbreviation ("Sep."; "Sept." below).
        let abbr = full.get(..3).unwrap_or(full);
        let n = i8::try_from(i + 1).ok()?;
        if lower == *full {
            return Some((n, true));
        }
        if lower == abbr || (n == 9 && lower == "sept") {
            return Some((n, false));
        }
    }
    None
}

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Monday),
    ("tuesday", Weekday::Tuesday),
    ("wednesday", Weekday::Wednesday),
    ("thursday", Weekday::Thursday),
    ("friday", Weekday::Friday),
    ("saturday", Weekday::Saturday),
    ("sunday", Weekday::Sunday),
];

/// A weekday name, capitalised as in running text.
pub(crate) fn weekday(form: &str) -> Option<Weekday> {
    if !form.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    let lower = form.to_lowercase();
    WEEKDAYS
        .iter()
        .find(|(name, _)| *name == lower)
        .map(|&(_, w)| w)
}

/// A day of the month: `5`, `19`, `5th`, `1st`, `22nd`, `3rd`.
pub(crate) fn day(form: &str) -> Option<i8> {
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|suffix| form.strip_suffix(suffix))
        .unwrap_or(form);
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i8 = digits.parse().ok()?;
    (1..=31).contains(&n).then_some(n)
}

/// A year written as four plain digits, 1000–2100. "2,024" (a count) is not a year.
pub(crate) fn year(form: &str) -> Option<i16> {
    if form.len() != 4 || !form.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i16 = form.parse().ok()?;
    (1000..=2100).contains(&n).then_some(n)
}

/// A decade: `1990s`, `1990's` → 1990.
pub(crate) fn decade(form: &str) -> Option<i16> {
    let digits = form
        .strip_suffix("'s")
        .or_else(|| form.strip_suffix("’s"))
        .or_else(|| form.strip_suffix('s'))?;
    let y = year(digits)?;
    (y % 10 == 0).then_some(y)
}

/// A small count in words or digits ("two", "a", "3") for "two days ago".
pub(crate) fn count(form: &str) -> Option<i64> {
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    let lower = form.to_lowercase();
    if lower == "a" || lower == "an" {
        return Some(1);
    }
    if let Some(i) = WORDS.iter().position(|w| *w == lower) {
        return i64::try_from(i).ok();
    }
    if form.len() <= 3 && form.bytes().all(|b| b.is_ascii_digit()) {
        return form.parse().ok();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        assert_eq!(month("Sept."), Some((9, false)));
        assert_eq!(month("September"), Some((9, true)));
        assert_eq!(month("may"), None);
        assert_eq!(day("5th"), Some(5));
        assert_eq!(day("32"), None);
        assert_eq!(day("th"), None);
        assert_eq!(year("2,024"), None);
        assert_eq!(year("2024"), Some(2024));
        assert_eq!(year("11000"), None);
        assert_eq!(decade("1990s"), Some(1990));
        assert_eq!(decade("1995s"), None);
        assert_eq!(count("two"), Some(2));
        assert_eq!(weekday("Wednesday"), Some(Weekday::Wednesday));
        assert_eq!(weekday("wednesday"), None);
    }
}
