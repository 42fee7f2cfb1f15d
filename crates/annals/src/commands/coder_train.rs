//! `annals coder train`: train the event model on the annotated corpus.
//!
//! Every candidate event the patterns propose in the gold documents of the training split
//! becomes an example; it is positive when the gold annotation of its sentence has a scored
//! event with the same source and target countries and CAMEO root. The model file is written
//! with a header that records the command, the data and the counts, so a reader can
//! reproduce it (the training is deterministic).

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;

use annals_coder::decide::{EventModel, Example, TrainOptions};
use annals_coder::eval::{pair_key, parse_gold, GoldSentence};
use annals_coder::EventCoder;

use super::bench::default_corpus;
use super::eval_events::analyze_gold_documents;
use super::Status;
use crate::cli::{GlobalArgs, ModelArgs};
use annals_core::AnalyzedDoc as Analyzed;

#[derive(Debug, Args)]
pub struct CoderTrainArgs {
    /// Gold file (the annotated corpus).
    #[arg(long, default_value = "crates/annals-coder/gold/wikinews-events.jsonl")]
    pub gold: PathBuf,
    /// Split to train on.
    #[arg(long, default_value = "train")]
    pub split: String,
    /// Another gold file whose sentences also train the model, as `FILE:SPLIT` or
    /// `FILE:SPLIT:CORPUS` when its documents are not in `--corpus` (e.g. the older
    /// country-to-country set `crates/annals-coder/gold/wikinews-dev.jsonl:dev`, or
    /// `crates/annals-coder/gold/newswire-events.jsonl:dev:crates/annals-coder/gold/newswire-corpus.jsonl`);
    /// repeatable. A file whose annotation has no one-sided event trains on its two-sided
    /// candidates only.
    #[arg(long)]
    pub extra_gold: Vec<String>,
    /// Corpus holding the gold documents (default: the shared Wikinews corpus).
    #[arg(long)]
    pub corpus: Option<PathBuf>,
    /// Where to write the model.
    #[arg(long, default_value = "models/events.tsv")]
    pub out: PathBuf,
    /// Perceptron epochs.
    #[arg(long, default_value_t = 10)]
    pub epochs: usize,
    /// Probability under which a candidate is dropped.
    #[arg(long, default_value_t = 0.5)]
    pub threshold: f64,
    /// Probability under which a two-sided candidate of a curated pattern is dropped.
    #[arg(long, default_value_t = 0.05)]
    pub curated_threshold: f64,
    #[command(flatten)]
    pub model: ModelArgs,
}

pub fn run(global: &GlobalArgs, args: CoderTrainArgs) -> Result<Status> {
    let text = std::fs::read_to_string(&args.gold)
        .with_context(|| format!("reading {}", args.gold.display()))?;
    let gold: Vec<GoldSentence> = parse_gold(&args.gold.display().to_string(), &text)?
        .into_iter()
        .filter(|g| g.split == args.split)
        .collect();
    anyhow::ensure!(
        !gold.is_empty(),
        "{}: no sentences in split {:?}",
        args.gold.display(),
        args.split
    );
    let corpus = args.corpus.clone().unwrap_or_else(default_corpus);
    let mut docs: Vec<Analyzed> = Vec::new();
    analyze_gold_documents(&gold, &corpus, &args.model, &mut |a| docs.push(a.clone()))?;
    let triggers = learned_triggers(&gold, &docs);
    let raw = EventCoder::untrained(&triggers)?;
    let mut examples = Vec::new();
    for a in &docs {
        examples.extend(label(&raw, a, &gold, false));
    }
    for spec in &args.extra_gold {
        let parts: Vec<&str> = spec.split(':').collect();
        let (file, split, extra_corpus) = match parts.as_slice() {
            [file, split] => (*file, *split, corpus.clone()),
            [file, split, c] => (*file, *split, PathBuf::from(c)),
            _ => anyhow::bail!("--extra-gold {spec}: expected FILE:SPLIT or FILE:SPLIT:CORPUS"),
        };
        let text = std::fs::read_to_string(file).with_context(|| format!("reading {file}"))?;
        let extra: Vec<GoldSentence> = parse_gold(file, &text)?
            .into_iter()
            .filter(|g| g.split == split)
            .collect();
        anyhow::ensure!(!extra.is_empty(), "{file}: no sentences in split {split:?}");
        let two_sided_only = !extra
            .iter()
            .flat_map(|g| &g.events)
            .any(|e| e.source.is_empty() || e.target.is_empty());
        analyze_gold_documents(&extra, &extra_corpus, &args.model, &mut |a| {
            examples.extend(label(&raw, a, &extra, two_sided_only));
        })?;
    }
    let positives = examples.iter().filter(|e| e.positive).count();
    let opts = TrainOptions {
        epochs: args.epochs,
        threshold: args.threshold,
        curated_threshold: args.curated_threshold,
    };
    let mut model = EventModel::train(&examples, opts);
    model.triggers = triggers;
    let header = format!(
        "annals event model: averaged perceptron over candidate-event features, with a\n\
         logistic link fitted on the training examples. Card: models/EVENTS.md.\n\
         Trained by: annals coder train --gold {} --split {} --epochs {} --threshold {} --curated-threshold {}{}\n\
         Data: {} gold sentences; {} candidates, {} positive. {} weights, {} learned triggers.",
        args.gold.display(),
        args.split,
        args.epochs,
        args.threshold,
        args.curated_threshold,
        args.extra_gold
            .iter()
            .map(|e| format!(" --extra-gold {e}"))
            .collect::<String>(),
        gold.len(),
        examples.len(),
        positives,
        model.len(),
        model.triggers.len()
    );
    std::fs::write(&args.out, model.to_tsv(&header))
        .with_context(|| format!("writing {}", args.out.display()))?;
    if !global.quiet {
        eprintln!(
            "{} candidates ({positives} positive) -> {} weights in {}",
            examples.len(),
            model.len(),
            args.out.display()
        );
    }
    Ok(Status::Success)
}

