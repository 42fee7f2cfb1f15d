//! One module per subcommand. Each `run` returns a [`Status`] (exit code) or an error.

pub mod actors;
pub mod bench;
pub mod bench_actors;
pub mod bench_adversarial;
pub mod bench_export;
pub mod bench_ingest;
pub mod bench_serve;
pub mod bench_store;
pub mod code;
pub mod coder_train;
pub mod codes;
pub mod demo;
pub mod docs;
pub mod eval_events;
pub mod eval_events_report;
pub mod eval_extract;
pub mod eval_stories;
pub mod events;
pub mod export;
pub mod filters;
pub mod find_doc;
pub mod graph;
pub mod ingest;
pub mod nlp;
pub mod parse;
pub mod search;
pub mod serve;
pub mod show;
pub mod show_marks;
pub mod stories;
pub mod timeline;
pub mod watch;

use std::process::ExitCode;

/// How a command ended: 0 when everything worked, 1 when some inputs failed (after
/// processing all the others) or the command failed. Usage errors exit 2 (clap).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Success,
    Failed,
    /// Stopped by this signal after storing what was read (exit 128 + the number).
    Signalled(i32),
}

impl From<Status> for ExitCode {
    fn from(s: Status) -> ExitCode {
        match s {
            Status::Success => ExitCode::SUCCESS,
            Status::Failed => ExitCode::from(1),
            Status::Signalled(n) => ExitCode::from(u8::try_from(128 + n).unwrap_or(1)),
        }
    }
}

/// Open the store `--db` names (a SQLite path or a `postgres://` URL) for writing,
/// creating it if needed. Errors name the database.
pub fn open_store(db: &std::path::Path) -> anyhow::Result<Box<dyn annals_store::Store>> {
    Ok(annals_store::open(
        &db.to_string_lossy(),
        annals_store::Mode::ReadWrite,
    )?)
}

/// Open the store `--db` names for reading only: a missing database is an error (exit 2,
/// see `main`), never created; a SQLite file is opened read-only.
pub fn open_store_read(db: &std::path::Path) -> anyhow::Result<Box<dyn annals_store::Store>> {
    Ok(annals_store::open(
        &db.to_string_lossy(),
        annals_store::Mode::ReadOnly,
    )?)
}

/// Open the SQLite store `--db` names for the stories stage and its commands, whose tables
/// only the SQLite backend has so far: a PostgreSQL URL is refused with a clear message.
pub fn open_story_store(db: &std::path::Path) -> anyhow::Result<annals_store::SqliteStore> {
    let name = db.to_string_lossy();
    if annals_store::is_postgres_url(&name) {
        anyhow::bail!(
            "stories, event clusters and contradictions are stored in SQLite databases only \
             for now; {name} is a PostgreSQL database"
        );
    }
    Ok(annals_store::SqliteStore::open(db)?)
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
