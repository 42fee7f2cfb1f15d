//! One module per subcommand. Each `run` returns a [`Status`] (exit code) or an error.

pub mod actors;
pub mod bench;
pub mod bench_actors;
pub mod bench_ingest;
pub mod code;
pub mod coder_train;
pub mod codes;
pub mod demo;
pub mod docs;
pub mod eval_events;
pub mod eval_events_report;
pub mod eval_extract;
pub mod events;
pub mod ingest;
pub mod nlp;
pub mod parse;
pub mod search;
pub mod serve;
pub mod show;
pub mod show_marks;
pub mod watch;

use std::process::ExitCode;

/// How a command ended: 0 when everything worked, 1 when some inputs failed (after
/// processing all the others) or the command failed. Usage errors exit 2 (clap).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Success,
    Failed,
}

impl From<Status> for ExitCode {
    fn from(s: Status) -> ExitCode {
        match s {
            Status::Success => ExitCode::SUCCESS,
            Status::Failed => ExitCode::from(1),
        }
    }
}

/// Open the store, creating it if needed, with the path in any error.
pub fn open_store(path: &std::path::Path) -> anyhow::Result<annals_store::Store> {
    use anyhow::Context;
    annals_store::Store::open(path).with_context(|| format!("opening database {}", path.display()))
}

/// The NLP pipeline with the model from `--model`/`ANNALS_MODEL`, else the embedded one.
pub fn load_pipeline(
    args: &crate::cli::ModelArgs,
) -> anyhow::Result<annals_nlp::pipeline::Pipeline> {
    use annals_nlp::model::NlpModel;
    use annals_nlp::pipeline::Pipeline;
    Ok(match &args.model {
        Some(path) => Pipeline::new(NlpModel::load(path)?),
        None => Pipeline::embedded()?,
    })
}
