//! Train the dependency parser on UD English-EWT and report accuracy, speed and size.
//!
//! ```text
//! cargo run --release -p annals-nlp --example train_parser -- [--epochs N]
//!     [--explore-prob P] [--explore-from K] [--min-word-count N] [--min-lift-count N]
//!     [--prune W] [--label-prune W] [--bits B] [--label-min-updates N] [--seed S] [--no-select] [--test]
//!     [--save FILE] [--load FILE] [--data DIR] [--jackknife K [--tags-cache FILE]]
//!     (the tag cache defaults to `target/parser-tags-K.tsv` in the repository)
//!     [--no-gold-copy] [--by-tag] [--skip-nonproj]
//! ```
//!
//! The data directory defaults to `$ANNALS_SHARED/data/ud-english-ewt` (or
//! `../shared/...`, relative to the repository, where the workspace keeps it). `--test` also scores the test set; keep it for final figures.
//! `--jackknife K` trains the parser on K-fold jackknifed tagger output and also scores
//! dev (and test) with predicted tags.

use std::io::Write;
use std::time::Instant;

use annals_core::Upos;
use annals_nlp::codec::Encoder;
use annals_nlp::conllu::{self, Sentence};
use annals_nlp::parser::{ParseScratch, ParseWord, Parser, ParserConfig};
use annals_nlp::tagger::{Tagger, TaggerConfig};
use annals_nlp::train::{predicted_tags as predicted_tags_of, SentenceTags};

/// Predicted (UPOS, XPOS) per word, per sentence.
type Tags = SentenceTags;

