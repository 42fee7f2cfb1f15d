//! `annals demo`: ingest the bundled example articles and show what annals found in them.
//!
//! The examples are compiled into the binary, so the demo works from any directory.

use std::io::Write;

use annals_core::{ParsedSentence, SentenceKind};
use annals_ingest::ReaderOptions;
use annals_nlp::pipeline::{Pipeline, Scratch};
use annals_store::Store;
use anyhow::Result;

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
];

pub fn run(global: &GlobalArgs, _args: DemoArgs) -> Result<Status> {
    let store = open_store(&global.db)?;
    let mut ingestor = Ingestor::new(store, 256, global.quiet);
    let opts = ReaderOptions::default();
    for (name, text) in EXAMPLES {
        ingestor.ingest_bytes(name, text.as_bytes(), &opts);
    }
    let summary = ingestor.finish();
    let store = open_store(&global.db)?;
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
    write_parses(&mut out, &store)?;
    writeln!(out)?;
    writeln!(
        out,
        "Next: annals docs · annals show <id> · annals search <words> · annals parse FILE"
    )?;
    Ok(if summary.failed > 0 {
        Status::Failed
    } else {
        Status::Success
    })
}

/// Parse every stored body sentence with the embedded model and show the subject, verb
/// and object the parser found in a few of them: the raw material of event coding.
fn write_parses(out: &mut impl Write, store: &Store) -> Result<()> {
    let pipeline = Pipeline::embedded()?;
    let mut scratch = Scratch::default();
    let started = std::time::Instant::now();
    let (mut words, mut sentences, mut shown) = (0, 0, Vec::new());
    for summary in store.list_documents(None, 0)? {
        let Some(doc) = store.document(&summary.id)? else {
            continue;
        };
        let parses = pipeline.parse_document(&doc, &mut scratch);
        for (sentence, parsed) in doc.sentences.iter().zip(parses) {
            words += parsed.tokens.len();
            sentences += 1;
            if sentence.kind == SentenceKind::Body && shown.len() < 4 {
                if let Some(triple) = subject_verb_object(&parsed) {
                    shown.push(triple);
                }
            }
        }
    }
    writeln!(
        out,
        "Parsed {sentences} sentences ({words} words) in {:.0} ms with the built-in English model.",
        started.elapsed().as_secs_f64() * 1000.0
    )?;
    writeln!(out, "Subject – verb – object, as the parser reads them:")?;
    for (s, v, o) in shown {
        writeln!(out, "  {s} – {v} – {o}")?;
    }
    Ok(())
}

/// The root verb's lemma with its `nsubj` and `obj` phrases.
fn subject_verb_object(s: &ParsedSentence) -> Option<(String, String, String)> {
    let root = s.tokens.iter().position(|t| t.head == 0)?;
    let child = |rel: &str| {
        s.tokens
            .iter()
            .position(|t| t.head == root + 1 && t.deprel == rel)
            .map(|i| noun_phrase(s, i + 1))
    };
    let verb = s.tokens.get(root)?.lemma.clone();
    Some((child("nsubj")?, verb, child("obj")?))
}

/// A noun phrase for display: the head word (1-based), everything it dominates to its left
/// ("South Korea's foreign"), and `flat` name parts to its right ("Kim Jong Un").
fn noun_phrase(s: &ParsedSentence, head: usize) -> String {
    let dominated_by_head = |mut i: usize| {
        for _ in 0..s.tokens.len() {
            match s.tokens.get(i.wrapping_sub(1)).map(|t| t.head) {
                Some(h) if h == head => return true,
                Some(h) if h != 0 => i = h,
                _ => return false,
            }
        }
        false
    };
    s.tokens
        .iter()
        .enumerate()
        .filter(|&(i, t)| {
            let n = i + 1;
            n == head
                || (n < head && dominated_by_head(n))
                || (n > head && t.head == head && t.deprel == "flat")
        })
        .fold((String::new(), None), |(mut text, prev_end), (_, t)| {
            // A space only where the source text had one ("Korea's", not "Korea 's").
            if prev_end.is_some_and(|end| end < t.span.start) {
                text.push(' ');
            }
            text.push_str(&t.form);
            (text, Some(t.span.end))
        })
        .0
}
