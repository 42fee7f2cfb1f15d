//! The analysis of one document, run on the worker threads: sentence splitting, language
//! identification and the near-duplicate fingerprint, then (unless switched off) parsing,
//! actor resolution and event coding.
//!
//! `annals ingest`, `annals code`, `annals actors`, the evaluations and the benchmarks all
//! analyse through this one type, so they cannot drift apart.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use annals_actors::{ActorResolver, KbError, KnowledgeBase};
use annals_coder::{CoderError, EventCoder};
use annals_core::{AnalyzedDoc, Document, Fingerprint};
use annals_ingest::dedup::{LshIndex, MinHashParams, MinHasher};
use annals_ingest::langid::detect_language;
use annals_nlp::pipeline::{Pipeline, Scratch};
use annals_nlp::splitter::SentenceSplitter;

/// Why an [`Analyzer`] could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AnalyzerError {
    /// The built-in actor files, the user's config directory or an `--actors` file.
    #[error("loading the actor knowledge base: {0}")]
    Actors(#[from] KbError),
    /// The built-in event patterns or event model.
    #[error("loading the event patterns: {0}")]
    Coder(#[from] CoderError),
}

/// The actor knowledge base every command resolves with: the built-in files, then the
/// user's config directory (`$ANNALS_CONFIG_DIR/actors/`, else the XDG config directory),
/// then `files` in order. The one place it is built, so `ingest`, `code` and `actors`
/// resolve the same mention the same way.
pub fn actor_knowledge_base(files: &[PathBuf]) -> Result<Arc<KnowledgeBase>, KbError> {
    KnowledgeBase::with_user_files(files).map(Arc::new)
}

/// The stages after cleaning, shared read-only by all workers.
pub struct Analyzer {
    splitter: SentenceSplitter,
    minhash: Option<MinHasher>,
    lsh: LshIndex,
    /// `None` stores documents without parsing them (`--no-analyze`).
    stages: Option<Stages>,
}

/// The analysis stages, public so a benchmark can run one of them on its own.
pub struct Stages {
    /// Tokenizer, tagger, lemmatizer and parser.
    pub nlp: Pipeline,
    /// Actor mentions and their resolution.
    pub actors: ActorResolver,
    /// Event patterns, modality, attribution, dates.
    pub coder: EventCoder,
}

/// Time spent in each stage, summed over the documents analysed with
/// [`Analyzer::analyze_timed`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StageTimes {
    /// Parsing (tokenize, tag, lemmatize, parse).
    pub parse: Duration,
    /// Actor resolution.
    pub actors: Duration,
    /// Event coding.
    pub coder: Duration,
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

    /// The whole analysis with the built-in event coder and the knowledge base of
    /// [`actor_knowledge_base`]`(actor_files)`.
    pub fn full(nlp: Pipeline, actor_files: &[PathBuf]) -> Result<Self, AnalyzerError> {
        let kb = actor_knowledge_base(actor_files)?;
        Ok(Self::with_stages(Stages {
            nlp,
            actors: ActorResolver::new(kb),
            coder: EventCoder::builtin()?,
        }))
    }

    /// The whole analysis with stages built by the caller (another event model, a
    /// knowledge base from memory).
    pub fn with_stages(stages: Stages) -> Self {
        Analyzer {
            stages: Some(stages),
            ..Analyzer::split_only()
        }
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
    pub fn analyze(&self, doc: Document, scratch: &mut Scratch) -> AnalyzedDoc {
        self.run(doc, scratch, None)
    }

    /// As [`analyze`](Self::analyze), adding each stage's time to `times`.
    pub fn analyze_timed(
        &self,
        doc: Document,
        scratch: &mut Scratch,
        times: &mut StageTimes,
    ) -> AnalyzedDoc {
        self.run(doc, scratch, Some(times))
    }

    fn run(
        &self,
        mut doc: Document,
        scratch: &mut Scratch,
        times: Option<&mut StageTimes>,
    ) -> AnalyzedDoc {
        self.split(&mut doc);
        let guess = detect_language(&doc.clean_text);
        let foreign = guess.is_some_and(|g| g.reliable && g.code != "en");
        let fingerprint = self.minhash.as_ref().and_then(|m| {
            let sig = m.signature(&doc.clean_text);
            (!sig.is_empty()).then(|| Fingerprint {
                bands: self.lsh.band_keys(&sig).collect(),
                signature: sig.to_bytes(),
            })
        });
        let mut analyzed = AnalyzedDoc {
            doc,
            language: guess.map(|g| g.code),
            foreign,
            fingerprint,
            ..AnalyzedDoc::default()
        };
        if let (Some(stages), false) = (&self.stages, foreign) {
            let doc = &analyzed.doc;
            let t0 = Instant::now();
            let parsed = stages.nlp.parse_document(doc, scratch);
            let t1 = Instant::now();
            let mentions = stages.actors.resolve_document(doc, &parsed);
            let t2 = Instant::now();
            analyzed.events = stages.coder.code_document(doc, &parsed, &mentions);
            if let Some(times) = times {
                times.parse += t1 - t0;
                times.actors += t2 - t1;
                times.coder += t2.elapsed();
            }
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
