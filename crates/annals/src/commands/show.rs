//! `annals show DOC`: the clean text as numbered sentences, headings marked, actor
//! mentions as `[text]{CODE}` and event triggers as `«text»`, each sentence's events under
//! it, and every removed line with the reason it was removed.

use std::io::Write;

use annals_core::{Document, Event, SentenceKind};
use annals_store::{EventQuery, StoredMention};
use anyhow::{bail, Result};
use serde::Serialize;

use super::show_marks::{event_line, marked_sentence};
use super::{open_store_read, Status};
use crate::cli::{GlobalArgs, OutputFormat, ShowArgs};

#[derive(Serialize)]
struct SentenceOut<'a> {
    index: usize,
    kind: &'static str,
    start: usize,
    end: usize,
    text: &'a str,
    mentions: Vec<&'a StoredMention>,
    events: Vec<&'a Event>,
}

#[derive(Serialize)]
struct RemovedOut<'a> {
    line: usize,
    reason: &'static str,
    detail: &'a str,
    text: &'a str,
}

#[derive(Serialize)]
struct DocOut<'a> {
    id: &'a str,
    url: Option<&'a str>,
    title: Option<&'a str>,
    published: Option<&'a str>,
    publisher: Option<&'a str>,
    source: Option<&'a str>,
    content_hash: &'a str,
    sentences: Vec<SentenceOut<'a>>,
    removed: Vec<RemovedOut<'a>>,
}

pub fn run(global: &GlobalArgs, args: ShowArgs) -> Result<Status> {
    let store = open_store_read(&global.db)?;
    let Some(id) = super::find_doc::find_document(store.as_ref(), &args.doc)? else {
        bail!(
            "no document {:?} in {} (give an id, a prefix of one, or the name of the file \
             it was read from; `annals docs` lists them)",
            args.doc,
            global.db.display()
        );
    };
    let Some(doc) = store.document(&id)? else {
        bail!("no document {id:?} in {}", global.db.display());
    };
    let mentions = store.mentions(Some(&id), None)?;
    let events = store.events(&EventQuery {
        doc_id: Some(id.clone()),
        ..EventQuery::default()
    })?;
    let view = view(&doc, &mentions, &events);
    let mut out = std::io::stdout().lock();
    match args.format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &view)?;
            writeln!(out)?;
        }
        OutputFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(["index", "kind", "start", "end", "text"])?;
            for s in &view.sentences {
                w.write_record([
                    s.index.to_string(),
                    s.kind.to_string(),
                    s.start.to_string(),
                    s.end.to_string(),
                    s.text.to_string(),
                ])?;
            }
            w.flush()?;
        }
        OutputFormat::Table => write_text(&mut out, &view, &doc.clean_text)?,
    }
    Ok(Status::Success)
}

fn view<'a>(doc: &'a Document, mentions: &'a [StoredMention], events: &'a [Event]) -> DocOut<'a> {
    DocOut {
        id: &doc.id,
        url: doc.url.as_deref(),
        title: doc.title.as_deref(),
        published: doc.published.as_deref(),
        publisher: doc.publisher.as_deref(),
        source: doc.source.as_deref(),
        content_hash: &doc.content_hash,
        sentences: doc
            .sentences
            .iter()
            .enumerate()
            .map(|(i, s)| SentenceOut {
                index: i + 1,
                kind: s.kind.as_str(),
                start: s.span.start,
                end: s.span.end,
                text: doc.text_of(s.span).unwrap_or(""),
                mentions: mentions.iter().filter(|m| m.sentence == i).collect(),
                events: events.iter().filter(|e| e.sentence == i + 1).collect(),
            })
            .collect(),
        removed: doc
            .removed
            .iter()
            .map(|r| RemovedOut {
                line: r.line,
                reason: r.reason.as_str(),
                detail: &r.detail,
                text: &r.text,
            })
            .collect(),
    }
}

fn write_text(out: &mut impl Write, doc: &DocOut, clean_text: &str) -> Result<()> {
    writeln!(out, "{}", doc.title.unwrap_or(doc.id))?;
    let meta = [
        ("id", Some(doc.id)),
        ("url", doc.url),
        ("published", doc.published),
        ("publisher", doc.publisher),
        ("source", doc.source),
    ];
    for (k, v) in meta {
        if let Some(v) = v {
            writeln!(out, "  {k:<10} {v}")?;
        }
    }
    writeln!(out)?;
    let width = doc.sentences.len().to_string().len();
    for s in &doc.sentences {
        let mark = match SentenceKind::parse(s.kind) {
            Some(SentenceKind::Heading) => "## ",
            Some(SentenceKind::ListItem) => "•  ",
            _ => "   ",
        };
        let text = marked_sentence(clean_text, s.start, s.end, &s.mentions, &s.events);
        writeln!(out, "{:>width$} {mark}{text}", s.index)?;
        for e in &s.events {
            writeln!(out, "{:>width$}      {}", "", event_line(e))?;
        }
    }
    writeln!(out)?;
    if doc.removed.is_empty() {
        writeln!(out, "No lines removed.")?;
    } else {
        writeln!(out, "Removed lines ({}):", doc.removed.len())?;
        for r in &doc.removed {
            writeln!(out, "  line {:<4} {:<15} {}", r.line, r.reason, r.detail)?;
            writeln!(out, "            {}", r.text)?;
        }
    }
    Ok(())
}
