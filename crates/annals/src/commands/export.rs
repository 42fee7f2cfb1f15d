//! `annals export`: stream events, mentions or documents out of the store into files other
//! tools read (CSV/TSV, JSONL, Parquet, the GDELT and POLECAT layouts). The export itself
//! is `annals-export`'s; this only turns arguments into its options and reports.

use std::path::PathBuf;

use anyhow::Result;
use clap::{Args, ValueEnum};

use annals_export::{Entity, ExportOptions, Format, Target};
use annals_store::EventQuery;

use super::{filters::EventFilters, open_store_read, Status};
use crate::cli::GlobalArgs;

/// What to export.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ExportEntity {
    Events,
    Mentions,
    Documents,
}

/// The output format.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ExportFormat {
    /// Comma-separated with a header (RFC 4180 quoting).
    Csv,
    /// Tab-separated with a header (RFC 4180 quoting).
    Tsv,
    /// One JSON object per line.
    Jsonl,
    /// Typed Parquet; a directory --out gets one file per month.
    Parquet,
    /// GDELT 2.0's 61-column event table (tab-separated, no header).
    Gdelt,
    /// The POLECAT event layout (tab-separated, with a header).
    Polecat,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// events, mentions or documents.
    #[arg(value_enum)]
    pub entity: ExportEntity,
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// The file to write, `-` for standard output (text formats). For parquet, a path
    /// ending in .parquet is one file; any other path is a directory with one file per
    /// month (month=YYYY-MM/part-0.parquet, undated rows in month=undated/).
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    #[command(flatten)]
    pub filter: EventFilters,
    /// At most this many rows.
    #[arg(long)]
    pub limit: Option<u64>,
    #[command(flatten)]
    pub db: crate::cli::DbArg,
}

pub fn run(global: &GlobalArgs, args: ExportArgs) -> Result<Status> {
    let store = open_store_read(&global.db)?;
    let f = args.filter;
    let doc_id = f.doc_id(store.as_ref())?;
    let opts = ExportOptions {
        entity: match args.entity {
            ExportEntity::Events => Entity::Events,
            ExportEntity::Mentions => Entity::Mentions,
            ExportEntity::Documents => Entity::Documents,
        },
        format: match args.format {
            ExportFormat::Csv => Format::Csv,
            ExportFormat::Tsv => Format::Tsv,
            ExportFormat::Jsonl => Format::Jsonl,
            ExportFormat::Parquet => Format::Parquet,
            ExportFormat::Gdelt => Format::Gdelt,
            ExportFormat::Polecat => Format::Polecat,
        },
        query: EventQuery {
            actor: f.actor,
            dyad: f.dyad,
            code: f.code,
            plover: f.plover,
            modality: f.modality,
            since: f.since,
            until: f.until,
            undated: false,
            doc_id,
            limit: None,
            after: None,
        },
        min_confidence: f.min_confidence,
        limit: args.limit,
    };
    let target = if args.out.as_os_str() == "-" {
        Target::Writer(Box::new(std::io::BufWriter::new(std::io::stdout().lock())))
    } else {
        Target::Path(args.out)
    };
    let summary = annals_export::export(store.as_ref(), &opts, target)?;
    if !global.quiet {
        let files = summary.files.len();
        let first = summary
            .files
            .first()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let wrote = if files == 1 {
            first
        } else {
            format!("{files} files")
        };
        eprintln!("exported {} rows to {wrote}", summary.rows);
    }
    Ok(Status::Success)
}
