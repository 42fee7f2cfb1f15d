//! `annals nlp …`: measurement of the NLP stage.

use anyhow::{Context, Result};
use serde::Serialize;

use super::Status;
use crate::cli::{GlobalArgs, NlpCommand, OutputFormat};
use crate::output::Rows;

#[derive(Serialize)]
struct MetricRow {
    metric: &'static str,
    precision: f64,
    recall: f64,
    f1: f64,
}

pub fn run(_global: &GlobalArgs, cmd: NlpCommand) -> Result<Status> {
    match cmd {
        NlpCommand::EvalSentences { conllu, format } => {
            let prf = annals_nlp::score::eval_sentences(&conllu)
                .with_context(|| format!("evaluating sentences on {}", conllu.display()))?;
            let rows = Rows {
                columns: &["metric", "precision", "recall", "f1"],
                rows: vec![MetricRow {
                    metric: "sentences",
                    precision: prf.precision,
                    recall: prf.recall,
                    f1: prf.f1,
                }],
                cells: |r| {
                    vec![
                        r.metric.to_string(),
                        format!("{:.4}", r.precision),
                        format!("{:.4}", r.recall),
                        format!("{:.4}", r.f1),
                    ]
                },
            };
            rows.write(format, &mut std::io::stdout().lock())?;
            if format == OutputFormat::Table {
                eprintln!("gold: {}", conllu.display());
            }
            Ok(Status::Success)
        }
    }
}
