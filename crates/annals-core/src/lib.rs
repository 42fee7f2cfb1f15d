//! Shared types of the annals pipeline.
//!
//! Every stage of the one-way pipeline (ingest → nlp → actors → coder → store) exchanges
//! these types, so a stage depends on `annals-core` and never on the stage upstream of it.
//! Offsets are byte offsets into a document's *clean* text (see [`Document::clean_text`]).

pub mod actor;
pub mod analyzed;
pub mod calendar;
pub mod document;
pub mod event;
pub mod event_csv;
pub mod hash;
pub mod record;
pub mod span;
pub mod token;

pub use actor::{Actor, ActorMention, ResolvedVia};
pub use analyzed::{AnalyzedDoc, Fingerprint};
pub use document::{
    Block, BlockKind, Document, RemovalReason, RemovedLine, Sentence, SentenceKind,
};
pub use event::{
    event_id, Attribution, DateBasis, DatePrecision, Event, EventActor, EventDate, Location,
    Modality, Quantity, TextSpan,
};
pub use hash::{content_hash, doc_id_from_hash};
pub use record::{InputRecord, SourceRef};
pub use span::Span;
pub use token::{ParsedSentence, Token, Upos};
