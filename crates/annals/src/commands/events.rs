//! `annals events`: query the events stored by `annals ingest`.

use std::io::Write;

use anyhow::Result;
use clap::Args;

use annals_store::{date_bounds, EventQuery};

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
    // Date and confidence are filtered here, over the events the other filters select, so
    // that undated events can be counted (and kept with --undated) and --limit applies last.
    let q = EventQuery {
        actor: f.actor,
        dyad: f.dyad,
        code: f.code,
        plover: f.plover,
        modality: f.modality,
        since: None,
        until: None,
        doc_id,
        limit: if dated || f.min_confidence.is_some() {
            None
        } else {
            args.limit
        },
        after: None,
    };
    let window = DateWindow::new(f.since.as_deref(), f.until.as_deref());
    let mut undated = 0usize;
    let mut events = store.events(&q)?;
    events.retain(|e| {
        if f.min_confidence.is_some_and(|min| e.confidence < min) {
            return false;
        }
        match window.admits(e.date.value.as_deref()) {
            Some(keep) => keep,
            None => {
                undated += 1;
                args.undated
            }
        }
    });
    if let Some(limit) = args.limit {
        events.truncate(limit);
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    write_events(&events, args.format, &mut out)?;
    out.flush()?;
    if dated && undated > 0 && !global.quiet {
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

/// The days `--since` and `--until` admit, compared as `YYYY-MM-DD` text the way the
/// store compares them: an event is in when its date's span overlaps the window.
struct DateWindow {
    first: Option<String>,
    last: Option<String>,
}

impl DateWindow {
    fn new(since: Option<&str>, until: Option<&str>) -> DateWindow {
        DateWindow {
            first: since.and_then(date_bounds).map(|(first, _)| first),
            last: until.and_then(date_bounds).map(|(_, last)| last),
        }
    }

    /// Whether an event dated `value` is in the window; `None` when the event has no date
    /// the window can be compared with.
    fn admits(&self, value: Option<&str>) -> Option<bool> {
        if self.first.is_none() && self.last.is_none() {
            return Some(true);
        }
        let (start, end) = value.and_then(date_bounds)?;
        Some(
            self.first.as_ref().is_none_or(|f| &end >= f)
                && self.last.as_ref().is_none_or(|l| &start <= l),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::DateWindow;

    #[test]
    fn window_overlaps_and_leaves_undated_apart() {
        let w = DateWindow::new(Some("2024"), Some("2024-06"));
        assert_eq!(w.admits(Some("2024-06-19")), Some(true));
        assert_eq!(w.admits(Some("2023-09")), Some(false));
        assert_eq!(w.admits(Some("2024-07-01")), Some(false));
        assert_eq!(w.admits(Some("2020s")), Some(true));
        assert_eq!(w.admits(None), None);
        assert_eq!(w.admits(Some("soon")), None);
        let all = DateWindow::new(None, None);
        assert_eq!(all.admits(None), Some(true));
    }
}
