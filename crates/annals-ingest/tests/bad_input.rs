//! Bad input: binary, invalid UTF-8, damaged gzip, malformed lines, oversize, empty.

mod common;

use annals_ingest::{Input, ReadItem, ReaderOptions};
use common::{gzip, opts, read_named, read_path, write};

fn small_limit(max: u64) -> ReaderOptions {
    ReaderOptions {
        max_doc_bytes: max,
        ..ReaderOptions::default()
    }
}

/// Many distinct records, so the compressed stream is long enough to cut in the middle.
fn many_records(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "{{\"id\": \"r{i}\", \"text\": \"Record {i} says {}.\"}}\n",
                i * 7919 % 10007
            )
        })
        .collect()
}

#[test]
fn binary_files_are_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "image.txt",
        &[0x89, b'P', b'N', b'G', 0, 0, 0, 13, 1, 2],
    );
    let out = read_path(&p, &opts());
    assert!(out.records.is_empty());
    assert_eq!(
        out.errors,
        vec![format!(
            "{}: rejected as binary (NUL bytes or mostly non-text in the first 8 KB)",
            p.display()
        )]
    );
    // Binary content inside gzip is judged after decompression.
    let p = write(dir.path(), "blob.jsonl.gz", &gzip(&[7u8; 4000]));
    let out = read_path(&p, &opts());
    assert!(out.records.is_empty());
    assert!(out.errors[0].contains("rejected as binary"));
}

#[test]
fn invalid_utf8_is_replaced_with_a_warning_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "latin1.txt",
        b"First line.\nSecond line.\nCaf\xE9 talks.\n",
    );
    let out = read_path(&p, &opts());
    assert!(out.errors.is_empty());
    assert_eq!(
        out.warnings,
        vec![format!(
            "{}:3: invalid UTF-8 replaced with U+FFFD",
            p.display()
        )]
    );
    assert!(out.records[0].1.text.contains("Caf\u{FFFD} talks."));

    let p = write(
        dir.path(),
        "bad.jsonl",
        b"{\"text\": \"Fine.\"}\n{\"text\": \"Caf\xE9.\"}\n{\"text\": \"Also fine.\"}\n",
    );
    let out = read_path(&p, &opts());
    assert_eq!(out.texts(), vec!["Fine.", "Caf\u{FFFD}.", "Also fine."]);
    assert_eq!(
        out.warnings,
        vec![format!(
            "{}:2: invalid UTF-8 replaced with U+FFFD",
            p.display()
        )]
    );

    let p = write(dir.path(), "bad.csv", b"id,text\na,Fine.\nb,Caf\xE9.\n");
    let out = read_path(&p, &opts());
    assert_eq!(out.texts(), vec!["Fine.", "Caf\u{FFFD}."]);
    assert_eq!(
        out.warnings,
        vec![format!(
            "{}:3: invalid UTF-8 replaced with U+FFFD",
            p.display()
        )]
    );
}

#[test]
fn truncated_gzip_keeps_records_read_before_the_damage() {
    let dir = tempfile::tempdir().unwrap();
    let n = 5000;
    let full = gzip(many_records(n).as_bytes());
    let cut = &full[..full.len() / 2];
    let p = write(dir.path(), "cut.jsonl.gz", cut);
    let out = read_path(&p, &opts());
    assert!(
        !out.records.is_empty() && out.records.len() < n,
        "{}",
        out.records.len()
    );
    // Records arrive in order and intact up to the damage.
    for (i, (_, r, _)) in out.records.iter().enumerate() {
        assert_eq!(r.id.as_deref(), Some(format!("r{i}").as_str()));
    }
    assert_eq!(out.errors.len(), 1, "{:?}", out.errors);
    assert!(
        out.errors[0].starts_with(&format!("{}: corrupt or truncated gzip data", p.display())),
        "{}",
        out.errors[0]
    );

    // A text document cut short is not delivered half.
    let full = gzip(many_records(200).as_bytes());
    let p = write(dir.path(), "cut.txt.gz", &full[..full.len() - 20]);
    let out = read_path(&p, &opts());
    assert!(out.records.is_empty());
    assert!(out.errors[0].contains("corrupt or truncated gzip data"));
}

