//! `annals events`: query the events stored by `annals ingest`.

use std::io::Write;

use anyhow::Result;
use clap::Args;

use annals_store::EventQuery;

use super::code::{write_events, EventFormat};
use super::stories::{clustered_rows, ClusterFilter};
use super::{filters, open_store_read, Status};
use crate::cli::{GlobalArgs, OutputFormat};

#[derive(Debug, Args)]
pub struct EventsArgs {
    #[command(flatten)]
    pub filter: filters::EventFilters,
    /// With --since/--until: also list the events that carry no date (which a date
    /// filter otherwise leaves out).
    #[arg(long)]
    pub undated: bool,
    #[arg(long)]
    pub limit: Option<usize>,
    #[arg(long, value_enum, default_value_t = EventFormat::Table)]
    pub format: EventFormat,
    /// One row per event cluster (the same event reported by several documents) with its
    /// number of independent sources; --actor, --dyad, --code and --limit apply.
    #[arg(long)]
    pub clustered: bool,
    #[command(flatten)]
    pub db: crate::cli::DbArg,
}

pub fn run(global: &GlobalArgs, args: EventsArgs) -> Result<Status> {
    if args.clustered {
        let dyad = args.filter.dyad.clone();
        return run_clustered(global, args, dyad);
    }
    let store = open_store_read(&global.db)?;
    let f = args.filter;
    let doc_id = f.doc_id(store.as_ref())?;
    let dated = f.since.is_some() || f.until.is_some();
    // Every filter but the confidence runs in the store (undated events join the date
    // window with --undated); the confidence is checked here, so --limit then applies last.
    let q = EventQuery {
        actor: f.actor,
        dyad: f.dyad,
        code: f.code,
        plover: f.plover,
        modality: f.modality,
        since: f.since,
        until: f.until,
        undated: args.undated,
        doc_id,
        limit: if f.min_confidence.is_some() {
            None
        } else {
            args.limit
        },
        after: None,
    };
    let mut events = store.events(&q)?;
    if let Some(min) = f.min_confidence {
        events.retain(|e| e.confidence >= min);
    }
    if let Some(limit) = args.limit {
        events.truncate(limit);
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    write_events(&events, args.format, &mut out)?;
    out.flush()?;
    // One count query, not a listing: how many events the date window leaves out (with
    // --undated, lists) for carrying no date. It ignores --min-confidence.
    let undated = if dated && !global.quiet {
        store.count_undated_events(&q)?
    } else {
        0
    };
    if undated > 0 {
        if args.undated {
            eprintln!("{undated} of these events carry no date (listed because of --undated)");
        } else {
            eprintln!(
                "{undated} undated events match the other filters but not --since/--until; \
                 add --undated to list them too"
            );
        }
    }
    Ok(Status::Success)
}

/// `--clustered`: event clusters instead of single events.
fn run_clustered(
    global: &GlobalArgs,
    args: EventsArgs,
    dyad: Option<(String, String)>,
) -> Result<Status> {
    let filter = ClusterFilter {
        actor: args.filter.actor,
        dyad,
        code: args.filter.code,
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
