//! What a sentence states that two reports can disagree on, read from its text alone (so
//! sentences the coder coded nothing from can still be compared): explicit dates and
//! counted quantities with the noun they count.
//!
//! Deliberately narrow, for precision: dates need a month name or "in" before a bare year;
//! a quantity needs digits followed by the noun it counts.

use crate::precision::DateRange;
use crate::terms::words;
use annals_core::calendar::MONTH_NAMES;

/// A date written in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct TextDate {
    /// Normalised value (`2024-06-19`, `2023-09`, `2023`).
    pub value: String,
    /// The words it was read from ("19 June 2024").
    pub text: String,
    /// The days it covers.
    pub range: DateRange,
}

/// A counted quantity written in a sentence ("11,000 containers").
#[derive(Debug, Clone, PartialEq)]
pub struct TextQuantity {
    /// The number (multipliers such as "million" applied).
    pub value: f64,
    /// The counted noun, stemmed as terms are ("container").
    pub unit: String,
    /// The words it was read from.
    pub text: String,
    /// Hedged ("about", "more than", "at least" …): compared with a wider margin.
    pub approximate: bool,
}

/// Everything [`read`] finds in one sentence.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Facts {
    /// Explicit dates.
    pub dates: Vec<TextDate>,
    /// Counted quantities.
    pub quantities: Vec<TextQuantity>,
}

/// Words before a number that make it an estimate or a bound.
const HEDGES: &[&str] = &[
    "about",
    "almost",
    "approximately",
    "around",
    "estimated",
    "least",
    "less",
    "more",
    "nearly",
    "over",
    "roughly",
    "some",
    "than",
    "under",
    "up",
];

fn month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    // Full names, and the three-letter abbreviations ("Sept." too).
    MONTH_NAMES
        .iter()
        .position(|m| *m == w || (w.len() <= 4 && m.starts_with(&w)))
        .and_then(|i| u32::try_from(i + 1).ok())
}

fn day(word: &str) -> Option<u32> {
    let w = word.trim_end_matches(|c: char| c == ',' || c.is_alphabetic());
    let d: u32 = w.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

fn year(word: &str) -> Option<u32> {
    let w = word.trim_end_matches([',', '.', ';', ':', ')']);
    let y: u32 = (w.len() == 4).then(|| w.parse().ok()).flatten()?;
    (1800..=2199).contains(&y).then_some(y)
}

/// Tokens of a sentence: whitespace-separated, outer quotes and brackets cut.
fn tokens(text: &str) -> Vec<&str> {
    text.split_whitespace()
        .map(|t| t.trim_matches(|c: char| "\"'“”‘’()[]".contains(c)))
        .filter(|t| !t.is_empty())
        .collect()
}

fn date(value: String, text: String) -> Option<TextDate> {
    let range = DateRange::parse(&value)?;
    Some(TextDate { value, text, range })
}

/// The date starting at token `i`, with the number of tokens it takes.
fn date_at(t: &[&str], i: usize) -> Option<(TextDate, usize)> {
    let at = |k: usize| t.get(i + k).copied().unwrap_or("");
    let text = |n: usize| t.get(i..i + n).map(|s| s.join(" ")).unwrap_or_default();
    // 19 June 2024
    if let (Some(d), Some(m), Some(y)) = (day(at(0)), month(at(1)), year(at(2))) {
        return date(format!("{y:04}-{m:02}-{d:02}"), text(3)).map(|x| (x, 3));
    }
    // June 19, 2024
    if let (Some(m), Some(d), Some(y)) = (month(at(0)), day(at(1)), year(at(2))) {
        return date(format!("{y:04}-{m:02}-{d:02}"), text(3)).map(|x| (x, 3));
    }
    // June 2024 ("may" alone is too often the verb: it needs a capital)
    if let (Some(m), Some(y)) = (month(at(0)), year(at(1))) {
        if m != 5 || at(0).starts_with('M') {
            return date(format!("{y:04}-{m:02}"), text(2)).map(|x| (x, 2));
        }
    }
    // in 2023
    if at(0).eq_ignore_ascii_case("in") {
        if let Some(y) = year(at(1)) {
            return date(
                format!("{y:04}"),
                at(1).trim_end_matches([',', '.']).to_string(),
            )
            .map(|x| (x, 2));
        }
    }
    None
}

/// A number written with digits (`11,000`, `6.7`), with a following multiplier word.
fn number(word: &str) -> Option<f64> {
    let w = word.trim_end_matches([',', '.', ';', ':']);
    if w.is_empty()
        || !w
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
    {
        return None;
    }
    if !w.bytes().next().is_some_and(|b| b.is_ascii_digit()) {
        return None;
    }
    w.replace(',', "").parse().ok()
}

fn multiplier(word: &str) -> Option<f64> {
    match word.trim_end_matches([',', '.']).to_lowercase().as_str() {
        "thousand" => Some(1e3),
        "million" => Some(1e6),
        "billion" => Some(1e9),
        _ => None,
    }
}

/// The quantity starting at token `i` (not part of a date, not a year).
fn quantity_at(t: &[&str], i: usize) -> Option<TextQuantity> {
    let word = t.get(i)?;
    let mut value = number(word)?;
    // Years are dates; "0300" is a clock time.
    if (year(word).is_some() && !word.contains(',')) || word.starts_with('0') && word.len() == 4 {
        return None;
    }
    let mut next = i + 1;
    if let Some(m) = t.get(next).and_then(|w| multiplier(w)) {
        value *= m;
        next += 1;
    }
    // The counted noun follows directly ("11,000 containers"), else no quantity.
    let unit = t.get(next).and_then(|w| words(w).next())?;
    if month(t.get(next).copied().unwrap_or("")).is_some() {
        return None;
    }
    let before = |k: usize| {
        i.checked_sub(k)
            .and_then(|j| t.get(j))
            .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase())
            .unwrap_or_default()
    };
    let approximate = HEDGES.contains(&before(1).as_str()) || HEDGES.contains(&before(2).as_str());
    Some(TextQuantity {
        value,
        unit,
        text: t.get(i..=next).map(|s| s.join(" ")).unwrap_or_default(),
        approximate,
    })
}

