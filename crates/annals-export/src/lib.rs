//! Exports of an annals store: events, mentions or documents streamed from any
//! [`Store`] (SQLite or PostgreSQL) into CSV, TSV, JSONL, typed Parquet, or the GDELT 2.0
//! and POLECAT event layouts.
//!
//! # Streaming
//!
//! Rows are read a page at a time (events by the store's cursor, documents by offset,
//! mentions a document at a time) and handed to a [`RowSink`] at once, so memory stays
//! flat on any database size: text sinks hold one line, Parquet sinks at most a bounded
//! row group per open file ([`parquet_out::ROW_GROUP_ROWS`],
//! [`parquet_out::MAX_BUFFERED_ROWS`]).
//!
//! # Tables
//!
//! JSONL and Parquet write the typed tables of [`tables`] ([`tables::EVENT_COLUMNS`],
//! [`tables::MENTION_COLUMNS`], [`tables::DOCUMENT_COLUMNS`]): Parquet maps each column's
//! [`Kind`] to a physical and logical type (dates as `DATE`, codes as dictionary-encoded
//! UTF-8, Goldstein and confidence as `DOUBLE`, offsets as `INT64`, optional fields
//! `OPTIONAL`). Events as CSV/TSV use the layout `annals events --format csv` writes
//! ([`annals_core::event_csv`]); the other entities' CSV/TSV use the typed table's columns.
//! `gdelt` and `polecat` write the layouts of [`layout`], mapped column by column in
//! `src/gdelt.tsv` and `src/polecat.tsv`.

#![deny(missing_docs)]

mod error;
pub mod layout;
pub mod parquet_out;
mod sink;
mod source;
pub mod tables;
mod text;
pub mod value;

use std::io::Write;
use std::path::{Path, PathBuf};

use annals_store::{EventQuery, Store};

pub use error::ExportError;
pub use sink::RowSink;
pub use source::PAGE_SIZE;
pub use text::{TextSink, TextStyle};
pub use value::{Column, Kind, Value};

/// What is exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    /// Coded events (filtered by [`ExportOptions::query`]).
    Events,
    /// Actor mentions, one row per stored mention row.
    Mentions,
    /// Documents: the listing's fields, not their text.
    Documents,
}

/// The output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated, RFC 4180 quoting, a header.
    Csv,
    /// Tab-separated, RFC 4180 quoting, a header.
    Tsv,
    /// One JSON object per line.
    Jsonl,
    /// Typed Parquet: one file, or one per month when the output is a directory.
    Parquet,
    /// The GDELT 2.0 event table (events only).
    Gdelt,
    /// The POLECAT layout (events only).
    Polecat,
}

impl Format {
    /// Whether the format is text (and so can go to standard output).
    pub fn is_text(self) -> bool {
        self != Format::Parquet
    }
}

/// What to export and how.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// The entity.
    pub entity: Entity,
    /// The format.
    pub format: Format,
    /// Event filters, passed to [`Store::events_page`] as they are (its `limit` and
    /// `after` are the export's paging and are ignored). Only `doc_id` applies to
    /// mentions; documents take none.
    pub query: EventQuery,
    /// Events the coder gave at least this confidence.
    pub min_confidence: Option<f64>,
    /// At most this many rows.
    pub limit: Option<u64>,
}

