//! `annals ingest`: argument handling, the progress bar and the summary around the engine
//! in `annals-pipeline` (readers → workers → ordered writer → store).

pub mod progress;
pub mod signals;

use std::path::PathBuf;
use std::sync::Arc;

use annals_ingest::fetch::{fetch_input, is_url, FetchConfig, Fetcher};
use annals_ingest::{ColumnNames, Input, ReaderOptions};
use annals_pipeline::{CancelToken, Ingest, IngestOptions};
use annals_store::Store;
use anyhow::Result;

pub use annals_pipeline::{default_jobs, Analyzer, Summary};
use progress::Progress;
use signals::Interrupts;

use super::{load_pipeline, open_store, Status};
use crate::cli::{GlobalArgs, IngestArgs, InputFormat, ModelArgs};

/// The engine with the CLI's progress bar as its observer.
pub struct Ingestor {
    ingest: Ingest,
    pub progress: Progress,
}

impl Ingestor {
    /// An ingestor with the embedded model (or, if it cannot be loaded, splitting only),
    /// all cores, and `batch_size` documents a transaction.
    pub fn new(store: Box<dyn Store>, batch_size: usize, quiet: bool) -> Self {
        let analyzer = annals_nlp::pipeline::Pipeline::embedded()
            .map_err(anyhow::Error::from)
            .and_then(|p| Ok(Analyzer::full(p, &[])?))
            .unwrap_or_else(|e| {
                eprintln!("error: {e:#}; storing documents without analysis");
                Analyzer::split_only()
            });
        Self::with_analyzer(store, Arc::new(analyzer), default_jobs(), batch_size, quiet)
    }

    pub fn with_analyzer(
        store: Box<dyn Store>,
        analyzer: Arc<Analyzer>,
        jobs: usize,
        batch_size: usize,
        quiet: bool,
    ) -> Self {
        let options = IngestOptions {
            jobs,
            batch_size,
            cancel: CancelToken::new(),
        };
        Self::start(store, analyzer, options, quiet)
    }

    fn start(
        store: Box<dyn Store>,
        analyzer: Arc<Analyzer>,
        options: IngestOptions,
        quiet: bool,
    ) -> Self {
        let progress = Progress::new(quiet);
        let ingest = Ingest::start(store, analyzer, options, Arc::new(progress.clone()));
        Ingestor { ingest, progress }
    }

    /// Read one input and queue its documents.
    pub fn ingest_input(&mut self, input: &Input, opts: &ReaderOptions) {
        self.ingest.read_input(input, opts);
    }

    /// Read documents from bytes in memory under a display `name` (the demo's examples).
    pub fn ingest_bytes(&mut self, name: &str, bytes: &[u8], opts: &ReaderOptions) {
        self.ingest.read_bytes(name, bytes, opts);
    }

    /// Wait for everything queued to be analysed and stored; the run's counts.
    pub fn finish(self) -> Summary {
        let summary = self.ingest.finish();
        self.progress.finish();
        summary
    }
}

const INTERRUPTED_MESSAGE: &str =
    "interrupted: everything read before the signal is stored; run the same command again to resume";

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

/// The analyzer of `ingest` and `code`: the model of `--model`, the built-in knowledge
/// base plus the user's actor directory plus `--actors` files, the built-in event coder.
pub fn full_analyzer(model: &ModelArgs, actors: &[PathBuf]) -> Result<Analyzer> {
    Ok(Analyzer::full(load_pipeline(model)?, actors)?)
}

/// Whether a run that wrote `written` documents, leaving `stored` in the database, is a
/// bulk load after which the store should be settled ([`Store::settle`]): when the
/// documents it wrote are at least a tenth of those stored (every first load, and any
/// load that grows the store by a ninth or more).
///
/// Why a tenth: below it, the planner's statistics still describe the tables closely and
/// the pages not yet marked all-visible are few, and PostgreSQL's automatic vacuum comes
/// round by itself once a fifth of a table is new; above it, until that vacuum has run,
/// every count of events read the table for each new event (on 100,000 freshly loaded
/// documents a dyad's count read 6,549 events from the table, and none once vacuumed; see
/// the README's load test). Settling
/// costs about what was written (the vacuum skips pages already all-visible) plus a
/// bounded statistics sample per table, which a small top-up of a large store need not
/// pay on every run.
pub fn is_bulk_load(written: usize, stored: usize) -> bool {
    written > 0 && written.saturating_mul(10) >= stored
}

