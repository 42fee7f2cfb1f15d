//! `annals show DOC`: the clean text as numbered sentences, headings marked, and every
//! removed line with the reason it was removed.

use std::io::Write;

use annals_core::{Document, SentenceKind};
use anyhow::{bail, Result};
use serde::Serialize;

use super::{open_store, Status};
use crate::cli::{GlobalArgs, OutputFormat, ShowArgs};

#[derive(Serialize)]
struct SentenceOut<'a> {
    index: usize,
    kind: &'static str,
    start: usize,
    end: usize,
    text: &'a str,
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
    let store = open_store(&global.db)?;
    let Some(id) = store.resolve_id(&args.doc)? else {
        bail!("no document {:?} in {}", args.doc, global.db.display());
    };
    let Some(doc) = store.document(&id)? else {
        bail!("no document {id:?} in {}", global.db.display());
    };
    let view = view(&doc);
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
        OutputFormat::Table => write_text(&mut out, &view)?,
    }
    Ok(Status::Success)
}

fn view(doc: &Document) -> DocOut<'_> {
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

fn write_text(out: &mut impl Write, doc: &DocOut) -> Result<()> {
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
        writeln!(out, "{:>width$} {mark}{}", s.index, s.text)?;
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