/// The dates and quantities of one sentence.
pub fn read(text: &str) -> Facts {
    let t = tokens(text);
    let mut facts = Facts::default();
    let mut i = 0;
    while i < t.len() {
        if let Some((d, used)) = date_at(&t, i) {
            facts.dates.push(d);
            i += used;
            continue;
        }
        if let Some(q) = quantity_at(&t, i) {
            facts.quantities.push(q);
        }
        i += 1;
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_at_the_precision_written() {
        let f = read("Putin visited North Korea on 19 June 2024, after a visit in September 2023.");
        let values: Vec<&str> = f.dates.iter().map(|d| d.value.as_str()).collect();
        assert_eq!(values, ["2024-06-19", "2023-09"]);
        assert_eq!(f.dates[1].text, "September 2023.");
        let f = read("On June 19, 2024 the leaders met; elections were held in 2021.");
        let values: Vec<&str> = f.dates.iter().map(|d| d.value.as_str()).collect();
        assert_eq!(values, ["2024-06-19", "2021"]);
        // "may" as a verb before a year-like number is no date.
        assert!(read("They may 2000 times").dates.is_empty());
        assert!(read("The 2024 budget").dates.is_empty());
    }

    #[test]
    fn quantities_need_the_counted_noun() {
        let f = read("It shipped 11,000 containers and 2.5 million shells in 2023.");
        let q: Vec<(f64, &str)> = f
            .quantities
            .iter()
            .map(|q| (q.value, q.unit.as_str()))
            .collect();
        assert_eq!(q, [(11_000.0, "container"), (2_500_000.0, "shell")]);
        assert!(!f.quantities[0].approximate);
        let f = read("More than 300 people died; about 40 were hurt.");
        assert!(f.quantities[0].approximate);
        assert_eq!(f.quantities[0].unit, "people");
        assert!(read("The vote was 52 to 48.").quantities.is_empty());
        assert!(read("Fighting began in 2014 near the border.")
            .quantities
            .is_empty());
    }
}
