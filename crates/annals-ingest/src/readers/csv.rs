//! CSV and TSV with a header row; columns mapped by name, case-insensitively.
//!
//! TSV is read without quoting (tabs and newlines cannot occur inside TSV fields), so a
//! stray `"` in article text cannot swallow the rest of the file. Records whose field
//! count differs from the header are malformed rows: reported with their line, skipped.

use std::cell::Cell;
use std::io::{self, Read};
use std::rc::Rc;

use annals_core::InputRecord;
use csv::{ByteRecord, ErrorKind, ReaderBuilder};

use super::Ctx;
use crate::{ColumnNames, IngestError, ReadItem};

/// Slack over the document limit before a single record is declared runaway (the CSV
/// parser reads ahead in buffer-sized chunks, and the other fields count too).
const RECORD_SLACK: u64 = 1024 * 1024;

/// Counts bytes handed to the CSV parser and fails the read once one record grows past
/// `limit`: an unbalanced quote would otherwise make the rest of a multi-GB file one field.
struct RecordGuard<R> {
    inner: R,
    read: Rc<Cell<u64>>,
    limit: Rc<Cell<u64>>,
}

impl<R: Read> Read for RecordGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.read.get() > self.limit.get() {
            return Err(io::Error::other(RunawayRecord));
        }
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

#[derive(Debug)]
struct RunawayRecord;

impl std::fmt::Display for RunawayRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("record larger than the document limit")
    }
}

impl std::error::Error for RunawayRecord {}

/// Column index of each record field.
struct Columns {
    id: Option<usize>,
    url: Option<usize>,
    title: Option<usize>,
    published: Option<usize>,
    publisher: Option<usize>,
    text: usize,
}

pub(super) fn read<R: Read>(
    reader: R,
    ctx: &Ctx,
    delimiter: u8,
    names: &ColumnNames,
    sink: &mut dyn FnMut(ReadItem),
) {
    let kind = if delimiter == b'\t' { "TSV" } else { "CSV" };
    let read = Rc::new(Cell::new(0u64));
    let limit = Rc::new(Cell::new(ctx.max.saturating_add(RECORD_SLACK)));
    let guard = RecordGuard {
        inner: reader,
        read: Rc::clone(&read),
        limit: Rc::clone(&limit),
    };
    let mut rdr = ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .quoting(delimiter != b'\t')
        .flexible(false)
        .from_reader(guard);
    let mut record = ByteRecord::new();

    // Header.
    let header = loop {
        match rdr.read_byte_record(&mut record) {
            Ok(true) => break record.clone(),
            Ok(false) => {
                return sink(ReadItem::Error(IngestError::NoHeader {
                    path: ctx.path.clone(),
                    kind,
                }))
            }
            Err(e) => match e.kind() {
                ErrorKind::Io(_) => return sink(ReadItem::Error(stream_error(e, ctx))),
                _ => continue,
            },
        }
    };
    let Some(columns) = map_columns(&header, names, ctx, sink) else {
        return;
    };

    loop {
        let start = rdr.position().byte();
        limit.set(start.saturating_add(ctx.max).saturating_add(RECORD_SLACK));
        let line = rdr.position().line();
        match rdr.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let at_line = e.position().map_or(line, |p| p.line());
                match e.kind() {
                    ErrorKind::Io(io) if is_runaway(io) => {
                        sink(ReadItem::Error(IngestError::TooLarge {
                            at: ctx.at(Some(at_line)),
                            limit: ctx.max,
                        }));
                        break;
                    }
                    ErrorKind::Io(_) => {
                        sink(ReadItem::Error(stream_error(e, ctx)));
                        break;
                    }
                    _ => {
                        sink(ReadItem::Error(IngestError::Csv {
                            at: ctx.at(Some(at_line)),
                            kind,
                            message: row_message(&e),
                        }));
                        continue;
                    }
                }
            }
        }
        let line = record.position().map_or(line, |p| p.line());
        if record.len() == 1 && record.get(0).is_some_and(|f| f.trim_ascii().is_empty()) {
            continue; // a blank line
        }
        let text_bytes = record.get(columns.text).unwrap_or_default();
        if text_bytes.len() as u64 > ctx.max {
            sink(ReadItem::Error(IngestError::TooLarge {
                at: ctx.at(Some(line)),
                limit: ctx.max,
            }));
            continue;
        }
        let mut field = |i: Option<usize>| -> Option<String> {
            let bytes = record.get(i?)?.trim_ascii();
            if bytes.is_empty() {
                return None;
            }
            Some(ctx.decode(bytes.to_vec(), Some(line), sink))
        };
        let id = field(columns.id);
        let url = field(columns.url);
        let title = field(columns.title);
        let published = field(columns.published);
        let publisher = field(columns.publisher);
        let text = ctx.decode(text_bytes.to_vec(), Some(line), sink);
        let rec = InputRecord {
            id,
            url,
            title,
            published,
            publisher,
            text,
        };
        ctx.deliver(Some(line), rec, sink);
    }
}