/// The training examples of one document: its candidates in the gold's sentences,
/// positive when the gold has an event with the same actors and CAMEO root.
fn label(raw: &EventCoder, a: &Analyzed, gold: &[GoldSentence], two_sided: bool) -> Vec<Example> {
    let mut out = Vec::new();
    for c in raw.candidate_events(&a.doc, &a.parsed, &a.mentions) {
        let Some(g) = gold
            .iter()
            .find(|g| g.doc_id == a.doc.id && g.sentence == c.event.sentence)
        else {
            continue;
        };
        if two_sided && (c.event.source.is_none() || c.event.target.is_none()) {
            continue;
        }
        let key = pair_key(&c.event);
        let positive = g.events.iter().any(|ge| {
            ge.scored()
                && (ge.source.clone(), ge.target.clone()) == key
                && ge.cameo.get(..2) == Some(c.event.cameo_root.as_str())
        });
        out.push(Example {
            features: c.features,
            positive,
        });
    }
    out
}

/// Reporting and light verbs: annotators mark them as the trigger of the event a quote
/// states ("said" for an appeal), but as trigger words they would propose every code.
const NOT_TRIGGERS: &[&str] = &[
    "say", "tell", "add", "note", "write", "speak", "explain", "describe", "be", "have", "do",
    "make", "take", "give", "get", "go", "come", "include", "continue", "state", "report",
];

/// Trigger words of the training split's gold events: the head token of each gold trigger
/// span (a verb or a noun), as pattern lines `code | kind | lemma | - | -`, sorted.
fn learned_triggers(gold: &[GoldSentence], docs: &[Analyzed]) -> Vec<String> {
    let mut out = std::collections::BTreeSet::new();
    for a in docs {
        for g in gold.iter().filter(|g| g.doc_id == a.doc.id) {
            let Some(parse) = a.parsed.get(g.sentence.wrapping_sub(1)) else {
                continue;
            };
            for ge in g.events.iter().filter(|e| e.scored()) {
                let Some([start, end]) = ge.trigger_span else {
                    continue;
                };
                let inside: Vec<usize> = (0..parse.tokens.len())
                    .filter(|&i| {
                        let s = parse.tokens[i].span;
                        s.start < end && start < s.end
                    })
                    .collect();
                // The token of the span whose head lies outside it.
                let head = inside.iter().copied().find(|&i| {
                    let h = parse.tokens[i].head;
                    h == 0 || !inside.contains(&(h - 1))
                });
                let Some(t) = head.and_then(|i| parse.tokens.get(i)) else {
                    continue;
                };
                let kind = match t.upos {
                    annals_core::Upos::VERB => "verb",
                    annals_core::Upos::NOUN => "noun",
                    _ => continue,
                };
                let lemma = t.lemma.to_lowercase();
                let plain = !lemma.is_empty() && lemma.chars().all(|c| c.is_ascii_lowercase());
                if plain && !NOT_TRIGGERS.contains(&lemma.as_str()) {
                    out.insert(format!("{} | {kind} | {lemma} | - | -", ge.cameo));
                }
            }
        }
    }
    out.into_iter().collect()
}
