//! `annals code`: code events from articles without a database, through the same
//! analyzer as `annals ingest` (same model, actor files and event coder).

use anyhow::Result;
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::PathBuf;

use annals_core::event_csv::{csv_cells, CSV_COLUMNS};
use annals_core::{Document, Event};
use annals_ingest::{ColumnNames, ReaderOptions};
use annals_nlp::pipeline::Scratch;
use annals_pipeline::{read_documents, Observer, Severity, StageTimes};

use super::ingest::full_analyzer;
use super::Status;
use crate::cli::{ActorArgs, GlobalArgs, InputFormat, ModelArgs};
use crate::output::{truncate, write_table};

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum EventFormat {
    /// One event record (the DESIGN.md contract) a line.
    Jsonl,
    /// GDELT-like columns.
    Csv,
    /// An aligned table for reading.
    Table,
}

#[derive(Debug, Args)]
pub struct CodeArgs {
    /// Files, directories, glob patterns, or `-` for stdin (same readers as `ingest`).
    #[arg(required = true)]
    pub paths: Vec<String>,
    #[arg(long, value_enum, default_value_t = EventFormat::Jsonl)]
    pub format: EventFormat,
    /// Input format; by default from the file extension.
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormat>,
    #[command(flatten)]
    pub actors: ActorArgs,
    #[command(flatten)]
    pub model: ModelArgs,
}

/// Reader options for a command that takes only `--input-format`.
pub fn reader_options(format: Option<InputFormat>) -> ReaderOptions {
    ReaderOptions {
        format: format.map(InputFormat::format),
        max_doc_bytes: 50 << 20,
        columns: ColumnNames::default(),
        follow_links: false,
    }
}

/// Reading problems of commands without a progress bar: errors on stderr, warnings in the
/// log (`-v`).
struct Stderr;

impl Observer for Stderr {
    fn problem(&self, severity: Severity, message: &str) {
        match severity {
            Severity::Error => eprintln!("error: {message}"),
            Severity::Warning => tracing::warn!("{message}"),
        }
    }
}

/// Read every document of `paths` (through the engine's readers) and hand it to `each`;
/// read errors are reported on stderr and counted.
pub fn for_each_document(
    paths: &[String],
    opts: &ReaderOptions,
    each: &mut dyn FnMut(Document) -> Result<()>,
) -> Result<usize> {
    Ok(read_documents(paths, opts, &Stderr, each)?.failed)
}

pub fn run(_global: &GlobalArgs, args: CodeArgs) -> Result<Status> {
    let analyzer = full_analyzer(&args.model, &args.actors.actors)?;
    let opts = reader_options(args.input_format);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut scratch = Scratch::default();
    // JSONL streams; CSV and tables are written once all documents are coded.
    let mut kept = Vec::new();
    let failed = for_each_document(&args.paths, &opts, &mut |doc| {
        let events = analyzer.analyze(doc, &mut scratch).events;
        if args.format == EventFormat::Jsonl {
            write_events(&events, EventFormat::Jsonl, &mut out)?;
        } else {
            kept.extend(events);
        }
        Ok(())
    })?;
    if args.format != EventFormat::Jsonl {
        write_events(&kept, args.format, &mut out)?;
    }
    out.flush()?;
    Ok(if failed > 0 {
        Status::Failed
    } else {
        Status::Success
    })
}

/// Print events in one of the event formats (shared with `annals events`).
pub fn write_events(events: &[Event], format: EventFormat, out: &mut impl Write) -> Result<()> {
    match format {
        EventFormat::Jsonl => {
            for e in events {
                serde_json::to_writer(&mut *out, e)?;
                writeln!(out)?;
            }
        }
        EventFormat::Csv => {
            let mut w = csv_header();
            for e in events {
                w.write_record(csv_cells(e))?;
            }
            out.write_all(&w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?)?;
        }
        EventFormat::Table => {
            let rows: Vec<Vec<String>> = events.iter().map(table_cells).collect();
            write_table(out, TABLE_COLUMNS, &rows)?;
        }
    }
    Ok(())
}

