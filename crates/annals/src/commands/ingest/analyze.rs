//! The per-document work of ingest, run on the worker threads: sentence splitting, then
//! (unless switched off) parsing, actor resolution and event coding.

use annals_core::Document;
use annals_nlp::pipeline::{Pipeline, Scratch};
use annals_nlp::splitter::SentenceSplitter;

/// Everything ingest learns about one document before it is stored.
#[derive(Debug)]
pub struct Analyzed {
    pub doc: Document,
    /// Sentences parsed (0 when analysis is off).
    pub parsed_sentences: usize,
}

/// The stages after cleaning, shared read-only by all workers.
pub struct Analyzer {
    splitter: SentenceSplitter,
    /// `None` stores documents without parsing them (`--no-analyze`).
    nlp: Option<Pipeline>,
}

impl Analyzer {
    pub fn new(nlp: Option<Pipeline>) -> Self {
        Analyzer {
            splitter: SentenceSplitter::new(),
            nlp,
        }
    }

    /// Split, parse and code one document. Never fails: a document that cannot be analysed
    /// is still stored with its sentences.
    pub fn analyze(&self, mut doc: Document, scratch: &mut Scratch) -> Analyzed {
        doc.sentences = self.splitter.split_blocks(&doc.clean_text, &doc.blocks);
        let mut parsed_sentences = 0;
        if let Some(nlp) = &self.nlp {
            let parsed = nlp.parse_document(&doc, scratch);
            parsed_sentences = parsed.len();
        }
        Analyzed {
            doc,
            parsed_sentences,
        }
    }
}