fn is_runaway(e: &io::Error) -> bool {
    e.get_ref().is_some_and(|inner| inner.is::<RunawayRecord>())
}

/// An I/O error under the CSV parser: a damaged gzip stream or an unreadable file.
fn stream_error(e: csv::Error, ctx: &Ctx) -> IngestError {
    match e.into_kind() {
        ErrorKind::Io(io) => ctx.io_error(io),
        other => ctx.io_error(io::Error::other(format!("{other:?}"))),
    }
}

fn row_message(e: &csv::Error) -> String {
    match e.kind() {
        ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("{len} fields where the header has {expected_len}"),
        _ => e.to_string(),
    }
}

fn map_columns(
    header: &ByteRecord,
    names: &ColumnNames,
    ctx: &Ctx,
    sink: &mut dyn FnMut(ReadItem),
) -> Option<Columns> {
    let header: Vec<String> = header
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let h = if i == 0 {
                h.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(h)
            } else {
                h
            };
            String::from_utf8_lossy(h.trim_ascii()).to_lowercase()
        })
        .collect();
    let find = |name: &str| {
        let name = name.trim().to_lowercase();
        header.iter().position(|h| *h == name)
    };
    let Some(text) = find(&names.text) else {
        sink(ReadItem::Error(IngestError::MissingTextColumn {
            path: ctx.path.clone(),
            column: names.text.clone(),
            found: header.join(", "),
        }));
        return None;
    };
    Some(Columns {
        id: find(&names.id),
        url: find(&names.url),
        title: find(&names.title),
        published: find(&names.published),
        publisher: find(&names.publisher),
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Format;

    fn ctx(max: u64) -> Ctx {
        Ctx {
            path: "t.csv".into(),
            gz: false,
            format: Format::Csv,
            max,
            follow_links: false,
        }
    }

    fn collect(input: &str, delimiter: u8, max: u64) -> Vec<String> {
        let mut out = Vec::new();
        read(
            input.as_bytes(),
            &ctx(max),
            delimiter,
            &ColumnNames::default(),
            &mut |item| {
                out.push(match item {
                    ReadItem::Record(source, record, _) => {
                        format!("{source} {}", record.text)
                    }
                    ReadItem::Warning(w) => format!("warning {w}"),
                    ReadItem::Error(e) => format!("error {e}"),
                })
            },
        );
        out
    }

    #[test]
    fn multiline_quoted_fields_report_their_first_line() {
        let out = collect("Text,ID\n\"one\ntwo\",a\nthree,b\n", b',', 100);
        assert_eq!(out, vec!["t.csv:2 one\ntwo", "t.csv:4 three"]);
    }

    #[test]
    fn runaway_quote_is_stopped() {
        let body = "x".repeat(3 * 1024 * 1024);
        let out = collect(&format!("text\n\"{body}\nmore\n"), b',', 10);
        assert_eq!(
            out,
            vec!["error t.csv:2: document larger than the limit of 10 bytes"]
        );
    }

    #[test]
    fn tsv_quotes_are_literal() {
        let out = collect("id\ttext\n1\t\"He said so\n2\tDone.\n", b'\t', 100);
        assert_eq!(out, vec!["t.csv:2 \"He said so", "t.csv:3 Done."]);
    }

    #[test]
    fn empty_input_has_no_header() {
        assert_eq!(
            collect("", b',', 100),
            vec!["error t.csv: no CSV header row"]
        );
    }
}
