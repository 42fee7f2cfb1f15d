//! Every reader on files written by the test, plain and gzipped.
// The check_* helpers are test code called from #[test] functions.
#![allow(clippy::unwrap_used)]

mod common;

use annals_core::BlockKind;
use annals_ingest::{ColumnNames, Format, ReaderOptions};
use common::{gzip, opts, read_named, read_path, write};

const TEXT: &str = "Harbour Talks Resume\r\n\
                    The port authority met union leaders on Monday.\r\n\
                    Subscribe to our morning briefing\r\n";

const MARKDOWN: &str = "# Harbour Talks Resume\n\n\
                        The port authority met union leaders on Monday.\n\n\
                        ## What was agreed\n\
                        - Pay rises from July.\n\
                        * A review in the autumn.\n\
                        1. Night shifts end.\n";

const JSONL: &str = concat!(
    r#"{"id": "h-1", "url": "https://example.org/h1", "title": "Talks", "published": "2031-03-04", "publisher": "Example Post", "text": "The union met on Monday.", "lang": "en"}"#,
    "\n\n",
    r#"{"text": "Ships were waiting offshore.", "published": "2031-03-04 10:00:00+01:00"}"#,
    "\n",
);

const CSV: &str = "ID,Title,Published,Text,Extra\n\
                   c-1,Talks,2031-03-04,\"The union met on Monday.\nIt was calm.\",x\n\
                   c-2,,,Ships were waiting offshore.,y\n";

const TSV: &str = "id\ttext\tpublisher\n\
                   t-1\tThe union met on Monday.\tExample Post\n\
                   t-2\tShips were \"waiting\" offshore.\t\n";

fn check_text(name: &str, out: &common::Outcome) {
    assert!(out.errors.is_empty() && out.warnings.is_empty(), "{out:?}");
    assert_eq!(out.records.len(), 1);
    let (source, record, format) = &out.records[0];
    assert_eq!(source.line, None);
    assert!(source.path.ends_with(name));
    assert_eq!(*format, Format::Text);
    assert_eq!(record.text, TEXT, "raw text is kept verbatim");
    let doc = out.documents().remove(0).unwrap();
    assert_eq!(
        doc.clean_text,
        "Harbour Talks Resume\nThe port authority met union leaders on Monday."
    );
    assert_eq!(doc.removed.len(), 1);
    assert_eq!(doc.removed[0].line, 3);
}

#[test]
fn text_plain_and_gzipped() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "a.txt", TEXT.as_bytes());
    check_text("a.txt", &read_path(&p, &opts()));
    let p = write(dir.path(), "b.TXT.gz", &gzip(TEXT.as_bytes()));
    check_text("b.TXT.gz", &read_path(&p, &opts()));
}

fn check_markdown(out: &common::Outcome) {
    assert!(out.errors.is_empty(), "{out:?}");
    assert_eq!(out.records[0].2, Format::Markdown);
    let doc = out.documents().remove(0).unwrap();
    assert!(doc.clean_text.starts_with("Harbour Talks Resume\n\n"));
    let blocks: Vec<(BlockKind, &str)> = doc
        .blocks
        .iter()
        .map(|b| (b.kind, doc.text_of(b.span).unwrap()))
        .collect();
    use BlockKind::*;
    assert_eq!(
        blocks,
        vec![
            (Heading, "Harbour Talks Resume"),
            (Paragraph, "The port authority met union leaders on Monday."),
            (Heading, "What was agreed"),
            (ListItem, "Pay rises from July."),
            (ListItem, "A review in the autumn."),
            (ListItem, "Night shifts end."),
        ]
    );
}

#[test]
fn markdown_plain_and_gzipped() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "a.md", MARKDOWN.as_bytes());
    check_markdown(&read_path(&p, &opts()));
    let p = write(dir.path(), "a.markdown.gz", &gzip(MARKDOWN.as_bytes()));
    check_markdown(&read_path(&p, &opts()));
}

fn check_jsonl(out: &common::Outcome, name: &str) {
    assert!(out.errors.is_empty() && out.warnings.is_empty(), "{out:?}");
    assert_eq!(
        out.sources(),
        vec![format!("{name}:1"), format!("{name}:3")]
    );
    let (_, first, format) = &out.records[0];
    assert_eq!(*format, Format::Jsonl);
    assert_eq!(first.id.as_deref(), Some("h-1"));
    assert_eq!(first.url.as_deref(), Some("https://example.org/h1"));
    assert_eq!(first.title.as_deref(), Some("Talks"));
    assert_eq!(first.publisher.as_deref(), Some("Example Post"));
    assert_eq!(first.published.as_deref(), Some("2031-03-04"));
    let (_, second, _) = &out.records[1];
    assert_eq!(second.id, None);
    assert_eq!(second.published.as_deref(), Some("2031-03-04T09:00:00Z"));
    let docs = out.documents();
    assert_eq!(docs[0].as_ref().unwrap().id, "h-1");
    assert_eq!(docs[1].as_ref().unwrap().id.len(), 16);
}

#[test]
fn jsonl_plain_and_gzipped() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "w.jsonl", JSONL.as_bytes());
    check_jsonl(&read_path(&p, &opts()), &p.display().to_string());
    let p = write(dir.path(), "w.jsonl.gz", &gzip(JSONL.as_bytes()));
    check_jsonl(&read_path(&p, &opts()), &p.display().to_string());
}

