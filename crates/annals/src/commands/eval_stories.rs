//! `annals eval stories`: score the stories, event clusters and contradictions stored in a
//! database against a gold file (see `annals_stories::eval` for the format and rules).

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;

use annals_stories::eval::{score, Gold, Prf, Split};
use annals_stories::{StoryQuery, StoryStore};

use super::stories::run_stage;
use super::{open_story_store, Status};
use crate::cli::{GlobalArgs, OutputFormat};
use crate::output::write_table;

#[derive(Debug, Args)]
pub struct EvalStoriesArgs {
    /// Gold file (JSON lines: document, cluster and contradiction annotations).
    #[arg(long)]
    pub gold: PathBuf,
    /// Part of the gold to score: `dev` (tune on it), `test` (report it), or `all`. The
    /// split is by story: see `annals_stories::eval::Split`.
    #[arg(long, default_value = "all", value_parser = ["dev", "test", "all"])]
    pub split: String,
    /// Rebuild the stories from the database's documents and events before scoring
    /// (otherwise the stored ones are scored).
    #[arg(long)]
    pub rebuild: bool,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    #[command(flatten)]
    pub db: crate::cli::DbArg,
}

fn row(name: &str, p: &Prf, counts: bool) -> Vec<String> {
    vec![
        name.to_string(),
        format!("{:.3}", p.precision),
        format!("{:.3}", p.recall),
        format!("{:.3}", p.f1),
        if counts {
            format!("{}/{}/{}", p.correct, p.predicted, p.gold)
        } else {
            "-".into()
        },
    ]
}

pub fn run(global: &GlobalArgs, args: EvalStoriesArgs) -> Result<Status> {
    let text = std::fs::read_to_string(&args.gold)
        .with_context(|| format!("reading {}", args.gold.display()))?;
    let split = Split::parse(&args.split)
        .with_context(|| format!("unknown split {:?} (dev, test, all)", args.split))?;
    let gold = Gold::parse(&text, &args.gold.display().to_string())?.split(split);
    if args.rebuild {
        run_stage(&global.db, global.quiet)?;
    }
    let store = open_story_store(&global.db)?;
    let stories = store.stories(&StoryQuery::default())?;
    let clusters = store.event_clusters()?;
    let contradictions = store.contradictions(None)?;
    let s = score(&gold, &stories, &clusters, &contradictions);
    let mut out = std::io::stdout().lock();
    if args.format != OutputFormat::Table {
        serde_json::to_writer_pretty(&mut out, &s)?;
        writeln!(out)?;
        return Ok(Status::Success);
    }
    writeln!(
        out,
        "{} gold documents ({} split; {} not in any stored story), {} database",
        s.documents,
        args.split,
        s.missing_documents,
        global.db.display()
    )?;
    write_table(
        &mut out,
        &["measure", "P", "R", "F1", "correct/pred/gold"],
        &[
            row("documents B³", &s.b_cubed, false),
            row("event-cluster pairs", &s.event_pairs, true),
            row("contradictions", &s.contradictions, true),
        ],
    )?;
    writeln!(out, "documents ARI {:.3}", s.ari)?;
    Ok(Status::Success)
}
