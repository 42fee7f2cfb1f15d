//! Sentence ends without sentence punctuation, as e-mail and web text has them: around a
//! time stamp ("Kay Mann 11/28/2000 09:46 AM Now that …"), after an e-mail address or
//! URL, an emoticon or a letter closing ("Thanks, Sara"). Each cue also needs the next
//! word to look like a sentence start. Cues that were tried on UD English-EWT train and
//! cost more than they gained: a colon ending a clause, a dash, a closing bracket, a
//! numbered item, a lone name before a comma.

use super::lexicon::Lexicon;
use super::rules::{strip_openers, Gap};

/// Whether the sentence ends at `gap` although the word before it has no final `.?!`.
pub(super) fn ends_without_punctuation(gap: &Gap<'_>, lex: &Lexicon) -> bool {
    let word = gap.word_text();
    let bytes = word.as_bytes();
    let Some(&last) = bytes.last() else {
        return false;
    };
    // Cheap tests first: most words are none of these.
    let maybe_closing = last == b',';
    let maybe_time = matches!(last, b'M' | b'm');
    let maybe_emoticon = bytes
        .first()
        .is_some_and(|b| b.is_ascii_punctuation() || *b == b'x');
    let maybe_address = bytes.iter().any(|&b| b == b'@' || b == b':' || b == b'.');
    if !(maybe_closing || maybe_time || maybe_emoticon || maybe_address) {
        return false;
    }
    let next = gap.next_text();
    let next_core = strip_openers(next);
    let Some(first) = next_core.chars().next() else {
        return false;
    };
    let next_capital = first.is_uppercase() || first.is_ascii_digit();
    if !next_capital && !is_address(next) {
        return false;
    }
    if maybe_closing {
        return after_closing(gap, lex);
    }
    if maybe_time && is_time_stamp_end(gap) {
        return !is_time_zone(next);
    }
    (maybe_emoticon && lex.is_emoticon(word)) || (maybe_address && is_address(word))
}

/// A date and clock time follow ("Kay Mann 10/26/2000 11:26 AM"), as in e-mail headers.
pub(super) fn before_time_stamp(gap: &Gap<'_>) -> bool {
    gap.text
        .as_bytes()
        .get(gap.next)
        .is_some_and(u8::is_ascii_digit)
        && is_date(gap.next_text())
        && is_clock(gap.next_next_text())
}

/// "11/28/2000", "09/16/99".
fn is_date(s: &str) -> bool {
    let mut n = 0;
    for p in s.split('/') {
        if p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        n += 1;
    }
    n == 3
}

/// "Thanks, Sara", "Best regards, Jeff", "Dear Ann, I …": a letter's closing or
/// salutation on its own.
fn after_closing(gap: &Gap<'_>, lex: &Lexicon) -> bool {
    let sentence = gap
        .text
        .get(gap.sent_start..gap.word.end)
        .unwrap_or("")
        .trim_end_matches(',');
    if lex.is_closing(sentence) {
        return true;
    }
    // "Dear Mr. Horton,", "Hi there,": a salutation of up to four words.
    let first = sentence.split_whitespace().next().unwrap_or("");
    gap.words_before < 4 && lex.is_salutation(first)
}

/// The gap follows "AM"/"PM" ending a clock time ("09:46 AM", "7:30PM").
fn is_time_stamp_end(gap: &Gap<'_>) -> bool {
    let word = gap.word_text();
    let Some(stem) = ["AM", "PM", "am", "pm"]
        .iter()
        .find_map(|m| word.strip_suffix(m))
    else {
        return false;
    };
    if !stem.is_empty() {
        return is_clock(stem);
    }
    let before = gap
        .text
        .get(gap.sent_start..gap.word.start)
        .unwrap_or("")
        .trim_end();
    let prev = before.rsplit(char::is_whitespace).next().unwrap_or("");
    is_clock(prev)
}

/// "9:46", "09:46:12".
fn is_clock(s: &str) -> bool {
    let mut parts = s.split(':');
    let hour = parts.next().unwrap_or("");
    if hour.is_empty() || hour.len() > 2 || !hour.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let mut minutes = 0;
    for p in parts {
        if p.len() != 2 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        minutes += 1;
    }
    (1..=2).contains(&minutes)
}

/// "CST", "EDT", "GMT": a time zone continues the time stamp.
fn is_time_zone(word: &str) -> bool {
    let w = word.trim_end_matches([',', ')', '.']);
    (2..=4).contains(&w.len())
        && w.bytes().all(|b| b.is_ascii_uppercase())
        && (w.ends_with('T') || w == "UTC")
}

/// An e-mail address or URL, possibly in angle brackets.
fn is_address(word: &str) -> bool {
    let w = word
        .trim_start_matches(['<', '(', '['])
        .trim_end_matches(['>', ')', ']', ',', ';']);
    if w.contains("://") || w.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("www.")) {
        return true;
    }
    w.split_once('@')
        .is_some_and(|(user, host)| !user.is_empty() && host.contains('.') && !host.ends_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_and_zones() {
        assert!(is_clock("9:46"));
        assert!(is_clock("09:46:12"));
        assert!(!is_clock("946"));
        assert!(!is_clock("9:4"));
        assert!(is_time_zone("CST"));
        assert!(is_time_zone("UTC,"));
        assert!(!is_time_zone("The"));
    }

    #[test]
    fn addresses() {
        assert!(is_address("<press@example.org>"));
        assert!(is_address("https://example.org/a"));
        assert!(is_address("www.example.org,"));
        assert!(!is_address("user@localhost"));
        assert!(!is_address("@handle"));
    }
}
