//! Dates written in the sentence: days, months, years, year ranges, decades and named
//! eras, with the partial forms ("June 19", "in September") that take their year from the
//! publication date.

use annals_core::{DateBasis, Upos};
use jiff::civil::Date;

use super::{eras, lexicon, pick_year, Ctx, Found, When};

const YEAR_AFTER: &[&str] = &[
    "in", "since", "by", "until", "till", "from", "to", "through", "before", "after", "during",
    "of", "between", "around", "circa", "early", "late", "mid", "-", "spring", "summer", "autumn",
    "fall", "winter", "year",
];
const BARE_MONTH_AFTER: &[&str] = &[
    "in", "since", "by", "until", "till", "from", "to", "through", "before", "after", "during",
    "of", "early", "late", "mid", "-", "last", "next", "this", "since",
];
const YEAR_DETERMINERS: &[&str] = &["the", "its", "their", "his", "her", "'s", "’s", "this"];

impl Ctx<'_> {
    pub(super) fn era(&self, i: usize) -> Option<Found> {
        let tok = self.s.tokens.get(i)?;
        if !tok.form.chars().next().is_some_and(char::is_uppercase) {
            return None;
        }
        let rest = self.text.get(tok.span.start..)?;
        for era in eras::eras() {
            let Some(len) = eras::matches_at(rest, &era.words) else {
                continue;
            };
            let end_byte = tok.span.start + len;
            let end = (i..self.s.tokens.len())
                .find(|&j| self.s.tokens.get(j).is_some_and(|t| t.span.end >= end_byte))?;
            let when = When::Era(era.first_year, era.last_year);
            return self.found(i, end + 1, when, DateBasis::Explicit);
        }
        None
    }

    /// "June 19, 2024", "19 June 2024", "September 2023", "June 19", "in September",
    /// "2024-06-19".
    pub(crate) fn explicit(&self, i: usize) -> Option<Found> {
        if let Ok(d) = self.form(i).parse::<Date>() {
            if self.form(i).len() == 10 {
                return self.found(i, i + 1, When::Day(d), DateBasis::Explicit);
            }
        }
        // Day first: "19 June 2024", "5th of May", "19-20 June".
        if let Some(day) = lexicon::day(self.form(i)) {
            let (last_day, after) = self.day_range_end(i + 1).unwrap_or((day, i + 1));
            let m = if self.lower(after) == "of" {
                after + 1
            } else {
                after
            };
            if let Some((month, _)) = lexicon::month(self.form(m)) {
                let (year, end) = self.year_after(m + 1);
                return self.day_month_year(i, end, year, month, (day, last_day));
            }
        }
        // "mid-June" is one token and needs no preposition.
        let (form, mid) = match self.form(i).strip_prefix("mid-") {
            Some(rest) => (rest, true),
            None => (self.form(i), false),
        };
        let (month, full) = lexicon::month(form)?;
        if let Some(day) = lexicon::day(self.form(i + 1)) {
            let (last_day, after) = self.day_range_end(i + 2).unwrap_or((day, i + 2));
            let (year, end) = self.year_after(after);
            return self.day_month_year(i, end, year, month, (day, last_day));
        }
        if let Some(year) = lexicon::year(self.form(i + 1)) {
            return self.found(i, i + 2, When::Month(year, month), DateBasis::Explicit);
        }
        let prev = i.checked_sub(1).map(|p| self.lower(p)).unwrap_or_default();
        let is_aux = self.s.tokens.get(i).is_some_and(|t| t.upos == Upos::AUX);
        if !full || is_aux || !(mid || BARE_MONTH_AFTER.contains(&prev.as_str())) {
            return None;
        }
        let when = self.anchor(|p| {
            let tense = self.tense(i);
            pick_year(p, tense, |y| {
                let first = Date::new(y, month, 1).ok()?;
                Some((first, first.last_of_month()))
            })
            .map(|y| When::Month(y, month))
        });
        self.found(i, i + 1, when, DateBasis::Relative)
    }

    /// A year after a day: ", 2024" or " 2024"; returns it and the end of the phrase.
    pub(super) fn year_after(&self, j: usize) -> (Option<i16>, usize) {
        if self.form(j) == "," {
            if let Some(y) = lexicon::year(self.form(j + 1)) {
                return (Some(y), j + 2);
            }
        }
        match lexicon::year(self.form(j)) {
            Some(y) => (Some(y), j + 1),
            None => (None, j),
        }
    }

    /// "-20", "to 20", "and 20" after a day: the last day and the token after it.
    fn day_range_end(&self, j: usize) -> Option<(i8, usize)> {
        if !matches!(self.lower(j).as_str(), "-" | "–" | "to" | "and") {
            return None;
        }
        lexicon::day(self.form(j + 1)).map(|d| (d, j + 2))
    }

    /// A day or a run of days of one month; `days` is (first, last).
    pub(super) fn day_month_year(
        &self,
        start: usize,
        end: usize,
        year: Option<i16>,
        month: i8,
        days: (i8, i8),
    ) -> Option<Found> {
        let (first, last) = days;
        if last < first {
            return None;
        }
        let when_in = |y: i16| -> Option<When> {
            let a = Date::new(y, month, first).ok()?;
            let b = Date::new(y, month, last).ok()?;
            Some(if a == b {
                When::Day(a)
            } else {
                When::Days(a, b)
            })
        };
        if let Some(y) = year {
            return self.found(start, end, when_in(y)?, DateBasis::Explicit);
        }
        // A day that no year has (February 30) is not a date.
        when_in(2024)?;
        let when = self.anchor(|p| {
            let tense = self.tense(start);
            let y = pick_year(p, tense, |y| {
                let a = Date::new(y, month, first).ok()?;
                Some((a, Date::new(y, month, last).ok()?))
            })?;
            when_in(y)
        });
        self.found(start, end, when, DateBasis::Relative)
    }

    pub(super) fn decade(&self, i: usize) -> Option<Found> {
        let y = lexicon::decade(self.form(i))?;
        self.found(i, i + 1, When::Decade(y), DateBasis::Explicit)
    }

    pub(super) fn year_alone(&self, i: usize, last_end: Option<usize>) -> Option<Found> {
        // "mid-2023" is one token.
        if let Some(y) = self.form(i).strip_prefix("mid-").and_then(lexicon::year) {
            return self.found(i, i + 1, When::Year(y), DateBasis::Explicit);
        }
        let year = lexicon::year(self.form(i))?;
        if let Some(found) = self.year_range(i, year) {
            return Some(found);
        }
        // "1500-2000 troops", "between 1500 and 2000 troops" count troops.
        let connector = matches!(self.lower(i + 1).as_str(), "-" | "–" | "to" | "and" | "or");
        if connector && lexicon::year(self.form(i + 2)).is_some() && self.plural_noun_at(i + 3) {
            return None;
        }
        let tok = self.s.tokens.get(i)?;
        let next = self.s.tokens.get(i + 1);
        let next_is_noun = next.is_some_and(|t| matches!(t.upos, Upos::NOUN | Upos::PROPN));
        let prev = i.checked_sub(1).map(|p| self.lower(p)).unwrap_or_default();
        // "the 2022 invasion", "Russia's 2024 budget": a year before a singular noun.
        let singular_next = next.is_some_and(|t| t.feats.contains("Number=Sing"));
        if next_is_noun && singular_next && YEAR_DETERMINERS.contains(&prev.as_str()) {
            return self.found(i, i + 1, When::Year(year), DateBasis::Explicit);
        }
        if tok.deprel == "nummod" && next_is_noun {
            return None;
        }
        let after_year = i
            .checked_sub(2)
            .is_some_and(|p| lexicon::year(self.form(p)).is_some());
        let range_prev = matches!(prev.as_str(), "and" | "to" | "or" | "-" | "–");
        if range_prev && after_year && self.plural_noun_at(i + 1) {
            return None;
        }
        let in_range = range_prev && i.checked_sub(1).is_some_and(|p| last_end == Some(p));
        if !YEAR_AFTER.contains(&prev.as_str()) && !in_range {
            return None;
        }
        self.found(i, i + 1, When::Year(year), DateBasis::Explicit)
    }

    /// "1948-1991", "1948 to 1991", "1991-present". A range followed by a plural noun
    /// ("1500-2000 troops") is a count, not years.
    pub(super) fn year_range(&self, i: usize, year: i16) -> Option<Found> {
        if !matches!(self.form(i + 1), "-" | "–" | "—" | "to") {
            return None;
        }
        let later = self.lower(i + 2);
        let when = match lexicon::year(self.form(i + 2)) {
            Some(y2) if y2 > year => When::Years(year, Some(y2)),
            Some(_) => return None,
            None if matches!(later.as_str(), "present" | "now" | "today") => {
                When::Years(year, self.published.map(|p| p.year()))
            }
            None => return None,
        };
        if self.plural_noun_at(i + 3) {
            return None;
        }
        self.found(i, i + 3, when, DateBasis::Explicit)
    }

    pub(super) fn plural_noun_at(&self, j: usize) -> bool {
        self.s.tokens.get(j).is_some_and(|t| {
            t.upos == Upos::NOUN
                && (t.feats.contains("Number=Plur") || t.feats.contains("Number=Ptan"))
        })
    }
}
