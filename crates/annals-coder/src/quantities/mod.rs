//! Quantities: numbers with their unit and what they count ("11,000 containers of
//! munitions", "$23 billion", "a two-day visit", "50 percent").
//!
//! Rules:
//! - A number is digits ("11,000", "1.5", "5bn"), number words ("three", "twenty-five",
//!   "two hundred"), either followed by a scale word ("million", "bn"), or a vague plural
//!   read as the least it can mean ("dozens of" 24, "hundreds of" 200, "thousands of"
//!   2,000, "tens of thousands of" 20,000); "a dozen" is 12. The text is always kept, so
//!   the reader sees "dozens".
//! - Unit: a currency symbol or word gives an ISO code (`$` → USD, `€` → EUR, `£` → GBP,
//!   `¥` → JPY, "rubles" → RUB, "yuan" → CNY, "won" → KRW); "percent", "per cent" and `%`
//!   give `percent`; "two-day" gives `day`; otherwise the counted noun as written in lower
//!   case, with its compound nouns ("artillery shells"); casualty words ("45 dead",
//!   "120 wounded") are their own unit.
//! - `of`: the noun after "of" ("containers of munitions", "50 percent of the budget"), the
//!   noun a hyphenated measure modifies ("two-day visit" → visit), or after money "in"/
//!   "worth of" ("$23 billion in aid").
//! - Not quantities: a bare four-digit number from 1000 to 2100 with nothing counted
//!   (most likely a year), anything inside a date phrase (years, "June 19", "two days ago", as
//!   [`crate::dates::find_dates`] finds them), ordinals ("second", "5th"), times, and a
//!   number right after a proper noun ("Resolution 2231") or glued to a name ("F-16").

mod number;

use annals_core::{ParsedSentence, Quantity, Span, Upos};

use crate::dates::find_dates;

/// A quantity found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct QuantityMention {
    /// 0-based token range `[start, end)` of the whole phrase.
    pub tokens: (usize, usize),
    pub span: Span,
    /// 0-based token the number modifies: the counted noun or unit, else the currency
    /// symbol, else the number itself.
    pub head: usize,
    pub quantity: Quantity,
}

