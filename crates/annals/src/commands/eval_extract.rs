//! `annals eval extract`: score the HTML main-text extractors on an article-extraction
//! benchmark directory (`ground-truth.json` + `html/<id>.html.gz`) with the benchmark's
//! metric: word 4-gram shingle precision and recall per page, averaged over pages, F1 of
//! the two means (see `annals_ingest::html::score`).

use std::path::PathBuf;
use std::time::Instant;

use annals_ingest::html::benchmark::{evaluate, load_benchmark};
use annals_ingest::html::Extractor;
use anyhow::{bail, Result};
use serde::Serialize;

use super::Status;
use crate::cli::{GlobalArgs, OutputFormat};
use crate::output::Rows;

/// One extractor's result.
#[derive(Debug, Serialize)]
struct ExtractorRow {
    extractor: &'static str,
    precision: f64,
    recall: f64,
    f1: f64,
    pages: usize,
    empty_pages: usize,
    seconds: f64,
}

/// The benchmark directory: `--dir`, else `$ANNALS_SHARED/data/article-extraction-dev`,
/// else `../shared/data/article-extraction-dev`.
pub fn default_dir() -> PathBuf {
    std::env::var_os("ANNALS_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared"))
        .join("data/article-extraction-dev")
}

pub fn run(
    global: &GlobalArgs,
    dir: Option<PathBuf>,
    extractor: Option<String>,
    format: OutputFormat,
) -> Result<Status> {
    let extractors = match extractor {
        Some(name) => match Extractor::from_name(&name) {
            Some(e) => vec![e],
            None => bail!(
                "unknown extractor {name:?}; compiled in: {}",
                names(&Extractor::available())
            ),
        },
        None => Extractor::available(),
    };
    let dir = dir.unwrap_or_else(default_dir);
    let pages = load_benchmark(&dir)?;
    if pages.is_empty() {
        bail!("{}: the ground truth lists no pages", dir.display());
    }
    let mut rows = Vec::new();
    for extractor in extractors {
        let started = Instant::now();
        let (score, results) = evaluate(&pages, extractor);
        if global.verbose > 0 {
            for r in &results {
                let show = |v: Option<f64>| v.map_or("-".to_owned(), |v| format!("{v:.3}"));
                eprintln!(
                    "{}\t{}\tP={}\tR={}\twords={}",
                    extractor.name(),
                    r.id,
                    show(r.matched.precision()),
                    show(r.matched.recall()),
                    r.extracted_words
                );
            }
        }
        rows.push(ExtractorRow {
            extractor: extractor.name(),
            precision: score.precision,
            recall: score.recall,
            f1: score.f1,
            pages: score.pages,
            empty_pages: results.iter().filter(|r| r.extracted_words == 0).count(),
            seconds: started.elapsed().as_secs_f64(),
        });
    }
    let table = Rows {
        columns: &[
            "extractor",
            "precision",
            "recall",
            "f1",
            "pages",
            "empty",
            "seconds",
        ],
        rows,
        cells: |r| {
            vec![
                r.extractor.to_owned(),
                format!("{:.3}", r.precision),
                format!("{:.3}", r.recall),
                format!("{:.3}", r.f1),
                r.pages.to_string(),
                r.empty_pages.to_string(),
                format!("{:.1}", r.seconds),
            ]
        },
    };
    table.write(format, &mut std::io::stdout().lock())?;
    Ok(Status::Success)
}

fn names(extractors: &[Extractor]) -> String {
    extractors
        .iter()
        .map(Extractor::name)
        .collect::<Vec<_>>()
        .join(", ")
}
