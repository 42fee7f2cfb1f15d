//! Reading numbers: digits ("11,000", "1.5", "5bn"), words ("three", "twenty-five",
//! "two hundred"), scale words ("million", "bn") and vague plurals ("dozens of").

/// `11,000` → 11000, `1.5` → 1.5, `5bn` → 5e9. Thousands separators must group by three,
/// so "2,02" is not a number; ordinals ("5th") and times ("10:30") are not either.
pub(crate) fn digits(form: &str) -> Option<f64> {
    let lower = form.to_lowercase();
    let (body, scale) = match ["bn", "mn", "tn", "m", "k"]
        .iter()
        .find_map(|s| lower.strip_suffix(s).map(|b| (b, scale(s))))
    {
        Some((b, Some(sc))) if b.bytes().next().is_some_and(|c| c.is_ascii_digit()) => (b, sc),
        _ => (lower.as_str(), 1.0),
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit() || b == b',') {
        return None;
    }
    let groups: Vec<&str> = int.split(',').collect();
    let grouped_ok = groups.len() == 1
        || (groups.first().is_some_and(|g| (1..=3).contains(&g.len()))
            && groups.iter().skip(1).all(|g| g.len() == 3));
    if !grouped_ok {
        return None;
    }
    if let Some(f) = frac {
        if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    let plain: String = body.chars().filter(|&c| c != ',').collect();
    plain.parse::<f64>().ok().map(|v| v * scale)
}

/// Scale words: "million" → 1e6, "bn" → 1e9.
pub(crate) fn scale(word: &str) -> Option<f64> {
    match word.to_lowercase().trim_end_matches('.') {
        "thousand" | "k" => Some(1e3),
        "million" | "mn" | "m" | "mln" => Some(1e6),
        "billion" | "bn" | "bln" => Some(1e9),
        "trillion" | "tn" | "trn" => Some(1e12),
        _ => None,
    }
}

const UNITS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// A number word below a hundred, hyphenated tens included ("twenty-five").
pub(crate) fn small_word(word: &str) -> Option<f64> {
    let lower = word.to_lowercase();
    let one = |w: &str| -> Option<f64> {
        if let Some(i) = UNITS.iter().position(|u| *u == w) {
            return Some(i as f64);
        }
        TENS.iter()
            .position(|t| *t == w)
            .map(|i| (i as f64 + 2.0) * 10.0)
    };
    match lower.split_once('-') {
        Some((tens, unit)) => {
            let (t, u) = (one(tens)?, one(unit)?);
            (t >= 20.0 && t % 10.0 == 0.0 && (1.0..10.0).contains(&u)).then_some(t + u)
        }
        None => one(&lower),
    }
}

/// Vague plurals, read as the least they can mean: "dozens" (of) → 24, "hundreds" → 200,
/// "thousands" → 2,000, "millions" → 2,000,000, "scores" → 40.
pub(crate) fn vague_plural(word: &str) -> Option<f64> {
    match word.to_lowercase().as_str() {
        "dozens" => Some(24.0),
        "scores" => Some(40.0),
        "tens" => Some(20.0),
        "hundreds" => Some(200.0),
        "thousands" => Some(2e3),
        "millions" => Some(2e6),
        "billions" => Some(2e9),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_digits() {
        assert_eq!(digits("11,000"), Some(11000.0));
        assert_eq!(digits("1.5"), Some(1.5));
        assert_eq!(digits("5bn"), Some(5e9));
        assert_eq!(digits("2,02"), None);
        assert_eq!(digits("5th"), None);
        assert_eq!(digits("10:30"), None);
        assert_eq!(digits("1,000,000"), Some(1e6));
        assert_eq!(digits("m"), None);
        assert_eq!(digits("3."), None);
    }

    #[test]
    fn reads_words() {
        assert_eq!(small_word("three"), Some(3.0));
        assert_eq!(small_word("Twenty-five"), Some(25.0));
        assert_eq!(small_word("five-twenty"), None);
        assert_eq!(small_word("second"), None);
        assert_eq!(scale("bn"), Some(1e9));
        assert_eq!(vague_plural("dozens"), Some(24.0));
    }
}
