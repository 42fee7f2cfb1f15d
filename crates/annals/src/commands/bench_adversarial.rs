//! `annals bench adversarial`: seconds per MB and peak memory of `annals ingest` on inputs
//! built to defeat it (issue 18): one unpunctuated sentence, ordinary sentences on one
//! line, one JSONL record with a huge `text`, one huge token, deeply nested HTML, each at
//! several sizes. Every stage caps what can grow, so seconds per MB should stay flat as the
//! size doubles; a curve that climbs is a super-linear stage. The caps each input hits are
//! the `WARN document …` lines on stderr.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use annals_ingest::{Input, ReaderOptions};
use annals_store::SqliteStore;
use anyhow::{bail, Context, Result};

use super::bench::{cpu_model, peak_rss_mb};
use super::bench_ingest::reset_peak_rss;
use super::ingest::{Analyzer, Ingestor};
use super::{load_pipeline, Status};
use crate::cli::ModelArgs;
use annals_pipeline::thread_cpu_time;

/// Words of the unpunctuated input: actor names, verbs and nouns, so that every stage has
/// work (mentions, candidates, coreference), not just the tokenizer.
const WORDS: &[&str] = &[
    "the",
    "minister",
    "said",
    "Russia",
    "and",
    "China",
    "met",
    "officials",
    "from",
    "the",
    "army",
    "of",
    "Ukraine",
    "while",
    "Putin",
    "visited",
    "Pyongyang",
    "and",
    "Kim",
    "Jong",
    "Un",
    "signed",
    "an",
    "agreement",
    "with",
    "the",
    "United",
    "States",
    "on",
    "trade",
    "talks",
    "after",
    "troops",
    "shelled",
    "the",
    "city",
    "they",
    "said",
];

/// Sentences of the one-line inputs.
const SENTENCES: &[&str] = &[
    "Russian troops shelled Kharkiv on Monday, officials said.",
    "Putin met Kim Jong Un in Pyongyang and signed a defence agreement.",
    "The United Nations condemned the attack on the hospital.",
    "China urged both sides to return to talks in Geneva.",
    "He said they would meet again.",
];

/// The adversarial inputs, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One sentence without punctuation or line breaks.
    Unpunctuated,
    /// Ordinary sentences, all on one line.
    OneLine,
    /// One JSONL record whose `text` is ordinary sentences.
    JsonlRecord,
    /// One token: a single letter repeated, no space.
    Token,
    /// `<div>` nested as deep as the size allows around one paragraph.
    Nested,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Unpunctuated,
        Kind::OneLine,
        Kind::JsonlRecord,
        Kind::Token,
        Kind::Nested,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Unpunctuated => "unpunctuated",
            Kind::OneLine => "one-line",
            Kind::JsonlRecord => "jsonl-record",
            Kind::Token => "token",
            Kind::Nested => "nested-html",
        }
    }

    /// The file extension the reader picks its format by.
    fn extension(self) -> &'static str {
        match self {
            Kind::JsonlRecord => "jsonl",
            Kind::Nested => "html",
            _ => "txt",
        }
    }

    /// The input, about `bytes` long.
    pub fn build(self, bytes: usize) -> String {
        match self {
            Kind::Unpunctuated => repeat_to(WORDS, " ", bytes) + "\n",
            Kind::OneLine => repeat_to(SENTENCES, " ", bytes) + "\n",
            Kind::JsonlRecord => {
                let text = repeat_to(SENTENCES, " ", bytes);
                serde_json::json!({ "id": "adversarial", "text": text }).to_string() + "\n"
            }
            Kind::Token => "a".repeat(bytes) + "\n",
            Kind::Nested => {
                let depth = bytes / "<div></div>".len();
                format!(
                    "<html><body>{}<p>Putin met Kim Jong Un in Pyongyang on Monday.</p>{}</body></html>\n",
                    "<div>".repeat(depth),
                    "</div>".repeat(depth)
                )
            }
        }
    }
}

/// `parts` joined by `sep` over and over until the text is at least `bytes` long.
fn repeat_to(parts: &[&str], sep: &str, bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 128);
    for part in parts.iter().cycle() {
        if out.len() >= bytes {
            break;
        }
        if !out.is_empty() {
            out.push_str(sep);
        }
        out.push_str(part);
    }
    out
}

/// One measured ingest.
struct Run {
    seconds: f64,
    /// CPU seconds of the reader, workers and writer together: unlike wall time, not
    /// inflated by other load on the machine.
    cpu_seconds: f64,
    rss_mb: Option<f64>,
    stored: usize,
    failed: usize,
    events: usize,
}