fn check_csv(out: &common::Outcome, name: &str) {
    assert!(out.errors.is_empty() && out.warnings.is_empty(), "{out:?}");
    // A quoted field spanning two lines: the next record starts on line 4.
    assert_eq!(
        out.sources(),
        vec![format!("{name}:2"), format!("{name}:4")]
    );
    let (_, first, format) = &out.records[0];
    assert_eq!(*format, Format::Csv);
    assert_eq!(first.id.as_deref(), Some("c-1"));
    assert_eq!(first.title.as_deref(), Some("Talks"));
    assert_eq!(first.published.as_deref(), Some("2031-03-04"));
    assert_eq!(first.text, "The union met on Monday.\nIt was calm.");
    let (_, second, _) = &out.records[1];
    assert_eq!(
        (second.title.as_deref(), second.published.as_deref()),
        (None, None)
    );
}

#[test]
fn csv_plain_and_gzipped() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "b.csv", CSV.as_bytes());
    check_csv(&read_path(&p, &opts()), &p.display().to_string());
    let p = write(dir.path(), "b.csv.gz", &gzip(CSV.as_bytes()));
    check_csv(&read_path(&p, &opts()), &p.display().to_string());
}

fn check_tsv(out: &common::Outcome) {
    assert!(out.errors.is_empty() && out.warnings.is_empty(), "{out:?}");
    assert_eq!(
        out.texts(),
        vec![
            "The union met on Monday.",
            "Ships were \"waiting\" offshore."
        ]
    );
    assert_eq!(out.records[0].1.publisher.as_deref(), Some("Example Post"));
    assert_eq!(out.records[1].1.publisher, None);
    assert_eq!(out.records[0].2, Format::Tsv);
}

#[test]
fn tsv_plain_and_gzipped() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "c.tsv", TSV.as_bytes());
    check_tsv(&read_path(&p, &opts()));
    let p = write(dir.path(), "c.tsv.gz", &gzip(TSV.as_bytes()));
    check_tsv(&read_path(&p, &opts()));
}

#[test]
fn csv_column_names_can_be_overridden() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "d.csv",
        b"\xEF\xBB\xBFDocID,Body,Date\nd-1,The union met.,2031-03-04T10:00:00Z\n",
    );
    let o = ReaderOptions {
        columns: ColumnNames {
            id: "docid".into(),
            text: "BODY".into(),
            published: "date".into(),
            ..ColumnNames::default()
        },
        ..ReaderOptions::default()
    };
    let out = read_path(&p, &o);
    assert!(out.errors.is_empty(), "{out:?}");
    let (_, r, _) = &out.records[0];
    assert_eq!(r.id.as_deref(), Some("d-1"));
    assert_eq!(r.text, "The union met.");
    assert_eq!(r.published.as_deref(), Some("2031-03-04T10:00:00Z"));
    // With the default names the same file has no text column: one error for the file.
    let out = read_path(&p, &opts());
    assert!(out.records.is_empty());
    assert_eq!(out.errors.len(), 1);
    assert!(
        out.errors[0].contains("no text column \"text\" in header (columns: docid, body, date)"),
        "{:?}",
        out.errors
    );
}

#[test]
fn malformed_csv_row_is_reported_and_reading_continues() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "e.csv",
        b"id,text\ne-1,First.\ne-2,Second.,extra\ne-3,Third.\n",
    );
    let out = read_path(&p, &opts());
    assert_eq!(out.texts(), vec!["First.", "Third."]);
    assert_eq!(
        out.errors,
        vec![format!(
            "{}:3: malformed CSV row: 3 fields where the header has 2",
            p.display()
        )]
    );
}

#[test]
fn forced_format_overrides_extension() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "export.txt", JSONL.as_bytes());
    let mut o = opts();
    o.format = Some(Format::Jsonl);
    let out = read_path(&p, &o);
    assert_eq!(out.records.len(), 2);
    let p = write(dir.path(), "export.data", JSONL.as_bytes());
    let out = read_path(&p, &o);
    assert_eq!(out.records.len(), 2);
}

#[test]
fn unknown_extension_is_skipped_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "notes.pdf", b"The union met.");
    let out = read_path(&p, &opts());
    assert!(out.records.is_empty());
    assert!(out.errors[0].contains("skipped: no reader for this file type"));
}

#[test]
fn streams_are_sniffed_when_unnamed() {
    let out = read_named("-", JSONL.as_bytes(), &opts());
    assert_eq!(out.sources(), vec!["-:1", "-:3"]);
    let out = read_named("-", b"  The union met.\n", &opts());
    assert_eq!(out.records.len(), 1);
    assert_eq!(out.records[0].2, Format::Text);
    // Gzip on an unnamed stream is recognised by its magic bytes, then sniffed.
    let out = read_named("-", &gzip(JSONL.as_bytes()), &opts());
    assert_eq!(out.records.len(), 2);
    // A name with an extension decides the format.
    let out = read_named("examples/briefs.csv", CSV.as_bytes(), &opts());
    assert_eq!(out.records.len(), 2);
    assert_eq!(out.sources()[0], "examples/briefs.csv:2");
}

#[test]
fn concatenated_gzip_members_are_all_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = gzip(b"{\"text\": \"One.\"}\n");
    bytes.extend(gzip(b"{\"text\": \"Two.\"}\n"));
    let p = write(dir.path(), "multi.jsonl.gz", &bytes);
    let out = read_path(&p, &opts());
    assert_eq!(out.texts(), vec!["One.", "Two."]);
}
