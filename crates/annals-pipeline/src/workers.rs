//! The ingest's threads: the caller's thread reads and cleans, `jobs` workers analyse, one
//! writer thread stores in batches.
//!
//! ```text
//! reader ──(bounded)──► workers ×N ──(bounded)──► writer: reorder → batch → one transaction
//! ```
//!
//! Queues are bounded, so memory stays flat on any corpus size: a slow writer stalls the
//! workers, which stall the reader. The writer restores input order before storing, so a
//! run stores documents in the same order (and with the same ingest sequence) whatever the
//! number of workers — a resumed run ends with the same database as one clean run.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use annals_core::{AnalyzedDoc, Document};
use annals_ingest::dedup::Signature;
use annals_nlp::pipeline::Scratch;

use crate::analyze::Analyzer;
use crate::cputime::thread_cpu_time;
use crate::duplicates::{BatchLinker, Link};
use crate::observer::{Observer, Severity};
use crate::sink::{BatchSink, SinkItem, StoreOutcome};
use crate::Summary;

type Job = (u64, Document);
/// A worker's result: the analysed document, or the document id and why analysis failed.
type Done = (u64, Result<AnalyzedDoc, (String, String)>);

/// Handles of the running workers and writer.
pub(crate) struct Workers {
    jobs: Option<SyncSender<Job>>,
    /// Analysis workers; each returns its CPU time when the queue is closed.
    threads: Vec<JoinHandle<Duration>>,
    writer: Option<JoinHandle<Summary>>,
    next_seq: u64,
}

impl Workers {
    pub(crate) fn start<S: BatchSink + 'static>(
        sink: S,
        analyzer: Arc<Analyzer>,
        jobs: usize,
        batch_size: usize,
        observer: Arc<dyn Observer>,
    ) -> Workers {
        let jobs = jobs.max(1);
        let batch_size = batch_size.max(1);
        let (job_tx, job_rx) = sync_channel::<Job>(jobs * 4);
        let (done_tx, done_rx) = sync_channel::<Done>(batch_size.max(jobs * 4));
        let job_rx = Arc::new(Mutex::new(job_rx));
        let threads = (0..jobs)
            .map(|i| {
                let job_rx = Arc::clone(&job_rx);
                let done_tx = done_tx.clone();
                let analyzer = Arc::clone(&analyzer);
                std::thread::Builder::new()
                    .name(format!("ingest-worker-{i}"))
                    .spawn(move || work(&analyzer, &job_rx, &done_tx))
            })
            .filter_map(Result::ok)
            .collect();
        drop(done_tx);
        let writer = std::thread::Builder::new()
            .name("ingest-writer".into())
            .spawn(move || write(sink, done_rx, batch_size, &*observer))
            .ok();
        Workers {
            jobs: Some(job_tx),
            threads,
            writer,
            next_seq: 0,
        }
    }

    /// Queue a cleaned document; blocks while the queue is full. `false` if the pipeline
    /// has stopped (its threads are gone), in which case the document is not stored.
    pub(crate) fn submit(&mut self, doc: Document) -> bool {
        let Some(tx) = &self.jobs else {
            return false;
        };
        let seq = self.next_seq;
        self.next_seq += 1;
        tx.send((seq, doc)).is_ok()
    }

    /// Close the queue, let everything queued be analysed and stored, and return the
    /// writer's counts (`None` if the writer thread died).
    pub(crate) fn finish(mut self) -> Option<Summary> {
        self.jobs = None;
        let mut workers_cpu = Duration::ZERO;
        for t in self.threads.drain(..) {
            workers_cpu += t.join().unwrap_or_default();
        }
        let mut summary = self.writer.take()?.join().ok()?;
        summary.cpu.workers += workers_cpu;
        Some(summary)
    }
}

fn work(analyzer: &Analyzer, jobs: &Mutex<Receiver<Job>>, done: &SyncSender<Done>) -> Duration {
    let mut scratch = Scratch::default();
    let cpu = || thread_cpu_time().unwrap_or_default();
    loop {
        // Hold the lock only to take one job.
        let job = match jobs.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return cpu(),
        };
        let Ok((seq, doc)) = job else { return cpu() };
        let id = doc.id.clone();
        let source = doc.source.clone().unwrap_or_default();
        // A bug triggered by one document costs that document, not the run.
        let result = catch_unwind(AssertUnwindSafe(|| analyzer.analyze(doc, &mut scratch)))
            .map(|mut analyzed| {
                // The store keeps no parses. Dropped here, they are freed by the thread
                // that allocated them (cheaper than the writer freeing them from another
                // thread's arena) and do not sit in the queues and the batch: a batch of
                // 1024 documents with their parses peaked at 496 MB.
                analyzed.parsed = Vec::new();
                analyzed
            })
            .map_err(|panic| {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".into());
                scratch = Scratch::default();
                (id, format!("{source}: analysis failed: {what}"))
            });
        if done.send((seq, result)).is_err() {
            return cpu();
        }
    }
}