#[test]
fn corrupt_gzip_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = gzip(many_records(300).as_bytes());
    let len = bytes.len();
    for b in &mut bytes[len - 8..] {
        *b ^= 0xFF; // damage the CRC and length trailer
    }
    let p = write(dir.path(), "crc.jsonl.gz", &bytes);
    let out = read_path(&p, &opts());
    assert_eq!(out.errors.len(), 1);
    assert!(out.errors[0].contains("corrupt or truncated gzip data"));
    // Not gzip at all despite the name.
    let p = write(dir.path(), "fake.csv.gz", b"id,text\n1,Plain text.\n");
    let out = read_path(&p, &opts());
    assert!(out.records.is_empty());
    assert!(out.errors[0].contains("corrupt or truncated gzip data"));
}

#[test]
fn malformed_jsonl_lines_are_reported_and_reading_continues() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "m.jsonl",
        b"{\"text\": \"One.\"}\n{not json\n\n{\"title\": \"No text\"}\n[1, 2]\n{\"text\": 5}\n{\"text\": \"Two.\"}",
    );
    let out = read_path(&p, &opts());
    assert_eq!(out.texts(), vec!["One.", "Two."]);
    assert_eq!(out.sources()[1], format!("{}:7", p.display()));
    let path = p.display().to_string();
    assert_eq!(out.errors.len(), 4, "{:?}", out.errors);
    assert!(out.errors[0].starts_with(&format!("{path}:2: invalid JSON: key must be a string")));
    assert_eq!(
        out.errors[1],
        format!("{path}:4: missing required field \"text\"")
    );
    assert!(out.errors[2].starts_with(&format!("{path}:5: invalid JSON: invalid type")));
    assert!(out.errors[3].starts_with(&format!("{path}:6: invalid JSON: invalid type")));
}

#[test]
fn unparseable_published_is_dropped_with_a_warning() {
    let out = read_named(
        "dates.jsonl",
        b"{\"text\": \"One.\", \"published\": \"last Tuesday\"}\n\
          {\"text\": \"Two.\", \"published\": \"2031-02-30\"}\n\
          {\"text\": \"Three.\", \"published\": \"\"}\n",
        &opts(),
    );
    assert_eq!(out.records.len(), 3);
    assert!(out.records.iter().all(|(_, r, _)| r.published.is_none()));
    assert_eq!(
        out.warnings,
        vec![
            "dates.jsonl:1: unparseable published date \"last Tuesday\"; field dropped",
            "dates.jsonl:2: unparseable published date \"2031-02-30\"; field dropped",
        ]
    );
}

#[test]
fn oversize_documents_are_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let big = "The union met on Monday. ".repeat(40); // 1000 bytes
    let p = write(dir.path(), "big.txt", big.as_bytes());
    let out = read_path(&p, &small_limit(999));
    assert!(out.records.is_empty());
    assert_eq!(
        out.errors,
        vec![format!(
            "{}: document larger than the limit of 999 bytes",
            p.display()
        )]
    );
    assert_eq!(read_path(&p, &small_limit(1000)).records.len(), 1);

    // Gzip: the limit applies to the decompressed size (this compresses to ~100 bytes).
    let huge = "a".repeat(2_000_000);
    let p = write(dir.path(), "big.txt.gz", &gzip(huge.as_bytes()));
    assert!(std::fs::metadata(&p).unwrap().len() < 10_000);
    let out = read_path(&p, &small_limit(1_000_000));
    assert!(out.records.is_empty());
    assert!(out.errors[0].contains("document larger than the limit of 1000000 bytes"));

    // JSONL: the long line is rejected, its neighbours are read.
    let line = format!("{{\"text\": \"{big}\"}}");
    let jsonl = format!("{{\"text\": \"Short.\"}}\n{line}\n{{\"text\": \"Also short.\"}}\n");
    let p = write(dir.path(), "big.jsonl", jsonl.as_bytes());
    let out = read_path(&p, &small_limit(500));
    assert_eq!(out.texts(), vec!["Short.", "Also short."]);
    assert_eq!(
        out.errors,
        vec![format!(
            "{}:2: document larger than the limit of 500 bytes",
            p.display()
        )]
    );

    // CSV: a record whose text is over the limit.
    let csv = format!("id,text\na,Short.\nb,{big}\nc,Also short.\n");
    let p = write(dir.path(), "big.csv", csv.as_bytes());
    let out = read_path(&p, &small_limit(500));
    assert_eq!(out.texts(), vec!["Short.", "Also short."]);
    assert_eq!(
        out.errors,
        vec![format!(
            "{}:3: document larger than the limit of 500 bytes",
            p.display()
        )]
    );
}

