//! `annals eval events`: score coded events against a gold file (see
//! `annals_coder::eval` for the format and the matching rules).

use std::collections::HashSet;
use std::io::{BufRead, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;

use annals_coder::decide::EventModel;
use annals_coder::eval::{
    calibration, confusion, parse_gold, per_type, score, GoldSentence, SplitScores,
};
use annals_coder::EventCoder;
use annals_core::Event;
use annals_nlp::pipeline::Scratch;

use super::bench::default_corpus;
use super::code::{for_each_document, reader_options};
use super::ingest::full_analyzer;
use super::Status;
use crate::cli::{GlobalArgs, ModelArgs, OutputFormat};
use crate::output::write_table;
use annals_core::AnalyzedDoc;

#[derive(Debug, Args)]
pub struct EvalEventsArgs {
    /// Gold file (JSONL, one annotated sentence a line).
    #[arg(long)]
    pub gold: PathBuf,
    /// Predicted events (JSONL as `annals code` writes). Without it the gold documents
    /// are coded from the corpus now.
    #[arg(long)]
    pub pred: Option<PathBuf>,
    /// Corpus holding the gold documents (default: $ANNALS_SHARED/data/wikinews/wikinews_en.jsonl, else ../shared/…).
    #[arg(long)]
    pub corpus: Option<PathBuf>,
    /// Print the per-type table, the confusion matrix and the calibration for these splits
    /// only (repeatable; default: every split).
    #[arg(long = "details")]
    pub details: Vec<String>,
    /// Keep every candidate the patterns propose (no event model): what the model is
    /// trained on, and the "before" of its figures.
    #[arg(long)]
    pub no_model: bool,
    /// Event model file to use instead of the built-in one (as `annals coder train --out`
    /// writes it), to compare models without rebuilding.
    #[arg(long, conflicts_with = "no_model")]
    pub event_model: Option<PathBuf>,
    /// Also write the scored events (JSONL event records) to this file, to inspect them.
    #[arg(long)]
    pub write_events: Option<PathBuf>,
    /// Print only the summary table.
    #[arg(long)]
    pub summary: bool,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    #[command(flatten)]
    pub model: ModelArgs,
}

pub fn run(_global: &GlobalArgs, args: EvalEventsArgs) -> Result<Status> {
    let text = std::fs::read_to_string(&args.gold)
        .with_context(|| format!("reading {}", args.gold.display()))?;
    let gold = parse_gold(&args.gold.display().to_string(), &text)?;
    let events = match &args.pred {
        Some(path) => read_events(path)?,
        None => {
            let corpus = args.corpus.clone().unwrap_or_else(default_corpus);
            let coder = match (&args.event_model, args.no_model) {
                (Some(path), _) => Some(load_event_model(path)?),
                (None, true) => Some(EventCoder::builtin()?.with_model(None)),
                (None, false) => None,
            };
            code_gold_documents(&gold, &corpus, &args.model, coder.as_ref())?
        }
    };
    if let Some(path) = &args.write_events {
        let mut w = std::io::BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
        );
        for e in &events {
            serde_json::to_writer(&mut w, e)?;
            writeln!(w)?;
        }
        w.flush()?;
    }
    let mut splits: Vec<String> = Vec::new();
    for g in &gold {
        if !splits.contains(&g.split) {
            splits.push(g.split.clone());
        }
    }
    let mut scores: Vec<SplitScores> = splits
        .iter()
        .map(|s| score(&gold, &events, Some(s)))
        .collect();
    scores.push(score(&gold, &events, None));
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.format == OutputFormat::Json {
        let detail: Vec<serde_json::Value> = splits
            .iter()
            .map(|s| {
                let conf: Vec<_> = confusion(&gold, &events, Some(s))
                    .into_iter()
                    .map(|((g, p), n)| serde_json::json!({"gold": g, "predicted": p, "count": n}))
                    .collect();
                serde_json::json!({
                    "split": s,
                    "per_type": per_type(&gold, &events, Some(s)),
                    "confusion": conf,
                    "calibration": calibration(&gold, &events, Some(s)),
                })
            })
            .collect();
        let all = serde_json::json!({"scores": scores, "details": detail});
        serde_json::to_writer_pretty(&mut out, &all)?;
        writeln!(out)?;
        return Ok(Status::Success);
    }
    write_summary(&mut out, &scores)?;
    if args.summary {
        return Ok(Status::Success);
    }
    for split in &splits {
        if !args.details.is_empty() && !args.details.contains(split) {
            continue;
        }
        super::eval_events_report::write_details(&mut out, &gold, &events, split)?;
    }
    Ok(Status::Success)
}

