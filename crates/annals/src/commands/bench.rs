//! `annals bench nlp`: throughput of the NLP stage (tokenize + tag + lemmatize + parse) on
//! a JSONL corpus repeated to a minimum size, single- and multi-threaded, with peak memory.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use annals_core::Document;
use annals_ingest::ReaderOptions;
use annals_nlp::pipeline::{Pipeline, Scratch};
use annals_pipeline::Analyzer;
use anyhow::{bail, Result};

use super::{load_pipeline, Status};
use crate::cli::{BenchCommand, GlobalArgs};

pub fn default_corpus() -> PathBuf {
    let shared = std::env::var_os("ANNALS_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared"));
    shared.join("data/wikinews/wikinews_en.jsonl")
}

/// Documents of the corpus, cleaned and split as `annals ingest` does (read by the
/// engine's readers, split by its analyzer).
pub fn load_corpus(path: &std::path::Path) -> Vec<Document> {
    let splitter = Analyzer::split_only();
    let mut docs = Vec::new();
    let paths = [path.display().to_string()];
    let read = super::code::for_each_document(&paths, &ReaderOptions::default(), &mut |mut d| {
        splitter.split(&mut d);
        docs.push(d);
        Ok(())
    });
    if let Err(e) = read {
        eprintln!("error: {e:#}");
    }
    docs
}

/// Run the pipeline over `docs` (indices into `corpus`) with `threads` threads; returns
/// (words, sentences, seconds).
fn run_pass(
    pipeline: &Pipeline,
    corpus: &[Document],
    order: &[usize],
    threads: usize,
) -> (usize, usize, f64) {
    let next = AtomicUsize::new(0);
    let started = Instant::now();
    let totals: Vec<(usize, usize)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads.max(1))
            .map(|_| {
                scope.spawn(|| {
                    let mut scratch = Scratch::default();
                    let (mut words, mut sentences) = (0, 0);
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(doc) = order.get(i).and_then(|&d| corpus.get(d)) else {
                            break;
                        };
                        for s in pipeline.parse_document(doc, &mut scratch) {
                            words += s.tokens.len();
                            sentences += 1;
                        }
                    }
                    (words, sentences)
                })
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    let secs = started.elapsed().as_secs_f64();
    let words = totals.iter().map(|t| t.0).sum();
    let sentences = totals.iter().map(|t| t.1).sum();
    (words, sentences, secs)
}

/// Peak resident set size in MB (Linux `VmHWM`), if known.
pub fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

pub fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".to_string())
}

pub fn run(global: &GlobalArgs, cmd: BenchCommand) -> Result<Status> {
    match cmd {
        BenchCommand::Code(args) => super::code::bench(args),
        BenchCommand::Export { events, dir, keep } => {
            super::bench_export::run(events, dir.as_deref(), keep)
        }
        BenchCommand::Store { docs, .. } => {
            super::bench_store::run(&global.db.to_string_lossy(), docs)
        }
        BenchCommand::Serve {
            docs,
            runs,
            clients,
            seconds,
            connections,
            ..
        } => super::bench_serve::run(&super::bench_serve::ServeBench {
            db: &global.db.to_string_lossy(),
            docs,
            runs,
            clients,
            seconds,
            connections,
        }),
        BenchCommand::Actors {
            corpus,
            docs,
            actors,
            model,
        } => super::bench_actors::run(corpus, docs, actors, model),
        BenchCommand::Nlp {
            corpus,
            threads,
            min_words,
            model,
        } => run_nlp(corpus, threads, min_words, model),
        BenchCommand::Ingest {
            corpus,
            docs,
            threads,
            batch,
            no_single,
            model,
            db,
        } => super::bench_ingest::run(
            global,
            super::bench_ingest::IngestBench {
                corpus,
                docs,
                threads,
                batch,
                no_single,
                model,
                // Only the command's own --db: a bench never writes into $ANNALS_DB.
                db: db.db.map(|p| p.to_string_lossy().into_owned()),
            },
        ),
        BenchCommand::Adversarial {
            sizes,
            inputs,
            model,
        } => super::bench_adversarial::run(&sizes, &inputs, &model),
    }
}

fn run_nlp(
    corpus: Option<PathBuf>,
    threads: Option<usize>,
    min_words: usize,
    model: crate::cli::ModelArgs,
) -> Result<Status> {
    let path = corpus.unwrap_or_else(default_corpus);
    if !path.is_file() {
        bail!(
            "corpus {} not found (pass --corpus or set ANNALS_SHARED)",
            path.display()
        );
    }
    let pipeline = load_pipeline(&model)?;
    let docs = load_corpus(&path);
    if docs.is_empty() {
        bail!("{}: no documents", path.display());
    }
    // Words per document, to repeat the corpus up to the requested size.
    let mut spans = Vec::new();
    let per_doc: Vec<usize> = docs
        .iter()
        .map(|d| {
            d.sentences
                .iter()
                .map(|s| {
                    spans.clear();
                    pipeline
                        .tokenizer
                        .tokenize_into(&d.clean_text, s.span, &mut spans);
                    spans.len()
                })
                .sum()
        })
        .collect();
    let corpus_words: usize = per_doc.iter().sum();
    if corpus_words == 0 {
        bail!("{}: no words", path.display());
    }
    let repeats = min_words.div_ceil(corpus_words).max(1);
    let order: Vec<usize> = (0..repeats).flat_map(|_| 0..docs.len()).collect();
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let threads = threads.unwrap_or(cores).max(1);

    let mut out = std::io::stdout().lock();
    writeln!(out, "machine: {} cores, {}", cores, cpu_model())?;
    writeln!(
        out,
        "corpus: {} ({} documents, {} words) × {repeats} = {} words",
        path.display(),
        docs.len(),
        corpus_words,
        corpus_words * repeats
    )?;
    writeln!(
        out,
        "{:<16} {:>7} {:>11} {:>10} {:>8} {:>12} {:>14} {:>12}",
        "run",
        "threads",
        "words",
        "sentences",
        "seconds",
        "words/s",
        "words/s/thread",
        "sentences/s"
    )?;
    let mut runs = vec![("single-threaded", 1)];
    if threads > 1 {
        runs.push(("multi-threaded", threads));
    }
    for (name, n) in runs {
        let (words, sentences, secs) = run_pass(&pipeline, &docs, &order, n);
        let secs = secs.max(1e-9);
        writeln!(
            out,
            "{:<16} {:>7} {:>11} {:>10} {:>8.2} {:>12.0} {:>14.0} {:>12.0}",
            name,
            n,
            words,
            sentences,
            secs,
            words as f64 / secs,
            words as f64 / secs / n as f64,
            sentences as f64 / secs
        )?;
    }
    match peak_rss_mb() {
        Some(mb) => writeln!(out, "peak RSS: {mb:.0} MB")?,
        None => writeln!(out, "peak RSS: unknown (no /proc/self/status)")?,
    }
    Ok(Status::Success)
}
