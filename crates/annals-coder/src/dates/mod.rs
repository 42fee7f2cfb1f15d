//! Dates of events: a small phrase grammar over a parsed sentence, with `jiff` for the
//! calendar arithmetic.
//!
//! What the grammar reads, and the rules it applies (all against the *publication date*,
//! never the clock):
//!
//! - Explicit dates — "June 19, 2024", "19 June 2024", "Sept. 5, 2023", "2024-06-19" (day);
//!   "June 19-20, 2024" (a run of days, `2024-06-19/2024-06-20`, precision day);
//!   "September 2023" (month); "in 1948" (year, only after a preposition such as in, since,
//!   by, until, during, of, or in a range "between 2019 and 2021"); "the 1990s" (decade);
//!   "the 2022 invasion" (year before a singular noun after a determiner); year ranges
//!   "1948-1991" → `1948/1991` and "1991-present" → `1991/<publication year>` (or `1991/..`
//!   without a publication date), precision year;
//!   named periods from `data/eras.tsv` ("the Cold War" → `1947/1991`, precision era).
//!   Basis `explicit`. A four-digit number with a thousands separator ("2,024 troops") or
//!   a number that modifies a noun is never a year.
//! - Partial dates — "June 19", "Sept. 5th", "in September": the year comes from the
//!   publication date, basis `relative`. Of the publication year and the years either side,
//!   a past-tense verb takes the latest date that starts on or before publication; a future
//!   verb ("will", "plans to") the earliest that ends on or after it; anything else the
//!   latest that starts no more than 31 days after publication.
//! - Relative phrases, basis `relative`: "today", "yesterday", "tomorrow"; a weekday
//!   ("on Wednesday") is the latest such day on or before publication, or with a future
//!   verb the first on or after it ("last"/"next" make it strictly before/after);
//!   "last/this/next week" is the Monday–Sunday week, written as an ISO interval of days
//!   `2024-06-10/2024-06-16` with precision `day`; "last/this/next month", "earlier this
//!   month" (month); "last/this/next year" (year); "two days/weeks/months/years ago".
//! - Without a publication date, partial and relative phrases are still found, with value
//!   and precision `None` and basis `unknown`.
//!
//! `historical` is true when the date's last day is more than 365 days before publication;
//! without a publication date only named eras count as historical.

pub mod eras;
mod explicit;
mod lexicon;
mod relative;

use annals_core::{DateBasis, DatePrecision, EventDate, ParsedSentence, Span, Upos};
use jiff::civil::Date;

/// A date phrase found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct DateMention {
    /// 0-based token range `[start, end)` of the phrase.
    pub tokens: (usize, usize),
    pub span: Span,
    pub date: EventDate,
    /// First and last day the date covers, where it is anchored.
    pub first: Option<Date>,
    pub last: Option<Date>,
    pub historical: bool,
}

/// A publication timestamp as records carry it: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SSZ` (or
/// with an offset or fraction) and `YYYY-MM-DD HH:MM:SS`. The day is the date as written.
pub fn parse_published(s: &str) -> Option<Date> {
    let s = s.trim();
    let date: Date = s.get(..10)?.parse().ok()?;
    let rest = s.get(10..)?;
    if rest.is_empty() {
        return Some(date);
    }
    let time = rest.strip_prefix('T').or_else(|| rest.strip_prefix(' '))?;
    let clock = time.get(..5)?;
    let ok = clock.as_bytes().get(2) == Some(&b':')
        && clock
            .bytes()
            .enumerate()
            .all(|(i, b)| i == 2 || b.is_ascii_digit())
        && time
            .get(5..)?
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b':' | b'.' | b'Z' | b'+' | b'-' | b' '));
    ok.then_some(date)
}

/// The date an event gets when its sentence has none: the publication day, or unknown.
pub fn publication_date(published: Option<Date>) -> EventDate {
    match published {
        Some(d) => EventDate {
            value: Some(d.to_string()),
            precision: Some(DatePrecision::Day),
            basis: DateBasis::Publication,
            text: None,
        },
        None => EventDate::unknown(),
    }
}

/// Every date phrase of the sentence, left to right, not overlapping.
pub fn find_dates(
    sentence: &ParsedSentence,
    text: &str,
    published: Option<Date>,
) -> Vec<DateMention> {
    let ctx = Ctx {
        s: sentence,
        text,
        published,
    };
    let mut out = Vec::new();
    let mut last_end = None;
    let mut i = 0;
    while i < sentence.tokens.len() {
        match ctx.at(i, last_end) {
            Some(found) if found.end > i => {
                last_end = Some(found.end);
                i = found.end;
                if let Some(m) = ctx.mention(found) {
                    out.push(m);
                }
            }
            _ => i += 1,
        }
    }
    out
}