fn write_summary(out: &mut impl Write, scores: &[SplitScores]) -> Result<()> {
    let pct = |x: f64| format!("{:.1}", 100.0 * x);
    let opt = |x: Option<f64>| x.map_or_else(|| "-".to_string(), pct);
    let rows: Vec<Vec<String>> = scores
        .iter()
        .map(|s| {
            vec![
                s.split.clone(),
                s.sentences.to_string(),
                format!("{}/{}/{}", s.root.matched, s.root.predicted, s.root.gold),
                pct(s.root.precision),
                pct(s.root.recall),
                pct(s.root.f1),
                pct(s.code.f1),
                pct(s.plover.precision),
                pct(s.plover.recall),
                pct(s.plover.f1),
                opt(s.modality_accuracy),
                opt(s.attribution_accuracy),
            ]
        })
        .collect();
    write_table(
        out,
        &[
            "split",
            "sentences",
            "match/pred/gold",
            "root P",
            "root R",
            "root F1",
            "code F1",
            "PLOVER P",
            "PLOVER R",
            "PLOVER F1",
            "modality",
            "attribution",
        ],
        &rows,
    )?;
    Ok(())
}

fn read_events(path: &std::path::Path) -> Result<Vec<Event>> {
    let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("{}:{}", path.display(), i + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let e: Event = serde_json::from_str(&line)
            .with_context(|| format!("{}:{}: not an event record", path.display(), i + 1))?;
        out.push(e);
    }
    Ok(out)
}

/// A coder with the patterns, learned triggers and model of an event model file.
pub fn load_event_model(path: &std::path::Path) -> Result<EventCoder> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let model = EventModel::parse(&path.display().to_string(), &text)?;
    Ok(EventCoder::from_model(model)?)
}

/// Code the corpus documents the gold file names with `coder`, else as ingest does.
fn code_gold_documents(
    gold: &[GoldSentence],
    corpus: &std::path::Path,
    model: &ModelArgs,
    coder: Option<&EventCoder>,
) -> Result<Vec<Event>> {
    let mut events = Vec::new();
    analyze_gold_documents(gold, corpus, model, &mut |a| match coder {
        Some(c) => events.extend(c.code_document(&a.doc, &a.parsed, &a.mentions)),
        None => events.extend(a.events.iter().cloned()),
    })?;
    Ok(events)
}

/// Analyse (parse, resolve, code) every corpus document the gold file names and hand each
/// to `f`; warn when a gold sentence's offsets no longer match the sentence splitter.
pub fn analyze_gold_documents(
    gold: &[GoldSentence],
    corpus: &std::path::Path,
    model: &ModelArgs,
    f: &mut dyn FnMut(&AnalyzedDoc),
) -> Result<()> {
    let analyzer = full_analyzer(model, &[])?;
    let wanted: HashSet<&str> = gold.iter().map(|g| g.doc_id.as_str()).collect();
    let mut scratch = Scratch::default();
    let mut seen = 0;
    let paths = [corpus.display().to_string()];
    for_each_document(&paths, &reader_options(None), &mut |doc| {
        if !wanted.contains(doc.id.as_str()) {
            return Ok(());
        }
        seen += 1;
        let analyzed = analyzer.analyze(doc, &mut scratch);
        let doc = &analyzed.doc;
        for g in gold.iter().filter(|g| g.doc_id == doc.id) {
            let span = doc
                .sentences
                .get(g.sentence.wrapping_sub(1))
                .map(|s| s.span);
            if span.map(|s| (s.start, s.end)) != Some((g.start, g.end)) {
                eprintln!(
                    "warning: {} sentence {}: offsets {}..{} no longer match the sentence splitter",
                    g.doc_id, g.sentence, g.start, g.end
                );
            }
        }
        f(&analyzed);
        Ok(())
    })?;
    // Scores over no document would read as a coder that finds nothing.
    if seen == 0 && !wanted.is_empty() {
        anyhow::bail!(
            "none of the {} gold documents is in {} (set ANNALS_SHARED or pass --corpus)",
            wanted.len(),
            corpus.display()
        );
    }
    if seen < wanted.len() {
        eprintln!(
            "warning: {} of {} gold documents not found in {}",
            wanted.len() - seen,
            wanted.len(),
            corpus.display()
        );
    }
    Ok(())
}