/// Ingest `file` into a fresh database at `db` on one worker thread.
fn ingest_once(analyzer: &Arc<Analyzer>, file: &Path, db: &Path) -> Result<Run> {
    let store =
        Box::new(SqliteStore::open(db).with_context(|| format!("opening {}", db.display()))?);
    reset_peak_rss();
    let started = Instant::now();
    let reader_started = thread_cpu_time();
    let mut ingestor = Ingestor::with_analyzer(store, Arc::clone(analyzer), 1, 64, true);
    ingestor.ingest_input(&Input::Path(file.to_path_buf()), &ReaderOptions::default());
    let summary = ingestor.finish();
    let reader = thread_cpu_time()
        .zip(reader_started)
        .map(|(end, start)| end.saturating_sub(start))
        .unwrap_or_default();
    Ok(Run {
        seconds: started.elapsed().as_secs_f64(),
        cpu_seconds: (reader + summary.cpu.workers + summary.cpu.writer).as_secs_f64(),
        rss_mb: peak_rss_mb(),
        stored: summary.new,
        failed: summary.failed,
        events: summary.events,
    })
}

pub fn run(sizes_mb: &[usize], kinds: &[String], model: &ModelArgs) -> Result<Status> {
    let kinds: Vec<Kind> = if kinds.is_empty() {
        Kind::ALL.to_vec()
    } else {
        kinds
            .iter()
            .map(|k| {
                Kind::ALL
                    .into_iter()
                    .find(|kind| kind.name() == k)
                    .with_context(|| {
                        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
                        format!("unknown input {k:?} (one of: {})", names.join(", "))
                    })
            })
            .collect::<Result<_>>()?
    };
    if sizes_mb.is_empty() || sizes_mb.contains(&0) {
        bail!("--sizes needs sizes in MB of at least 1");
    }
    let dir = tempfile::tempdir().context("creating a temporary directory")?;
    let analyzer = Arc::new(Analyzer::full(load_pipeline(model)?, &[])?);
    let mut out = std::io::stdout().lock();
    writeln!(out, "cpu: {}; one worker thread", cpu_model())?;
    writeln!(
        out,
        "{:<13} {:>4} {:>9} {:>8} {:>9} {:>10} {:>9} {:>7} {:>7}",
        "input", "MB", "seconds", "s/MB", "CPU s", "CPU s/MB", "peak MB", "stored", "events"
    )?;
    let can_reset = reset_peak_rss();
    for kind in kinds {
        for &mb in sizes_mb {
            let file = dir
                .path()
                .join(format!("{}-{mb}.{}", kind.name(), kind.extension()));
            std::fs::write(&file, kind.build(mb * 1024 * 1024))
                .with_context(|| format!("writing {}", file.display()))?;
            let db = dir.path().join(format!("{}-{mb}.db", kind.name()));
            let run = ingest_once(&analyzer, &file, &db)?;
            let rss = run
                .rss_mb
                .map_or_else(|| "unknown".to_owned(), |mb| format!("{mb:.0}"));
            writeln!(
                out,
                "{:<13} {:>4} {:>9.2} {:>8.2} {:>9.2} {:>10.2} {:>9} {:>7} {:>7}{}",
                kind.name(),
                mb,
                run.seconds,
                run.seconds / mb as f64,
                run.cpu_seconds,
                run.cpu_seconds / mb as f64,
                rss,
                run.stored,
                run.events,
                if run.failed > 0 {
                    format!("  ({} failed)", run.failed)
                } else {
                    String::new()
                }
            )?;
            out.flush()?;
            // Inputs of 8 MB and their databases would add up; keep the disk use flat.
            let _ = std::fs::remove_file(&file);
            let _ = std::fs::remove_file(&db);
        }
    }
    writeln!(
        out,
        "peak MB is the process's peak since the reset before each run; memory the allocator kept \
         from an earlier run counts, so measure one input alone (--inputs, --sizes) for its own peak"
    )?;
    if !can_reset {
        writeln!(
            out,
            "note: peak RSS could not be reset between runs; it is the process peak so far"
        )?;
    }
    Ok(Status::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_have_the_size_asked_for_and_their_shape() {
        for kind in Kind::ALL {
            let text = kind.build(100_000);
            assert!(
                (100_000..101_000).contains(&text.len()),
                "{}: {}",
                kind.name(),
                text.len()
            );
        }
        let unpunct = Kind::Unpunctuated.build(10_000);
        assert!(!unpunct.trim_end().contains(['.', '\n']));
        assert_eq!(Kind::Token.build(5_000).trim_end().split(' ').count(), 1);
        let nested = Kind::Nested.build(110_000);
        assert_eq!(nested.matches("<div>").count(), 10_000);
        let record: serde_json::Value =
            serde_json::from_str(&Kind::JsonlRecord.build(50_000)).expect("one JSON record");
        assert!(record["text"].as_str().is_some_and(|t| t.len() >= 49_000));
    }
}
