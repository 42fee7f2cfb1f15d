//! `annals ingest`: readers → cleaning and boilerplate removal → sentence splitting →
//! store, in batches of one transaction each.

use std::io::IsTerminal;

use annals_core::Document;
use annals_ingest::{ColumnNames, Format, Input, ReadItem, ReaderOptions};
use annals_nlp::splitter::SentenceSplitter;
use annals_store::{InsertOutcome, Store};
use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{open_store, Status};
use crate::cli::{GlobalArgs, IngestArgs, InputFormat};

/// Counts for the one-line summary.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub new: usize,
    pub present: usize,
    pub updated: usize,
    pub failed: usize,
    pub warnings: usize,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} new, {} already present", self.new, self.present)?;
        if self.updated > 0 {
            write!(f, ", {} updated", self.updated)?;
        }
        write!(f, ", {} failed", self.failed)?;
        if self.warnings > 0 {
            write!(f, " ({} warnings)", self.warnings)?;
        }
        Ok(())
    }
}

/// Streams prepared documents into the store in batches.
pub struct Ingestor {
    store: Store,
    splitter: SentenceSplitter,
    batch: Vec<Document>,
    batch_size: usize,
    pub summary: Summary,
    quiet: bool,
    progress: ProgressBar,
}

impl Ingestor {
    pub fn new(store: Store, batch_size: usize, quiet: bool) -> Self {
        let progress = if quiet || !std::io::stderr().is_terminal() {
            ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden())
        } else {
            let pb = ProgressBar::new_spinner();
            pb.set_style(
                ProgressStyle::with_template("{spinner} {elapsed_precise} {pos} documents {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            pb
        };
        Ingestor {
            store,
            splitter: SentenceSplitter::new(),
            batch: Vec::with_capacity(batch_size),
            batch_size,
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
        match item {
            ReadItem::Record(source, record, format) => {
                match annals_ingest::prepare_document(record, &source, format) {
                    Ok(mut doc) => {
                        doc.sentences = self.splitter.split_blocks(&doc.clean_text, &doc.blocks);
                        self.push(doc);
                    }
                    Err(e) => self.fail(e),
                }
            }
            ReadItem::Warning(w) => self.warn(w),
            ReadItem::Error(e) => self.fail(e),
        }
    }

    fn push(&mut self, doc: Document) {
        self.batch.push(doc);
        if self.batch.len() >= self.batch_size {
            self.flush();
        }
    }

    /// Write the queued batch in one transaction.
    pub fn flush(&mut self) {
        if self.batch.is_empty() {
            return;
        }
        let batch = std::mem::take(&mut self.batch);
        match self.store.insert_documents(&batch) {
            Ok(outcomes) => {
                for (doc, outcome) in batch.iter().zip(outcomes) {
                    let src = doc.source.as_deref().unwrap_or("");
                    match outcome {
                        InsertOutcome::New => {
                            self.summary.new += 1;
                            tracing::info!(
                                "new {} ({src}, {} sentences)",
                                doc.id,
                                doc.sentences.len()
                            );
                        }
                        InsertOutcome::AlreadyPresent { existing_id } => {
                            self.summary.present += 1;
                            tracing::info!("already present {existing_id} ({src})");
                        }
                        InsertOutcome::Updated => {
                            self.summary.updated += 1;
                            tracing::info!("updated {} ({src})", doc.id);
                        }
                        InsertOutcome::Rejected { reason } => self.fail(format_args!(
                            "{src}: document {} rejected: {reason}",
                            doc.id
                        )),
                    }
                }
            }
            Err(e) => {
                for _ in &batch {
                    self.summary.failed += 1;
                }
                self.progress.suspend(|| {
                    eprintln!("error: batch of {} documents not stored: {e}", batch.len())
                });
            }
        }
        self.progress
            .set_position((self.summary.new + self.summary.present + self.summary.updated) as u64);
    }

    pub fn finish(mut self) -> Summary {
        self.flush();
        self.progress.finish_and_clear();
        self.summary
    }
}

pub fn reader_options(args: &IngestArgs) -> ReaderOptions {
    ReaderOptions {
        format: args.format.map(|f| match f {
            InputFormat::Txt => Format::Text,
            InputFormat::Md => Format::Markdown,
            InputFormat::Jsonl => Format::Jsonl,
            InputFormat::Csv => Format::Csv,
            InputFormat::Tsv => Format::Tsv,
        }),
        max_doc_bytes: args.max_doc_mb.saturating_mul(1 << 20),
        columns: ColumnNames {
            id: args.id_column.clone(),
            url: args.url_column.clone(),
            title: args.title_column.clone(),
            published: args.published_column.clone(),
            publisher: args.publisher_column.clone(),
            text: args.text_column.clone(),
        },
    }
}

pub fn run(global: &GlobalArgs, args: IngestArgs) -> Result<Status> {
    let store = open_store(&global.db)?;
    let opts = reader_options(&args);
    let (inputs, errors) = annals_ingest::expand_inputs(&args.paths);
    let mut ingestor = Ingestor::new(store, args.batch as usize, global.quiet);
    for e in errors {
        ingestor.fail(e);
    }
    for input in &inputs {
        ingestor.ingest_input(input, &opts);
    }
    let summary = ingestor.finish();
    if !global.quiet {
        eprintln!("{summary} → {}", global.db.display());
    }
    Ok(if summary.failed > 0 {
        Status::Failed
    } else {
        Status::Success
    })
}
