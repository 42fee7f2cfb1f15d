//! The parallel ingest: documents read on the caller's thread, analysed by worker threads,
//! stored in order by a writer thread (the private `workers` module).

use std::sync::Arc;

use annals_core::Document;
use annals_ingest::{Input, ReadItem, ReaderOptions};

use crate::analyze::Analyzer;
use crate::cancel::CancelToken;
use crate::cputime::PipelineCpu;
use crate::observer::{Observer, Severity};
use crate::sink::{BatchSink, StoredLookup};
use crate::source::read_input_until;
use crate::workers::Workers;

/// Counts of one ingest run.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Documents stored for the first time.
    pub new: usize,
    /// Documents skipped because the same id and content were stored already.
    pub present: usize,
    /// Documents whose stored content was replaced.
    pub updated: usize,
    /// Inputs, records and documents that could not be read, analysed or stored.
    pub failed: usize,
    /// Problems that did not stop a document.
    pub warnings: usize,
    /// Events coded in the documents stored by this run.
    pub events: usize,
    /// Stored documents reliably not in English (not parsed or coded).
    pub foreign: usize,
    /// Stored documents linked to an earlier near-duplicate.
    pub duplicates: usize,
    /// The run was cancelled: what was read before is stored, the rest was not read.
    pub cancelled: bool,
    /// CPU time of the engine's threads (for benchmarks).
    pub cpu: PipelineCpu,
}

impl Summary {
    /// Add `other`'s counts to these.
    pub fn merge(&mut self, other: &Summary) {
        self.new += other.new;
        self.present += other.present;
        self.updated += other.updated;
        self.failed += other.failed;
        self.warnings += other.warnings;
        self.events += other.events;
        self.foreign += other.foreign;
        self.duplicates += other.duplicates;
        self.cancelled |= other.cancelled;
        self.cpu.merge(&other.cpu);
    }
}

/// The one-line summary `annals ingest` prints: "3 new, 1 already present, 0 failed; 12
/// events".
impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} new, {} already present", self.new, self.present)?;
        if self.updated > 0 {
            write!(f, ", {} updated", self.updated)?;
        }
        write!(f, ", {} failed", self.failed)?;
        if self.events > 0 {
            write!(f, "; {} events", self.events)?;
        }
        if self.foreign > 0 {
            write!(f, "; {} not in English (stored, not coded)", self.foreign)?;
        }
        if self.duplicates > 0 {
            write!(f, "; {} near-duplicates linked", self.duplicates)?;
        }
        if self.warnings > 0 {
            write!(f, " ({} warnings)", self.warnings)?;
        }
        Ok(())
    }
}

/// How an [`Ingest`] runs.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Analysis worker threads (at least one).
    pub jobs: usize,
    /// Documents stored per transaction.
    pub batch_size: usize,
    /// Stops the run when cancelled (see [`CancelToken`]).
    pub cancel: CancelToken,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            jobs: default_jobs(),
            batch_size: 1024,
            cancel: CancelToken::new(),
        }
    }
}

/// Worker threads by default: one per core.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// A running ingest. It owns its threads: [`start`](Self::start) spawns the workers and
/// the writer, [`finish`](Self::finish) (or dropping it) closes the queue and waits for
/// everything queued to be stored.
///
/// Documents already stored (same id and content hash) are skipped before analysis, so
/// re-running an interrupted ingest resumes where it stopped.
pub struct Ingest {
    workers: Option<Workers>,
    /// The already-stored check, on a handle of its own.
    lookup: Option<Box<dyn StoredLookup>>,
    summary: Summary,
    observer: Arc<dyn Observer>,
    cancel: CancelToken,
}

impl Ingest {
    /// Start the workers and the writer, which stores into `sink`.
    pub fn start<S: BatchSink + 'static>(
        sink: S,
        analyzer: Arc<Analyzer>,
        options: IngestOptions,
        observer: Arc<dyn Observer>,
    ) -> Self {
        let lookup = sink.lookup();
        let workers = Workers::start(
            sink,
            analyzer,
            options.jobs,
            options.batch_size,
            Arc::clone(&observer),
        );
        Ingest {
            workers: Some(workers),
            lookup,
            summary: Summary::default(),
            observer,
            cancel: options.cancel,
        }
    }

    /// Whether the run's token was cancelled: callers stop handing over inputs.
    pub fn is_cancelled(&self) -> bool {
        self.cancel.is_cancelled()
    }

    /// Read one input and queue its documents (nothing once cancelled).
    pub fn read_input(&mut self, input: &Input, opts: &ReaderOptions) {
        if self.is_cancelled() {
            return;
        }
        let token = self.cancel.clone();
        read_input_until(input, opts, &token, &mut |item| self.accept(item));
    }

    /// Read documents from bytes in memory under a display `name` (a fetched page, the
    /// demo's examples).
    pub fn read_bytes(&mut self, name: &str, bytes: &[u8], opts: &ReaderOptions) {
        if self.is_cancelled() {
            return;
        }
        annals_ingest::read_reader(name, bytes, opts, &mut |item| self.accept(item));
    }

    /// Count and report a failure found outside the readers (an input that could not be
    /// expanded or fetched).
    pub fn fail(&mut self, message: impl std::fmt::Display) {
        self.summary.failed += 1;
        self.observer.problem(Severity::Error, &message.to_string());
    }

    fn warn(&mut self, message: impl std::fmt::Display) {
        self.summary.warnings += 1;
        self.observer
            .problem(Severity::Warning, &message.to_string());
    }

    fn accept(&mut self, item: ReadItem) {
        // After cancellation the reader may still hand over what it had buffered, or an
        // error for the input it saw end early: none of it is queued or counted.
        if self.is_cancelled() {
            return;
        }
        match item {
            ReadItem::Record(source, record, format) => {
                match annals_ingest::prepare_document(record, &source, format) {
                    Ok(doc) => self.submit(doc),
                    Err(e) => self.fail(e),
                }
            }
            ReadItem::Warning(w) => self.warn(w),
            ReadItem::Error(e) => self.fail(e),
        }
    }

    /// Queue one cleaned document, unless the same id and content are stored already.
    /// Blocks while the workers' queue is full.
    pub fn submit(&mut self, doc: Document) {
        if let Some(lookup) = &self.lookup {
            if let Ok(Some(existing_id)) = lookup.stored_as(&doc.id, &doc.content_hash) {
                self.summary.present += 1;
                self.observer.documents_done(1);
                tracing::info!(
                    "already present {existing_id} ({})",
                    doc.source.as_deref().unwrap_or("")
                );
                return;
            }
        }
        let submitted = self.workers.as_mut().is_some_and(|w| w.submit(doc));
        if !submitted {
            self.fail("the ingest pipeline has stopped; document not stored");
        }
    }

    /// Wait for everything queued to be analysed and stored; the run's counts.
    pub fn finish(mut self) -> Summary {
        self.drain();
        self.summary.cancelled = self.is_cancelled();
        std::mem::take(&mut self.summary)
    }

    fn drain(&mut self) {
        let Some(workers) = self.workers.take() else {
            return;
        };
        match workers.finish() {
            Some(summary) => self.summary.merge(&summary),
            None => self.fail("the ingest writer thread stopped unexpectedly"),
        }
    }
}

impl Drop for Ingest {
    /// Dropped without [`finish`](Self::finish): still store what is queued, so no thread
    /// outlives the ingest and no analysed document is lost.
    fn drop(&mut self) {
        self.drain();
    }
}
