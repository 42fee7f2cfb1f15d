//! The whole NLP stage: sentence splitting → tokenization → tagging → lemmatization →
//! parsing, producing [`annals_core::ParsedSentence`]s with offsets into the input text.

use annals_core::{Document, ParsedSentence, Span, Token, Upos};

use crate::model::{ModelError, NlpModel};
use crate::parser::{ParseScratch, ParseWord};
use crate::splitter::SentenceSplitter;
use crate::tagger::{TagOut, TagScratch};
use crate::tokenizer::Tokenizer;

/// The model shipped in the repository (`models/en_ewt.annals`), compiled into the binary.
#[cfg(embedded_model)]
pub static EMBEDDED_MODEL: Option<&[u8]> = Some(include_bytes!("../../../models/en_ewt.annals"));
/// This build was made without `models/en_ewt.annals` (only while training the first one).
#[cfg(not(embedded_model))]
pub static EMBEDDED_MODEL: Option<&[u8]> = None;

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

    /// Tagger → lemmatizer → parser over `words`, results left in `scratch`.
    fn run_model(&self, words: &[&str], scratch: &mut Scratch) {
        let m = &self.model;
        m.tagger
            .tag_with(words, &mut scratch.tag, &mut scratch.tags);
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
        m.parser
            .parse_with(&mut scratch.parse, &pw, &mut scratch.heads);
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

    /// Analyse the sentences an ingested document already has.
    pub fn parse_document(&self, doc: &Document, scratch: &mut Scratch) -> Vec<ParsedSentence> {
        doc.sentences
            .iter()
            .map(|s| self.parse_sentence(&doc.clean_text, s.span, scratch))
            .collect()
    }
}
