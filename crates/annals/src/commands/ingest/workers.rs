//! The ingest pipeline's threads: the caller's thread reads and cleans, `jobs` workers
//! analyse, one writer thread stores in batches.
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
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use annals_core::Document;
use annals_nlp::pipeline::Scratch;
use annals_store::{Analysis, InsertOutcome, Store};

use super::analyze::{Analyzed, Analyzer};
use super::cputime::thread_cpu_time;
use super::duplicates::{BatchLinker, Link};
use super::progress::Progress;
use super::Summary;

/// Set by the ctrl-C handler: stop reading, finish what is queued, commit, exit.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::Relaxed)
}

type Job = (u64, Document);
/// A worker's result: the analysed document, or the document id and why analysis failed.
type Done = (u64, Result<Analyzed, (String, String)>);

/// Handles of the running workers and writer.
pub struct Workers {
    jobs: Option<SyncSender<Job>>,
    /// Analysis workers; each returns its CPU time when the queue is closed.
    threads: Vec<JoinHandle<Duration>>,
    writer: Option<JoinHandle<Summary>>,
    next_seq: u64,
}

impl Workers {
    pub fn start(
        store: Box<dyn Store>,
        analyzer: Arc<Analyzer>,
        jobs: usize,
        batch_size: usize,
        progress: Progress,
    ) -> Workers {
        let jobs = jobs.max(1);
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
            .spawn(move || write(store, done_rx, batch_size, progress))
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
    pub fn submit(&mut self, doc: Document) -> bool {
        let Some(tx) = &self.jobs else {
            return false;
        };
        let seq = self.next_seq;
        self.next_seq += 1;
        tx.send((seq, doc)).is_ok()
    }

    /// Close the queue, let everything queued be analysed and stored, and return the
    /// writer's counts.
    pub fn finish(mut self) -> Summary {
        self.jobs = None;
        let mut workers_cpu = Duration::ZERO;
        for t in self.threads.drain(..) {
            workers_cpu += t.join().unwrap_or_default();
        }
        match self.writer.take().map(JoinHandle::join) {
            Some(Ok(mut summary)) => {
                summary.cpu.workers += workers_cpu;
                summary
            }
            _ => {
                eprintln!("error: the ingest writer thread stopped unexpectedly");
                Summary {
                    failed: 1,
                    ..Summary::default()
                }
            }
        }
    }
}

fn work(
    analyzer: &Analyzer,
    jobs: &Mutex<std::sync::mpsc::Receiver<Job>>,
    done: &SyncSender<Done>,
) -> Duration {
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
fn write(
    mut store: Box<dyn Store>,
    done: Receiver<Done>,
    batch_size: usize,
    progress: Progress,
) -> Summary {
    let mut summary = Summary::default();
    let mut pending: BTreeMap<u64, Result<Analyzed, (String, String)>> = BTreeMap::new();
    let mut next = 0u64;
    let mut batch: Vec<Analyzed> = Vec::with_capacity(batch_size);
    for (seq, result) in done {
        pending.insert(seq, result);
        while let Some(result) = pending.remove(&next) {
            next += 1;
            match result {
                Ok(analyzed) => batch.push(analyzed),
                Err((id, msg)) => {
                    summary.failed += 1;
                    progress.suspend(|| eprintln!("error: document {id}: {msg}"));
                }
            }
            if batch.len() >= batch_size {
                store_batch(store.as_mut(), &mut batch, &mut summary, &progress);
            }
        }
    }
    store_batch(store.as_mut(), &mut batch, &mut summary, &progress);
    // Closing the store checkpoints the WAL: part of the writer's cost.
    drop(store);
    summary.cpu.writer = thread_cpu_time().unwrap_or_default();
    summary
}

fn store_batch(
    store: &mut dyn Store,
    batch: &mut Vec<Analyzed>,
    summary: &mut Summary,
    progress: &Progress,
) {
    if batch.is_empty() {
        return;
    }
    let items = std::mem::take(batch);
    // Near-duplicates are decided here, in input order, so the earlier copy is the original.
    let mut linker = BatchLinker::default();
    let mut duplicates: Vec<Option<Link>> = Vec::with_capacity(items.len());
    let mut sig_bytes: Vec<Option<Vec<u8>>> = Vec::with_capacity(items.len());
    for a in &items {
        let link = a
            .signature
            .as_ref()
            .and_then(|(sig, bands)| linker.link(store, &a.doc.id, sig, bands));
        // A near-identical copy is not indexed (see `duplicates`).
        let indexed = !link.as_ref().is_some_and(|l| l.copy);
        sig_bytes.push(
            a.signature
                .as_ref()
                .filter(|_| indexed)
                .map(|(sig, _)| sig.to_bytes()),
        );
        duplicates.push(link);
    }
    let analyses: Vec<Analysis> = items
        .iter()
        .zip(&duplicates)
        .zip(&sig_bytes)
        .map(|((a, dup), bytes)| Analysis {
            mentions: &a.mentions,
            events: &a.events,
            language: a.language,
            duplicate_of: dup.as_ref().map(|l| (l.of.as_str(), l.similarity)),
            signature: bytes.as_deref(),
            bands: match (&a.signature, bytes) {
                (Some((_, b)), Some(_)) => b.as_slice(),
                _ => &[],
            },
        })
        .collect();
    let pairs: Vec<(&Document, &Analysis)> =
        items.iter().map(|a| &a.doc).zip(analyses.iter()).collect();
    match store.insert_analyzed(&pairs) {
        Ok(outcomes) => {
            for ((a, dup), outcome) in items.iter().zip(&duplicates).zip(outcomes) {
                let doc = &a.doc;
                let src = doc.source.as_deref().unwrap_or("");
                let stored = matches!(outcome, InsertOutcome::New | InsertOutcome::Updated);
                match outcome {
                    InsertOutcome::New => {
                        summary.new += 1;
                        tracing::info!(
                            "new {} ({src}, {} sentences, {} events)",
                            doc.id,
                            doc.sentences.len(),
                            a.events.len()
                        );
                    }
                    InsertOutcome::AlreadyPresent { existing_id } => {
                        summary.present += 1;
                        tracing::info!("already present {existing_id} ({src})");
                    }
                    InsertOutcome::Updated => {
                        summary.updated += 1;
                        tracing::info!("updated {} ({src})", doc.id);
                    }
                    InsertOutcome::Rejected { reason } => {
                        summary.failed += 1;
                        progress.suspend(|| {
                            eprintln!("error: {src}: document {} rejected: {reason}", doc.id)
                        });
                    }
                }
                if stored {
                    summary.events += a.events.len();
                    summary.foreign += usize::from(a.foreign);
                    if let Some(link) = dup {
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
        }
        Err(e) => {
            summary.failed += items.len();
            progress
                .suspend(|| eprintln!("error: batch of {} documents not stored: {e}", items.len()));
        }
    }
    progress.add_docs(items.len() as u64);
}
