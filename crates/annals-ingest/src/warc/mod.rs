//! WARC files (`.warc`, `.warc.gz` with one gzip member per record as Common Crawl and
//! CC-NEWS publish them; gzip is undone by the caller's multi-member decoder).
//!
//! Records are streamed one at a time: only the block of an HTML `response` record is held
//! in memory, and only up to the document size limit; every other block is skipped over
//! without being stored. A `response` whose HTTP payload is HTML (`text/html`,
//! `application/xhtml+xml`) with a 2xx status goes through the HTML article path
//! ([`crate::html`]); its `WARC-Target-URI` is the document URL and its `WARC-Date` the
//! publication date when the page states none. Every other record is skipped and counted;
//! the counts arrive as one warning per file.
//!
//! A bad header or length is an error naming the record number; reading then resyncs at
//! the next line starting with `WARC/1.`. A record cut short by the end of input ends the
//! file with an error.

mod record;

use std::collections::BTreeMap;
use std::io::{self, BufRead, Read};

use annals_core::InputRecord;

use crate::readers::Ctx;
use crate::{html, IngestError, ReadItem};
use record::{read_header, read_line, HeaderError, WarcHeader, MAX_HEADER_LINE};

/// Why records were skipped, with counts, for the per-file summary.
#[derive(Debug, Default)]
struct Skipped(BTreeMap<String, u64>);

impl Skipped {
    fn add(&mut self, reason: impl Into<String>) {
        *self.0.entry(reason.into()).or_insert(0) += 1;
    }

    fn summary(&self) -> Option<String> {
        let total: u64 = self.0.values().sum();
        if total == 0 {
            return None;
        }
        let parts: Vec<String> = self.0.iter().map(|(k, n)| format!("{n} {k}")).collect();
        Some(format!(
            "skipped {total} WARC record{} ({})",
            if total == 1 { "" } else { "s" },
            parts.join(", ")
        ))
    }
}

pub(crate) fn read<R: BufRead>(mut reader: R, ctx: &Ctx, sink: &mut dyn FnMut(ReadItem)) {
    let mut skipped = Skipped::default();
    let mut number: u64 = 0;
    let mut pending = None;
    loop {
        let error = match read_header(&mut reader, pending.take()) {
            Ok(Some(h)) => {
                number += 1;
                Ok(h)
            }
            Ok(None) => break,
            Err(HeaderError::Io(e)) => {
                sink(ReadItem::Error(ctx.io_error(e)));
                break;
            }
            Err(HeaderError::Malformed(message)) => {
                number += 1;
                Err(warc_error(ctx, number, message))
            }
            // Where the next record should start there is something else: name the record
            // that was expected there.
            Err(HeaderError::NotWarc(line)) => Err(warc_error(
                ctx,
                number + 1,
                format!("not a WARC header: {line}"),
            )),
        };
        let header = match error {
            Ok(h) => h,
            Err(e) => {
                sink(ReadItem::Error(e));
                match resync(&mut reader) {
                    Ok(Some(line)) => {
                        pending = Some(line);
                        continue;
                    }
                    Ok(None) => break,
                    Err(e) => {
                        sink(ReadItem::Error(ctx.io_error(e)));
                        break;
                    }
                }
            }
        };
        let length = header.content_length.unwrap_or(0);
        let reason = skip_reason(&header, ctx.max);
        if let Some(reason) = reason {
            skipped.add(reason);
            match io::copy(&mut (&mut reader).take(length), &mut io::sink()) {
                Ok(n) if n == length => continue,
                Ok(n) => {
                    sink(ReadItem::Error(truncated(ctx, number, n, length)));
                    break;
                }
                Err(e) => {
                    sink(ReadItem::Error(ctx.io_error(e)));
                    break;
                }
            }
        }
        let mut block = Vec::new();
        match (&mut reader).take(length).read_to_end(&mut block) {
            Ok(n) if n as u64 == length => {}
            Ok(n) => {
                sink(ReadItem::Error(truncated(ctx, number, n as u64, length)));
                break;
            }
            Err(e) => {
                sink(ReadItem::Error(ctx.io_error(e)));
                break;
            }
        }
        response(block, &header, number, ctx, &mut skipped, sink);
    }
    if let Some(summary) = skipped.summary() {
        sink(ctx.warn(None, summary));
    }
}