/// What a phrase denotes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum When {
    Day(Date),
    /// A run of days (a week): first and last day.
    Days(Date, Date),
    Month(i16, i8),
    Year(i16),
    /// A range of years; an open end ("1991-present" without a publication date) is `None`.
    Years(i16, Option<i16>),
    Decade(i16),
    Era(i16, i16),
    /// Relative to a publication date the document does not have.
    Unanchored,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Found {
    pub start: usize,
    pub end: usize,
    pub when: When,
    pub basis: DateBasis,
}

/// The tense of the clause a date phrase belongs to, as far as the year choice needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tense {
    Past,
    Future,
    Other,
}

const FUTURE_HEADS: &[&str] = &[
    "plan", "expect", "schedule", "set", "due", "intend", "aim", "prepare", "hope", "go",
];

pub(crate) struct Ctx<'a> {
    pub s: &'a ParsedSentence,
    pub text: &'a str,
    pub published: Option<Date>,
}

impl Ctx<'_> {
    pub fn form(&self, i: usize) -> &str {
        self.s.tokens.get(i).map(|t| t.form.as_str()).unwrap_or("")
    }

    pub fn lower(&self, i: usize) -> String {
        self.form(i).to_lowercase()
    }

    fn at(&self, i: usize, last_end: Option<usize>) -> Option<Found> {
        self.era(i)
            .or_else(|| self.explicit(i))
            .or_else(|| self.decade(i))
            .or_else(|| self.year_alone(i, last_end))
            .or_else(|| relative::find(self, i))
    }

    pub(crate) fn found(
        &self,
        start: usize,
        end: usize,
        when: When,
        basis: DateBasis,
    ) -> Option<Found> {
        Some(Found {
            start,
            end,
            when,
            basis,
        })
    }

    /// `make(published)` when there is a publication date, else [`When::Unanchored`].
    pub fn anchor(&self, make: impl FnOnce(Date) -> Option<When>) -> When {
        match self.published {
            Some(p) => make(p).unwrap_or(When::Unanchored),
            None => When::Unanchored,
        }
    }

    /// Tense of the verb governing token `i`.
    pub fn tense(&self, i: usize) -> Tense {
        let tokens = &self.s.tokens;
        let mut v = i;
        for _ in 0..tokens.len() {
            let Some(t) = tokens.get(v) else {
                return Tense::Other;
            };
            if t.upos == Upos::VERB || t.head == 0 {
                break;
            }
            v = t.head - 1;
        }
        let Some(verb) = tokens.get(v) else {
            return Tense::Other;
        };
        let children = || tokens.iter().filter(|t| t.head == v + 1);
        let future_aux = children().any(|t| {
            t.deprel.starts_with("aux") && matches!(t.lemma.as_str(), "will" | "shall" | "'ll")
        });
        let future_head = verb.deprel == "xcomp"
            && tokens
                .get(verb.head.wrapping_sub(1))
                .is_some_and(|h| FUTURE_HEADS.contains(&h.lemma.as_str()));
        if future_aux || future_head {
            return Tense::Future;
        }
        let past = |feats: &str| feats.contains("Tense=Past") && feats.contains("VerbForm=Fin");
        let perfect = children().any(|t| t.deprel == "aux" && t.lemma == "have");
        if past(&verb.feats)
            || perfect
            || children().any(|t| t.deprel.starts_with("aux") && past(&t.feats))
        {
            return Tense::Past;
        }
        Tense::Other
    }

    fn mention(&self, f: Found) -> Option<DateMention> {
        let first_tok = self.s.tokens.get(f.start)?;
        let last_tok = self.s.tokens.get(f.end.checked_sub(1)?)?;
        let span = Span::new(
            first_tok.span.start,
            last_tok.span.end.max(first_tok.span.start),
        );
        let text = span
            .slice(self.text)
            .map(str::to_string)
            .unwrap_or_else(|| {
                let forms: Vec<&str> = (f.start..f.end).map(|i| self.form(i)).collect();
                forms.join(" ")
            });
        let (value, precision, first, last) = describe(f.when);
        let basis = if value.is_none() {
            DateBasis::Unknown
        } else {
            f.basis
        };
        let historical = match (last, self.published) {
            (Some(l), Some(p)) => p
                .checked_sub(jiff::Span::new().days(365))
                .is_ok_and(|limit| l < limit),
            _ => matches!(f.when, When::Era(..)),
        };
        Some(DateMention {
            tokens: (f.start, f.end),
            span,
            date: EventDate {
                value,
                precision,
                basis,
                text: Some(text),
            },
            first,
            last,
            historical,
        })
    }
}

