//! Insert throughput of the store on synthetic documents.
//!
//! ```text
//! cargo run --release -p annals-store --example insert_bench -- [DOCS] [BATCH] [DB_PATH]
//! ```
//!
//! Defaults: 10,000 documents of about 3 KB (five paragraphs, ~25 sentences, a heading and
//! a removed promo line each), batches of 256, a fresh database in a temporary directory.
//! Reports documents/s for the first ingest and for a re-ingest (every document already
//! present), the database size and the time of a few searches.

use std::error::Error;
use std::path::PathBuf;
use std::time::Instant;

use annals_core::{
    content_hash, Block, BlockKind, Document, RemovalReason, RemovedLine, Sentence, Span,
};
use annals_store::{InsertOutcome, SqliteStore};

/// Syllables for made-up words: a vocabulary of ~20,000 words used with a Zipf-like
/// frequency, so the full-text index sees realistic doclist lengths.
const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ren", "tas", "vo", "dul", "bri", "sen", "gar", "tho", "pel", "ni", "sav",
    "rom", "ek", "ul", "ant", "is", "zo", "qua", "fer", "hin", "jo", "wu",
];

/// xorshift64*: deterministic, dependency-free word choice.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A word whose rank r is drawn with probability roughly proportional to 1/r.
    fn word(&mut self) -> String {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        let mut rank = (20_000f64.powf(u) as usize).saturating_sub(1);
        let mut w = String::new();
        loop {
            w.push_str(
                SYLLABLES
                    .get(rank % SYLLABLES.len())
                    .copied()
                    .unwrap_or("a"),
            );
            rank /= SYLLABLES.len();
            if rank == 0 {
                break;
            }
        }
        w
    }
}

fn sentence(rng: &mut Rng, n: usize, tag: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        let w = rng.word();
        if i == 0 {
            let mut chars = w.chars();
            if let Some(first) = chars.next() {
                s.extend(first.to_uppercase());
                s.push_str(chars.as_str());
            }
        } else {
            s.push(' ');
            s.push_str(&w);
        }
    }
    s.push_str(&format!(" {tag}."));
    s
}

fn synthetic_doc(i: usize, rng: &mut Rng) -> Document {
    let mut clean = String::new();
    let mut blocks = Vec::new();
    let mut sentences = Vec::new();
    let heading = sentence(rng, 6, i);
    let mut push_block = |clean: &mut String, kind: BlockKind, parts: &[String]| {
        if !clean.is_empty() {
            clean.push_str("\n\n");
        }
        let block_start = clean.len();
        for (j, part) in parts.iter().enumerate() {
            if j > 0 {
                clean.push(' ');
            }
            let start = clean.len();
            clean.push_str(part);
            sentences.push(Sentence {
                span: Span::new(start, clean.len()),
                kind: kind.into(),
            });
        }
        blocks.push(Block {
            span: Span::new(block_start, clean.len()),
            kind,
        });
    };
    push_block(
        &mut clean,
        BlockKind::Heading,
        std::slice::from_ref(&heading),
    );
    for _ in 0..5 {
        let parts: Vec<String> = (0..5).map(|_| sentence(rng, 18, i)).collect();
        push_block(&mut clean, BlockKind::Paragraph, &parts);
    }
    let raw = format!("{clean}\nALSO READ: more from the wire\n");
    Document {
        id: format!("bench-{i:06}"),
        url: Some(format!("https://news.example/bench/{i}")),
        title: Some(heading),
        published: Some("2024-03-01".to_owned()),
        publisher: Some("Bench Wire".to_owned()),
        source: Some(format!("bench.jsonl:{}", i + 1)),
        raw_text: raw,
        content_hash: content_hash(&clean),
        clean_text: clean,
        removed: vec![RemovedLine {
            line: 12,
            text: "ALSO READ: more from the wire".to_owned(),
            reason: RemovalReason::Promo,
            detail: "starts with \"ALSO READ:\"".to_owned(),
        }],
        blocks,
        sentences,
    }
}

fn ingest(
    store: &mut SqliteStore,
    docs: &[Document],
    batch: usize,
) -> Result<(f64, usize), Box<dyn Error>> {
    let start = Instant::now();
    let mut written = 0;
    for chunk in docs.chunks(batch.max(1)) {
        let outcomes = store.insert_documents(chunk)?;
        written += outcomes.iter().filter(|o| o.is_write()).count();
        if let Some(bad) = outcomes
            .iter()
            .find(|o| matches!(o, InsertOutcome::Rejected { .. }))
        {
            return Err(format!("unexpected rejection: {bad:?}").into());
        }
    }
    Ok((start.elapsed().as_secs_f64(), written))
}

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let n_docs: usize = args
        .next()
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(10_000);
    let batch: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(256);
    let tmp = tempfile::tempdir()?;
    let path = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| tmp.path().join("bench.db"));

    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let docs: Vec<Document> = (0..n_docs).map(|i| synthetic_doc(i, &mut rng)).collect();
    let bytes: usize = docs.iter().map(|d| d.clean_text.len()).sum();
    let sentences: usize = docs.iter().map(|d| d.sentences.len()).sum();
    println!(
        "{n_docs} documents, {:.0} bytes of clean text and {:.1} sentences each on average, batches of {batch}",
        bytes as f64 / n_docs.max(1) as f64,
        sentences as f64 / n_docs.max(1) as f64
    );

    let mut store = SqliteStore::open(&path)?;
    let (secs, written) = ingest(&mut store, &docs, batch)?;
    println!(
        "first ingest: {written} new in {secs:.2} s = {:.0} docs/s, {:.0} sentences/s",
        written as f64 / secs,
        sentences as f64 / secs
    );
    let (secs, rewritten) = ingest(&mut store, &docs, batch)?;
    println!(
        "re-ingest:    {rewritten} written, {} already present in {secs:.2} s = {:.0} docs/s",
        n_docs - rewritten,
        n_docs as f64 / secs
    );

    // Made-up words of every frequency: "ka" is the most common word, "tasvo" a rare one.
    for q in [
        "ka",
        "\"lo mi\"",
        "tasvo",
        "mi NOT ren",
        "bri*",
        "lo-mi ka,",
    ] {
        let start = Instant::now();
        let hits = store.search(q, 20)?;
        println!(
            "search {q:<16} {:>2} hits in {:.1} ms",
            hits.len(),
            start.elapsed().as_secs_f64() * 1e3
        );
    }
    let start = Instant::now();
    let listed = store.list_documents(None, 0)?.len();
    println!(
        "list all {listed} documents in {:.0} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
    drop(store);
    let size: u64 = ["", "-wal", "-shm"]
        .iter()
        .filter_map(|suffix| {
            let mut p = path.clone().into_os_string();
            p.push(suffix);
            std::fs::metadata(p).ok().map(|m| m.len())
        })
        .sum();
    println!("database size: {:.1} MB", size as f64 / 1e6);
    Ok(())
}