#[test]
fn empty_documents_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "empty.txt", b"");
    let out = read_path(&p, &opts());
    let docs = out.documents();
    assert_eq!(
        docs,
        vec![Err(format!(
            "{}: empty document after cleaning",
            p.display()
        ))]
    );
    let out = read_named(
        "e.jsonl",
        b"{\"text\": \" \\u200b \\n\\t\"}\n{\"text\": \"Kept.\"}\n",
        &opts(),
    );
    let docs = out.documents();
    assert_eq!(
        docs[0],
        Err("e.jsonl:1: empty document after cleaning".to_string())
    );
    assert!(docs[1].is_ok());
}

#[test]
fn missing_and_directory_paths_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("gone.txt");
    let out = read_path(&missing, &opts());
    assert_eq!(
        out.errors,
        vec![format!("{}: no such file or directory", missing.display())]
    );
    let sub = dir.path().join("folder.txt");
    std::fs::create_dir(&sub).unwrap();
    let mut errors = Vec::new();
    annals_ingest::read_input(&Input::Path(sub.clone()), &opts(), &mut |item| {
        if let ReadItem::Error(e) = item {
            errors.push(e.to_string());
        }
    });
    assert_eq!(errors, vec![format!("{}: is a directory", sub.display())]);
}

#[test]
fn arbitrary_bytes_never_panic_and_blocks_stay_valid() {
    // A deterministic pseudo-random byte soup through every format; more rounds with
    // ANNALS_INGEST_FUZZ_ROUNDS.
    let rounds: usize = std::env::var("ANNALS_INGEST_FUZZ_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let pieces: &[&[u8]] = &[
        b"{",
        b"}",
        b"[",
        b"]",
        b"\"",
        b":",
        b": ",
        b",",
        b"\\",
        b"\n",
        b"\r",
        b"\t",
        b" ",
        b"a",
        b"The",
        b"Talks",
        b"of",
        b"AZ",
        b".",
        b"-",
        b"- ",
        b"# ",
        b"## ",
        b"*",
        b"1. ",
        b"\xE2\x80\x99",
        b"\xC3\xA9",
        b"e\xCC\x81",
        b"\xE2\x80\x8B",
        b"\xC2\xA0",
        b"\xFF",
        b"\xEF\xBB\xBF",
        b"ALSO READ: ",
        b"Read more",
        b"\xC2\xA9 ",
        b"Tags: ",
    ];
    for round in 0..rounds {
        let len = (next() % 120) as usize;
        let bytes: Vec<u8> = (0..len)
            .flat_map(|_| {
                pieces[(next() % pieces.len() as u64) as usize]
                    .iter()
                    .copied()
            })
            .collect();
        for name in ["x.txt", "x.md", "x.jsonl", "x.csv", "x.tsv", "-"] {
            let out = read_named(name, &bytes, &opts());
            for doc in out.documents().into_iter().flatten() {
                assert!(!doc.clean_text.is_empty());
                assert!(!doc.clean_text.starts_with(char::is_whitespace));
                assert!(!doc.clean_text.contains("\n\n\n"));
                for block in &doc.blocks {
                    let text = doc.text_of(block.span);
                    assert!(
                        text.is_some_and(|t| !t.is_empty() && !t.contains('\n')),
                        "bad block {block:?} in {:?}",
                        doc.clean_text
                    );
                }
            }
        }
        if round % 50 == 0 {
            let _ = read_named("x.jsonl.gz", &gzip(&bytes)[..len / 3], &opts());
        }
    }
}
