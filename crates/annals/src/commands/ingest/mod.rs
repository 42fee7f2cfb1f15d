//! `annals ingest`: readers → cleaning and boilerplate removal → (parallel) sentence
//! splitting, parsing, actor resolution and event coding → store, in batches of one
//! transaction each.

pub mod analyze;
pub mod cputime;
pub mod duplicates;
pub mod progress;
pub mod workers;

use std::sync::Arc;

use annals_core::Document;
use annals_ingest::fetch::{fetch_input, is_url, FetchConfig, Fetcher};
use annals_ingest::{ColumnNames, Input, ReadItem, ReaderOptions};
use annals_store::Store;
use anyhow::Result;

pub use analyze::{Analyzed, Analyzer};
use progress::Progress;
use workers::Workers;

use super::{load_pipeline, open_store, Status};
use crate::cli::{GlobalArgs, IngestArgs, InputFormat};

/// Counts for the one-line summary.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub new: usize,
    pub present: usize,
    pub updated: usize,
    pub failed: usize,
    pub warnings: usize,
    /// Events coded in the documents stored by this run.
    pub events: usize,
    /// Stored documents reliably not in English (not parsed or coded).
    pub foreign: usize,
    /// Stored documents linked to an earlier near-duplicate.
    pub duplicates: usize,
    /// CPU time of the pipeline's threads (for `annals bench ingest`; not displayed).
    pub cpu: cputime::PipelineCpu,
}

impl Summary {
    pub fn merge(&mut self, other: &Summary) {
        self.new += other.new;
        self.present += other.present;
        self.updated += other.updated;
        self.failed += other.failed;
        self.warnings += other.warnings;
        self.events += other.events;
        self.foreign += other.foreign;
        self.duplicates += other.duplicates;
        self.cpu.merge(&other.cpu);
    }
}

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

/// Streams documents from readers through the analysis workers into the store.
///
/// The calling thread reads and cleans; documents already stored (same id and content
/// hash) are skipped before analysis, so re-running an interrupted ingest resumes where it
/// stopped. See [`workers`] for the threads.
pub struct Ingestor {
    workers: Option<Workers>,
    /// A second connection to the same file, for the already-stored check (none for an
    /// in-memory store, where there is nothing to resume).
    checker: Option<Store>,
    /// Set by `annals ingest` (to the database name): on ctrl-C, store and exit.
    exit_on_interrupt: Option<String>,
    pub summary: Summary,
    quiet: bool,
    progress: Progress,
}

impl Ingestor {
    /// An ingestor with the embedded model, all cores, and `batch_size` documents a
    /// transaction.
    pub fn new(store: Store, batch_size: usize, quiet: bool) -> Self {
        let analyzer = annals_nlp::pipeline::Pipeline::embedded()
            .map_err(anyhow::Error::from)
            .and_then(|p| Analyzer::full(p, &[]))
            .unwrap_or_else(|e| {
                eprintln!("error: {e:#}; storing documents without analysis");
                Analyzer::split_only()
            });
        Self::with_analyzer(store, Arc::new(analyzer), default_jobs(), batch_size, quiet)
    }

    pub fn with_analyzer(
        store: Store,
        analyzer: Arc<Analyzer>,
        jobs: usize,
        batch_size: usize,
        quiet: bool,
    ) -> Self {
        let progress = Progress::new(quiet);
        let checker = store.path().and_then(|p| Store::open(p).ok());
        let workers = Workers::start(store, analyzer, jobs, batch_size, progress.clone());
        Ingestor {
            workers: Some(workers),
            checker,
            exit_on_interrupt: None,
            summary: Summary::default(),
            quiet,
            progress,
        }
    }

    fn fail(&mut self, msg: impl std::fmt::Display) {
        self.summary.failed += 1;
        self.progress.suspend(|| eprintln!("error: {msg}"));
    }

    fn warn(&mut self, msg: impl std::fmt::Display) {
        self.summary.warnings += 1;
        if !self.quiet {
            self.progress.suspend(|| eprintln!("warning: {msg}"));
        }
    }

    /// Read one input and queue its documents.
    pub fn ingest_input(&mut self, input: &Input, opts: &ReaderOptions) {
        annals_ingest::read_input(input, opts, &mut |item| self.accept(item));
    }

    /// Read documents from bytes in memory under a display `name` (the demo's examples).
    pub fn ingest_bytes(&mut self, name: &str, bytes: &[u8], opts: &ReaderOptions) {
        annals_ingest::read_reader(name, bytes, opts, &mut |item| self.accept(item));
    }

