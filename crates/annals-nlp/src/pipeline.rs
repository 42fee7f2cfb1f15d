//! The whole NLP stage: sentence splitting → tokenization → tagging → lemmatization →
//! parsing, producing [`annals_core::ParsedSentence`]s with offsets into the input text.

use annals_core::{Document, ParsedSentence, Span, Token, Upos};

use crate::model::{ModelError, NlpModel};
use crate::parser::repair::{apply_repairs, RepairWord};
use crate::parser::{ParseScratch, ParseWord, Parser};
use crate::splitter::{cap, SentenceSplitter};
use crate::tagger::{TagOut, TagScratch};
use crate::tokenizer::Tokenizer;

/// The model shipped in the repository (`models/en_ewt.annals`), compiled into the binary.
#[cfg(embedded_model)]
pub static EMBEDDED_MODEL: Option<&[u8]> = Some(include_bytes!("../../../models/en_ewt.annals"));
/// This build was made without `models/en_ewt.annals` (only while training the first one).
#[cfg(not(embedded_model))]
pub static EMBEDDED_MODEL: Option<&[u8]> = None;

/// Longest word, in bytes, the tagger, lemmatizer and parser see: a longer token (a
/// run of letters with no space, a base64 blob) is analysed by its first this-many bytes
/// and keeps its whole text and span. Features are read from prefixes and suffixes, so
/// nothing is lost on real words, and no stage does work in proportion to a token's length.
pub const MAX_TOKEN_BYTES: usize = 128;

/// Most words parsed as one unit; longer sentences are parsed in windows of this many
/// words. EWT's longest training sentence has 159 words.
pub const MAX_PARSE_TOKENS: usize = 256;

/// Sentence text parsed per document, in bytes (a long book chapter; news articles are
/// well under 100 KB). Parsed tokens take about 40 times their text in memory, so this
/// bounds a document's analysis at a few hundred MB whatever `--max-doc-mb` allows.
pub const MAX_PARSED_BYTES: usize = 4 * 1024 * 1024;

/// The first [`MAX_TOKEN_BYTES`] bytes of `w` (cut at a character boundary).
fn capped_word(w: &str) -> &str {
    if w.len() <= MAX_TOKEN_BYTES {
        return w;
    }
    let mut end = MAX_TOKEN_BYTES;
    while end > 0 && !w.is_char_boundary(end) {
        end -= 1;
    }
    w.get(..end).unwrap_or(w)
}

/// Tags, lemma and dependency of one word, before it is turned into a [`Token`].
#[derive(Debug, Clone, PartialEq)]
pub struct WordAnalysis {
    pub upos: Upos,
    pub xpos: String,
    pub feats: String,
    pub lemma: String,
    pub head: usize,
    pub deprel: String,
}

/// Reusable buffers, one per thread: analysing a sentence then allocates only its output.
#[derive(Debug, Default)]
pub struct Scratch {
    spans: Vec<Span>,
    tags: Vec<TagOut>,
    tag: TagScratch,
    parse: ParseScratch,
    heads: Vec<(usize, u16)>,
    lemmas: Vec<String>,
}

/// Splitter, tokenizer and trained model together.
pub struct Pipeline {
    pub splitter: SentenceSplitter,
    pub tokenizer: Tokenizer,
    pub model: NlpModel,
}

impl Pipeline {
    pub fn new(model: NlpModel) -> Self {
        Pipeline {
            splitter: SentenceSplitter::new(),
            tokenizer: Tokenizer::new(),
            model,
        }
    }

    /// The pipeline with the model compiled into the binary.
    pub fn embedded() -> Result<Self, ModelError> {
        let bytes = EMBEDDED_MODEL.ok_or(ModelError::NotEmbedded)?;
        Ok(Self::new(NlpModel::from_bytes(bytes, "embedded model")?))
    }

    /// Tag, lemmatise and parse pre-tokenised words (used for gold-tokenisation scoring).
    pub fn analyze_words(&self, words: &[&str], scratch: &mut Scratch) -> Vec<WordAnalysis> {
        self.run_model(words, scratch);
        let m = &self.model;
        words
            .iter()
            .zip(&scratch.tags)
            .zip(scratch.lemmas.iter().zip(&scratch.heads))
            .map(|((_, t), (lemma, &(head, label)))| WordAnalysis {
                upos: t.upos,
                xpos: m.tagger.xpos_name(t.xpos).to_string(),
                feats: m.tagger.feats_name(t.feats).to_string(),
                lemma: lemma.clone(),
                head,
                deprel: m.parser.label_name(label).to_string(),
            })
            .collect()
    }

