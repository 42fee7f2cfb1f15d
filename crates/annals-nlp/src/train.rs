//! Training the whole model from a UD treebank: tagger, lemmatizer, and a parser trained
//! on jackknifed (predicted) tags so it learns to cope with the tagger's mistakes.
//!
//! Deterministic: folds are contiguous slices of the training file, every component uses
//! a fixed seed, and threads only run independent folds whose results are joined in order.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use annals_core::Upos;
use thiserror::Error;

use crate::clusters;
use crate::conllu::{self, ConlluError, Sentence};
use crate::eval::evaluate_gold;
use crate::lemmatizer::{Lemmatizer, LemmatizerConfig, Lexicon};
use crate::model::{ModelMeta, NlpModel};
use crate::parser::{Parser, ParserConfig};
use crate::pipeline::Pipeline;
use crate::tagger::{TagOut, Tagger, TaggerConfig, WordClusters};

#[derive(Debug, Error)]
pub enum TrainError {
    #[error(transparent)]
    Conllu(#[from] ConlluError),
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{0}: no sentences")]
    Empty(String),
    #[error(transparent)]
    Clusters(#[from] clusters::ClusterError),
}

/// What to train on and how.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub train: PathBuf,
    pub dev: PathBuf,
    /// Folds for jackknifed training tags (0 or 1: the parser trains on gold tags).
    pub jackknife_folds: usize,
    /// Threads for the jackknife folds.
    pub threads: usize,
    pub tagger: TaggerConfig,
    pub parser: ParserConfig,
    /// The command line, recorded in the model card.
    pub command: String,
    /// Treebank name recorded in the model metadata.
    pub treebank: String,
    /// Where the lemmatizer's lexicon of real words comes from (none: suffix rules only).
    pub lexicon: Option<GloveSource>,
    /// Vectors clustered for the tagger's word-cluster features (none: no clusters).
    pub clusters: Option<GloveSource>,
}

/// The first `lines` words of a GloVe text file (plain or gzip-compressed), which lists
/// its vocabulary most frequent first: for the lemmatizer's lexicon or the word clusters.
#[derive(Debug, Clone)]
pub struct GloveSource {
    pub glove: PathBuf,
    pub lines: usize,
}

/// Read the lexicon's words off a GloVe file (the vectors are skipped).
pub fn read_lexicon(src: &GloveSource) -> Result<Lexicon, TrainError> {
    let io = |source| TrainError::Io {
        path: src.glove.display().to_string(),
        source,
    };
    let reader = crate::clusters::open_text(&src.glove).map_err(io)?;
    Lexicon::from_glove(reader, src.lines).map_err(io)
}

fn checksum(path: &Path) -> Result<String, TrainError> {
    let bytes = std::fs::read(path).map_err(|source| TrainError::Io {
        path: path.display().to_string(),
        source,
    })?;
    Ok(blake3::hash(&bytes).to_hex().to_string())
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Cluster the vectors of a GloVe file (see [`crate::clusters`]).
pub fn derive_clusters(src: &GloveSource) -> Result<WordClusters, TrainError> {
    let vectors = clusters::read_glove_file(&src.glove, src.lines)?;
    let ids = clusters::cluster(&vectors, &clusters::ClusterOptions::default());
    Ok(WordClusters::new(
        vectors.words.iter().map(String::as_str).zip(ids),
    ))
}

/// Predicted (UPOS, XPOS) of every word, per sentence.
pub type SentenceTags = Vec<Vec<(Upos, String)>>;

/// Tag `sentences` with `tagger`, as (UPOS, XPOS) per word.
pub fn predicted_tags(tagger: &Tagger, sentences: &[Sentence]) -> SentenceTags {
    let mut out: Vec<TagOut> = Vec::new();
    sentences
        .iter()
        .map(|s| {
            let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            tagger.tag(&forms, &mut out);
            out.iter()
                .map(|t| (t.upos, tagger.xpos_name(t.xpos).to_string()))
                .collect()
        })
        .collect()
}

/// A copy of `sentences` whose UPOS and XPOS are the tagger's predictions.
fn with_predicted_tags(tagger: &Tagger, sentences: &[Sentence]) -> Vec<Sentence> {
    let tags = predicted_tags(tagger, sentences);
    let mut out = sentences.to_vec();
    for (s, t) in out.iter_mut().zip(tags) {
        for (w, (upos, xpos)) in s.words.iter_mut().zip(t) {
            w.upos = upos.as_str().to_string();
            w.xpos = xpos;
        }
    }
    out
}

/// Train taggers on k−1 folds and tag the held-out fold, for every fold.
fn jackknife_tags(
    train: &[Sentence],
    folds: usize,
    threads: usize,
    cfg: &TaggerConfig,
    clusters: &WordClusters,
    log: &(dyn Fn(&str) + Sync),
) -> SentenceTags {
    let n = train.len();
    let bounds: Vec<(usize, usize)> = (0..folds)
        .map(|k| (k * n / folds, (k + 1) * n / folds))
        .collect();
    let mut results: Vec<Option<SentenceTags>> = vec![None; folds];
    for chunk in bounds.chunks(threads.max(1)).enumerate() {
        let (c, chunk) = chunk;
        let done: Vec<_> = std::thread::scope(|scope| {
            let handles: Vec<_> = chunk
                .iter()
                .map(|&(lo, hi)| {
                    scope.spawn(move || {
                        let rest: Vec<Sentence> =
                            train[..lo].iter().chain(&train[hi..]).cloned().collect();
                        let tagger =
                            Tagger::train_with_clusters(&rest, None, cfg, clusters, &mut |_| {});
                        predicted_tags(&tagger, &train[lo..hi])
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().ok()).collect()
        });
        for (i, r) in done.into_iter().enumerate() {
            let k = c * threads.max(1) + i;
            log(&format!("jackknife fold {}/{folds} tagged", k + 1));
            if let Some(slot) = results.get_mut(k) {
                *slot = r;
            }
        }
    }
    // A fold whose thread failed falls back to gold tags for that fold (None entries).
    let mut tags = Vec::with_capacity(n);
    for (k, r) in results.into_iter().enumerate() {
        let (lo, hi) = bounds[k];
        match r {
            Some(t) => tags.extend(t),
            None => tags.extend(train[lo..hi].iter().map(|s| {
                s.words
                    .iter()
                    .map(|w| (Upos::parse(&w.upos).unwrap_or(Upos::X), w.xpos.clone()))
                    .collect::<Vec<_>>()
            })),
        }
    }
    tags
}

/// Train every component and return the model with its metadata (dev scores included).
pub fn train(opts: &TrainOptions, log: &(dyn Fn(&str) + Sync)) -> Result<NlpModel, TrainError> {
    let train = conllu::read_file(&opts.train)?;
    let dev = conllu::read_file(&opts.dev)?;
    if train.is_empty() {
        return Err(TrainError::Empty(opts.train.display().to_string()));
    }
    log(&format!(
        "{} training sentences, {} dev sentences",
        train.len(),
        dev.len()
    ));

    let word_clusters = match &opts.clusters {
        Some(src) => derive_clusters(src)?,
        None => WordClusters::default(),
    };
    if !word_clusters.is_empty() {
        log(&format!("{} words clustered", word_clusters.len()));
    }
    let tagger =
        Tagger::train_with_clusters(&train, Some(&dev), &opts.tagger, &word_clusters, &mut |r| {
            log(&format!(
                "tagger epoch {}: train {:.2}%",
                r.epoch, r.train_accuracy
            ))
        });
    log("tagger done");
    let lexicon = match &opts.lexicon {
        Some(src) => read_lexicon(src)?,
        None => Lexicon::default(),
    };
    let lexicon_words = lexicon.len();
    let lemmatizer = Lemmatizer::train_with_lexicon(&train, &LemmatizerConfig::default(), lexicon);
    log(&format!("lemmatizer done ({lexicon_words} lexicon words)"));

    let train_tags = if opts.jackknife_folds > 1 {
        Some(jackknife_tags(
            &train,
            opts.jackknife_folds,
            opts.threads,
            &opts.tagger,
            &word_clusters,
            log,
        ))
    } else {
        None
    };
    // The parser picks its best epoch on dev as it will be used: with the tagger's tags.
    let dev_tagged = with_predicted_tags(&tagger, &dev);
    // The parser gets the tagger's clusters (none when it has none).
    let parser_cfg = ParserConfig {
        clusters: word_clusters.clone(),
        ..opts.parser.clone()
    };
    let (parser, report) = Parser::train_with_report(
        &train,
        train_tags.as_deref(),
        Some(&dev_tagged),
        &parser_cfg,
        &mut |r| {
            log(&format!(
                "parser epoch {}: {:.0}s, dev UAS {:.2} LAS {:.2}",
                r.epoch,
                r.seconds,
                100.0 * r.dev_uas.unwrap_or(0.0),
                100.0 * r.dev_las.unwrap_or(0.0)
            ))
        },
    );
    log(&format!(
        "parser done: best epoch {}, {} non-projective sentences",
        report.best_epoch, report.non_projective_sentences
    ));

    let mut meta = ModelMeta {
        treebank: opts.treebank.clone(),
        command: opts.command.clone(),
        ..ModelMeta::default()
    };
    meta.data_checksums
        .insert(file_name(&opts.train), checksum(&opts.train)?);
    meta.data_checksums
        .insert(file_name(&opts.dev), checksum(&opts.dev)?);
    for src in opts.lexicon.iter().chain(&opts.clusters) {
        meta.data_checksums
            .insert(file_name(&src.glove), checksum(&src.glove)?);
    }
    meta.config = config_table(opts, lexicon_words, word_clusters.len());
    let mut model = Pipeline::new(NlpModel {
        meta,
        tagger,
        lemmatizer,
        parser,
    });
    let s = evaluate_gold(&model, &dev);
    let metrics: BTreeMap<String, f64> = [
        ("dev_upos", s.upos),
        ("dev_xpos", s.xpos),
        ("dev_ufeats", s.ufeats),
        ("dev_lemma", s.lemma),
        ("dev_uas", s.uas),
        ("dev_las", s.las),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), (v * 100.0).round() / 100.0))
    .collect();
    model.model.meta.metrics = metrics;
    Ok(model.model)
}

fn config_table(
    opts: &TrainOptions,
    lexicon_words: usize,
    cluster_words: usize,
) -> BTreeMap<String, String> {
    let t = &opts.tagger;
    let p = &opts.parser;
    [
        ("jackknife_folds", opts.jackknife_folds.to_string()),
        ("tagger_epochs", t.epochs.to_string()),
        ("tagger_seed", t.seed.to_string()),
        ("parser_epochs", p.epochs.to_string()),
        ("parser_seed", p.seed.to_string()),
    ]
    .into_iter()
    // Only beam models record their beam, so the greedy model's bytes stay reproducible.
    .chain((p.beam > 1).then(|| ("parser_beam", p.beam.to_string())))
    .chain((p.beam > 1).then(|| ("parser_beam_margin", p.beam_margin.to_string())))
    // Only models with a lexicon record it, for the same reason.
    .chain(
        opts.lexicon
            .as_ref()
            .map(|l| ("lexicon_glove_lines", l.lines.to_string())),
    )
    .chain(
        opts.lexicon
            .as_ref()
            .map(|_| ("lexicon_words", lexicon_words.to_string())),
    )
    .chain(
        opts.clusters
            .as_ref()
            .map(|c| ("cluster_glove_lines", c.lines.to_string())),
    )
    .chain(
        opts.clusters
            .as_ref()
            .map(|_| ("cluster_words", cluster_words.to_string())),
    )
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}
