//! `annals bench actors`: actor resolution throughput on a corpus, and its time as a share
//! of parsing time (both single-threaded, same documents).

use std::path::PathBuf;
use std::time::Instant;

use annals_nlp::pipeline::Scratch;
use anyhow::{Context, Result};

use super::Status;
use crate::cli::{ActorArgs, ModelArgs};

/// Resolution passes timed; the fastest counts (parsing is timed once, it dominates).
const PASSES: usize = 3;

pub fn run(
    corpus: Option<PathBuf>,
    docs: Option<usize>,
    actors: ActorArgs,
    model: ModelArgs,
) -> Result<Status> {
    let path = corpus.unwrap_or_else(super::bench::default_corpus);
    if !path.exists() {
        anyhow::bail!(
            "corpus {} not found (pass --corpus or set ANNALS_SHARED)",
            path.display()
        );
    }
    let mut corpus = super::bench::load_corpus(&path);
    corpus.truncate(docs.unwrap_or(usize::MAX));
    let docs = corpus;
    if docs.is_empty() {
        anyhow::bail!("corpus {} holds no documents", path.display());
    }
    // The analyzer every command uses, its two stages timed apart.
    let analyzer = super::ingest::full_analyzer(&model, &actors.actors)?;
    let stages = analyzer
        .stages()
        .context("the analyzer has no parse stages")?;
    let (pipeline, resolver) = (&stages.nlp, &stages.actors);
    eprintln!("knowledge base: {}", resolver.knowledge_base().summary());

    let mut scratch = Scratch::default();
    let t = Instant::now();
    let parsed: Vec<_> = docs
        .iter()
        .map(|d| pipeline.parse_document(d, &mut scratch))
        .collect();
    let parse_s = t.elapsed().as_secs_f64();
    let sentences: usize = parsed.iter().map(Vec::len).sum();
    let tokens: usize = parsed.iter().flatten().map(|s| s.tokens.len()).sum();

    let mut best = f64::MAX;
    let mut mentions = 0usize;
    let mut resolved = 0usize;
    for _ in 0..PASSES {
        let t = Instant::now();
        let mut n = 0;
        let mut r = 0;
        for (doc, p) in docs.iter().zip(&parsed) {
            let ms = resolver.resolve_document(doc, p);
            n += ms.len();
            r += ms.iter().filter(|m| m.is_resolved()).count();
        }
        best = best.min(t.elapsed().as_secs_f64());
        mentions = n;
        resolved = r;
    }
    let share = if parse_s > 0.0 {
        100.0 * best / parse_s
    } else {
        0.0
    };
    println!(
        "corpus:     {} ({} documents, {sentences} sentences, {tokens} tokens)",
        path.display(),
        docs.len()
    );
    println!("cpu:        {}", super::bench::cpu_model());
    println!(
        "parse:      {parse_s:.3} s ({:.0} tokens/s)",
        tokens as f64 / parse_s.max(1e-9)
    );
    println!(
        "actors:     {best:.3} s, best of {PASSES} ({:.0} mentions/s, {:.0} tokens/s)",
        mentions as f64 / best.max(1e-9),
        tokens as f64 / best.max(1e-9)
    );
    println!(
        "mentions:   {mentions} ({resolved} resolved, {:.1}%)",
        100.0 * resolved as f64 / mentions.max(1) as f64
    );
    println!("actor time: {share:.1}% of parse time (target < 20%)");
    if let Some(mb) = super::bench::peak_rss_mb() {
        println!("peak RSS:   {mb:.0} MB");
    }
    Ok(Status::Success)
}