fn csv_header() -> csv::Writer<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(CSV_COLUMNS);
    w
}

const TABLE_COLUMNS: &[&str] = &[
    "doc", "sent", "source", "target", "cameo", "plover", "modality", "date", "trigger",
];

fn table_cells(e: &Event) -> Vec<String> {
    let actor = |a: Option<&annals_core::EventActor>| {
        a.map(|a| a.code.clone().unwrap_or_else(|| a.text.clone()))
            .unwrap_or_default()
    };
    let mut modality = e.modality.as_str().to_string();
    if let Some(a) = &e.attribution {
        modality.push_str(&format!(" ({})", a.code.as_deref().unwrap_or(&a.text)));
    }
    let mut date = e.date.value.clone().unwrap_or_else(|| "-".into());
    if e.historical {
        date.push_str(" hist");
    }
    vec![
        truncate(&e.doc_id, 16),
        e.sentence.to_string(),
        actor(e.source.as_ref()),
        actor(e.target.as_ref()),
        e.cameo.clone(),
        e.plover.clone().unwrap_or_default(),
        truncate(&modality, 30),
        date,
        truncate(&e.trigger.text, 20),
    ]
}

#[derive(Debug, Args)]
pub struct BenchCodeArgs {
    /// JSONL corpus (default: $ANNALS_SHARED/data/wikinews/wikinews_en.jsonl, else ../shared/…).
    #[arg(long)]
    pub corpus: Option<PathBuf>,
    /// Passes over the corpus (timings add up over passes).
    #[arg(long, default_value_t = 3)]
    pub passes: usize,
    #[command(flatten)]
    pub model: ModelArgs,
}

/// `annals bench code`: time parsing, actor resolution and event coding separately on one
/// thread (the analyzer's own stage timings); report the coder's sentences/s and its cost
/// relative to parsing, and end-to-end articles/s.
pub fn bench(args: BenchCodeArgs) -> Result<Status> {
    let corpus = args.corpus.unwrap_or_else(super::bench::default_corpus);
    let analyzer = full_analyzer(&args.model, &[])?;
    let mut docs = Vec::new();
    let paths = [corpus.display().to_string()];
    for_each_document(&paths, &reader_options(None), &mut |doc| {
        docs.push(doc);
        Ok(())
    })?;
    if docs.is_empty() {
        anyhow::bail!("no documents in {}", corpus.display());
    }
    let mut scratch = Scratch::default();
    let mut times = StageTimes::default();
    let (mut sentences, mut events, mut articles) = (0usize, 0usize, 0usize);
    for _ in 0..args.passes.max(1) {
        for doc in &docs {
            let analyzed = analyzer.analyze_timed(doc.clone(), &mut scratch, &mut times);
            sentences += analyzed.parsed.len();
            events += analyzed.events.len();
            articles += 1;
        }
    }
    let secs = |d: std::time::Duration| d.as_secs_f64().max(1e-9);
    let (parse, resolve, code) = (times.parse, times.actors, times.coder);
    let total = parse + resolve + code;
    println!(
        "corpus        {} ({} articles × {} passes)",
        corpus.display(),
        docs.len(),
        args.passes.max(1)
    );
    println!("sentences     {sentences}, events {events}");
    println!(
        "parse         {:>8.2} s  {:>10.0} sentences/s",
        secs(parse),
        sentences as f64 / secs(parse)
    );
    println!(
        "actors        {:>8.2} s  {:>10.0} sentences/s",
        secs(resolve),
        sentences as f64 / secs(resolve)
    );
    println!(
        "coder         {:>8.2} s  {:>10.0} sentences/s",
        secs(code),
        sentences as f64 / secs(code)
    );
    println!("coder / parse {:>8.1} %", 100.0 * secs(code) / secs(parse));
    println!(
        "end to end    {:>8.2} s  {:>10.1} articles/s (parse + actors + coder, one thread)",
        secs(total),
        articles as f64 / secs(total)
    );
    Ok(Status::Success)
}
