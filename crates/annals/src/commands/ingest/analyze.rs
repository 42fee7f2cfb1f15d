//! The per-document work of ingest, run on the worker threads: sentence splitting, then
//! (unless switched off) parsing, actor resolution and event coding.
//!
//! `annals ingest`, `annals code`, `annals actors` and the benchmarks all analyse through
//! this one type, so they cannot drift apart.

use std::sync::Arc;

use annals_actors::{ActorResolver, KnowledgeBase};
use annals_coder::EventCoder;
use annals_core::{ActorMention, Document, Event, ParsedSentence};
use annals_ingest::dedup::{LshIndex, MinHashParams, MinHasher, Signature};
use annals_ingest::langid::detect_language;
use annals_nlp::pipeline::{Pipeline, Scratch};
use annals_nlp::splitter::SentenceSplitter;
use anyhow::{Context, Result};

/// Everything ingest learns about one document before it is stored.
#[derive(Debug, Clone)]
pub struct Analyzed {
    pub doc: Document,
    /// One parse per sentence of `doc` (empty when analysis is off).
    pub parsed: Vec<ParsedSentence>,
    pub mentions: Vec<ActorMention>,
    pub events: Vec<Event>,
    /// ISO 639-1 code when the language could be told.
    pub language: Option<&'static str>,
    /// Reliably not English: stored, but not parsed or coded.
    pub foreign: bool,
    /// MinHash signature and its LSH band keys, for the near-duplicate check.
    pub signature: Option<(Signature, Vec<(u16, u64)>)>,
}

/// The stages after cleaning, shared read-only by all workers.
pub struct Analyzer {
    splitter: SentenceSplitter,
    minhash: Option<MinHasher>,
    lsh: LshIndex,
    /// `None` stores documents without parsing them (`--no-analyze`).
    stages: Option<Stages>,
}

/// The analysis stages, public so `annals bench code` can time each on its own.
pub struct Stages {
    pub nlp: Pipeline,
    pub actors: ActorResolver,
    pub coder: EventCoder,
}

impl Analyzer {
    /// Split only: documents are stored with their sentences, nothing else.
    pub fn split_only() -> Self {
        Analyzer {
            splitter: SentenceSplitter::new(),
            minhash: MinHasher::new(MinHashParams::default()).ok(),
            lsh: near_duplicate_index(),
            stages: None,
        }
    }

    /// The whole analysis: parse, resolve actors (built-in knowledge base plus the user's
    /// files and config directory), code events.
    pub fn full(nlp: Pipeline, actor_files: &[std::path::PathBuf]) -> Result<Self> {
        let kb = KnowledgeBase::with_user_files(actor_files)
            .context("loading the actor knowledge base")?;
        let coder = EventCoder::builtin().context("loading the event patterns")?;
        Ok(Analyzer {
            stages: Some(Stages {
                nlp,
                actors: ActorResolver::new(Arc::new(kb)),
                coder,
            }),
            ..Analyzer::split_only()
        })
    }

    /// The parse/actor/coder stages (`None` for [`split_only`](Self::split_only)).
    pub fn stages(&self) -> Option<&Stages> {
        self.stages.as_ref()
    }

    /// Split a document into sentences as ingest does.
    pub fn split(&self, doc: &mut Document) {
        doc.sentences = self.splitter.split_blocks(&doc.clean_text, &doc.blocks);
    }

    /// Split, parse, resolve and code one document. Never fails: a document that cannot
    /// be analysed is still stored with its sentences.
    pub fn analyze(&self, mut doc: Document, scratch: &mut Scratch) -> Analyzed {
        self.split(&mut doc);
        let guess = detect_language(&doc.clean_text);
        let foreign = guess.is_some_and(|g| g.reliable && g.code != "en");
        let signature = self.minhash.as_ref().and_then(|m| {
            let sig = m.signature(&doc.clean_text);
            (!sig.is_empty()).then(|| {
                let keys = self.lsh.band_keys(&sig).collect();
                (sig, keys)
            })
        });
        let mut analyzed = Analyzed {
            doc,
            parsed: Vec::new(),
            mentions: Vec::new(),
            events: Vec::new(),
            language: guess.map(|g| g.code),
            foreign,
            signature,
        };
        if let (Some(stages), false) = (&self.stages, foreign) {
            let doc = &analyzed.doc;
            let parsed = stages.nlp.parse_document(doc, scratch);
            let mentions = stages.actors.resolve_document(doc, &parsed);
            analyzed.events = stages.coder.code_document(doc, &parsed, &mentions);
            analyzed.mentions = mentions;
            analyzed.parsed = parsed;
        }
        analyzed
    }
}

/// 128-value MinHash signatures cut into 16 bands of 8 rows: documents sharing a band
/// are compared in full, and linked at an estimated Jaccard similarity of 0.8 or more
/// (`annals_ingest::dedup::DEFAULT_THRESHOLD`). Fewer bands than the in-memory default
/// halve the rows the store keeps per document; at 8 rows a band, a pair at 0.8 still
/// shares some band with probability 1 − (1 − 0.8⁸)¹⁶ ≈ 0.95.
pub fn near_duplicate_index() -> LshIndex {
    LshIndex::with_bands(16, 8, annals_ingest::dedup::DEFAULT_THRESHOLD).unwrap_or_default()
}
