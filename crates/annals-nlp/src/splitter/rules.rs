//! Sentence boundaries inside a run of text that has no hard (layout) breaks.
//!
//! The run is scanned word by word (words are whitespace-separated chunks); at every gap
//! the word before and the word after decide: sentence punctuation (`.`, `?`, `!`, `…`,
//! possibly followed by closing quotes and brackets) is judged from the word it ends
//! (abbreviation, initial, number) and the word that follows; a few layout cues of
//! e-mail and web text (a time stamp, an address, "Thanks,") end sentences without
//! punctuation (see `cues`).

use annals_core::Span;

use super::bytes::{is_opener_at, space_len, trimmed};
use super::cues;
use super::lexicon::{is_dotted_acronym, AbbrevClass, Lexicon};

/// What the word before a period says about the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Before {
    /// An ordinary word: the period ends the sentence.
    Word,
    Abbrev(AbbrevClass),
    /// A lone capital letter (an initial, as in "George W. Bush").
    Initial,
    /// A small number opening a sentence or following a colon ("1. Be responsible").
    ListNumber,
}

/// The sentence-final punctuation at the end of a word, with any closers after it.
#[derive(Debug, Default)]
struct Run {
    /// Where the punctuation starts.
    start: usize,
    periods: usize,
    question_or_bang: bool,
    ellipsis: bool,
    quote_closer: bool,
}

/// A gap between two words, with what the rules need to know about its surroundings.
pub(super) struct Gap<'a> {
    pub text: &'a str,
    /// Start of the current sentence.
    pub sent_start: usize,
    /// Words of the current sentence before `word`.
    pub words_before: usize,
    /// The word before the gap.
    pub word: Span,
    /// Start of the word after the gap.
    pub next: usize,
    /// End of the run being split.
    pub end: usize,
}

impl<'a> Gap<'a> {
    pub fn word_text(&self) -> &'a str {
        self.word.slice(self.text).unwrap_or("")
    }

    /// The word after the gap.
    pub fn next_text(&self) -> &'a str {
        word_at(self.text, self.next, self.end)
    }

    /// The word after the next one ("" at the end of the run).
    pub fn next_next_text(&self) -> &'a str {
        let b = self.text.as_bytes();
        let after = self.next + self.next_text().len();
        let start = skip_spaces(b, after, self.end);
        word_at(self.text, start, self.end)
    }
}

/// Split `text[start..end]` into sentences, pushing their trimmed spans onto `out`.
pub(super) fn split_run(text: &str, start: usize, end: usize, lex: &Lexicon, out: &mut Vec<Span>) {
    let b = text.as_bytes();
    let mut sent_start = start;
    let mut words_before = 0;
    let mut i = skip_spaces(b, start, end);
    while i < end {
        let mut word_end = i;
        while word_end < end && space_len(b, word_end) == 0 {
            word_end += 1;
        }
        let next = skip_spaces(b, word_end, end);
        if next >= end {
            break;
        }
        let gap = Gap {
            text,
            sent_start,
            words_before,
            word: Span::new(i, word_end),
            next,
            end,
        };
        if ends_sentence(&gap, lex) {
            push_trimmed(text, sent_start, word_end, out);
            sent_start = next;
            words_before = 0;
        } else {
            words_before += 1;
        }
        i = next;
    }
    push_trimmed(text, sent_start, end, out);
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    if let Some(span) = trimmed(text, start, end) {
        super::cap::push_capped(text, span, super::cap::MAX_SENTENCE_BYTES, out);
    }
}

fn skip_spaces(b: &[u8], mut i: usize, end: usize) -> usize {
    while i < end {
        let n = space_len(b, i);
        if n == 0 {
            break;
        }
        i += n;
    }
    i
}

/// Whether the sentence ends at the gap.
fn ends_sentence(gap: &Gap<'_>, lex: &Lexicon) -> bool {
    if cues::before_time_stamp(gap) {
        return true;
    }
    let word = gap.word_text();
    match final_run(word) {
        Some(run) => ends_at_punctuation(gap, &run, lex),
        None => cues::ends_without_punctuation(gap, lex),
    }
}

/// The sentence punctuation ending `word` ("." in "U.S.", "?”" in "why?”"), if any.
fn final_run(word: &str) -> Option<Run> {
    let mut run = Run::default();
    let mut found = false;
    let mut k = word.len();
    for c in word.chars().rev() {
        match c {
            '.' => run.periods += 1,
            '?' | '!' => run.question_or_bang = true,
            '…' => run.ellipsis = true,
            '"' | '\'' | '”' | '’' | '»' | '›' => {
                run.quote_closer = true;
                k -= c.len_utf8();
                continue;
            }
            ')' | ']' | '}' => {
                k -= c.len_utf8();
                continue;
            }
            _ => break,
        }
        found = true;
        k -= c.len_utf8();
    }
    run.start = k;
    run.ellipsis |= run.periods >= 2;
    found.then_some(run)
}