/// Where the rows go.
pub enum Target {
    /// A text format to a writer (standard output); named `-` in messages.
    Writer(Box<dyn Write>),
    /// A file; for Parquet, a path not ending in `.parquet` is a directory of one file
    /// per month.
    Path(PathBuf),
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSummary {
    /// Rows written.
    pub rows: u64,
    /// Files written (`-` for standard output), sorted.
    pub files: Vec<PathBuf>,
}

/// True when `path` names a Parquet directory (one file per month) rather than a file:
/// anything not ending in `.parquet`.
pub fn is_parquet_dir(path: &Path) -> bool {
    path.extension()
        .is_none_or(|e| !e.eq_ignore_ascii_case("parquet"))
}

/// The columns `opts` writes: the typed table, the event CSV layout, or a foreign layout.
pub fn columns(entity: Entity, format: Format) -> Result<Vec<Column>, ExportError> {
    Ok(match (entity, format) {
        (Entity::Events, Format::Csv | Format::Tsv) => tables::event_csv_columns(),
        (Entity::Events, Format::Gdelt) => layout_columns(&layout::Layout::gdelt()?),
        (Entity::Events, Format::Polecat) => layout_columns(&layout::Layout::polecat()?),
        (_, Format::Gdelt | Format::Polecat) => {
            return Err(ExportError::Usage(
                "the gdelt and polecat layouts are event tables: export events".into(),
            ))
        }
        (Entity::Events, _) => tables::EVENT_COLUMNS.to_vec(),
        (Entity::Mentions, _) => tables::MENTION_COLUMNS.to_vec(),
        (Entity::Documents, _) => tables::DOCUMENT_COLUMNS.to_vec(),
    })
}

fn layout_columns(l: &layout::Layout) -> Vec<Column> {
    l.columns
        .iter()
        .map(|(name, _)| Column::named(name.clone(), Kind::Text))
        .collect()
}

fn check(opts: &ExportOptions) -> Result<(), ExportError> {
    let q = &opts.query;
    let event_filters = q.actor.is_some()
        || q.dyad.is_some()
        || q.code.is_some()
        || q.plover.is_some()
        || q.modality.is_some()
        || q.since.is_some()
        || q.until.is_some()
        || opts.min_confidence.is_some();
    match opts.entity {
        Entity::Events => Ok(()),
        Entity::Mentions | Entity::Documents if event_filters => Err(ExportError::Usage(
            "event filters (--actor, --dyad, --code, --plover, --modality, --since, --until, \
             --min-confidence) apply to events only"
                .into(),
        )),
        Entity::Documents if q.doc_id.is_some() => Err(ExportError::Usage(
            "--doc applies to events and mentions only".into(),
        )),
        _ => Ok(()),
    }
}

fn make_sink(
    opts: &ExportOptions,
    columns: Vec<Column>,
    target: Target,
) -> Result<Box<dyn RowSink>, ExportError> {
    let style = match opts.format {
        Format::Csv => TextStyle::Delimited(b','),
        Format::Tsv => TextStyle::Delimited(b'\t'),
        Format::Jsonl => TextStyle::Jsonl,
        Format::Gdelt => TextStyle::Plain { header: false },
        Format::Polecat => TextStyle::Plain { header: true },
        Format::Parquet => {
            let Target::Path(path) = target else {
                return Err(ExportError::Usage(
                    "Parquet is binary: give --out a file (.parquet) or a directory".into(),
                ));
            };
            return Ok(if is_parquet_dir(&path) {
                Box::new(parquet_out::PartitionedParquet::new(&path, columns)?)
            } else {
                Box::new(parquet_out::ParquetFile::create(&path, columns)?)
            });
        }
    };
    Ok(match target {
        Target::Writer(w) => Box::new(TextSink::new(w, PathBuf::from("-"), style, columns)?),
        Target::Path(path) => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| ExportError::io(dir, e))?;
            }
            let file = std::fs::File::create(&path).map_err(|e| ExportError::io(&path, e))?;
            let out = std::io::BufWriter::new(file);
            Box::new(TextSink::new(out, path, style, columns)?)
        }
    })
}

/// Export what `opts` asks for from `store` to `target`, streaming.
pub fn export(
    store: &dyn Store,
    opts: &ExportOptions,
    target: Target,
) -> Result<ExportSummary, ExportError> {
    check(opts)?;
    let columns = columns(opts.entity, opts.format)?;
    let mut sink = make_sink(opts, columns, target)?;
    let rows = source::stream(store, opts, sink.as_mut())?;
    let files = sink.finish()?;
    Ok(ExportSummary { rows, files })
}
