//! `annals events`: query the events stored by `annals ingest`.

use std::io::Write;

use anyhow::{bail, Result};
use clap::Args;

use annals_store::EventQuery;

use super::code::{write_events, EventFormat};
use super::stories::{clustered_rows, ClusterFilter};
use super::{open_store, Status};
use crate::cli::{GlobalArgs, OutputFormat};

#[derive(Debug, Args)]
pub struct EventsArgs {
    /// Events with this actor as source or target: a full code (RUSGOV) or a country (RUS).
    #[arg(long)]
    pub actor: Option<String>,
    /// Events between two actors or countries, either direction: `RUS,PRK`.
    #[arg(long)]
    pub dyad: Option<String>,
    /// CAMEO code or prefix (`05`, `057`).
    #[arg(long)]
    pub code: Option<String>,
    /// PLOVER event type (`AID`, `CONSULT`).
    #[arg(long)]
    pub plover: Option<String>,
    /// asserted, reported, expected, speculative, negated or hypothetical.
    #[arg(long)]
    pub modality: Option<String>,
    /// Events dated on or after (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`).
    #[arg(long)]
    pub since: Option<String>,
    /// Events dated on or before.
    #[arg(long)]
    pub until: Option<String>,
    /// Events of one document.
    #[arg(long)]
    pub doc: Option<String>,
    #[arg(long)]
    pub limit: Option<usize>,
    #[arg(long, value_enum, default_value_t = EventFormat::Table)]
    pub format: EventFormat,
    /// One row per event cluster (the same event reported by several documents) with its
    /// number of independent sources; --actor, --dyad, --code and --limit apply.
    #[arg(long)]
    pub clustered: bool,
}

pub fn run(global: &GlobalArgs, args: EventsArgs) -> Result<Status> {
    if let Some(m) = &args.modality {
        if annals_core::Modality::parse(&m.to_lowercase()).is_none() {
            bail!("unknown modality {m:?} (asserted, reported, expected, speculative, negated, hypothetical)");
        }
    }
    let dyad = match &args.dyad {
        None => None,
        Some(d) => match d.split_once(',') {
            Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => {
                Some((a.trim().to_string(), b.trim().to_string()))
            }
            _ => bail!("--dyad takes two codes separated by a comma, e.g. RUS,PRK"),
        },
    };
    if args.clustered {
        return run_clustered(global, args, dyad);
    }
    let store = open_store(&global.db)?;
    let doc_id = match &args.doc {
        Some(d) => match store.resolve_id(d)? {
            Some(id) => Some(id),
            None => bail!("no stored document matches {d:?}"),
        },
        None => None,
    };
    let q = EventQuery {
        actor: args.actor,
        dyad,
        code: args.code,
        plover: args.plover,
        modality: args.modality.map(|m| m.to_lowercase()),
        since: args.since,
        until: args.until,
        doc_id,
        limit: args.limit,
    };
    let events = store.events(&q)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    write_events(&events, args.format, &mut out)?;
    out.flush()?;
    Ok(Status::Success)
}

/// `--clustered`: event clusters instead of single events.
fn run_clustered(
    global: &GlobalArgs,
    args: EventsArgs,
    dyad: Option<(String, String)>,
) -> Result<Status> {
    let filter = ClusterFilter {
        actor: args.actor,
        dyad,
        code: args.code,
        limit: args.limit,
    };
    let rows = clustered_rows(&global.db, &filter)?;
    let mut out = std::io::stdout().lock();
    match args.format {
        EventFormat::Table => rows.write(OutputFormat::Table, &mut out)?,
        EventFormat::Csv => rows.write(OutputFormat::Csv, &mut out)?,
        EventFormat::Jsonl => {
            for row in &rows.rows {
                serde_json::to_writer(&mut out, row)?;
                writeln!(out)?;
            }
        }
    }
    out.flush()?;
    Ok(Status::Success)
}
