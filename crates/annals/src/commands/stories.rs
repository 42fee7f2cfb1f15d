//! `annals stories`, `annals story ID`, `annals contradictions` and `annals events
//! --clustered`: the stories stage's output; and the stage itself, run after ingest or by
//! `annals stories --rebuild`.

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context, Result};
use clap::Args;
use serde::Serialize;

use annals_stories::{
    Contradiction, ContradictionKind, EventCluster, Story, StoryDetail, StoryQuery, StoryStore,
};

use super::{open_story_store, Status};
use crate::cli::{GlobalArgs, OutputFormat};
use crate::output::{truncate, Rows};

#[derive(Debug, Args)]
pub struct StoriesArgs {
    /// Stories with a document published on or after (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`).
    #[arg(long)]
    pub since: Option<String>,
    /// Stories with a document published on or before.
    #[arg(long)]
    pub until: Option<String>,
    /// Stories with this actor among their sides: a country (RUS) or a code (RUSGOV).
    #[arg(long)]
    pub actor: Option<String>,
    /// Only stories with at least this many independent sources.
    #[arg(long, default_value_t = 1)]
    pub min_sources: usize,
    #[arg(long)]
    pub limit: Option<usize>,
    /// Rebuild stories, event clusters and contradictions from the stored documents and
    /// events first (ingest does this itself after storing new documents).
    #[arg(long)]
    pub rebuild: bool,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    #[command(flatten)]
    pub db: crate::cli::DbArg,
}

#[derive(Debug, Args)]
pub struct StoryArgs {
    /// Story id or a unique prefix of it; or a document (id, prefix, or the file it was
    /// read from), for the story that holds it.
    pub id: String,
    /// `table` (readable) or `json`.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    #[command(flatten)]
    pub db: crate::cli::DbArg,
}

#[derive(Debug, Args)]
pub struct ContradictionsArgs {
    /// date, quantity, modality, direction or actor.
    #[arg(long)]
    pub kind: Option<String>,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    #[command(flatten)]
    pub db: crate::cli::DbArg,
}

