//! `annals demo`: ingest the bundled example articles and show what annals found in them.
//!
//! The examples are compiled into the binary, so the demo works from any directory.

use std::io::Write;

use annals_ingest::ReaderOptions;
use annals_store::{EventQuery, Store};
use anyhow::Result;

use super::code::{write_events as write_event_table, EventFormat};
use super::ingest::Ingestor;
use super::{open_store, Status};
use crate::cli::{DemoArgs, GlobalArgs};

/// The project's own example articles (written for annals, not copied news text).
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "examples/2024-06-19-summit-pyongyang.txt",
        include_str!("../../../../examples/2024-06-19-summit-pyongyang.txt"),
    ),
    (
        "examples/2024-06-20-munitions-report.txt",
        include_str!("../../../../examples/2024-06-20-munitions-report.txt"),
    ),
    (
        "examples/wire.jsonl",
        include_str!("../../../../examples/wire.jsonl"),
    ),
    (
        "examples/briefs.csv",
        include_str!("../../../../examples/briefs.csv"),
    ),
    (
        "examples/2024-06-21-shipments-followup.jsonl",
        include_str!("../../../../examples/2024-06-21-shipments-followup.jsonl"),
    ),
];

pub fn run(global: &GlobalArgs, _args: DemoArgs) -> Result<Status> {
    let store = open_store(&global.db)?;
    let mut ingestor = Ingestor::new(store, 256, global.quiet);
    let opts = ReaderOptions::default();
    for (name, text) in EXAMPLES {
        ingestor.ingest_bytes(name, text.as_bytes(), &opts);
    }
    let summary = ingestor.finish();
    super::stories::run_stage(&global.db, true)?;
    let store = super::open_story_store(&global.db)?;
    let docs = store.list_documents(None, 0)?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "Ingested the bundled examples into {}: {summary}.",
        global.db.display()
    )?;
    writeln!(out)?;
    let mut sentences = 0;
    let mut headings = 0;
    let mut removed = 0;
    for d in &docs {
        sentences += d.n_sentences;
        headings += d.n_headings;
        removed += d.n_removed;
    }
    writeln!(
        out,
        "{} documents, {sentences} sentences ({headings} headings), {removed} boilerplate lines removed.",
        docs.len()
    )?;
    writeln!(out)?;
    for d in &docs {
        writeln!(
            out,
            "  {:<18} {:>3} sentences  {:>2} removed  {}",
            d.id,
            d.n_sentences,
            d.n_removed,
            d.title.as_deref().or(d.source.as_deref()).unwrap_or("")
        )?;
    }
    writeln!(out)?;
    let hits = store.search("sanctions", 3)?;
    writeln!(
        out,
        "Sentences mentioning sanctions (annals search sanctions):"
    )?;
    for h in hits {
        writeln!(
            out,
            "  {} sentence {}: {}",
            h.doc_id,
            h.sentence + 1,
            h.snippet
        )?;
    }
    writeln!(out)?;
    write_events(&mut out, &store)?;
    writeln!(out)?;
    write_top_story(&mut out, &store)?;
    writeln!(out)?;
    writeln!(
        out,
        "Next: annals show <id> · annals events --dyad RUS,PRK · annals stories · annals contradictions · annals code FILE"
    )?;
    Ok(if summary.failed > 0 {
        Status::Failed
    } else {
        Status::Success
    })
}

/// The events ingest coded in the examples, as `annals events` prints them.
fn write_events(out: &mut impl Write, store: &dyn Store) -> Result<()> {
    let events = store.events(&EventQuery::default())?;
    let docs = store.list_documents(None, 0)?;
    let mentions = store.mentions(None, None)?;
    let resolved = mentions.iter().filter(|m| m.code.is_some()).count();
    writeln!(
        out,
        "Parsed every sentence with the built-in English model, found {} actor mentions \
         ({resolved} resolved to actor codes) and coded {} events in {} documents:",
        mentions.len(),
        events.len(),
        docs.len()
    )?;
    writeln!(out)?;
    write_event_table(&events, EventFormat::Table, out)
}

/// The story with the most independent sources, as `annals story` prints it.
fn write_top_story(out: &mut impl Write, store: &annals_store::SqliteStore) -> Result<()> {
    use annals_stories::StoryStore;
    let stories = store.stories(&Default::default())?;
    let Some(top) = stories
        .iter()
        .max_by_key(|s| (s.n_sources, std::cmp::Reverse(s.docs.len())))
    else {
        return Ok(());
    };
    writeln!(
        out,
        "Grouped the documents into {} stories; the one with most sources (annals story {}):",
        stories.len(),
        top.story_id
    )?;
    writeln!(out)?;
    if let Some(detail) = store.story(&top.story_id)? {
        super::stories::write_story(out, store, &detail)?;
    }
    Ok(())
}
