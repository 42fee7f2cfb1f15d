//! Raw text of a UD treebank, rebuilt the way the CoNLL 2018 shared task did, with the
//! gold byte span of every sentence and syntactic word.
//!
//! Evaluating on raw text needs a text to run the pipeline on and gold offsets to score
//! against: sentences are joined from their `# text` comments, a `# newdoc` or `# newpar`
//! comment opens a new paragraph (`"\n\n"`), sentences of one paragraph are separated by a
//! single space.

use std::path::Path;

use annals_core::Span;

use crate::conllu::{self, ConlluError};

/// One gold syntactic word and where it sits in the rebuilt text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldWord {
    /// The word's own characters; for a word of a multi-word token whose form does not
    /// match the token's characters in order, the whole token.
    pub span: Span,
    /// The surface token the word belongs to (the multi-word token, or the word itself).
    pub token: Span,
    /// Whether the word is part of a multi-word token.
    pub in_multiword: bool,
    pub form: String,
    pub lemma: String,
    pub upos: String,
    pub xpos: String,
    /// 0 for the root, else the 1-based index of the head within the sentence.
    pub head: usize,
    pub deprel: String,
}

/// One gold sentence: its span in the rebuilt text and its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldSentence {
    pub span: Span,
    pub words: Vec<GoldWord>,
}

/// A treebank's rebuilt text and its gold segmentation.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UdText {
    pub text: String,
    pub sentences: Vec<GoldSentence>,
    /// Surface tokens whose form could not be found in the sentence text where expected
    /// (their spans are best guesses); 0 for a clean treebank.
    pub misaligned_tokens: usize,
}

impl UdText {
    /// Number of gold syntactic words.
    pub fn word_count(&self) -> usize {
        self.sentences.iter().map(|s| s.words.len()).sum()
    }
}

/// Read a CoNLL-U file and rebuild its text.
pub fn read_file(path: impl AsRef<Path>) -> Result<UdText, ConlluError> {
    Ok(rebuild(&conllu::read_file(path)?))
}

/// Rebuild the raw text of `sents` and align every sentence and word to it.
pub fn rebuild(sents: &[conllu::Sentence]) -> UdText {
    let mut out = UdText::default();
    for (i, sent) in sents.iter().enumerate() {
        let sentence_text = sentence_text(sent);
        if i > 0 {
            if sent.has_comment("newdoc") || sent.has_comment("newpar") {
                out.text.push_str("\n\n");
            } else {
                out.text.push(' ');
            }
        }
        let base = out.text.len();
        out.text.push_str(&sentence_text);
        let (words, misaligned) = align_words(sent, &sentence_text, base);
        out.misaligned_tokens += misaligned;
        out.sentences.push(GoldSentence {
            span: Span::new(base, out.text.len()),
            words,
        });
    }
    out
}

/// The sentence's `# text`, or its tokens joined by their `SpaceAfter` marks when the
/// comment is missing.
fn sentence_text(sent: &conllu::Sentence) -> String {
    if let Some(t) = sent.comment("text") {
        return t.to_string();
    }
    let mut t = String::new();
    for (form, last) in surface_tokens(sent).map(|tok| (tok.form, tok.last)) {
        t.push_str(form);
        if !sent.no_space_after(last) {
            t.push(' ');
        }
    }
    t.truncate(t.trim_end().len());
    t
}

/// A surface token: a multi-word token or a word outside any, with its word range (1-based).
struct SurfaceToken<'a> {
    form: &'a str,
    first: usize,
    last: usize,
}

fn surface_tokens(sent: &conllu::Sentence) -> impl Iterator<Item = SurfaceToken<'_>> {
    let mut next = 1usize;
    std::iter::from_fn(move || {
        let word = sent.words.get(next.checked_sub(1)?)?;
        let tok = match sent
            .multiwords
            .iter()
            .find(|m| m.first == next && m.last >= m.first)
        {
            Some(mw) => SurfaceToken {
                form: &mw.form,
                first: mw.first,
                last: mw.last.min(sent.words.len()),
            },
            None => SurfaceToken {
                form: &word.form,
                first: next,
                last: next,
            },
        };
        next = tok.last + 1;
        Some(tok)
    })
}

/// Spans of every word of `sent` in the rebuilt text; also the number of surface tokens
/// that had to be guessed.
fn align_words(sent: &conllu::Sentence, text: &str, base: usize) -> (Vec<GoldWord>, usize) {
    let mut words = Vec::with_capacity(sent.words.len());
    let mut misaligned = 0;
    let mut cursor = 0usize;
    for tok in surface_tokens(sent) {
        let (local, found) = find_token(text, cursor, tok.form);
        if !found {
            misaligned += 1;
        }
        cursor = local.end;
        let token = local.offset(base);
        let in_multiword = tok.last > tok.first;
        let token_text = local.slice(text).unwrap_or("");
        let mut pos = 0usize;
        for idx in tok.first..=tok.last {
            let Some(w) = sent.words.get(idx - 1) else {
                break;
            };
            let span = if in_multiword {
                match token_text
                    .get(pos..)
                    .filter(|rest| rest.starts_with(&w.form))
                {
                    Some(_) if !w.form.is_empty() => {
                        let s = Span::new(token.start + pos, token.start + pos + w.form.len());
                        pos += w.form.len();
                        s
                    }
                    _ => token,
                }
            } else {
                token
            };
            words.push(GoldWord {
                span,
                token,
                in_multiword,
                form: w.form.clone(),
                lemma: w.lemma.clone(),
                upos: w.upos.clone(),
                xpos: w.xpos.clone(),
                head: w.head,
                deprel: w.deprel.clone(),
            });
        }
    }
    (words, misaligned)
}