    /// Tagger → lemmatizer → parser over `words`, results left in `scratch`. Words longer
    /// than [`MAX_TOKEN_BYTES`] are analysed by their first [`MAX_TOKEN_BYTES`] bytes, and
    /// sentences longer than [`MAX_PARSE_TOKENS`] are parsed in windows (see
    /// [`parse_windows`]).
    fn run_model(&self, words: &[&str], scratch: &mut Scratch) {
        let words: Vec<&str> = words.iter().map(|w| capped_word(w)).collect();
        let words = words.as_slice();
        let m = &self.model;
        m.tagger
            .tag_with(words, &mut scratch.tag, &mut scratch.tags);
        crate::tagger::names::restore_names(&m.tagger, words, &mut scratch.tags);
        crate::tagger::finite::restore_finite_verb(&m.tagger, words, &mut scratch.tags);
        crate::tagger::finite::restore_reported_verb(&m.tagger, words, &mut scratch.tags);
        scratch.lemmas.clear();
        for (w, t) in words.iter().zip(&scratch.tags) {
            let lemma = m.lemmatizer.lemma(w, t.upos, m.tagger.xpos_name(t.xpos));
            scratch.lemmas.push(lemma.into_owned());
        }
        let pw: Vec<ParseWord> = words
            .iter()
            .zip(&scratch.tags)
            .zip(&scratch.lemmas)
            .map(|((w, t), lemma)| ParseWord {
                form: w,
                lemma,
                upos: t.upos,
                xpos: m.tagger.xpos_name(t.xpos),
            })
            .collect();
        parse_windows(&m.parser, &pw, &mut scratch.parse, &mut scratch.heads);
        let rw: Vec<RepairWord> = pw
            .iter()
            .map(|w| RepairWord {
                form: w.form,
                upos: w.upos,
                xpos: w.xpos,
            })
            .collect();
        apply_repairs(&m.parser, &rw, &mut scratch.heads);
    }

    /// Tokenize and analyse one sentence span of `text`.
    pub fn parse_sentence(&self, text: &str, span: Span, scratch: &mut Scratch) -> ParsedSentence {
        scratch.spans.clear();
        self.tokenizer.tokenize_into(text, span, &mut scratch.spans);
        let spans = std::mem::take(&mut scratch.spans);
        let words: Vec<&str> = spans.iter().map(|s| s.slice(text).unwrap_or("")).collect();
        self.run_model(&words, scratch);
        let m = &self.model;
        let tokens = spans
            .iter()
            .zip(&words)
            .zip(scratch.tags.iter().zip(&scratch.lemmas))
            .zip(&scratch.heads)
            .map(|(((span, form), (t, lemma)), &(head, label))| Token {
                span: *span,
                form: form.to_string(),
                lemma: lemma.clone(),
                upos: t.upos,
                xpos: m.tagger.xpos_name(t.xpos).to_string(),
                feats: m.tagger.feats_name(t.feats).to_string(),
                head,
                deprel: m.parser.label_name(label).to_string(),
            })
            .collect();
        scratch.spans = spans;
        ParsedSentence { span, tokens }
    }

    /// Split plain text into sentences and analyse each.
    pub fn parse_text(&self, text: &str, scratch: &mut Scratch) -> Vec<ParsedSentence> {
        self.splitter
            .split(text)
            .into_iter()
            .map(|span| self.parse_sentence(text, span, scratch))
            .collect()
    }