/// Run the stage over the whole database at `db` and store its output. Called by `annals
/// ingest` after it stored new documents.
pub fn run_stage(db: &Path, quiet: bool) -> Result<annals_stories::RunSummary> {
    let mut store = open_story_store(db)?;
    let started = std::time::Instant::now();
    let summary = annals_stories::rebuild(&mut store, annals_stories::Config::default())
        .with_context(|| format!("building stories in {}", db.display()))?;
    if !quiet {
        eprintln!(
            "stories: {} documents → {} stories ({} with several sources), {} event clusters, \
             {} contradictions ({:.1} s)",
            summary.documents,
            summary.stories,
            summary.multi_source,
            summary.clusters,
            summary.contradictions,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(summary)
}

pub fn run_stories(global: &GlobalArgs, args: StoriesArgs) -> Result<Status> {
    if args.rebuild {
        run_stage(&global.db, global.quiet)?;
    }
    let store = open_story_store(&global.db)?;
    let stories: Vec<Story> = store
        .stories(&StoryQuery {
            since: args.since,
            until: args.until,
            actor: args.actor,
            limit: None,
        })?
        .into_iter()
        .filter(|s| s.n_sources >= args.min_sources)
        .take(args.limit.unwrap_or(usize::MAX))
        .collect();
    let rows = Rows {
        columns: &[
            "story", "docs", "sources", "first", "last", "actors", "label",
        ],
        rows: stories,
        cells: |s: &Story| {
            vec![
                s.story_id.clone(),
                s.docs.len().to_string(),
                s.n_sources.to_string(),
                s.first_published.clone().unwrap_or_else(|| "-".into()),
                s.last_published.clone().unwrap_or_else(|| "-".into()),
                s.actors.join(" "),
                s.label.clone(),
            ]
        },
    };
    rows.write(args.format, &mut std::io::stdout().lock())?;
    Ok(Status::Success)
}

/// The story holding the document `arg` names (see `find_doc`), if any.
fn story_of_document(
    store: &annals_store::SqliteStore,
    arg: &str,
) -> Result<Option<annals_stories::StoryDetail>> {
    let Some(doc) = super::find_doc::find_document(store, arg)? else {
        return Ok(None);
    };
    let stories = store.stories(&annals_stories::StoryQuery::default())?;
    match stories
        .iter()
        .find(|s| s.docs.iter().any(|d| d.doc_id == doc))
    {
        Some(s) => Ok(store.story(&s.story_id)?),
        None => Ok(None),
    }
}

pub fn run_story(global: &GlobalArgs, args: StoryArgs) -> Result<Status> {
    let store = open_story_store(&global.db)?;
    let detail = match store.story(&args.id)? {
        Some(d) => Some(d),
        None => story_of_document(&store, &args.id)?,
    };
    let Some(detail) = detail else {
        bail!(
            "no story or document {:?} in {} (list stories with `annals stories`)",
            args.id,
            global.db.display()
        );
    };
    let mut out = std::io::stdout().lock();
    match args.format {
        OutputFormat::Json | OutputFormat::Csv => {
            serde_json::to_writer_pretty(&mut out, &detail)?;
            writeln!(out)?;
        }
        OutputFormat::Table => write_story(&mut out, &store, &detail)?,
    }
    Ok(Status::Success)
}

/// A story for reading: its documents, its event clusters with their sources, then its
/// contradictions with both sentences.
pub fn write_story(
    out: &mut impl Write,
    store: &annals_store::SqliteStore,
    d: &StoryDetail,
) -> Result<()> {
    let s = &d.story;
    writeln!(out, "Story {}: {}", s.story_id, s.label)?;
    writeln!(
        out,
        "{} documents, {} independent sources, published {} … {}; actors {}",
        s.docs.len(),
        s.n_sources,
        s.first_published.as_deref().unwrap_or("?"),
        s.last_published.as_deref().unwrap_or("?"),
        s.actors.join(" ")
    )?;
    writeln!(out, "\nDocuments")?;
    for doc in &s.docs {
        let meta = store.document(&doc.doc_id)?;
        let name = meta
            .as_ref()
            .and_then(|m| m.title.clone().or_else(|| m.source.clone()))
            .unwrap_or_default();
        let published = meta.and_then(|m| m.published).unwrap_or_else(|| "-".into());
        let role = match &doc.copy_of {
            Some(orig) => format!("  (near-duplicate of {orig}: not a source)"),
            None => String::new(),
        };
        writeln!(
            out,
            "  {}  {:<10}  {}{role}",
            doc.doc_id,
            published,
            truncate(&name, 70)
        )?;
    }
    writeln!(out, "\nEvent clusters ({})", d.clusters.len())?;
    for c in &d.clusters {
        write_cluster(out, c)?;
    }
    writeln!(out, "\nContradictions ({})", d.contradictions.len())?;
    for c in &d.contradictions {
        write_contradiction(out, c)?;
    }
    Ok(())
}

fn write_cluster(out: &mut impl Write, c: &EventCluster) -> Result<()> {
    let date = match &c.best_date {
        Some(v) => format!(
            "best date {v} ({}, {} source{})",
            c.best_date_precision.as_deref().unwrap_or("?"),
            c.best_date_sources,
            plural(c.best_date_sources)
        ),
        None => "no date given".into(),
    };
    if !c.is_coded() {
        writeln!(
            out,
            "  {}  (no coded event)  {} source{}  {date}  first: {}",
            c.cluster_id,
            c.n_sources,
            plural(c.n_sources),
            c.earliest_doc,
        )?;
    } else {
        write_coded_header(out, c, &date)?;
    }
    for m in &c.mentions {
        writeln!(
            out,
            "      {} s{:<3} {} {}→{} {} {}",
            m.doc_id,
            m.sentence,
            m.cameo,
            m.source.as_deref().unwrap_or("-"),
            m.target.as_deref().unwrap_or("-"),
            m.modality.as_str(),
            m.date.as_deref().unwrap_or("-")
        )?;
    }
    // The cluster's other sentences: they report it, but nothing was coded from them.
    for s in &c.sentences {
        let coded = c
            .mentions
            .iter()
            .any(|m| m.doc_id == s.doc_id && m.sentence == s.sentence);
        if !coded {
            writeln!(out, "      {} s{:<3} (not coded)", s.doc_id, s.sentence)?;
        }
    }
    Ok(())
}

fn write_coded_header(out: &mut impl Write, c: &EventCluster, date: &str) -> Result<()> {
    writeln!(
        out,
        "  {}  {}–{} {} {}  {} source{}  {date}  {} ({} source{})  first: {}{}",
        c.cluster_id,
        c.actor_a,
        c.actor_b,
        c.cameo,
        c.plover.as_deref().unwrap_or("-"),
        c.n_sources,
        plural(c.n_sources),
        c.modality.as_str(),
        c.modality_sources,
        plural(c.modality_sources),
        c.earliest_doc,
        if c.historical { "  [historical]" } else { "" },
    )?;
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// One contradiction: kind, cluster, and both evidences with their sentences.
pub fn write_contradiction(out: &mut impl Write, c: &Contradiction) -> Result<()> {
    writeln!(
        out,
        "  {} on {} (story {}):",
        c.kind.as_str(),
        c.cluster_id,
        c.story_id
    )?;
    for e in [&c.a, &c.b] {
        writeln!(out, "    {} sentence {}: {}", e.doc_id, e.sentence, e.value)?;
        writeln!(out, "      “{}”", truncate(&e.text, 300))?;
    }
    Ok(())
}

pub fn run_contradictions(global: &GlobalArgs, args: ContradictionsArgs) -> Result<Status> {
    let kind = match &args.kind {
        None => None,
        Some(k) => match ContradictionKind::parse(&k.to_lowercase()) {
            Some(k) => Some(k),
            None => bail!("unknown kind {k:?} (date, quantity, modality, direction, actor)"),
        },
    };
    let store = open_story_store(&global.db)?;
    let found = store.contradictions(kind)?;
    let mut out = std::io::stdout().lock();
    match args.format {
        OutputFormat::Table => {
            writeln!(out, "{} contradictions", found.len())?;
            for c in &found {
                write_contradiction(&mut out, c)?;
            }
        }
        format => Rows {
            columns: &[
                "kind",
                "cluster",
                "story",
                "a_doc",
                "a_sentence",
                "a_value",
                "b_doc",
                "b_sentence",
                "b_value",
            ],
            rows: found,
            cells: |c: &Contradiction| {
                vec![
                    c.kind.as_str().into(),
                    c.cluster_id.clone(),
                    c.story_id.clone(),
                    c.a.doc_id.clone(),
                    c.a.sentence.to_string(),
                    c.a.value.clone(),
                    c.b.doc_id.clone(),
                    c.b.sentence.to_string(),
                    c.b.value.clone(),
                ]
            },
        }
        .write(format, &mut out)?,
    }
    Ok(Status::Success)
}

/// One row of `annals events --clustered`.
#[derive(Debug, Serialize)]
pub struct ClusterRow {
    pub cluster_id: String,
    pub story_id: String,
    pub actor_a: String,
    pub actor_b: String,
    pub cameo: String,
    pub plover: Option<String>,
    pub sources: usize,
    pub mentions: usize,
    pub best_date: Option<String>,
    pub modality: String,
    pub earliest_doc: String,
}

/// Which clusters `annals events --clustered` keeps: the same filters as plain events,
/// applied to the cluster's two sides and code.
#[derive(Debug, Default)]
pub struct ClusterFilter {
    pub actor: Option<String>,
    pub dyad: Option<(String, String)>,
    pub code: Option<String>,
    pub limit: Option<usize>,
}

fn side_matches(side: &str, wanted: &str) -> bool {
    side == wanted || wanted.get(..3).is_some_and(|c| c == side)
}

/// The stored event clusters `filter` keeps, as `annals events --clustered` rows.
pub fn clustered_rows(db: &Path, filter: &ClusterFilter) -> Result<Rows<ClusterRow>> {
    let store = open_story_store(db)?;
    // Rows are events: clusters the coder coded nothing from are not listed.
    let keep = |c: &EventCluster| {
        let sides = [c.actor_a.as_str(), c.actor_b.as_str()];
        c.is_coded()
            && filter
                .actor
                .as_deref()
                .is_none_or(|a| sides.iter().any(|s| side_matches(s, a)))
            && filter.dyad.as_ref().is_none_or(|(x, y)| {
                (side_matches(sides[0], x) && side_matches(sides[1], y))
                    || (side_matches(sides[0], y) && side_matches(sides[1], x))
            })
            && filter
                .code
                .as_deref()
                .is_none_or(|p| c.cameo.starts_with(p))
    };
    let rows: Vec<ClusterRow> = store
        .event_clusters()?
        .into_iter()
        .filter(keep)
        .take(filter.limit.unwrap_or(usize::MAX))
        .map(|c| ClusterRow {
            sources: c.n_sources,
            mentions: c.mentions.len(),
            modality: c.modality.as_str().into(),
            cluster_id: c.cluster_id,
            story_id: c.story_id,
            actor_a: c.actor_a,
            actor_b: c.actor_b,
            cameo: c.cameo,
            plover: c.plover,
            best_date: c.best_date,
            earliest_doc: c.earliest_doc,
        })
        .collect();
    Ok(Rows {
        columns: &[
            "cluster",
            "story",
            "a",
            "b",
            "cameo",
            "plover",
            "sources",
            "mentions",
            "date",
            "modality",
            "first_doc",
        ],
        rows,
        cells: |r: &ClusterRow| {
            vec![
                r.cluster_id.clone(),
                r.story_id.clone(),
                r.actor_a.clone(),
                r.actor_b.clone(),
                r.cameo.clone(),
                r.plover.clone().unwrap_or_else(|| "-".into()),
                r.sources.to_string(),
                r.mentions.to_string(),
                r.best_date.clone().unwrap_or_else(|| "-".into()),
                r.modality.clone(),
                r.earliest_doc.clone(),
            ]
        },
    })
}
