//! JSONL: one input record per line (DESIGN.md contract), streamed line by line.

use std::io::{self, BufRead};

use annals_core::InputRecord;
use serde::Deserialize;

use super::Ctx;
use crate::{IngestError, ReadItem};

/// The record as it may appear on a line: `text` is required (checked after parsing so
/// the error can say so plainly), `id` may also be a number, unknown fields are ignored.
#[derive(Debug, Deserialize)]
struct JsonRecord {
    #[serde(default)]
    id: Option<JsonId>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    publisher: Option<String>,
    #[serde(default)]
    text: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum JsonId {
    Text(String),
    Number(serde_json::Number),
}

pub(super) fn read<R: BufRead>(mut reader: R, ctx: &Ctx, sink: &mut dyn FnMut(ReadItem)) {
    let limit = usize::try_from(ctx.max).unwrap_or(usize::MAX);
    let mut buf = Vec::new();
    let mut line_no: u64 = 0;
    loop {
        buf.clear();
        let status = match read_line_limited(&mut reader, &mut buf, limit) {
            Ok(Some(status)) => status,
            Ok(None) => break,
            Err(e) => {
                sink(ReadItem::Error(ctx.io_error(e)));
                break;
            }
        };
        line_no += 1;
        if status == LineStatus::TooLong {
            sink(ReadItem::Error(IngestError::TooLarge {
                at: ctx.at(Some(line_no)),
                limit: ctx.max,
            }));
            continue;
        }
        let mut bytes = buf.trim_ascii();
        if line_no == 1 {
            bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        }
        if bytes.is_empty() {
            continue;
        }
        let parsed = match std::str::from_utf8(bytes) {
            Ok(s) => serde_json::from_str::<JsonRecord>(s),
            Err(_) => {
                let text = ctx.decode(bytes.to_vec(), Some(line_no), sink);
                serde_json::from_str::<JsonRecord>(&text)
            }
        };
        match parsed {
            Ok(json) => match into_record(json) {
                Some(record) => ctx.deliver(Some(line_no), record, sink),
                None => sink(ReadItem::Error(IngestError::MissingText {
                    at: ctx.at(Some(line_no)),
                })),
            },
            Err(e) => sink(ReadItem::Error(IngestError::Json {
                at: ctx.at(Some(line_no)),
                message: json_message(&e),
            })),
        }
    }
}

fn into_record(json: JsonRecord) -> Option<InputRecord> {
    let id = json.id.map(|id| match id {
        JsonId::Text(s) => s,
        JsonId::Number(n) => n.to_string(),
    });
    let keep = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
    Some(InputRecord {
        id: keep(id),
        url: keep(json.url),
        title: keep(json.title),
        published: keep(json.published),
        publisher: keep(json.publisher),
        text: json.text?,
    })
}

/// serde_json reports "at line 1 column N" for a one-line document; keep only the column.
fn json_message(e: &serde_json::Error) -> String {
    let mut message = e.to_string();
    if let Some(i) = message.rfind(" at line 1 column ") {
        let column = message
            .get(i + " at line 1 column ".len()..)
            .unwrap_or("")
            .to_owned();
        message.truncate(i);
        message.push_str(" at column ");
        message.push_str(&column);
    }
    message
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineStatus {
    Complete,
    TooLong,
}

/// Read one line (without its `\n`) into `out`, keeping at most `limit` bytes; a longer
/// line is consumed to its end but reported as [`LineStatus::TooLong`] with `out` empty.
/// `None` at end of input.
fn read_line_limited<R: BufRead>(
    reader: &mut R,
    out: &mut Vec<u8>,
    limit: usize,
) -> io::Result<Option<LineStatus>> {
    let mut any = false;
    let mut too_long = false;
    loop {
        let buf = match reader.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok(any.then_some(if too_long {
                LineStatus::TooLong
            } else {
                LineStatus::Complete
            }));
        }
        any = true;
        let (chunk, consumed, done) = match memchr::memchr(b'\n', buf) {
            Some(i) => (buf.get(..i).unwrap_or(buf), i + 1, true),
            None => (buf, buf.len(), false),
        };
        if !too_long {
            if out.len().saturating_add(chunk.len()) > limit {
                too_long = true;
                out.clear();
            } else {
                out.extend_from_slice(chunk);
            }
        }
        reader.consume(consumed);
        if done {
            return Ok(Some(if too_long {
                LineStatus::TooLong
            } else {
                LineStatus::Complete
            }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], limit: usize) -> Vec<(LineStatus, Vec<u8>)> {
        // A tiny buffer makes lines span several fill_buf calls.
        let mut reader = io::BufReader::with_capacity(3, input);
        let mut out = Vec::new();
        let mut buf = Vec::new();
        while let Some(status) = read_line_limited(&mut reader, &mut buf, limit).unwrap() {
            out.push((status, std::mem::take(&mut buf)));
        }
        out
    }

    #[test]
    fn limited_lines() {
        use LineStatus::*;
        assert_eq!(
            lines(b"abc\n\nlonger line\nend", 5),
            vec![
                (Complete, b"abc".to_vec()),
                (Complete, vec![]),
                (TooLong, vec![]),
                (Complete, b"end".to_vec())
            ]
        );
        assert_eq!(lines(b"", 5), vec![]);
        assert_eq!(lines(b"12345\n", 5), vec![(Complete, b"12345".to_vec())]);
    }

    #[test]
    fn json_messages_drop_the_line_number() {
        let e = serde_json::from_str::<JsonRecord>("{\"text\": }").unwrap_err();
        assert_eq!(json_message(&e), "expected value at column 10");
    }

    #[test]
    fn numeric_ids_and_empty_fields() {
        let json: JsonRecord =
            serde_json::from_str(r#"{"id": 42, "url": " ", "text": "x", "extra": [1]}"#).unwrap();
        let r = into_record(json).unwrap();
        assert_eq!(r.id.as_deref(), Some("42"));
        assert_eq!(r.url, None);
        let json: JsonRecord = serde_json::from_str(r#"{"title": "t"}"#).unwrap();
        assert!(into_record(json).is_none());
    }
}
