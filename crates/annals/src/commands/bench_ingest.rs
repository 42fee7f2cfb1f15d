//! `annals bench ingest`: end-to-end ingest throughput (read → clean → split → parse →
//! actors → events → store) on a corpus repeated to a size, into a temporary database, with
//! 1 and N worker threads, and the peak memory of each run.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use annals_ingest::{Input, ReaderOptions};
use annals_store::{Mode, SqliteStore, Store};
use anyhow::{bail, Context, Result};

use super::bench::{cpu_model, default_corpus, peak_rss_mb};
use annals_pipeline::thread_cpu_time;

use super::ingest::{default_jobs, full_analyzer, Ingestor};
use super::Status;
use crate::cli::{GlobalArgs, ModelArgs};

/// Options of `annals bench ingest`.
pub struct IngestBench {
    pub corpus: Option<PathBuf>,
    pub docs: usize,
    pub threads: Option<usize>,
    pub batch: usize,
    /// Only the N-thread run.
    pub no_single: bool,
    pub model: ModelArgs,
    /// Store into this (new or empty) database, one run, instead of temporary SQLite files.
    pub db: Option<String>,
}

/// Write `corpus` (JSONL) repeated until it holds `want` records; copy `k` of a record
/// gets the id `<id>~k`, so every copy is a document of its own. Returns (records, bytes).
fn write_repeated(corpus: &Path, want: usize, out: &Path) -> Result<(usize, u64)> {
    let file =
        std::fs::File::open(corpus).with_context(|| format!("opening {}", corpus.display()))?;
    let mut lines: Vec<serde_json::Map<String, serde_json::Value>> = Vec::new();
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("{}:{}", corpus.display(), n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<serde_json::Value>(&line) {
            Ok(serde_json::Value::Object(map)) => lines.push(map),
            _ => eprintln!(
                "warning: {}:{}: not a JSON object, skipped",
                corpus.display(),
                n + 1
            ),
        }
    }
    if lines.is_empty() {
        bail!("{}: no records", corpus.display());
    }
    let mut w = BufWriter::new(std::fs::File::create(out)?);
    let mut written = 0usize;
    let mut bytes = 0u64;
    'outer: for copy in 0.. {
        for (i, rec) in lines.iter().enumerate() {
            if written >= want {
                break 'outer;
            }
            let mut rec = rec.clone();
            let id = rec
                .get("id")
                .and_then(|v| v.as_str())
                .map_or_else(|| format!("doc{i}"), str::to_owned);
            rec.insert("id".into(), format!("{id}~{copy}").into());
            let line = serde_json::to_string(&rec)?;
            bytes += line.len() as u64 + 1;
            writeln!(w, "{line}")?;
            written += 1;
        }
    }
    w.flush()?;
    Ok((written, bytes))
}

/// Reset the kernel's peak-RSS mark (Linux ≥ 4.0), so each run reports its own peak.
pub(super) fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// The store of the run with `n` threads: the --db database (which must hold no
/// documents, so every document is new), else a new SQLite file in `dir`.
fn open_bench_store(db: Option<&str>, dir: &Path, n: usize) -> Result<Box<dyn Store>> {
    if let Some(url) = db {
        let store = annals_store::open(url, Mode::ReadWrite)?;
        if store.count_documents()? > 0 {
            bail!(
                "{url}: bench ingest stores every document anew; give it a new or empty database"
            );
        }
        return Ok(store);
    }
    let path = dir.join(format!("bench-{n}.db"));
    let store = SqliteStore::open(&path).with_context(|| format!("opening {}", path.display()))?;
    Ok(Box::new(store))
}

pub fn run(_global: &GlobalArgs, bench: IngestBench) -> Result<Status> {
    let path = bench.corpus.clone().unwrap_or_else(default_corpus);
    if !path.is_file() {
        bail!(
            "corpus {} not found (pass --corpus or set ANNALS_SHARED)",
            path.display()
        );
    }
    let dir = tempfile::tempdir().context("creating a temporary directory")?;
    let corpus_file = dir.path().join("corpus.jsonl");
    let (records, bytes) = write_repeated(&path, bench.docs.max(1), &corpus_file)?;
    let analyzer = Arc::new(full_analyzer(&bench.model, &[])?);
    let cores = default_jobs();
    let threads = bench.threads.unwrap_or(cores).max(1);

    let mut out = std::io::stdout().lock();
    writeln!(out, "machine: {cores} cores, {}", cpu_model())?;
    writeln!(
        out,
        "corpus: {} repeated to {records} documents ({:.1} MB of JSONL)",
        path.display(),
        bytes as f64 / 1e6
    )?;
    // CPU ms per document of each thread group: robust to other load on the machine,
    // unlike docs/s. "reader" is this thread (read, clean, already-stored check).
    writeln!(
        out,
        "{:<8} {:>9} {:>9} {:>8} {:>10} {:>8} {:>13} {:>15}",
        "threads",
        "documents",
        "stored",
        "seconds",
        "docs/s",
        "MB/s",
        "peak RSS (MB)",
        "CPU ms/doc: reader workers writer"
    )?;
    let mut runs = vec![1];
    if threads > 1 {
        runs.push(threads);
        if bench.no_single {
            runs.remove(0);
        }
    }
    if bench.db.is_some() && runs.len() > 1 {
        bail!("with --db the bench makes one run into that database: add --no-single (or --threads 1)");
    }
    let can_reset = reset_peak_rss();
    for n in runs {
        let store = open_bench_store(bench.db.as_deref(), dir.path(), n)?;
        writeln!(out, "store: {} ({})", store.backend(), store.name())?;
        reset_peak_rss();
        let started = Instant::now();
        let reader_started = thread_cpu_time();
        let mut ingestor =
            Ingestor::with_analyzer(store, Arc::clone(&analyzer), n, bench.batch, true);
        ingestor.ingest_input(&Input::Path(corpus_file.clone()), &ReaderOptions::default());
        let summary = ingestor.finish();
        let secs = started.elapsed().as_secs_f64().max(1e-9);
        let reader_cpu = thread_cpu_time()
            .zip(reader_started)
            .map(|(end, start)| end.saturating_sub(start))
            .unwrap_or_default();
        let per_doc = |d: std::time::Duration| d.as_secs_f64() * 1e3 / records as f64;
        let rss = peak_rss_mb().map_or_else(|| "unknown".to_string(), |mb| format!("{mb:.0}"));
        writeln!(
            out,
            "{:<8} {:>9} {:>9} {:>8.1} {:>10.0} {:>8.2} {:>13} {:>19.2} {:>7.2} {:>6.2}",
            n,
            records,
            summary.new,
            secs,
            records as f64 / secs,
            bytes as f64 / 1e6 / secs,
            rss,
            per_doc(reader_cpu),
            per_doc(summary.cpu.workers),
            per_doc(summary.cpu.writer),
        )?;
        if summary.failed > 0 {
            writeln!(out, "  ({} documents failed)", summary.failed)?;
        }
    }
    if !can_reset {
        writeln!(
            out,
            "note: peak RSS could not be reset between runs; it is the process peak so far"
        )?;
    }
    Ok(Status::Success)
}
