//! What the analysis of one document produces, handed from the pipeline's workers to the
//! store and to commands that print or score it.

use crate::{ActorMention, Document, Event, ParsedSentence};

/// One document after sentence splitting, parsing, actor resolution and event coding.
///
/// It lives here rather than in the pipeline crate so that a store, an exporter or a server
/// can take analysed documents without depending on the stages that made them.
#[derive(Debug, Clone, Default)]
pub struct AnalyzedDoc {
    /// The document, with its sentences set.
    pub doc: Document,
    /// One parse per sentence of `doc`; empty when analysis is off, the document is not in
    /// English, or the parses were dropped before storing (the store keeps none).
    pub parsed: Vec<ParsedSentence>,
    /// Actor mentions, resolved where the knowledge base could.
    pub mentions: Vec<ActorMention>,
    /// Coded events.
    pub events: Vec<Event>,
    /// ISO 639-1 code when the language could be told.
    pub language: Option<&'static str>,
    /// Reliably not English: stored, but not parsed or coded.
    pub foreign: bool,
    /// The near-duplicate fingerprint, when the text had words to take one from.
    pub fingerprint: Option<Fingerprint>,
}

/// A document's near-duplicate fingerprint: its MinHash signature in its stored byte form
/// and the LSH band keys under which similar documents are looked up.
///
/// Bytes rather than the signature type keep this crate free of the hashing code (which
/// lives in `annals-ingest`); the bytes are what the store keeps anyway.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fingerprint {
    /// The signature as `annals_ingest::dedup::Signature::to_bytes` writes it.
    pub signature: Vec<u8>,
    /// `(band, key)` pairs.
    pub bands: Vec<(u16, u64)>,
}
