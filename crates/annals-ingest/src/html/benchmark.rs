//! The article-extraction benchmark layout: `DIR/ground-truth.json` mapping page ids to
//! `{"articleBody": …, "url": …}` and the pages as `DIR/html/<id>.html.gz`. Runs an
//! [`Extractor`] over every page and scores it ([`super::score`]).

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::score::{ExtractionScore, PageMatch};
use super::{decode_html, Extractor};

/// One page of the benchmark.
#[derive(Debug, Clone)]
pub struct BenchmarkPage {
    pub id: String,
    pub url: Option<String>,
    pub html: String,
    pub reference: String,
}

/// Why the benchmark could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum BenchmarkError {
    #[error("{path}: cannot read: {error}")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{path}: invalid ground truth: {message}")]
    GroundTruth { path: PathBuf, message: String },
}

#[derive(Deserialize)]
struct Truth {
    #[serde(rename = "articleBody", default)]
    article_body: String,
    #[serde(default)]
    url: Option<String>,
}

/// Load every page listed in the ground truth, in id order.
pub fn load_benchmark(dir: &Path) -> Result<Vec<BenchmarkPage>, BenchmarkError> {
    let truth_path = dir.join("ground-truth.json");
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |error| BenchmarkError::Io { path, error }
    };
    let text = std::fs::read_to_string(&truth_path).map_err(io(&truth_path))?;
    let truth: BTreeMap<String, Truth> =
        serde_json::from_str(&text).map_err(|e| BenchmarkError::GroundTruth {
            path: truth_path.clone(),
            message: e.to_string(),
        })?;
    let mut pages = Vec::with_capacity(truth.len());
    for (id, t) in truth {
        let path = dir.join("html").join(format!("{id}.html.gz"));
        let file = std::fs::File::open(&path).map_err(io(&path))?;
        let mut bytes = Vec::new();
        flate2::read::MultiGzDecoder::new(file)
            .read_to_end(&mut bytes)
            .map_err(io(&path))?;
        pages.push(BenchmarkPage {
            id,
            url: t.url,
            html: decode_html(&bytes, None),
            reference: t.article_body,
        });
    }
    Ok(pages)
}

/// The score of one page.
#[derive(Debug, Clone)]
pub struct PageResult {
    pub id: String,
    pub matched: PageMatch,
    pub extracted_words: usize,
}

/// Run `extractor` over the pages: overall score and per-page results.
pub fn evaluate(
    pages: &[BenchmarkPage],
    extractor: Extractor,
) -> (ExtractionScore, Vec<PageResult>) {
    let results: Vec<PageResult> = pages
        .iter()
        .map(|page| {
            let text = extractor.main_text(&page.html, page.url.as_deref());
            PageResult {
                id: page.id.clone(),
                matched: PageMatch::compare(&page.reference, &text),
                extracted_words: super::score::tokens(&text).len(),
            }
        })
        .collect();
    let matches: Vec<PageMatch> = results.iter().map(|r| r.matched).collect();
    (ExtractionScore::from_pages(&matches), results)
}
