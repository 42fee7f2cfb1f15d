//! Train the dependency parser on UD English-EWT and report accuracy, speed and size.
//!
//! ```text
//! cargo run --release -p annals-nlp --example train_parser -- [--epochs N]
//!     [--explore-prob P] [--explore-from K] [--min-word-count N] [--min-lift-count N]
//!     [--prune W] [--label-prune W] [--bits B] [--label-min-updates N] [--seed S] [--no-select] [--test]
//!     [--save FILE] [--load FILE] [--data DIR]
//! ```
//!
//! The data directory defaults to `$ANNALS_SHARED/data/ud-english-ewt` (or
//! `/work/shared/...`). `--test` also scores the test set; keep it for final figures.

use std::io::Write;
use std::time::Instant;

use annals_core::Upos;
use annals_nlp::codec::Encoder;
use annals_nlp::conllu::{self, Sentence};
use annals_nlp::parser::{ParseScratch, ParseWord, Parser, ParserConfig};

fn arg_value<T: std::str::FromStr>(args: &[String], name: &str) -> Option<T> {
    let i = args.iter().position(|a| a == name)?;
    args.get(i + 1)?.parse().ok()
}

fn words_of(s: &Sentence) -> Vec<ParseWord<'_>> {
    s.words
        .iter()
        .map(|w| ParseWord {
            form: &w.form,
            lemma: &w.lemma,
            upos: Upos::parse(&w.upos).unwrap_or(Upos::X),
            xpos: &w.xpos,
        })
        .collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let shared = std::env::var("ANNALS_SHARED").unwrap_or_else(|_| "/work/shared".into());
    let dir = arg_value::<String>(&args, "--data")
        .unwrap_or_else(|| format!("{shared}/data/ud-english-ewt"));
    let train = conllu::read_file(format!("{dir}/en_ewt-ud-train.conllu"))?;
    let dev = conllu::read_file(format!("{dir}/en_ewt-ud-dev.conllu"))?;

    let mut cfg = ParserConfig::default();
    if let Some(v) = arg_value(&args, "--epochs") {
        cfg.epochs = v;
    }
    if let Some(v) = arg_value(&args, "--explore-prob") {
        cfg.explore_prob = v;
    }
    if let Some(v) = arg_value(&args, "--explore-from") {
        cfg.explore_from_epoch = v;
    }
    if let Some(v) = arg_value(&args, "--min-word-count") {
        cfg.min_word_count = v;
    }
    if let Some(v) = arg_value(&args, "--min-lift-count") {
        cfg.min_lift_count = v;
    }
    if let Some(v) = arg_value(&args, "--prune") {
        cfg.prune_below = v;
    }
    if let Some(v) = arg_value(&args, "--label-min-updates") {
        cfg.label_min_updates = v;
    }
    if let Some(v) = arg_value(&args, "--label-prune") {
        cfg.label_prune_below = v;
    }
    if let Some(v) = arg_value(&args, "--bits") {
        cfg.action_bits = v;
    }
    if let Some(v) = arg_value(&args, "--seed") {
        cfg.seed = v;
    }
    if args.iter().any(|a| a == "--no-select") {
        cfg.select_on_dev = false;
    }
    eprintln!("{cfg:?}");

    if let Some(path) = arg_value::<String>(&args, "--load") {
        let bytes = std::fs::read(&path)?;
        let mut parser = Parser::decode(&mut annals_nlp::codec::Decoder::new(&bytes))?;
        if let Some(pair) = arg_value::<String>(&args, "--prune-to") {
            let (a, l) = pair.split_once(',').unwrap_or((&pair, &pair));
            parser = parser.pruned(a.parse()?, l.parse()?);
        }
        let s = parser.score(&dev, None);
        println!(
            "dev (gold tags): UAS {:.2}  LAS {:.2}  sizes {:?}",
            100.0 * s.uas(),
            100.0 * s.las(),
            parser.sizes()
        );
        if let Some(list) = arg_value::<String>(&args, "--prune-eval") {
            for pair in list.split(';') {
                let (a, l) = pair.split_once(',').unwrap_or((pair, pair));
                let (a, l): (f32, f32) = (a.parse()?, l.parse()?);
                let p = parser.pruned(a, l);
                let s = p.score(&dev, None);
                let mut e = Encoder::new();
                p.encode(&mut e);
                let bytes = e.into_bytes();
                let mut z =
                    flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
                z.write_all(&bytes)?;
                println!(
                    "prune {a},{l}: UAS {:.2} LAS {:.2} sizes {:?} {:.2} MB deflated",
                    100.0 * s.uas(),
                    100.0 * s.las(),
                    p.sizes(),
                    z.finish()?.len() as f64 / 1e6
                );
                speed(&p, &dev);
            }
        }
        speed(&parser, &dev);
        return Ok(());
    }

    let start = Instant::now();
    let (parser, report) = Parser::train_with_report(&train, None, Some(&dev), &cfg, &mut |e| {
        eprintln!(
            "epoch {:2}: {:6.1}s  errors {:6}/{:7}  feats {:8}+{:8}  dev UAS {:.2} LAS {:.2}",
            e.epoch,
            e.seconds,
            e.action_errors,
            e.transitions,
            e.action_features,
            e.label_features,
            100.0 * e.dev_uas.unwrap_or(0.0),
            100.0 * e.dev_las.unwrap_or(0.0),
        );
    });
    let train_secs = start.elapsed().as_secs_f64();
    println!(
        "train: {} sentences ({} skipped), non-projective {} sentences / {} arcs, {} lifts, \
         {} labels ({} lifted), {} rare lifted labels dropped",
        report.sentences,
        report.skipped_invalid,
        report.non_projective_sentences,
        report.non_projective_arcs,
        report.lifts,
        report.label_classes,
        report.lifted_label_classes,
        report.rare_lifts_dropped,
    );
    println!(
        "training time {train_secs:.1}s, best epoch {}",
        report.best_epoch
    );

    let s = parser.score(&dev, None);
    println!(
        "dev (gold tags): UAS {:.2}  LAS {:.2}  LAS(universal) {:.2}  ({} words)",
        100.0 * s.uas(),
        100.0 * s.las(),
        100.0 * s.las_universal(),
        s.total
    );
    if args.iter().any(|a| a == "--test") {
        let test = conllu::read_file(format!("{dir}/en_ewt-ud-test.conllu"))?;
        let s = parser.score(&test, None);
        println!(
            "test (gold tags): UAS {:.2}  LAS {:.2}  LAS(universal) {:.2}  ({} words)",
            100.0 * s.uas(),
            100.0 * s.las(),
            100.0 * s.las_universal(),
            s.total
        );
    }

    // Size.
    let mut e = Encoder::new();
    parser.encode(&mut e);
    let bytes = e.into_bytes();
    let mut z = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(&bytes)?;
    let compressed = z.finish()?;
    println!(
        "model: {:.2} MB raw, {:.2} MB deflated",
        bytes.len() as f64 / 1e6,
        compressed.len() as f64 / 1e6
    );
    if let Some(path) = arg_value::<String>(&args, "--save") {
        std::fs::write(&path, &bytes)?;
        println!("saved {path}");
    }

    speed(&parser, &dev);
    Ok(())
}

/// Parse the dev set a few times with gold tags, single thread.
fn speed(parser: &Parser, dev: &[Sentence]) {
    let sentences: Vec<Vec<ParseWord>> = dev.iter().map(words_of).collect();
    let n_words: usize = sentences.iter().map(Vec::len).sum();
    let mut scratch = ParseScratch::default();
    let mut out = Vec::new();
    let mut best = f64::MAX;
    let mut best_cpu = f64::MAX;
    let passes: usize = std::env::var("PARSER_SPEED_PASSES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    for _ in 0..passes {
        let t = Instant::now();
        let c = cpu_seconds();
        for s in &sentences {
            parser.parse_with(&mut scratch, s, &mut out);
        }
        best = best.min(t.elapsed().as_secs_f64());
        if let (Some(a), Some(b)) = (c, cpu_seconds()) {
            best_cpu = best_cpu.min(b - a);
        }
    }
    println!(
        "speed: {:.0} words/s wall, {:.0} words/s of thread CPU time (best of 5 passes over dev)",
        n_words as f64 / best,
        n_words as f64 / best_cpu
    );
}

/// CPU time of this thread (Linux), so a busy shared machine does not distort the speed.
fn cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}