/// After a run that stored `written` documents: settle the store when that was a bulk
/// load ([`is_bulk_load`]). PostgreSQL's vacuum can take seconds, so it is reported unless
/// `quiet` (SQLite's settling does nothing; see `Store::settle`).
fn settle_after_load(db: &std::path::Path, written: usize, quiet: bool) -> Result<()> {
    if written == 0 {
        return Ok(());
    }
    let mut store = open_store(db)?;
    let stored = store.count_documents()?;
    if !is_bulk_load(written, stored) {
        return Ok(());
    }
    let started = std::time::Instant::now();
    store.settle()?;
    if !quiet && store.backend() == "postgres" {
        eprintln!(
            "vacuumed and analyzed after a load of {written} of {stored} documents ({:.1} s)",
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

pub fn run(global: &GlobalArgs, args: IngestArgs) -> Result<Status> {
    let store = open_store(&global.db)?;
    let opts = reader_options(&args);
    let analyzer = Arc::new(if args.no_analyze {
        Analyzer::split_only()
    } else {
        full_analyzer(&args.model, &args.actors)?
    });
    let cancel = CancelToken::new();
    let interrupts = Interrupts::install(cancel.clone())
        .inspect_err(|e| eprintln!("warning: cannot catch ctrl-C/SIGTERM ({e})"))
        .ok();
    let (urls, paths): (Vec<String>, Vec<String>) =
        args.paths.iter().cloned().partition(|a| is_url(a));
    let (inputs, errors) = annals_ingest::expand_inputs(&paths);
    let options = IngestOptions {
        jobs: args.jobs.unwrap_or_else(default_jobs),
        batch_size: args.batch as usize,
        cancel: cancel.clone(),
    };
    let mut ingestor = Ingestor::start(store, analyzer, options, global.quiet);
    for e in errors {
        ingestor.ingest.fail(e);
    }
    if !urls.is_empty() {
        let fetcher = Fetcher::new(FetchConfig::default());
        for url in urls.iter().take_while(|_| !cancel.is_cancelled()) {
            match fetch_input(&fetcher, url) {
                Ok((name, body, hint)) => {
                    let opts = ReaderOptions {
                        format: opts.format.or(hint),
                        ..opts.clone()
                    };
                    ingestor.ingest_bytes(&name, &body, &opts);
                }
                Err(e) => ingestor.ingest.fail(e),
            }
        }
    }
    ingestor.progress.set_inputs(inputs.len());
    for input in inputs.iter().take_while(|_| !cancel.is_cancelled()) {
        ingestor.ingest_input(input, &opts);
        ingestor.progress.input_done();
    }
    let summary = ingestor.finish();
    if !global.quiet || summary.cancelled {
        eprintln!("{summary} → {}", global.db.display());
    }
    if !summary.cancelled {
        // What was read is stored either way: a store that cannot be settled (e.g. a
        // PostgreSQL user who may write but not vacuum) is said, not a failed run.
        if let Err(e) = settle_after_load(&global.db, summary.new + summary.updated, global.quiet) {
            eprintln!("warning: the store was not settled after the load: {e:#}");
        }
    }
    if !args.no_stories && summary.new + summary.updated > 0 && !summary.cancelled {
        // The stories stage stores in SQLite only so far: on PostgreSQL the documents and
        // events are stored and the run succeeds, saying what it did not build.
        if annals_store::is_postgres_url(&global.db.to_string_lossy()) {
            eprintln!(concat!(
                "warning: stories, event clusters and contradictions are not built on a ",
                "PostgreSQL database yet (SQLite only); the documents and events are ",
                "stored (--no-stories skips this notice)"
            ));
        } else {
            super::stories::run_stage(&global.db, global.quiet)?;
        }
    }
    if summary.cancelled {
        eprintln!("{INTERRUPTED_MESSAGE}");
        let signal = interrupts.and_then(|i| i.received());
        return Ok(signal.map_or(Status::Failed, Status::Signalled));
    }
    Ok(if summary.failed > 0 {
        Status::Failed
    } else {
        Status::Success
    })
}

#[cfg(test)]
mod tests {
    use super::is_bulk_load;

    #[test]
    fn a_bulk_load_is_a_tenth_or_more_of_the_stored_documents() {
        assert!(is_bulk_load(20, 20), "a first load");
        assert!(is_bulk_load(10, 100));
        assert!(!is_bulk_load(9, 100));
        assert!(!is_bulk_load(1, 21));
        assert!(is_bulk_load(3, 24));
        assert!(!is_bulk_load(0, 0), "nothing written");
        assert!(is_bulk_load(100_000, 100_000));
        assert!(!is_bulk_load(5_000, 100_000));
    }
}
