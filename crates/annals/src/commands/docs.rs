//! `annals docs`: list stored documents with their counts.

use anyhow::Result;

use super::{open_store_read, Status};
use crate::cli::{DocsArgs, GlobalArgs};
use crate::output::Rows;

pub fn run(global: &GlobalArgs, args: DocsArgs) -> Result<Status> {
    let store = open_store_read(&global.db)?;
    let docs = store.list_documents(args.limit, args.offset)?;
    let rows = Rows {
        columns: &[
            "id",
            "published",
            "publisher",
            "title",
            "sentences",
            "headings",
            "removed",
            "chars",
            "lang",
            "events",
            "duplicate_of",
        ],
        rows: docs,
        cells: |d| {
            vec![
                d.id.clone(),
                d.published.clone().unwrap_or_default(),
                d.publisher.clone().unwrap_or_default(),
                d.title
                    .clone()
                    .or_else(|| d.source.clone())
                    .unwrap_or_default(),
                d.n_sentences.to_string(),
                d.n_headings.to_string(),
                d.n_removed.to_string(),
                d.n_chars.to_string(),
                d.language.clone().unwrap_or_default(),
                d.n_events.to_string(),
                match (&d.duplicate_of, d.similarity) {
                    (Some(of), Some(sim)) => format!("{of} ({sim:.2})"),
                    (Some(of), None) => of.clone(),
                    _ => String::new(),
                },
            ]
        },
    };
    let mut out = std::io::stdout().lock();
    rows.write(args.format, &mut out)?;
    if args.format == crate::cli::OutputFormat::Table && !global.quiet {
        let total = store.count_documents()?;
        eprintln!("{} of {total} documents", rows.rows.len());
    }
    Ok(Status::Success)
}