type Described = (
    Option<String>,
    Option<DatePrecision>,
    Option<Date>,
    Option<Date>,
);

fn describe(when: When) -> Described {
    let year_span = |a: i16, b: i16| (Date::new(a, 1, 1).ok(), Date::new(b, 12, 31).ok());
    match when {
        When::Day(d) => (
            Some(d.to_string()),
            Some(DatePrecision::Day),
            Some(d),
            Some(d),
        ),
        When::Days(a, b) => (
            Some(format!("{a}/{b}")),
            Some(DatePrecision::Day),
            Some(a),
            Some(b),
        ),
        When::Month(y, m) => {
            let first = Date::new(y, m, 1).ok();
            let last = first.map(Date::last_of_month);
            (
                Some(format!("{y:04}-{m:02}")),
                Some(DatePrecision::Month),
                first,
                last,
            )
        }
        When::Year(y) => {
            let (a, b) = year_span(y, y);
            (Some(format!("{y:04}")), Some(DatePrecision::Year), a, b)
        }
        When::Years(a, b) => {
            let (first, last) = year_span(a, b.unwrap_or(a));
            let value = match b {
                Some(b) => format!("{a:04}/{b:04}"),
                None => format!("{a:04}/.."),
            };
            (Some(value), Some(DatePrecision::Year), first, b.and(last))
        }
        When::Decade(y) => {
            let (a, b) = year_span(y, y + 9);
            (Some(format!("{y}s")), Some(DatePrecision::Decade), a, b)
        }
        When::Era(f, l) => {
            let (a, b) = year_span(f, l);
            (Some(format!("{f}/{l}")), Some(DatePrecision::Era), a, b)
        }
        When::Unanchored => (None, None, None, None),
    }
}

/// The year for a partial date, among the publication year and the years either side:
/// see the module documentation. `range(y)` gives the first and last day in year `y`.
pub(crate) fn pick_year(
    published: Date,
    tense: Tense,
    range: impl Fn(i16) -> Option<(Date, Date)>,
) -> Option<i16> {
    let py = published.year();
    let candidates: Vec<(i16, Date, Date)> = [py - 1, py, py + 1]
        .into_iter()
        .filter_map(|y| range(y).map(|(a, b)| (y, a, b)))
        .collect();
    match tense {
        Tense::Past => candidates.iter().rev().find(|c| c.1 <= published),
        Tense::Future => candidates.iter().find(|c| c.2 >= published),
        Tense::Other => {
            let near = published.checked_add(jiff::Span::new().days(31)).ok()?;
            candidates.iter().rev().find(|c| c.1 <= near)
        }
    }
    .map(|c| c.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<Date> {
        s.parse().ok()
    }

    #[test]
    fn published_formats() {
        assert_eq!(parse_published("2024-06-19"), d("2024-06-19"));
        assert_eq!(parse_published("2024-06-19T08:30:00Z"), d("2024-06-19"));
        assert_eq!(parse_published("2024-06-19 08:30:00"), d("2024-06-19"));
        assert_eq!(
            parse_published("2024-06-19T08:30:00+09:00"),
            d("2024-06-19")
        );
        assert_eq!(parse_published("2024-13-19"), None);
        assert_eq!(parse_published("2024-06-19junk"), None);
        assert_eq!(parse_published("June 2024"), None);
        assert_eq!(parse_published(""), None);
    }

    #[test]
    fn publication_date_never_invents_today() {
        assert_eq!(publication_date(None), EventDate::unknown());
        let p = publication_date(d("2024-06-19"));
        assert_eq!(p.value.as_deref(), Some("2024-06-19"));
        assert_eq!(p.basis, DateBasis::Publication);
    }

    #[test]
    fn year_choice_follows_tense() {
        let Some(p) = d("2024-06-20") else {
            return;
        };
        let december = |y: i16| {
            let a = Date::new(y, 12, 1).ok()?;
            Some((a, a.last_of_month()))
        };
        assert_eq!(pick_year(p, Tense::Past, december), Some(2023));
        assert_eq!(pick_year(p, Tense::Other, december), Some(2023));
        assert_eq!(pick_year(p, Tense::Future, december), Some(2024));
        let july = |y: i16| {
            let a = Date::new(y, 7, 1).ok()?;
            Some((a, a.last_of_month()))
        };
        assert_eq!(pick_year(p, Tense::Past, july), Some(2023));
        assert_eq!(pick_year(p, Tense::Other, july), Some(2024));
    }
}
