//! `annals nlp …`: train and measure the NLP stage.

use std::io::Write;

use annals_nlp::parser::ParserConfig;
use annals_nlp::tagger::TaggerConfig;
use annals_nlp::train::{GloveSource, TrainOptions};
use anyhow::{Context, Result};
use serde::Serialize;

use super::{load_pipeline, Status};
use crate::cli::{GlobalArgs, NlpCommand, OutputFormat};
use crate::output::Rows;

#[derive(Serialize)]
struct PrfRow {
    metric: &'static str,
    precision: f64,
    recall: f64,
    f1: f64,
}

fn prf_rows(rows: Vec<PrfRow>) -> Rows<PrfRow> {
    Rows {
        columns: &["metric", "precision", "recall", "f1"],
        rows,
        cells: |r| {
            vec![
                r.metric.to_string(),
                format!("{:.2}", r.precision),
                format!("{:.2}", r.recall),
                format!("{:.2}", r.f1),
            ]
        },
    }
}

#[derive(Serialize)]
struct AccRow {
    metric: &'static str,
    accuracy: f64,
}

pub fn run(global: &GlobalArgs, cmd: NlpCommand) -> Result<Status> {
    let mut out = std::io::stdout().lock();
    match cmd {
        NlpCommand::EvalSentences { conllu, format } => {
            let prf = annals_nlp::score::eval_sentences(&conllu)
                .with_context(|| format!("evaluating sentences on {}", conllu.display()))?;
            let row = PrfRow {
                metric: "sentences",
                precision: prf.precision,
                recall: prf.recall,
                f1: prf.f1,
            };
            let mut rows = prf_rows(vec![row]);
            rows.cells = |r| {
                vec![
                    r.metric.to_string(),
                    format!("{:.4}", r.precision),
                    format!("{:.4}", r.recall),
                    format!("{:.4}", r.f1),
                ]
            };
            rows.write(format, &mut out)?;
        }
        NlpCommand::Train {
            train,
            dev,
            out: path,
            jackknife,
            threads,
            tagger_epochs,
            parser_epochs,
            beam,
            beam_margin,
            treebank,
            glove,
            lexicon_lines,
            cluster_lines,
        } => {
            let mut tagger = TaggerConfig::default();
            if let Some(e) = tagger_epochs {
                tagger.epochs = e;
            }
            let mut parser = ParserConfig::default();
            if let Some(e) = parser_epochs {
                parser.epochs = e;
            }
            parser.beam = beam;
            if beam_margin.is_nan() || beam_margin < 0.0 {
                anyhow::bail!("--beam-margin must be a number >= 0, not {beam_margin}");
            }
            parser.beam_margin = beam_margin;
            let opts = TrainOptions {
                train,
                dev,
                jackknife_folds: jackknife,
                threads,
                tagger,
                parser,
                command: training_command(),
                treebank,
                lexicon: glove.clone().map(|glove| GloveSource {
                    glove,
                    lines: lexicon_lines,
                }),
                clusters: glove
                    .filter(|_| cluster_lines > 0)
                    .map(|glove| GloveSource {
                        glove,
                        lines: cluster_lines,
                    }),
            };
            let started = std::time::Instant::now();
            let quiet = global.quiet;
            let log = move |msg: &str| {
                if !quiet {
                    eprintln!("[{:>6.0}s] {msg}", started.elapsed().as_secs_f64());
                }
            };
            let model = annals_nlp::train::train(&opts, &log)?;
            model.save(&path)?;
            let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            writeln!(
                out,
                "wrote {} ({:.1} MB) in {:.0}s",
                path.display(),
                size as f64 / 1e6,
                started.elapsed().as_secs_f64()
            )?;
            for (k, v) in &model.meta.metrics {
                writeln!(out, "  {k:<12} {v:.2}")?;
            }
        }
        NlpCommand::Eval {
            gold,
            raw,
            model,
            format,
        } => {
            let pipeline = load_pipeline(&model)?;
            let sentences = annals_nlp::conllu::read_file(&gold)?;
            if raw {
                let s = annals_nlp::eval::evaluate_raw(&pipeline, &sentences);
                let row = |metric, p: annals_nlp::score::Prf| PrfRow {
                    metric,
                    precision: 100.0 * p.precision,
                    recall: 100.0 * p.recall,
                    f1: 100.0 * p.f1,
                };
                prf_rows(vec![
                    row("tokens", s.tokens),
                    row("sentences", s.sentences),
                    row("upos", s.upos),
                    row("xpos", s.xpos),
                    row("lemmas", s.lemmas),
                    row("uas", s.uas),
                    row("las", s.las),
                ])
                .write(format, &mut out)?;
            } else {
                let s = annals_nlp::eval::evaluate_gold(&pipeline, &sentences);
                let rows = Rows {
                    columns: &["metric", "accuracy"],
                    rows: vec![
                        AccRow {
                            metric: "upos",
                            accuracy: s.upos,
                        },
                        AccRow {
                            metric: "xpos",
                            accuracy: s.xpos,
                        },
                        AccRow {
                            metric: "ufeats",
                            accuracy: s.ufeats,
                        },
                        AccRow {
                            metric: "lemma",
                            accuracy: s.lemma,
                        },
                        AccRow {
                            metric: "uas",
                            accuracy: s.uas,
                        },
                        AccRow {
                            metric: "las",
                            accuracy: s.las,
                        },
                        AccRow {
                            metric: "las_full",
                            accuracy: s.las_full,
                        },
                    ],
                    cells: |r| vec![r.metric.to_string(), format!("{:.2}", r.accuracy)],
                };
                rows.write(format, &mut out)?;
            }
            if format == OutputFormat::Table && !global.quiet {
                let mode = if raw { "raw text" } else { "gold tokenisation" };
                eprintln!("{} ({mode})", gold.display());
            }
        }
        NlpCommand::Info { model } => {
            let pipeline = load_pipeline(&model)?;
            serde_json::to_writer_pretty(&mut out, &pipeline.model.meta)?;
            writeln!(out)?;
        }
        NlpCommand::Clusters {
            glove,
            lines,
            iterations,
            out: path,
        } => clusters(&glove, lines, iterations, &path, &mut out)?,
    }
    Ok(Status::Success)
}