    fn accept(&mut self, item: ReadItem) {
        if workers::interrupted() {
            self.stop_on_interrupt();
            return;
        }
        match item {
            ReadItem::Record(source, record, format) => {
                match annals_ingest::prepare_document(record, &source, format) {
                    Ok(doc) => self.push(doc),
                    Err(e) => self.fail(e),
                }
            }
            ReadItem::Warning(w) => self.warn(w),
            ReadItem::Error(e) => self.fail(e),
        }
    }

    fn push(&mut self, doc: Document) {
        if let Some(checker) = &self.checker {
            if let Ok(Some(existing_id)) = checker.stored_as(&doc.id, &doc.content_hash) {
                self.summary.present += 1;
                self.progress.add_docs(1);
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

    /// After ctrl-C in `annals ingest`: store what is queued, report, and exit at once
    /// instead of reading the rest of a (possibly multi-gigabyte) input to its end.
    fn stop_on_interrupt(&mut self) {
        let Some(db) = self.exit_on_interrupt.take() else {
            return;
        };
        if let Some(workers) = self.workers.take() {
            self.summary.merge(&workers.finish());
        }
        self.progress.finish();
        eprintln!("{} → {db}", self.summary);
        eprintln!("{INTERRUPTED_MESSAGE}");
        std::process::exit(130);
    }

    /// Wait for everything queued to be analysed and stored; the run's counts.
    pub fn finish(mut self) -> Summary {
        if let Some(workers) = self.workers.take() {
            self.summary.merge(&workers.finish());
        }
        self.progress.finish();
        self.summary
    }
}

const INTERRUPTED_MESSAGE: &str =
    "interrupted: everything read before ctrl-C is stored; run the same command again to resume";

/// Worker threads by default: one per core.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

pub fn reader_options(args: &IngestArgs) -> ReaderOptions {
    ReaderOptions {
        format: args.format.map(InputFormat::format),
        max_doc_bytes: args.max_doc_mb.saturating_mul(1 << 20),
        columns: ColumnNames {
            id: args.id_column.clone(),
            url: args.url_column.clone(),
            title: args.title_column.clone(),
            published: args.published_column.clone(),
            publisher: args.publisher_column.clone(),
            text: args.text_column.clone(),
        },
        follow_links: args.follow_links,
    }
}

pub fn run(global: &GlobalArgs, args: IngestArgs) -> Result<Status> {
    let store = open_store(&global.db)?;
    let opts = reader_options(&args);
    let analyzer = Arc::new(if args.no_analyze {
        Analyzer::split_only()
    } else {
        Analyzer::full(load_pipeline(&args.model)?, &args.actors)?
    });
    let jobs = args.jobs.unwrap_or_else(default_jobs);
    // ctrl-C: stop reading, store what is queued, report. A second ctrl-C kills as usual
    // once the handler has been reset by the process ending.
    let _ = ctrlc::set_handler(|| {
        workers::INTERRUPTED.store(true, std::sync::atomic::Ordering::Relaxed);
    });
    let (urls, paths): (Vec<String>, Vec<String>) =
        args.paths.iter().cloned().partition(|a| is_url(a));
    let (inputs, errors) = annals_ingest::expand_inputs(&paths);
    let mut ingestor =
        Ingestor::with_analyzer(store, analyzer, jobs, args.batch as usize, global.quiet);
    ingestor.exit_on_interrupt = Some(global.db.display().to_string());
    for e in errors {
        ingestor.fail(e);
    }
    if !urls.is_empty() {
        let fetcher = Fetcher::new(FetchConfig::default());
        for url in &urls {
            if workers::interrupted() {
                break;
            }
            match fetch_input(&fetcher, url) {
                Ok((name, body, hint)) => {
                    let opts = ReaderOptions {
                        format: opts.format.or(hint),
                        ..opts.clone()
                    };
                    ingestor.ingest_bytes(&name, &body, &opts);
                }
                Err(e) => ingestor.fail(e),
            }
        }
    }
    ingestor.progress.set_inputs(inputs.len());
    for input in &inputs {
        if workers::interrupted() {
            break;
        }
        ingestor.ingest_input(input, &opts);
        ingestor.progress.input_done();
    }
    let summary = ingestor.finish();
    if !global.quiet {
        eprintln!("{summary} → {}", global.db.display());
    }
    if !args.no_stories && summary.new + summary.updated > 0 && !workers::interrupted() {
        super::stories::run_stage(&global.db, global.quiet)?;
    }
    if workers::interrupted() {
        eprintln!("{INTERRUPTED_MESSAGE}");
        return Ok(Status::Failed);
    }
    Ok(if summary.failed > 0 {
        Status::Failed
    } else {
        Status::Success
    })
}