/// Store results in input order, `batch_size` documents a transaction.
fn write<S: BatchSink>(
    mut sink: S,
    done: Receiver<Done>,
    batch_size: usize,
    observer: &dyn Observer,
) -> Summary {
    let mut summary = Summary::default();
    let mut pending: BTreeMap<u64, Result<AnalyzedDoc, (String, String)>> = BTreeMap::new();
    let mut next = 0u64;
    let mut batch: Vec<AnalyzedDoc> = Vec::with_capacity(batch_size);
    for (seq, result) in done {
        pending.insert(seq, result);
        while let Some(result) = pending.remove(&next) {
            next += 1;
            match result {
                Ok(analyzed) => batch.push(analyzed),
                Err((id, msg)) => {
                    summary.failed += 1;
                    observer.problem(Severity::Error, &format!("document {id}: {msg}"));
                    observer.documents_done(1);
                }
            }
            if batch.len() >= batch_size {
                store_batch(&mut sink, &mut batch, &mut summary, observer);
            }
        }
    }
    store_batch(&mut sink, &mut batch, &mut summary, observer);
    // Closing the store checkpoints the WAL: part of the writer's cost.
    drop(sink);
    summary.cpu.writer = thread_cpu_time().unwrap_or_default();
    summary
}

/// Decide the batch's near-duplicate links, in input order so the earlier copy is the
/// original; `None` for a document without a usable fingerprint.
fn link_batch<S: BatchSink>(sink: &S, items: &[AnalyzedDoc]) -> Vec<Option<Link>> {
    let mut linker = BatchLinker::default();
    items
        .iter()
        .map(|a| {
            let fp = a.fingerprint.as_ref()?;
            let sig = Signature::from_bytes(&fp.signature).ok()?;
            linker.link(sink, &a.doc.id, &sig, &fp.bands)
        })
        .collect()
}

fn store_batch<S: BatchSink>(
    sink: &mut S,
    batch: &mut Vec<AnalyzedDoc>,
    summary: &mut Summary,
    observer: &dyn Observer,
) {
    if batch.is_empty() {
        return;
    }
    let items = std::mem::take(batch);
    let links = link_batch(sink, &items);
    let sink_items: Vec<SinkItem> = items
        .iter()
        .zip(&links)
        .map(|(analyzed, link)| SinkItem {
            analyzed,
            duplicate_of: link.as_ref().map(|l| (l.of.as_str(), l.similarity)),
            // A near-identical copy is not indexed (see `duplicates`).
            index_fingerprint: !link.as_ref().is_some_and(|l| l.copy),
        })
        .collect();
    match sink.insert_batch(&sink_items) {
        Ok(outcomes) => {
            for ((a, link), outcome) in items.iter().zip(&links).zip(outcomes) {
                count_outcome(a, link.as_ref(), outcome, summary, observer);
            }
        }
        Err(e) => {
            summary.failed += items.len();
            observer.problem(
                Severity::Error,
                &format!("batch of {} documents not stored: {e}", items.len()),
            );
        }
    }
    observer.documents_done(items.len() as u64);
}

fn count_outcome(
    a: &AnalyzedDoc,
    link: Option<&Link>,
    outcome: StoreOutcome,
    summary: &mut Summary,
    observer: &dyn Observer,
) {
    let doc = &a.doc;
    let src = doc.source.as_deref().unwrap_or("");
    let stored = matches!(outcome, StoreOutcome::New | StoreOutcome::Updated);
    match outcome {
        StoreOutcome::New => {
            summary.new += 1;
            tracing::info!(
                "new {} ({src}, {} sentences, {} events)",
                doc.id,
                doc.sentences.len(),
                a.events.len()
            );
        }
        StoreOutcome::AlreadyPresent { existing_id } => {
            summary.present += 1;
            tracing::info!("already present {existing_id} ({src})");
        }
        StoreOutcome::Updated => {
            summary.updated += 1;
            tracing::info!("updated {} ({src})", doc.id);
        }
        StoreOutcome::Rejected { reason } => {
            summary.failed += 1;
            observer.problem(
                Severity::Error,
                &format!("{src}: document {} rejected: {reason}", doc.id),
            );
        }
    }
    if stored {
        summary.events += a.events.len();
        summary.foreign += usize::from(a.foreign);
        if let Some(link) = link {
            summary.duplicates += 1;
            tracing::info!(
                "{} nearly duplicates {} (similarity {:.2})",
                doc.id,
                link.of,
                link.similarity
            );
        }
    }
}
