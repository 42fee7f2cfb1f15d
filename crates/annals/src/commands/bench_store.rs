//! `annals bench store`: the store alone, on either backend. Writes N generated documents
//! (each with sentences and coded events, no NLP, so the figures are the store's own) into
//! the database `--db` names, then times the queries the CLI and a server make most: events
//! by dyad, events by actor and date range, search, and one document's page.

use std::io::Write;
use std::time::{Duration, Instant};

use annals_core::{
    content_hash, event_id, Block, BlockKind, DateBasis, DatePrecision, Document, Event,
    EventActor, EventDate, Modality, Sentence, SentenceKind, Span, TextSpan,
};
use annals_store::{Analysis, EventQuery, Mode, Store};
use anyhow::{bail, Result};

use super::Status;

/// Countries the generated events are between.
pub const COUNTRIES: [(&str, &str); 12] = [
    ("RUS", "Russia"),
    ("PRK", "North Korea"),
    ("USA", "the United States"),
    ("CHN", "China"),
    ("UKR", "Ukraine"),
    ("FRA", "France"),
    ("DEU", "Germany"),
    ("IRN", "Iran"),
    ("ISR", "Israel"),
    ("IND", "India"),
    ("BRA", "Brazil"),
    ("TUR", "Turkey"),
];
const VERBS: [(&str, &str); 4] = [
    ("met", "040"),
    ("criticised", "111"),
    ("sent aid to", "070"),
    ("signed a deal with", "057"),
];
/// Sentences (and events) per generated document.
const SENTENCES: usize = 4;
/// Documents a write batch, as `annals ingest` does by default.
const BATCH: usize = 1024;
/// Runs of each query.
const RUNS: usize = 50;

/// A small deterministic generator (SplitMix64), so every run writes the same data.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn actor(code: &str) -> EventActor {
    EventActor {
        text: code.to_owned(),
        code: Some(format!("{code}GOV")),
        country: Some(code.to_owned()),
        sector: Some("GOV".to_owned()),
        name: None,
        start: 0,
        end: 0,
    }
}

/// Document `i` with its events: sentences "On <date>, <A> <verb> <B> over <topic>."
fn generate(i: usize, rng: &mut Rng) -> (Document, Vec<Event>) {
    let id = format!("bench-{i:08}");
    let mut text = String::new();
    let mut sentences = Vec::new();
    let mut events = Vec::new();
    for s in 0..SENTENCES {
        let (a, an) = COUNTRIES[rng.below(COUNTRIES.len())];
        let (b, bn) = COUNTRIES[rng.below(COUNTRIES.len())];
        let (verb, cameo) = VERBS[rng.below(VERBS.len())];
        let date = format!(
            "{}-{:02}-{:02}",
            2020 + rng.below(5),
            1 + rng.below(12),
            1 + rng.below(28)
        );
        let topic = ["grain", "energy", "border security", "sanctions", "ports"][rng.below(5)];
        if !text.is_empty() {
            text.push(' ');
        }
        let start = text.len();
        text.push_str(&format!(
            "On {date}, {an} {verb} {bn} over {topic} (report {i})."
        ));
        let trigger = start + text[start..].find(verb).unwrap_or(0);
        sentences.push(Sentence {
            span: Span::new(start, text.len()),
            kind: SentenceKind::Body,
        });
        let (src, tgt) = (format!("{a}GOV"), format!("{b}GOV"));
        events.push(Event {
            event_id: event_id(
                &id,
                s + 1,
                trigger,
                trigger + verb.len(),
                cameo,
                Some(&src),
                Some(&tgt),
            ),
            doc_id: id.clone(),
            sentence: s + 1,
            sentence_text: text[start..].into(),
            trigger: TextSpan {
                text: verb.to_owned(),
                start: trigger,
                end: trigger + verb.len(),
            },
            source: Some(actor(a)),
            target: Some(actor(b)),
            cameo: cameo.to_owned(),
            cameo_root: cameo[..2].to_owned(),
            plover: None,
            plover_mode: None,
            goldstein: 1.0,
            quad_class: 1,
            modality: Modality::Asserted,
            attribution: None,
            date: EventDate {
                value: Some(date),
                precision: Some(DatePrecision::Day),
                basis: DateBasis::Explicit,
                text: None,
            },
            historical: false,
            quantities: vec![],
            location: None,
            confidence: 0.9,
        });
    }
    let doc = Document {
        id,
        title: Some(format!("Generated report {i}")),
        raw_text: text.clone(),
        content_hash: content_hash(&text),
        blocks: vec![Block {
            span: Span::new(0, text.len()),
            kind: BlockKind::Paragraph,
        }],
        clean_text: text,
        sentences,
        ..Document::default()
    };
    (doc, events)
}