/// Why a record is not read as a document, decided from its WARC header alone.
fn skip_reason(header: &WarcHeader, max: u64) -> Option<String> {
    let kind = header.record_type.as_deref().unwrap_or("untyped");
    if !kind.eq_ignore_ascii_case("response") {
        return Some(kind.to_ascii_lowercase());
    }
    let http = header
        .content_type
        .as_deref()
        .is_some_and(|t| t.to_ascii_lowercase().starts_with("application/http"));
    if !http {
        return Some("non-HTTP response".into());
    }
    if header.content_length.unwrap_or(0) > max {
        return Some("oversized response".into());
    }
    None
}

fn response(
    block: Vec<u8>,
    header: &WarcHeader,
    number: u64,
    ctx: &Ctx,
    skipped: &mut Skipped,
    sink: &mut dyn FnMut(ReadItem),
) {
    let Some(http) = record::parse_http(block) else {
        sink(ReadItem::Error(warc_error(
            ctx,
            number,
            "response block is not an HTTP response".into(),
        )));
        return;
    };
    if !(200..300).contains(&http.status) {
        return skipped.add("non-2xx response");
    }
    let content_type = http.content_type.as_deref().unwrap_or("");
    let is_html = content_type.starts_with("text/html")
        || content_type.starts_with("application/xhtml")
        || (content_type.is_empty() && looks_like_html(&http.body));
    if !is_html {
        return skipped.add("non-HTML response");
    }
    let body = if http.chunked {
        match record::dechunk(&http.body) {
            Some(b) => b,
            None => {
                return sink(ReadItem::Error(warc_error(
                    ctx,
                    number,
                    "malformed chunked transfer coding".into(),
                )))
            }
        }
    } else {
        http.body
    };
    let Some(body) = record::decode_content(body, http.content_encoding.as_deref(), ctx.max) else {
        return skipped.add("undecodable content encoding");
    };
    let charset = charset_of(content_type);
    let at = ctx.at(Some(number));
    match html::html_record_at(&body, charset, header.target_uri.as_deref(), at) {
        Ok(mut record) => {
            record.url = header.target_uri.clone().or(record.url);
            if record.published.is_none() {
                record.published = header.date.clone();
            }
            deliver(ctx, number, record, sink);
        }
        Err(e) => sink(ReadItem::Error(e)),
    }
}

fn deliver(ctx: &Ctx, number: u64, record: InputRecord, sink: &mut dyn FnMut(ReadItem)) {
    ctx.deliver(Some(number), record, sink);
}

fn charset_of(content_type: &str) -> Option<&str> {
    content_type
        .split(';')
        .filter_map(|p| p.trim().strip_prefix("charset="))
        .map(|c| c.trim_matches(['"', '\'']))
        .next()
}

fn looks_like_html(body: &[u8]) -> bool {
    let head = body.get(..1024).unwrap_or(body);
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    head.contains("<html") || head.contains("<!doctype html")
}

/// Skip to the next line starting with `WARC/1.` and return it, or `None` when the input
/// ends first.
fn resync<R: BufRead>(reader: &mut R) -> io::Result<Option<String>> {
    let mut line = Vec::new();
    loop {
        match read_line(reader, &mut line, MAX_HEADER_LINE)? {
            None => return Ok(None),
            Some(Ok(())) if line.starts_with(b"WARC/1.") => {
                return Ok(Some(String::from_utf8_lossy(&line).into_owned()))
            }
            Some(_) => {}
        }
    }
}

fn warc_error(ctx: &Ctx, record: u64, message: String) -> IngestError {
    IngestError::Warc {
        path: ctx.path.clone(),
        record,
        message,
    }
}

fn truncated(ctx: &Ctx, record: u64, got: u64, want: u64) -> IngestError {
    warc_error(
        ctx,
        record,
        format!("truncated: input ends after {got} of {want} block bytes"),
    )
}