/// Jackknifed train tags and dev tags, cached in `cache` (one sentence per line,
/// `UPOS XPOS` pairs separated by tabs; train sentences first).
fn predicted_tags(
    train: &[Sentence],
    dev: &[Sentence],
    folds: usize,
    cache: &str,
) -> Result<(Tags, Tags), Box<dyn std::error::Error>> {
    let parse_line = |l: &str| -> Vec<(Upos, String)> {
        l.split('\t')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (u, x) = p.split_once(' ').unwrap_or((p, ""));
                (Upos::parse(u).unwrap_or(Upos::X), x.to_string())
            })
            .collect()
    };
    if let Ok(text) = std::fs::read_to_string(cache) {
        let lines: Vec<Vec<(Upos, String)>> = text.lines().map(parse_line).collect();
        if lines.len() == train.len() + dev.len() {
            eprintln!("predicted tags from {cache}");
            let dev_tags = lines[train.len()..].to_vec();
            let mut train_tags = lines;
            train_tags.truncate(train.len());
            return Ok((train_tags, dev_tags));
        }
    }
    let cfg = TaggerConfig::default();
    let n = train.len();
    let mut train_tags = Vec::with_capacity(n);
    for k in 0..folds {
        let (lo, hi) = (k * n / folds, (k + 1) * n / folds);
        let rest: Vec<Sentence> = train[..lo].iter().chain(&train[hi..]).cloned().collect();
        let t = Instant::now();
        let tagger = Tagger::train(&rest, None, &cfg);
        train_tags.extend(predicted_tags_of(&tagger, &train[lo..hi]));
        eprintln!(
            "jackknife fold {}/{folds}: {:.0}s",
            k + 1,
            t.elapsed().as_secs_f64()
        );
    }
    let tagger = Tagger::train(train, None, &cfg);
    let dev_tags = predicted_tags_of(&tagger, dev);
    let mut text = String::new();
    for s in train_tags.iter().chain(&dev_tags) {
        for (u, x) in s {
            text.push_str(&format!("{u} {x}\t"));
        }
        text.push('\n');
    }
    std::fs::write(cache, text)?;
    Ok((train_tags, dev_tags))
}

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
    let shared = std::env::var("ANNALS_SHARED").unwrap_or_else(|_| "../shared".into());
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
    if let Some(v) = arg_value(&args, "--beam") {
        cfg.beam = v;
    }
    if let Some(v) = arg_value(&args, "--beam-from") {
        cfg.beam_from_epoch = v;
    }
    if let Some(v) = arg_value(&args, "--beam-margin") {
        cfg.beam_margin = v;
    }
    if args.iter().any(|a| a == "--no-select") {
        cfg.select_on_dev = false;
    }
    eprintln!("{cfg:?}");

    // Predicted tags: k-fold jackknifed tagger output for train, a full tagger for dev.
    let folds: usize = arg_value(&args, "--jackknife").unwrap_or(0);
    let tags = if folds > 1 {
        let cache = arg_value::<String>(&args, "--tags-cache").unwrap_or_else(|| {
            // The workspace's target directory (relative to the repository), not a
            // machine path: a cache of derived data, rebuilt when missing.
            concat!(env!("CARGO_MANIFEST_DIR"), "/../../target").to_string()
                + &format!("/parser-tags-{folds}.tsv")
        });
        Some(predicted_tags(&train, &dev, folds, &cache)?)
    } else {
        None
    };

    if let Some(path) = arg_value::<String>(&args, "--load") {
        let bytes = std::fs::read(&path)?;
        let mut parser = Parser::decode(&mut annals_nlp::codec::Decoder::new(&bytes))?;
        if let Some(width) = arg_value::<u16>(&args, "--beam") {
            parser = parser.with_beam(width, cfg.beam_margin);
        }
        eprintln!("beam {:?}", parser.beam());
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
        if let Some((_, dev_tags)) = &tags {
            let s = parser.score(&dev, Some(dev_tags));
            println!(
                "dev (predicted tags): UAS {:.2}  LAS {:.2}",
                100.0 * s.uas(),
                100.0 * s.las()
            );
            if args.iter().any(|a| a == "--by-tag") {
                by_tag_correctness(&parser, &dev, dev_tags);
            }
        }
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
    // `--skip-nonproj`: the baseline without pseudo-projective parsing: drop training
    // sentences with crossing arcs (and keep lifted labels from ever being learned).
    let (train, tags) = if args.iter().any(|a| a == "--skip-nonproj") {
        cfg.min_lift_count = usize::MAX;
        let keep: Vec<bool> = train
            .iter()
            .map(|s| non_projective_arcs(s).is_empty())
            .collect();
        let tags = tags.map(|(t, d)| {
            let t = t
                .into_iter()
                .zip(&keep)
                .filter(|(_, &k)| k)
                .map(|(t, _)| t)
                .collect();
            (t, d)
        });
        let train = train
            .into_iter()
            .zip(&keep)
            .filter(|(_, &k)| k)
            .map(|(s, _)| s)
            .collect();
        (train, tags)
    } else {
        (train, tags)
    };
    if args.iter().any(|a| a == "--no-gold-copy") {
        cfg.gold_tag_copy = false;
    }
    let train_tags = tags.as_ref().map(|(t, _)| t.as_slice());
    let dev_tags = tags.as_ref().map(|(_, d)| d.as_slice());
    let (parser, report) =
        Parser::train_with_dev_tags(&train, train_tags, Some(&dev), dev_tags, &cfg, &mut |e| {
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
    non_projective_recall(&parser, &dev);

    let s = parser.score(&dev, None);
    println!(
        "dev (gold tags): UAS {:.2}  LAS {:.2}  LAS(universal) {:.2}  ({} words)",
        100.0 * s.uas(),
        100.0 * s.las(),
        100.0 * s.las_universal(),
        s.total
    );
    if let Some((_, dev_tags)) = &tags {
        let s = parser.score(&dev, Some(dev_tags));
        println!(
            "dev (predicted tags): UAS {:.2}  LAS {:.2}  LAS(universal) {:.2}",
            100.0 * s.uas(),
            100.0 * s.las(),
            100.0 * s.las_universal(),
        );
    }
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
        if folds > 1 {
            // The full-train tagger's tags for the test set.
            let tagger = Tagger::train(&train, None, &TaggerConfig::default());
            let test_tags = predicted_tags_of(&tagger, &test);
            let s = parser.score(&test, Some(&test_tags));
            println!(
                "test (predicted tags): UAS {:.2}  LAS {:.2}  LAS(universal) {:.2}",
                100.0 * s.uas(),
                100.0 * s.las(),
                100.0 * s.las_universal(),
            );
        }
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

/// Attachment scores split by whether the word's predicted XPOS is right, and by whether
/// its whole sentence is tagged right.
fn by_tag_correctness(parser: &Parser, dev: &[Sentence], tags: &Tags) {
    // (words, right head, right head+label) for: tag right, tag wrong, sentence all right.
    let mut c = [[0usize; 3]; 3];
    let mut out = Vec::new();
    for (s, t) in dev.iter().zip(tags) {
        let words: Vec<ParseWord> = s
            .words
            .iter()
            .zip(t)
            .map(|(w, (u, x))| ParseWord {
                form: &w.form,
                lemma: &w.lemma,
                upos: *u,
                xpos: x,
            })
            .collect();
        parser.parse(&words, &mut out);
        let all_right = s.words.iter().zip(t).all(|(w, (_, x))| &w.xpos == x);
        for ((w, (_, x)), &(h, l)) in s.words.iter().zip(t).zip(&out) {
            let k = if &w.xpos == x { 0 } else { 1 };
            for k in [k, if all_right { 2 } else { 3 }] {
                if let Some(row) = c.get_mut(k) {
                    row[0] += 1;
                    row[1] += usize::from(w.head == h);
                    row[2] += usize::from(w.head == h && parser.label_name(l) == w.deprel);
                }
            }
        }
    }
    for (name, row) in ["xpos right", "xpos wrong", "sentence all right"]
        .iter()
        .zip(c)
    {
        println!(
            "  {name}: {} words, UAS {:.2} LAS {:.2}",
            row[0],
            100.0 * row[1] as f64 / row[0].max(1) as f64,
            100.0 * row[2] as f64 / row[0].max(1) as f64
        );
    }
}

/// 1-based dependents whose arc crosses a word its head does not dominate.
fn non_projective_arcs(s: &Sentence) -> Vec<usize> {
    let heads: Vec<usize> = s.words.iter().map(|w| w.head).collect();
    let dominated = |anc: usize, mut k: usize| {
        for _ in 0..=heads.len() {
            if k == anc {
                return true;
            }
            if k == 0 {
                return false;
            }
            k = heads.get(k - 1).copied().unwrap_or(0);
        }
        false
    };
    (1..=heads.len())
        .filter(|&d| {
            let h = heads[d - 1];
            h != 0 && (h.min(d) + 1..h.max(d)).any(|k| !dominated(h, k))
        })
        .collect()
}

/// How many of dev's non-projective arcs the parser gets (head, and head + label).
fn non_projective_recall(parser: &Parser, dev: &[Sentence]) {
    let (mut total, mut heads, mut labelled) = (0, 0, 0);
    let mut out = Vec::new();
    for s in dev {
        let arcs = non_projective_arcs(s);
        if arcs.is_empty() {
            continue;
        }
        parser.parse(&words_of(s), &mut out);
        for d in arcs {
            total += 1;
            let (h, l) = out[d - 1];
            let w = &s.words[d - 1];
            heads += usize::from(h == w.head);
            labelled += usize::from(h == w.head && parser.label_name(l) == w.deprel);
        }
    }
    println!(
        "dev non-projective arcs: {total}, right head {heads}, right head and label {labelled}"
    );
}