/// Write `docs` generated documents (`bench-00000000` on) with their events, a batch a
/// transaction: the data of `bench store` and `bench serve`.
pub fn write_generated(store: &mut dyn Store, docs: usize, rng: &mut Rng) -> Result<()> {
    let mut written = 0;
    while written < docs {
        let n = BATCH.min(docs - written);
        let batch: Vec<(Document, Vec<Event>)> =
            (written..written + n).map(|i| generate(i, rng)).collect();
        insert_batch(store, &batch)?;
        written += n;
    }
    Ok(())
}

/// Store a batch of documents with their events (English, nothing else analysed) in one
/// transaction: how the benches fill a scratch database without running the NLP.
pub fn insert_batch(store: &mut dyn Store, batch: &[(Document, Vec<Event>)]) -> Result<()> {
    let analyses: Vec<Analysis> = batch
        .iter()
        .map(|(_, events)| Analysis {
            events,
            language: Some("en"),
            ..Analysis::default()
        })
        .collect();
    let items: Vec<(&Document, &Analysis)> = batch.iter().map(|(d, _)| d).zip(&analyses).collect();
    store.insert_analyzed(&items)?;
    Ok(())
}

/// Median and 95th percentile of `times`, in milliseconds.
fn median_p95(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    let at = |q: f64| {
        let i = ((times.len() as f64 - 1.0) * q).round() as usize;
        times.get(i).map_or(0.0, |d| d.as_secs_f64() * 1e3)
    };
    (at(0.5), at(0.95))
}

pub fn run(db: &str, docs: usize) -> Result<Status> {
    let mut store = annals_store::open(db, Mode::ReadWrite)?;
    if store.count_documents()? > 0 {
        bail!("{db}: bench store writes generated documents; give it a new or empty database");
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    writeln!(out, "backend: {} ({db})", store.backend())?;
    let mut rng = Rng(15);
    let started = Instant::now();
    write_generated(store.as_mut(), docs, &mut rng)?;
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    writeln!(
        out,
        "wrote {docs} documents ({} events) in {secs:.1} s: {:.0} documents/s",
        docs * SENTENCES,
        docs as f64 / secs
    )?;
    writeln!(
        out,
        "{:<32} {:>10} {:>10} {:>8}",
        "query", "median ms", "p95 ms", "rows"
    )?;
    let mut time = |name: &str, f: &mut dyn FnMut(&mut Rng) -> Result<usize>| -> Result<()> {
        let mut times = Vec::with_capacity(RUNS);
        let mut rows = 0;
        for _ in 0..RUNS {
            let t = Instant::now();
            rows += f(&mut rng)?;
            times.push(t.elapsed());
        }
        let (median, p95) = median_p95(times);
        writeln!(
            out,
            "{name:<32} {median:>10.2} {p95:>10.2} {:>8.0}",
            rows as f64 / RUNS as f64
        )?;
        Ok(())
    };
    let store = store.as_ref();
    time("events by dyad (limit 100)", &mut |rng| {
        let (a, b) = (COUNTRIES[rng.below(12)].0, COUNTRIES[rng.below(12)].0);
        let q = EventQuery {
            dyad: Some((a.to_owned(), b.to_owned())),
            limit: Some(100),
            ..EventQuery::default()
        };
        Ok(store.events(&q)?.len())
    })?;
    time("events by actor + month (limit 100)", &mut |rng| {
        let month = format!("{}-{:02}", 2020 + rng.below(5), 1 + rng.below(12));
        let q = EventQuery {
            actor: Some(format!("{}GOV", COUNTRIES[rng.below(12)].0)),
            since: Some(month.clone()),
            until: Some(month),
            limit: Some(100),
            ..EventQuery::default()
        };
        Ok(store.events(&q)?.len())
    })?;
    time("search (limit 20)", &mut |rng| {
        let word = [
            "grain",
            "energy",
            "\"border security\"",
            "sanctions",
            "ports",
        ][rng.below(5)];
        Ok(store
            .search(&format!("{word} {}", COUNTRIES[rng.below(12)].1), 20)?
            .len())
    })?;
    time("document page (doc, events)", &mut |rng| {
        let id = format!("bench-{:08}", rng.below(docs.max(1)));
        let doc = store.document(&id)?;
        let q = EventQuery {
            doc_id: Some(id),
            ..EventQuery::default()
        };
        Ok(usize::from(doc.is_some()) + store.events(&q)?.len())
    })?;
    Ok(Status::Success)
}