/// Whether the punctuation `run` at the end of the gap's word ends the sentence.
fn ends_at_punctuation(gap: &Gap<'_>, run: &Run, lex: &Lexicon) -> bool {
    let next_word = gap.next_text();
    let Some(first) = next_word.chars().next() else {
        return true;
    };
    // Punctuation that cannot open a sentence, more of the same (". . .", "? ?"), or an
    // emoticon or symbol that trails the sentence ("Have fun! :)"). An ellipsis can open
    // one ("... Specifically, …").
    let ellipsis_next = next_word.starts_with("..") || next_word.starts_with('…');
    if (matches!(
        first,
        ',' | ';' | ':' | ')' | ']' | '}' | '.' | '?' | '!' | '^' | '=' | '>' | '<' | '~' | '|'
    ) && !ellipsis_next)
        || (first == '-' && next_word.len() > 1 && !next_word.starts_with("--"))
    {
        return false;
    }
    let next_core = strip_openers(next_word);
    let next_lower = next_core.chars().next().is_some_and(char::is_lowercase);
    let next_upper = next_core
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    if run.question_or_bang && run.periods == 0 {
        // `"Why?" she asked` continues; web text often starts sentences in lowercase.
        return !(run.quote_closer && next_lower);
    }
    if run.ellipsis {
        return next_upper;
    }
    let word = gap.word_text();
    let prev = word.get(..run.start).unwrap_or("");
    let opens = gap.words_before == 0;
    let after_colon = !opens && previous_word_ends_with_colon(gap);
    match classify(prev, opens || after_colon, lex) {
        Before::Word => true,
        Before::ListNumber => false,
        Before::Abbrev(AbbrevClass::Title | AbbrevClass::Inner) => false,
        Before::Abbrev(AbbrevClass::Number) => !first.is_ascii_digit() && first != '#',
        Before::Abbrev(AbbrevClass::Month) => {
            !first.is_ascii_digit() && starts_sentence(next_core, lex)
        }
        Before::Abbrev(AbbrevClass::Final) | Before::Initial => starts_sentence(next_core, lex),
    }
}

/// Whether the word before the gap's word ends with a colon ("advice: 1. Be …").
fn previous_word_ends_with_colon(gap: &Gap<'_>) -> bool {
    let before = gap
        .text
        .get(gap.sent_start..gap.word.start)
        .unwrap_or("")
        .trim_end();
    before.ends_with(':')
}

/// A sentence-starter word, judged on its leading letters ("The", "It's" → "It").
pub(super) fn starts_sentence(word: &str, lex: &Lexicon) -> bool {
    let letters = word
        .char_indices()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(word, |(i, _)| word.get(..i).unwrap_or(word));
    lex.is_starter(letters)
}

/// What kind of word `prev` (the word without its final punctuation) is.
fn classify(prev: &str, list_position: bool, lex: &Lexicon) -> Before {
    let core = strip_openers(prev).trim_start_matches(['*', '#']);
    if core.is_empty() || core.contains("://") || core.contains('@') {
        return Before::Word;
    }
    if let Some(class) = lex.abbreviation(core) {
        return Before::Abbrev(class);
    }
    let bytes = core.as_bytes();
    if let [c] = bytes {
        if c.is_ascii_uppercase() {
            return Before::Initial;
        }
    }
    if is_dotted_acronym(core) {
        return Before::Abbrev(AbbrevClass::Final);
    }
    if list_position && bytes.len() <= 2 && bytes.iter().all(u8::is_ascii_digit) {
        return Before::ListNumber;
    }
    Before::Word
}

/// The whitespace-delimited word starting at `at`.
pub(super) fn word_at(text: &str, at: usize, end: usize) -> &str {
    let b = text.as_bytes();
    let mut j = at;
    while j < end && space_len(b, j) == 0 {
        j += 1;
    }
    text.get(at..j).unwrap_or("")
}

/// `word` without leading quotes and brackets.
pub(super) fn strip_openers(word: &str) -> &str {
    let b = word.as_bytes();
    let mut i = 0;
    loop {
        let n = is_opener_at(b, i);
        if n == 0 {
            break;
        }
        i += n;
    }
    word.get(i..).unwrap_or("")
}