/// Every quantity in the sentence, left to right.
pub fn find_quantities(sentence: &ParsedSentence, text: &str) -> Vec<QuantityMention> {
    let mut in_date = vec![false; sentence.tokens.len()];
    for m in find_dates(sentence, text, None) {
        for flag in in_date.iter_mut().take(m.tokens.1).skip(m.tokens.0) {
            *flag = true;
        }
    }
    let q = Reader {
        s: sentence,
        text,
        in_date,
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < sentence.tokens.len() {
        match q.at(i) {
            Some(m) if m.tokens.1 > i => {
                i = m.tokens.1;
                out.push(m);
            }
            _ => i += 1,
        }
    }
    out
}

const CURRENCY_SYMBOLS: [(&str, &str); 7] = [
    ("$", "USD"),
    ("us$", "USD"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("¥", "JPY"),
    ("₽", "RUB"),
    ("₩", "KRW"),
];
const CURRENCY_WORDS: [(&str, &str); 12] = [
    ("dollar", "USD"),
    ("dollars", "USD"),
    ("euro", "EUR"),
    ("euros", "EUR"),
    ("ruble", "RUB"),
    ("rubles", "RUB"),
    ("rouble", "RUB"),
    ("roubles", "RUB"),
    ("yuan", "CNY"),
    ("yen", "JPY"),
    ("won", "KRW"),
    ("usd", "USD"),
];

/// Adjectives that count people in casualty reports ("45 dead").
const CASUALTIES: [&str; 5] = ["dead", "wounded", "injured", "missing", "killed"];

struct Reader<'a> {
    s: &'a ParsedSentence,
    text: &'a str,
    in_date: Vec<bool>,
}

impl Reader<'_> {
    fn form(&self, i: usize) -> &str {
        self.s.tokens.get(i).map(|t| t.form.as_str()).unwrap_or("")
    }

    fn lower(&self, i: usize) -> String {
        self.form(i).to_lowercase()
    }

    fn upos(&self, i: usize) -> Option<Upos> {
        self.s.tokens.get(i).map(|t| t.upos)
    }

    fn is_noun(&self, i: usize) -> bool {
        matches!(self.upos(i), Some(Upos::NOUN | Upos::PROPN))
            && self.form(i).chars().next().is_some_and(char::is_alphabetic)
    }

    fn at(&self, i: usize) -> Option<QuantityMention> {
        let lower = self.lower(i);
        let currency = CURRENCY_SYMBOLS
            .iter()
            .find(|(sym, _)| *sym == lower)
            .map(|&(_, code)| code);
        let start_num = if currency.is_some() { i + 1 } else { i };
        let (value, num_end, vague) = self.number(start_num)?;
        if (start_num..num_end).any(|j| self.in_date.get(j).copied().unwrap_or(true)) {
            return None;
        }
        let after_proper = i.checked_sub(1).is_some_and(|p| {
            let capitalised = self.form(p).chars().next().is_some_and(char::is_uppercase);
            let named = self.upos(p) == Some(Upos::PROPN) || (p > 0 && capitalised);
            named && self.is_noun(p) && self.form(p) != "U.S."
        });
        if currency.is_none() && after_proper && self.upos(i) == Some(Upos::NUM) {
            return None;
        }
        // "F-16", "Su-35", "COVID-19": a number glued to a name is part of it.
        let glued = self.s.tokens.get(i).is_some_and(|t| {
            self.text
                .get(..t.span.start)
                .and_then(|before| before.chars().next_back())
                .is_some_and(|c| c == '-' || c.is_alphabetic())
        });
        if currency.is_none() && glued {
            return None;
        }
        let mut unit: Option<String> = currency.map(str::to_string);
        let mut of = None;
        let mut end = num_end;
        let mut head = if currency.is_some() { i } else { num_end - 1 };
        let word = self.lower(num_end);
        if currency.is_some() {
            if let Some((o, e)) = self.money_of(num_end) {
                of = Some(o);
                end = e;
            }
        } else if word == "percent"
            || word == "%"
            || (word == "per" && self.lower(num_end + 1) == "cent")
        {
            end = if word == "per" {
                num_end + 2
            } else {
                num_end + 1
            };
            unit = Some("percent".into());
            head = end - 1;
            if let Some((o, e)) = self.of_phrase(end) {
                of = Some(o);
                end = e;
            }
        } else if let Some(&(_, code)) = CURRENCY_WORDS.iter().find(|(w, _)| *w == word) {
            unit = Some(code.into());
            head = num_end;
            end = num_end + 1;
            if let Some((o, e)) = self.money_of(end) {
                of = Some(o);
                end = e;
            }
        } else if !vague && self.form(num_end) == "-" && self.is_noun(num_end + 1) {
            // "two-day visit", "10-year deal"; "Six-Party Talks" is a name.
            if self.form(num_end + 1).starts_with(char::is_uppercase) {
                return None;
            }
            unit = Some(self.lower(num_end + 1));
            head = num_end + 1;
            end = num_end + 2;
            if self.is_noun(end) {
                of = Some(self.form(end).to_string());
                end += 1;
            }
        } else if CASUALTIES.contains(&word.as_str()) {
            unit = Some(word.clone());
            head = num_end;
            end = num_end + 1;
        } else if let Some((u_start, u_end)) = self.noun_run(num_end) {
            unit = self.slice(u_start, u_end).map(str::to_lowercase);
            head = u_end - 1;
            end = u_end;
            if let Some((o, e)) = self.of_phrase(end) {
                of = Some(o);
                end = e;
            }
        } else if number::digits(self.form(start_num))
            .is_some_and(|v| (1000.0..=2100.0).contains(&v) && v.fract() == 0.0)
            && !self.form(start_num).contains(',')
            && num_end == start_num + 1
        {
            // A bare "2024" that the date grammar did not place is still more likely a
            // year than a count.
            return None;
        } else if vague
            || self.upos(start_num) != Some(Upos::NUM)
            || !self
                .form(start_num)
                .starts_with(|c: char| c.is_ascii_digit())
        {
            // "thousands" or "one" with nothing counted is not a quantity we can state;
            // a bare figure in digits ("killed 12") is kept.
            return None;
        }
        let span = self.span(i, end)?;
        Some(QuantityMention {
            tokens: (i, end),
            span,
            head,
            quantity: Quantity {
                value,
                unit,
                of,
                text: span.slice(self.text).unwrap_or_default().to_string(),
            },
        })
    }

    /// The number starting at `i`: its value, the token after it, and whether it is a
    /// vague plural ("dozens of", which then includes the "of").
    fn number(&self, i: usize) -> Option<(f64, usize, bool)> {
        let tok = self.s.tokens.get(i)?;
        if tok.feats.contains("NumType=Ord") {
            return None;
        }
        let lower = self.lower(i);
        if let Some(v) = number::vague_plural(&lower) {
            // "tens of thousands of"
            if self.lower(i + 1) == "of" {
                if let Some(v2) = number::vague_plural(&self.lower(i + 2)) {
                    if self.lower(i + 3) == "of" {
                        return Some((v * v2 / 2.0, i + 4, true));
                    }
                }
                return Some((v, i + 2, true));
            }
            return None;
        }
        let (mut value, mut j) = if let Some(v) = number::digits(self.form(i)) {
            (v, i + 1)
        } else if lower == "a" || lower == "an" {
            // only "a dozen", "a million", "a hundred"
            let next = self.lower(i + 1);
            if next != "dozen" && next != "hundred" && number::scale(&next).is_none() {
                return None;
            }
            (1.0, i + 1)
        } else {
            self.words(i)?
        };
        if self.lower(j) == "dozen" {
            value *= 12.0;
            j += 1;
        }
        while let Some(sc) = number::scale(self.form(j)) {
            // "m" alone after a number is more often metres than millions.
            if self.lower(j) == "m" && !self.is_money_context(i) {
                break;
            }
            value *= sc;
            j += 1;
        }
        (j > i).then_some((value, j, false))
    }

    fn is_money_context(&self, i: usize) -> bool {
        i.checked_sub(1).is_some_and(|p| {
            let f = self.lower(p);
            CURRENCY_SYMBOLS.iter().any(|(s, _)| *s == f)
        })
    }

    /// "three", "twenty-five", "two hundred", "three thousand five hundred".
    fn words(&self, i: usize) -> Option<(f64, usize)> {
        let mut total = 0.0;
        let mut current = 0.0;
        let mut j = i;
        let mut any = false;
        loop {
            let w = self.lower(j);
            if let Some(v) = number::small_word(&w) {
                current += v;
            } else if w == "hundred" && any {
                current *= 100.0;
            } else if w == "thousand" && any {
                total += current * 1e3;
                current = 0.0;
            } else if w == "-"
                && current >= 20.0
                && current % 10.0 == 0.0
                && number::small_word(&self.lower(j + 1)).is_some_and(|u| u < 10.0)
            {
                // "Twenty - five" split by the tokenizer
            } else if w == "and" && any && number::small_word(&self.lower(j + 1)).is_some() {
                // "two hundred and fifty"
            } else {
                break;
            }
            any = true;
            j += 1;
        }
        any.then_some((total + current, j))
    }

    /// A run of nouns, after optional adjectives: "warships", "new artillery shells".
    fn noun_run(&self, i: usize) -> Option<(usize, usize)> {
        let mut j = i;
        while self.upos(j) == Some(Upos::ADJ) && j < i + 2 {
            j += 1;
        }
        let start = j;
        while self.is_noun(j) && j < start + 3 {
            j += 1;
        }
        (j > start).then_some((start, j))
    }

    /// "of munitions", "of the budget": the nouns and the end of the phrase.
    fn of_phrase(&self, i: usize) -> Option<(String, usize)> {
        if self.lower(i) != "of" {
            return None;
        }
        let mut j = i + 1;
        if self.upos(j) == Some(Upos::DET) {
            j += 1;
        }
        let (a, b) = self.noun_run(j)?;
        Some((self.slice(a, b)?.to_string(), b))
    }

    /// What money is for: "in aid", "worth of weapons", "of investment".
    fn money_of(&self, i: usize) -> Option<(String, usize)> {
        match self.lower(i).as_str() {
            "in" => {
                let (a, b) = self.noun_run(i + 1)?;
                Some((self.slice(a, b)?.to_string(), b))
            }
            "worth" => self.of_phrase(i + 1),
            _ => self.of_phrase(i),
        }
    }

    fn span(&self, a: usize, b: usize) -> Option<Span> {
        let first = self.s.tokens.get(a)?;
        let last = self.s.tokens.get(b.checked_sub(1)?)?;
        Some(Span::new(
            first.span.start,
            last.span.end.max(first.span.start),
        ))
    }

    fn slice(&self, a: usize, b: usize) -> Option<&str> {
        self.span(a, b)?.slice(self.text)
    }
}
