//! Edit scripts (re-case the form, strip k characters, append a string) and word shapes.

use std::borrow::Cow;

/// How the form is re-cased before the edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Case {
    Lower = 0,
    Keep = 1,
    /// First letter upper, the rest lower ("GOODWYN" → "Goodwyn").
    Title = 2,
}

impl Case {
    pub const ALL: [Case; 3] = [Case::Lower, Case::Keep, Case::Title];

    pub fn from_u8(v: u8) -> Option<Case> {
        Case::ALL.get(v as usize).copied()
    }

    /// Apply to a word, borrowing when nothing changes.
    pub fn apply(self, form: &str) -> Cow<'_, str> {
        match self {
            Case::Keep => Cow::Borrowed(form),
            Case::Lower => {
                if form.chars().any(char::is_uppercase) {
                    Cow::Owned(form.to_lowercase())
                } else {
                    Cow::Borrowed(form)
                }
            }
            Case::Title => {
                let mut chars = form.chars();
                let Some(first) = chars.next() else {
                    return Cow::Borrowed(form);
                };
                let rest = chars.as_str();
                if !first.is_lowercase() && !rest.chars().any(char::is_uppercase) {
                    return Cow::Borrowed(form);
                }
                let mut s = String::with_capacity(form.len());
                s.extend(first.to_uppercase());
                s.push_str(&rest.to_lowercase());
                Cow::Owned(s)
            }
        }
    }
}

/// Coarse orthographic class of a form, for choosing the lemma's case.
pub(crate) fn shape_class(form: &str) -> u8 {
    let (mut upper, mut lower, mut first_upper) = (0usize, 0usize, false);
    for (i, c) in form.chars().enumerate() {
        if c.is_uppercase() {
            upper += 1;
            if i == 0 {
                first_upper = true;
            }
        } else if c.is_lowercase() {
            lower += 1;
        }
    }
    match (upper, lower) {
        (0, 0) => 0,
        (0, _) => 1,
        (1, _) if first_upper => 2,
        (_, 0) => 3,
        _ => 4,
    }
}

/// Byte index where the last `n` characters of `s` start, if it has that many.
pub(crate) fn cut_chars(s: &str, n: usize) -> Option<usize> {
    if n == 0 {
        return Some(s.len());
    }
    s.char_indices().rev().nth(n - 1).map(|(i, _)| i)
}

/// Strip `strip` characters from `base` and append `append`; `None` when `base` is
/// too short.
pub(crate) fn apply_edit<'a>(
    base: Cow<'a, str>,
    strip: usize,
    append: &str,
) -> Option<Cow<'a, str>> {
    let cut = cut_chars(&base, strip)?;
    Some(match base {
        Cow::Borrowed(s) if append.is_empty() => Cow::Borrowed(s.get(..cut)?),
        Cow::Owned(mut s) if append.is_empty() => {
            s.truncate(cut);
            Cow::Owned(s)
        }
        base => {
            let mut s = String::with_capacity(cut + append.len());
            s.push_str(base.get(..cut)?);
            s.push_str(append);
            Cow::Owned(s)
        }
    })
}

/// The cheapest (case, strip, append) turning `form` into `lemma`; ties prefer the
/// earlier case in [`Case::ALL`].
pub(crate) fn edit_for(form: &str, lemma: &str) -> (Case, usize, String) {
    let mut best: Option<(usize, Case, usize, String)> = None;
    for case in Case::ALL {
        let cased = case.apply(form);
        let common: usize = cased
            .chars()
            .zip(lemma.chars())
            .take_while(|(a, b)| a == b)
            .map(|(a, _)| a.len_utf8())
            .sum();
        let strip = cased.get(common..).map_or(0, |s| s.chars().count());
        let append = lemma.get(common..).unwrap_or("");
        let cost = strip + append.chars().count();
        let better = match &best {
            Some((c, ..)) => cost < *c,
            None => true,
        };
        if better {
            best = Some((cost, case, strip, append.to_string()));
        }
    }
    best.map_or((Case::Keep, 0, String::new()), |(_, c, s, a)| (c, s, a))
}

/// Digits grouped with commas ("11,000", "1,250.5"): EWT lemmas drop the commas.
pub(crate) fn is_grouped_number(form: &str) -> bool {
    let b = form.as_bytes();
    b.first().is_some_and(u8::is_ascii_digit)
        && b.last().is_some_and(u8::is_ascii_digit)
        && b.contains(&b',')
        && b.iter()
            .all(|c| c.is_ascii_digit() || *c == b',' || *c == b'.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits() {
        assert_eq!(edit_for("fled", "flee"), (Case::Lower, 1, "e".into()));
        assert_eq!(edit_for("The", "the"), (Case::Lower, 0, String::new()));
        assert_eq!(
            edit_for("Americans", "American"),
            (Case::Keep, 1, String::new())
        );
        assert_eq!(
            edit_for("GOODWYN", "Goodwyn"),
            (Case::Title, 0, String::new())
        );
        assert_eq!(edit_for("was", "be"), (Case::Lower, 3, "be".into()));
        assert_eq!(edit_for("i", "I"), (Case::Title, 0, String::new()));
    }

    #[test]
    fn applying_edits_borrows_when_it_can() {
        let r = apply_edit(Case::Lower.apply("missiles"), 1, "").unwrap();
        assert!(matches!(r, Cow::Borrowed("missile")));
        let r = apply_edit(Case::Lower.apply("Countries"), 3, "y").unwrap();
        assert_eq!(r, "country");
        assert_eq!(apply_edit(Cow::Borrowed("ab"), 3, ""), None);
        assert_eq!(apply_edit(Cow::Borrowed("café"), 1, "e").unwrap(), "cafe");
        assert_eq!(Case::Title.apply("éCOLE"), "École");
    }

    #[test]
    fn shapes_and_numbers() {
        assert_eq!(shape_class("123"), 0);
        assert_eq!(shape_class("talks"), 1);
        assert_eq!(shape_class("Paris"), 2);
        assert_eq!(shape_class("NATO"), 3);
        assert_eq!(shape_class("iPhone"), 4);
        assert!(is_grouped_number("11,000"));
        assert!(!is_grouped_number("11000"));
        assert!(!is_grouped_number(",5"));
    }
}
