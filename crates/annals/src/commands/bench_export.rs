//! `annals bench export`: the Parquet export at scale. The bundled example articles are
//! analysed once with the real pipeline, then their documents and events are written again
//! and again under new ids into a scratch SQLite database until it holds the requested
//! number of events; the export of all of them to Parquet is then timed, with its peak
//! memory. The scratch directory is deleted at the end unless --keep is given.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use annals_core::{Document, Event};
use annals_export::{Entity, ExportOptions, Format, Target};
use annals_ingest::ReaderOptions;
use annals_store::{EventQuery, Mode, Store};
use anyhow::{bail, Context, Result};

use super::bench::peak_rss_mb;
use super::bench_ingest::reset_peak_rss;
use super::demo::EXAMPLES;
use super::ingest::Ingestor;
use super::Status;

/// Documents a write transaction while filling.
const BATCH: usize = 1024;

/// The analysed example articles: each document with its events.
fn seed(dir: &Path) -> Result<Vec<(Document, Vec<Event>)>> {
    let db = dir.join("seed.db");
    let store = annals_store::open(&db.to_string_lossy(), Mode::ReadWrite)?;
    let mut ingestor = Ingestor::new(store, 256, true);
    for (name, text) in EXAMPLES {
        ingestor.ingest_bytes(name, text.as_bytes(), &ReaderOptions::default());
    }
    ingestor.finish();
    let store = annals_store::open(&db.to_string_lossy(), Mode::ReadOnly)?;
    let mut seed = Vec::new();
    for summary in store.list_documents(None, 0)? {
        let Some(doc) = store.document(&summary.id)? else {
            continue;
        };
        let events = store.events(&EventQuery {
            doc_id: Some(summary.id.clone()),
            ..EventQuery::default()
        })?;
        if !events.is_empty() {
            seed.push((doc, events));
        }
    }
    if seed.is_empty() {
        bail!("the examples gave no events to repeat");
    }
    Ok(seed)
}

/// Copy `k` of a seed document: a new id, its events re-identified under it.
fn copy(doc: &Document, events: &[Event], k: usize) -> (Document, Vec<Event>) {
    let id = format!("{}~{k:07}", doc.id);
    let events = events
        .iter()
        .map(|e| {
            let mut e = e.clone();
            e.doc_id = id.clone();
            e.event_id = annals_core::event_id(
                &id,
                e.sentence,
                e.trigger.start,
                e.trigger.end,
                &e.cameo,
                e.source.as_ref().and_then(|a| a.code.as_deref()),
                e.target.as_ref().and_then(|a| a.code.as_deref()),
            );
            e
        })
        .collect();
    let doc = Document { id, ..doc.clone() };
    (doc, events)
}

/// Fill `store` with copies of `seed` until it holds `want` events; documents written.
fn fill(store: &mut dyn Store, seed: &[(Document, Vec<Event>)], want: usize) -> Result<usize> {
    let mut events = 0;
    let mut docs = 0;
    while events < want {
        let mut batch = Vec::with_capacity(BATCH);
        while batch.len() < BATCH && events < want {
            let (doc, evs) = &seed[docs % seed.len()];
            let (doc, mut evs) = copy(doc, evs, docs / seed.len());
            evs.truncate(want - events);
            events += evs.len();
            docs += 1;
            batch.push((doc, evs));
        }
        super::bench_store::insert_batch(store, &batch)?;
    }
    Ok(docs)
}

fn dir_size(path: &Path) -> u64 {
    walk_size(path).unwrap_or(0)
}

fn walk_size(path: &Path) -> std::io::Result<u64> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_dir() {
        return Ok(meta.len());
    }
    let mut total = 0;
    for entry in std::fs::read_dir(path)? {
        total += walk_size(&entry?.path())?;
    }
    Ok(total)
}

/// Run the benchmark: `events` events into a scratch database under `dir` (default: the
/// system's temporary directory), exported to one Parquet file and to one per month.
pub fn run(events: usize, dir: Option<&Path>, keep: bool) -> Result<Status> {
    let scratch = match dir {
        Some(d) => tempfile::Builder::new()
            .prefix("annals-bench-export")
            .tempdir_in(d),
        None => tempfile::Builder::new()
            .prefix("annals-bench-export")
            .tempdir(),
    }
    .context("creating the scratch directory")?;
    let mut out = std::io::stdout().lock();
    let started = Instant::now();
    let seed = seed(scratch.path())?;
    let per_copy: usize = seed.iter().map(|(_, e)| e.len()).sum();
    writeln!(
        out,
        "seed: {} example documents with {per_copy} events, analysed in {:.1} s",
        seed.len(),
        started.elapsed().as_secs_f64()
    )?;
    let db = scratch.path().join("bench.db");
    let filled = Instant::now();
    let docs = {
        let mut store = annals_store::open(&db.to_string_lossy(), Mode::ReadWrite)?;
        fill(store.as_mut(), &seed, events)?
    };
    writeln!(
        out,
        "fill: {docs} documents, {events} events in {:.1} s; database {:.0} MB",
        filled.elapsed().as_secs_f64(),
        dir_size(&db) as f64 / 1e6
    )?;
    let store = annals_store::open(&db.to_string_lossy(), Mode::ReadOnly)?;
    for (label, target) in [
        ("one file", scratch.path().join("events.parquet")),
        ("by month", scratch.path().join("events-by-month")),
    ] {
        let reset = reset_peak_rss();
        let t = Instant::now();
        let opts = ExportOptions {
            entity: Entity::Events,
            format: Format::Parquet,
            query: EventQuery::default(),
            min_confidence: None,
            limit: None,
        };
        let summary = annals_export::export(store.as_ref(), &opts, Target::Path(target.clone()))?;
        let secs = t.elapsed().as_secs_f64().max(1e-9);
        let rss = peak_rss_mb().map_or_else(|| "unknown".to_owned(), |mb| format!("{mb:.0} MB"));
        writeln!(
            out,
            "export to Parquet ({label}): {} rows in {secs:.1} s ({:.0} rows/s), {} files, {:.0} MB; \
             peak RSS {rss}{}",
            summary.rows,
            summary.rows as f64 / secs,
            summary.files.len(),
            dir_size(&target) as f64 / 1e6,
            if reset { "" } else { " (process peak: could not reset)" }
        )?;
    }
    if keep {
        let kept = scratch.keep();
        writeln!(out, "kept {} (delete it when done)", kept.display())?;
    }
    Ok(Status::Success)
}
