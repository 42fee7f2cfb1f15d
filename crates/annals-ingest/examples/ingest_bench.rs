//! Throughput of reading + cleaning + boilerplate removal + layout on synthetic articles.
//!
//! ```text
//! cargo run --release -p annals-ingest --example ingest_bench -- [N_DOCS] [stream]
//! ```
//!
//! With `stream`, only the file readers are timed (so peak memory shows streaming).
//!
//! Writes N synthetic articles (default 50 000, about 3 KB each, built from sentences
//! written for this benchmark, with headings, label lines, wrapped paragraphs and
//! boilerplate) as JSONL and as gzipped JSONL to a temporary directory, then times
//! `prepare_document` alone and `read_input` + `prepare_document` on both files.

use std::io::Write;
use std::time::Instant;

use annals_core::{InputRecord, SourceRef};
use annals_ingest::{prepare_document, read_input, Format, Input, ReadItem, ReaderOptions};

const SENTENCES: &[&str] = &[
    "The harbour authority said on Monday that {n} ships were waiting to unload.",
    "Union leaders rejected the offer, calling it “an insult to {n} workers”.",
    "Officials in the capital declined to comment on report {n}.",
    "According to the ministry, exports fell by {n} percent in the first quarter.",
    "Analysts expect the talks to resume in {n} days – if both sides agree.",
    "The council approved a budget of {n} million for road repairs.",
    "Police said {n} people were detained after the protest, most of them later released.",
    "The agreement, signed in {n}, was meant to settle the dispute for good.",
];

const HEADINGS: &[&str] = &[
    "Background",
    "What Happens Next",
    "Reactions Abroad",
    "The Numbers",
];

fn article(i: usize) -> String {
    let mut seed = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut rnd = move |m: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % m as u64) as usize
    };
    let mut text = format!("Harbour Dispute Enters Week {}\n", i % 52 + 1);
    for section in 0..4 {
        text.push_str(HEADINGS[(section + i) % HEADINGS.len()]);
        text.push('\n');
        text.push_str("Key Figures: ");
        for _ in 0..6 {
            let s = SENTENCES[rnd(SENTENCES.len())].replace("{n}", &(rnd(5000) + 2).to_string());
            text.push_str(&s);
            text.push(' ');
        }
        text.push('\n');
        for _ in 0..5 {
            text.push_str(&SENTENCES[rnd(SENTENCES.len())].replace("{n}", &rnd(900).to_string()));
            text.push('\n');
        }
    }
    text.push_str("ALSO READ: Port Strikes Spread Along the Coast\n");
    text.push_str("- Why the Harbour Matters for the Region\n- Ten Years of Port Disputes\n");
    text.push_str("© 2031 Example Post. All rights reserved.\n");
    text
}

fn main() -> std::io::Result<()> {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(50_000);
    let dir = std::env::temp_dir().join(format!("annals-ingest-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let plain = dir.join("articles.jsonl");
    let gz = dir.join("articles.jsonl.gz");
    let mut bytes = 0usize;
    {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&plain)?);
        let mut z = flate2::write::GzEncoder::new(
            std::io::BufWriter::new(std::fs::File::create(&gz)?),
            flate2::Compression::default(),
        );
        for i in 0..n {
            let record = InputRecord {
                id: Some(format!("bench-{i}")),
                published: Some("2031-03-04T10:00:00+02:00".into()),
                text: article(i),
                ..Default::default()
            };
            bytes += record.text.len();
            let line = serde_json::to_string(&record).map_err(std::io::Error::other)?;
            writeln!(w, "{line}")?;
            writeln!(z, "{line}")?;
        }
        z.finish()?;
    }
    let mb = bytes as f64 / 1e6;
    println!("{n} articles, {mb:.1} MB of text");

    let stream_only = std::env::args().nth(2).is_some_and(|a| a == "stream");
    if !stream_only {
        prepare_in_memory(n, mb);
    }
    for path in [&plain, &gz] {
        let start = Instant::now();
        let mut docs = 0;
        read_input(
            &Input::Path(path.clone()),
            &ReaderOptions::default(),
            &mut |item| match item {
                ReadItem::Record(s, r, f) => match prepare_document(r, &s, f) {
                    Ok(_) => docs += 1,
                    Err(e) => eprintln!("{e}"),
                },
                ReadItem::Warning(w) => eprintln!("{w}"),
                ReadItem::Error(e) => eprintln!("{e}"),
            },
        );
        report(
            &format!(
                "read+prepare {}",
                path.file_name().and_then(|f| f.to_str()).unwrap_or("")
            ),
            docs,
            mb,
            start,
        );
    }
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

fn prepare_in_memory(n: usize, mb: f64) {
    let source = SourceRef {
        path: "bench".into(),
        line: None,
    };
    let texts: Vec<String> = (0..n).map(article).collect();
    let start = Instant::now();
    let mut removed = 0;
    for text in texts {
        let record = InputRecord {
            text,
            ..Default::default()
        };
        match prepare_document(record, &source, Format::Text) {
            Ok(doc) => removed += doc.removed.len(),
            Err(e) => eprintln!("{e}"),
        }
    }
    report("prepare_document", n, mb, start);
    println!("  ({removed} boilerplate lines removed)");
}

fn report(what: &str, docs: usize, mb: f64, start: Instant) {
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{what:<32} {docs} docs in {secs:.2} s: {:.0} docs/s, {:.1} MB/s",
        docs as f64 / secs,
        mb / secs
    );
}