/// Locate `form` in `text` at or after `cursor` (skipping whitespace); returns the local
/// span and whether the form was found verbatim.
fn find_token(text: &str, cursor: usize, form: &str) -> (Span, bool) {
    let rest = text.get(cursor..).unwrap_or("");
    let start = cursor + (rest.len() - rest.trim_start().len());
    let at = text.get(start..).unwrap_or("");
    if !form.is_empty() && at.starts_with(form) {
        return (Span::new(start, start + form.len()), true);
    }
    // A form with spaces the text lacks (or the reverse): match ignoring whitespace.
    if let Some(end) = match_ignoring_space(at, form) {
        return (Span::new(start, start + end), true);
    }
    if let Some(off) = (!form.is_empty()).then(|| at.find(form)).flatten() {
        let s = start + off;
        return (Span::new(s, s + form.len()), false);
    }
    // Give up: take as many characters as the form has, up to the next space.
    let want = form.chars().count().max(1);
    let end = at
        .char_indices()
        .take_while(|(_, c)| !c.is_whitespace())
        .take(want)
        .last()
        .map_or(0, |(i, c)| i + c.len_utf8());
    (Span::new(start, start + end), false)
}

/// Byte length of the prefix of `text` that equals `form` once whitespace is ignored.
fn match_ignoring_space(text: &str, form: &str) -> Option<usize> {
    let mut want = form.chars().filter(|c| !c.is_whitespace()).peekable();
    want.peek()?;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            continue;
        }
        if want.next() != Some(c) {
            return None;
        }
        if want.peek().is_none() {
            return Some(i + c.len_utf8());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word_line(id: usize, form: &str, head: usize, misc: &str) -> String {
        format!("{id}\t{form}\t{form}\tX\tX\t_\t{head}\tdep\t_\t{misc}\n")
    }

    fn sample() -> Vec<conllu::Sentence> {
        let mut s = String::new();
        s.push_str("# newdoc id = d\n# newpar id = p1\n# text = We don't know.\n");
        s.push_str(&word_line(1, "We", 4, "_"));
        s.push_str("2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n");
        s.push_str(&word_line(2, "do", 4, "_"));
        s.push_str(&word_line(3, "n't", 4, "_"));
        s.push_str(&word_line(4, "know", 0, "SpaceAfter=No"));
        s.push_str(&word_line(5, ".", 4, "_"));
        s.push_str("\n# text = Ok\n");
        s.push_str(&word_line(1, "Ok", 0, "_"));
        s.push_str("\n# newpar\n# text = Fine  now\n");
        s.push_str(&word_line(1, "Fine", 0, "_"));
        s.push_str(&word_line(2, "now", 1, "_"));
        s.push('\n');
        conllu::read(s.as_bytes(), "t").unwrap()
    }

    #[test]
    fn joins_sentences_and_paragraphs() {
        let ud = rebuild(&sample());
        assert_eq!(ud.text, "We don't know. Ok\n\nFine  now");
        assert_eq!(ud.misaligned_tokens, 0);
        let spans: Vec<&str> = ud
            .sentences
            .iter()
            .map(|s| s.span.slice(&ud.text).unwrap())
            .collect();
        assert_eq!(spans, ["We don't know.", "Ok", "Fine  now"]);
    }

    #[test]
    fn words_get_sub_spans_of_multiword_tokens() {
        let ud = rebuild(&sample());
        let s = &ud.sentences[0];
        let forms: Vec<&str> = s
            .words
            .iter()
            .map(|w| w.span.slice(&ud.text).unwrap())
            .collect();
        assert_eq!(forms, ["We", "do", "n't", "know", "."]);
        assert!(s.words[1].in_multiword && !s.words[0].in_multiword);
        assert_eq!(s.words[1].token.slice(&ud.text), Some("don't"));
        let last = &ud.sentences[2].words[1];
        assert_eq!(last.span.slice(&ud.text), Some("now"));
        assert_eq!(last.head, 1);
    }

    #[test]
    fn word_not_matching_its_token_gets_whole_token() {
        let mut s = String::from("# text = gonna go\n");
        s.push_str("1-2\tgonna\t_\t_\t_\t_\t_\t_\t_\t_\n");
        s.push_str(&word_line(1, "going", 3, "_"));
        s.push_str(&word_line(2, "to", 1, "_"));
        s.push_str(&word_line(3, "go", 0, "_"));
        let ud = rebuild(&conllu::read(s.as_bytes(), "t").unwrap());
        let w = &ud.sentences[0].words;
        assert_eq!(w[0].span, Span::new(0, 5));
        // "to" does not follow "going" inside "gonna" either, so it gets the token too.
        assert_eq!(w[1].span, Span::new(0, 5));
        assert_eq!(w[2].span.slice(&ud.text), Some("go"));
    }

    #[test]
    fn missing_text_comment_is_rebuilt_from_forms() {
        let mut s = String::new();
        s.push_str(&word_line(1, "Hi", 0, "SpaceAfter=No"));
        s.push_str(&word_line(2, "!", 1, "_"));
        let ud = rebuild(&conllu::read(s.as_bytes(), "t").unwrap());
        assert_eq!(ud.text, "Hi!");
        assert_eq!(ud.sentences[0].words[1].span, Span::new(2, 3));
    }

    #[test]
    fn form_absent_from_text_is_counted_not_fatal() {
        let mut s = String::from("# text = a b\n");
        s.push_str(&word_line(1, "a", 0, "_"));
        s.push_str(&word_line(2, "zzz", 1, "_"));
        let ud = rebuild(&conllu::read(s.as_bytes(), "t").unwrap());
        assert_eq!(ud.misaligned_tokens, 1);
        assert_eq!(ud.sentences[0].words[1].span.slice(&ud.text), Some("b"));
    }
}