/// The command line as typed, recorded in the model card.
fn training_command() -> String {
    let args: Vec<String> = std::env::args().skip(1).collect();
    format!("annals {}", args.join(" "))
}

/// `annals nlp clusters`: read the vectors, cluster them, write the TSV with its credit.
fn clusters(
    glove: &std::path::Path,
    lines: usize,
    iterations: usize,
    path: &std::path::Path,
    out: &mut impl Write,
) -> Result<()> {
    use annals_nlp::clusters::{cluster, read_glove_file, to_tsv, ClusterOptions};
    let started = std::time::Instant::now();
    let vectors = read_glove_file(glove, lines)?;
    let opts = ClusterOptions {
        iterations,
        ..ClusterOptions::default()
    };
    let ids = cluster(&vectors, &opts);
    let header = format!(
        "Word clusters derived by annals from GloVe 6B vectors (PDDL 1.0; J. Pennington, \
         R. Socher, C. D. Manning, GloVe: Global Vectors for Word Representation, EMNLP 2014).\n\
         {} words, {} dimensions; hierarchical spherical k-means 64 > 4 > 4 > 4, {} iterations, \
         seed {}: id >> 6, >> 4, >> 2 and id are the 64, 256, 1024 and 4096 clusterings.\n\
         Made by: {}",
        vectors.words.len(),
        vectors.dim,
        opts.iterations,
        opts.seed,
        training_command()
    );
    std::fs::write(path, to_tsv(&header, &vectors.words, &ids))
        .with_context(|| format!("writing {}", path.display()))?;
    writeln!(
        out,
        "wrote {} ({} words) in {:.0}s",
        path.display(),
        ids.len(),
        started.elapsed().as_secs_f64()
    )?;
    Ok(())
}