    /// Analyse the sentences an ingested document already has. Sentences past the first
    /// [`MAX_PARSED_BYTES`] of sentence text get no tokens (they stay stored and
    /// searchable, without actors or events), so a document's parse takes bounded memory.
    /// Every cap hit is reported once per document as a warning naming it.
    pub fn parse_document(&self, doc: &Document, scratch: &mut Scratch) -> Vec<ParsedSentence> {
        let mut budget = MAX_PARSED_BYTES;
        let mut unparsed = 0;
        let parsed: Vec<ParsedSentence> = doc
            .sentences
            .iter()
            .map(|s| {
                if budget == 0 {
                    unparsed += 1;
                    return ParsedSentence {
                        span: s.span,
                        tokens: Vec::new(),
                    };
                }
                budget = budget.saturating_sub(s.span.len());
                self.parse_sentence(&doc.clean_text, s.span, scratch)
            })
            .collect();
        let caps = CapsHit {
            unparsed,
            ..CapsHit::of(&parsed)
        };
        if let Some(message) = caps.message() {
            tracing::warn!("document {}: {message}", doc.id);
        }
        parsed
    }
}

/// Parse `words` into `scratch.heads`. A sentence of more than [`MAX_PARSE_TOKENS`]
/// words (only ever text without sentence ends: a list of names, a cut run) is parsed
/// in consecutive windows of that many words, and the root of every later window is
/// attached to the first window's root as `parataxis`, so the result is still one tree.
/// Parsing cost stays linear in the sentence, and no window sees more words than the
/// parser was trained on.
fn parse_windows(
    parser: &Parser,
    pw: &[ParseWord],
    scratch: &mut ParseScratch,
    heads: &mut Vec<(usize, u16)>,
) {
    if pw.len() <= MAX_PARSE_TOKENS {
        parser.parse_with(scratch, pw, heads);
        return;
    }
    let parataxis = parser.label_id("parataxis").unwrap_or(0);
    heads.clear();
    let mut window = Vec::with_capacity(MAX_PARSE_TOKENS);
    let mut first_root = None;
    for (w, chunk) in pw.chunks(MAX_PARSE_TOKENS).enumerate() {
        let offset = w * MAX_PARSE_TOKENS;
        parser.parse_with(scratch, chunk, &mut window);
        for (i, &(head, label)) in window.iter().enumerate() {
            let arc = match (head, first_root) {
                (0, None) => {
                    first_root = Some(offset + i + 1);
                    (0, label)
                }
                (0, Some(root)) => (root, parataxis),
                (h, _) => (h + offset, label),
            };
            heads.push(arc);
        }
    }
}

/// How often a document hit the NLP stage's caps.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CapsHit {
    /// Sentences longer than [`cap::CUT_PIECE_MIN_BYTES`]: cut by the splitter.
    pub long_sentences: usize,
    /// Sentences parsed in windows of [`MAX_PARSE_TOKENS`] words.
    pub windowed: usize,
    /// Tokens analysed by their first [`MAX_TOKEN_BYTES`] bytes.
    pub long_tokens: usize,
    /// Sentences past [`MAX_PARSED_BYTES`], left unparsed.
    pub unparsed: usize,
}

impl CapsHit {
    /// Count the caps `parsed` hit (all but `unparsed`, which only
    /// [`Pipeline::parse_document`] knows).
    pub fn of(parsed: &[ParsedSentence]) -> CapsHit {
        let mut hit = CapsHit::default();
        for ps in parsed {
            hit.long_sentences += usize::from(cap::is_over_long(ps.span));
            hit.windowed += usize::from(ps.tokens.len() > MAX_PARSE_TOKENS);
            hit.long_tokens += ps
                .tokens
                .iter()
                .filter(|t| t.form.len() > MAX_TOKEN_BYTES)
                .count();
        }
        hit
    }

    /// The warning to give, if any cap was hit.
    pub fn message(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.long_sentences > 0 {
            parts.push(format!(
                "{} sentences over {} bytes (text without sentence ends is cut at {} bytes)",
                self.long_sentences,
                cap::CUT_PIECE_MIN_BYTES,
                cap::MAX_SENTENCE_BYTES
            ));
        }
        if self.windowed > 0 {
            parts.push(format!(
                "{} sentences over {MAX_PARSE_TOKENS} tokens parsed in windows",
                self.windowed
            ));
        }
        if self.long_tokens > 0 {
            parts.push(format!(
                "{} tokens over {MAX_TOKEN_BYTES} bytes analysed by their start",
                self.long_tokens
            ));
        }
        if self.unparsed > 0 {
            parts.push(format!(
                "{} sentences past the first {} MB not parsed (stored and searchable, without actors or events)",
                self.unparsed,
                MAX_PARSED_BYTES / (1024 * 1024)
            ));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}
