//! The annals engine as a library: everything between reading a document and storing it.
//!
//! ```text
//! inputs ─► read + clean ─(bounded)─► analysis workers ×N ─(bounded)─► writer ─► BatchSink
//!           (caller's thread)         split, parse, actors, events    reorder, link
//!                                                                      near-duplicates,
//!                                                                      one transaction a batch
//! ```
//!
//! * [`Analyzer`] analyses one document (split → parse → resolve actors → code events) into
//!   an [`AnalyzedDoc`](annals_core::AnalyzedDoc); commands that only print or score
//!   events call it directly, one document at a time, after [`read_documents`].
//! * [`Ingest`] runs the parallel ingest and owns its threads. Progress and problems are
//!   reported to an [`Observer`]; a [`CancelToken`] stops it (what is queued is still
//!   stored) instead of a global flag and `process::exit`.
//! * Storage is reached only through [`BatchSink`] and [`StoredLookup`]; the [`sqlite`]
//!   module implements them for `annals_store::Store`.
//!
//! ```no_run
//! # fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use std::sync::Arc;
//! use annals_pipeline::{Analyzer, Ingest, IngestOptions, Silent};
//!
//! let analyzer = Analyzer::full(annals_nlp::pipeline::Pipeline::embedded()?, &[])?;
//! let store = annals_store::Store::open(std::path::Path::new("news.db"))?;
//! let mut ingest = Ingest::start(store, Arc::new(analyzer), IngestOptions::default(), Arc::new(Silent));
//! let input = annals_ingest::Input::Path("articles.jsonl".into());
//! ingest.read_input(&input, &annals_ingest::ReaderOptions::default());
//! let summary = ingest.finish();
//! println!("{} new, {} events", summary.new, summary.events);
//! # Ok(()) }
//! ```
#![deny(missing_docs)]

pub mod analyze;
pub mod cancel;
pub mod cputime;
pub mod duplicates;
pub mod ingest;
pub mod observer;
pub mod sink;
pub mod source;
pub mod sqlite;
mod workers;

pub use analyze::{
    actor_knowledge_base, near_duplicate_index, Analyzer, AnalyzerError, StageTimes, Stages,
};
pub use cancel::CancelToken;
pub use cputime::{thread_cpu_time, PipelineCpu};
pub use ingest::{default_jobs, Ingest, IngestOptions, Summary};
pub use observer::{Observer, Severity, Silent};
pub use sink::{BatchSink, SinkError, SinkItem, StoreOutcome, StoredLookup};
pub use source::{read_documents, read_input_until, ReadCounts};
