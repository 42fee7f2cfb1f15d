//! Rule-based tokenizer following UD English-EWT conventions: it returns syntactic words,
//! so clitics and contractions come out as adjacent parts ("don't" → do + n't,
//! "Putin’s" → Putin + ’s, "cannot" → can + not); punctuation is split off except inside
//! numbers ("11,000", "3.5"), abbreviations ("U.S.", "Dr."), URLs, e-mail addresses and
//! emoticons; hyphenated words are split ("U.S.-South" → U.S. - South) unless the part
//! before the hyphen is a prefix ("e-mail", "non-profit") or they form a phone number.
//!
//! Work is per whitespace-separated chunk and byte-oriented; word lists live in
//! lexicon.txt and the splitter's abbreviations.txt.

mod chars;
mod chunk;
mod lexicon;

use annals_core::Span;

use crate::splitter::bytes::space_len;

/// Splits sentences into syntactic words; cheap to create and share.
#[derive(Debug, Clone, Copy)]
pub struct Tokenizer {
    lex: &'static lexicon::Lexicon,
    abbreviations: &'static crate::splitter::lexicon::Lexicon,
}

impl Default for Tokenizer {
    fn default() -> Self {
        Self::new()
    }
}

impl Tokenizer {
    pub fn new() -> Self {
        Tokenizer {
            lex: lexicon::lexicon(),
            abbreviations: crate::splitter::lexicon::lexicon(),
        }
    }

    /// Syntactic words of the sentence `sentence` of `text`, as byte spans into `text` in
    /// order. A span that does not fit `text` gives no words.
    pub fn tokenize(&self, text: &str, sentence: Span) -> Vec<Span> {
        let mut out = Vec::new();
        self.tokenize_into(text, sentence, &mut out);
        out
    }

    /// Like [`Tokenizer::tokenize`], appending to `out` (to reuse its allocation).
    pub fn tokenize_into(&self, text: &str, sentence: Span, out: &mut Vec<Span>) {
        let Some(s) = sentence.slice(text) else {
            return;
        };
        let start = sentence.start;
        let end = start + s.trim_end().len();
        let b = text.as_bytes();
        let cx = chunk::Context {
            text,
            lex: self.lex,
            abbreviations: self.abbreviations,
        };
        let mut tail = Vec::new();
        let first = out.len();
        let mut i = start;
        while i < end {
            let n = space_len(b, i);
            if n > 0 {
                i += n;
                continue;
            }
            let mut j = i;
            while j < end && space_len(b, j) == 0 {
                j += 1;
            }
            cx.chunk(i, j, j >= end, out, &mut tail);
            i = j;
        }
        self.split_its(text, out, first);
    }

    /// "its not", "its a": split "its" into it + s before the words that show it is a
    /// misspelt "it's" (lexicon.txt, [its_is]). Only the words from `first` on are checked.
    fn split_its(&self, text: &str, words: &mut Vec<Span>, first: usize) {
        let mut k = first;
        while k + 1 < words.len() {
            let (Some(w), Some(next)) = (words.get(k), words.get(k + 1)) else {
                break;
            };
            if !form(text, *w).eq_ignore_ascii_case("its") {
                k += 1;
                continue;
            }
            let mut buf = [0u8; lexicon::MAX_WORD];
            let follows = lexicon::ascii_lower(form(text, *next), &mut buf)
                .is_some_and(|n| self.lex.its_is.contains(n));
            if follows {
                let w = *w;
                words.splice(
                    k..=k,
                    [
                        Span::new(w.start, w.start + 2),
                        Span::new(w.start + 2, w.end),
                    ],
                );
                k += 1;
            }
            k += 1;
        }
    }
}

/// The text of a word span (empty if the span does not fit `text`).
pub fn form(text: &str, span: Span) -> &str {
    span.slice(text).unwrap_or("")
}

#[cfg(test)]
mod tests;
