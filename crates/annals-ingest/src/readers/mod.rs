//! Opening inputs (files, gzip, stdin), rejecting binary data, and dispatching to the
//! reader of each format.

mod csv;
mod gz_guard;
mod jsonl;
mod text;

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use annals_core::{InputRecord, SourceRef};
use flate2::read::MultiGzDecoder;

use crate::error::source_ref;
use crate::{
    normalize_published, Format, IngestError, IngestWarning, Input, ReadItem, ReaderOptions,
};

/// Bytes inspected for binary content and format sniffing.
const HEAD_BYTES: u64 = 8 * 1024;
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];
const BUFFER_BYTES: usize = 256 * 1024;

/// Stream the records of one input to `sink`.
///
/// The format is `opts.format` if given, else the file extension (looking through `.gz`);
/// a file with no known extension is reported as [`IngestError::Unsupported`]; stdin
/// without `--format` is sniffed with [`sniff_format`]. Gzip is recognised by a `.gz`
/// extension or the gzip magic bytes. Every problem is delivered to `sink` as
/// [`ReadItem::Error`] or [`ReadItem::Warning`]; nothing panics and nothing is fatal to
/// the caller.
pub fn read_input(input: &Input, opts: &ReaderOptions, sink: &mut dyn FnMut(ReadItem)) {
    match input {
        Input::Path(path) => read_path(path, opts, sink),
        Input::Stdin => {
            let stdin = io::stdin();
            read_reader("-", stdin.lock(), opts, sink);
        }
    }
}

/// Stream the records of any byte stream, named `name` in messages and sources (e.g.
/// an embedded example file, an upload, `-` for stdin).
///
/// The format is `opts.format`, else `name`'s extension, else sniffed from the first
/// bytes ([`sniff_format`]); gzip is recognised by a `.gz` name or the magic bytes.
pub fn read_reader<R: Read>(
    name: &str,
    reader: R,
    opts: &ReaderOptions,
    sink: &mut dyn FnMut(ReadItem),
) {
    let named = Format::from_path(Path::new(name));
    let format = opts.format.or(named.map(|(f, _)| f));
    let gz_name = named.is_some_and(|(_, gz)| gz);
    read_source(
        name,
        BufReader::with_capacity(BUFFER_BYTES, reader),
        format,
        gz_name,
        opts,
        sink,
    );
}

fn read_path(path: &Path, opts: &ReaderOptions, sink: &mut dyn FnMut(ReadItem)) {
    let display = path.display().to_string();
    let named = Format::from_path(path);
    let Some(format) = opts.format.or(named.map(|(f, _)| f)) else {
        sink(ReadItem::Error(IngestError::Unsupported { path: display }));
        return;
    };
    let io_error = |error: io::Error| {
        if error.kind() == io::ErrorKind::NotFound {
            IngestError::NotFound {
                path: display.clone(),
            }
        } else {
            IngestError::Io {
                path: display.clone(),
                error,
            }
        }
    };
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => return sink(ReadItem::Error(io_error(e))),
    };
    let metadata = match file.metadata() {
        Ok(m) => m,
        Err(e) => return sink(ReadItem::Error(io_error(e))),
    };
    if metadata.is_dir() {
        return sink(ReadItem::Error(IngestError::IsDirectory { path: display }));
    }
    let gz_name = named.is_some_and(|(_, gz)| gz);
    // A plain text file already too big on disk need not be read at all.
    let text = matches!(format, Format::Text | Format::Markdown);
    if text && !gz_name && metadata.len() > opts.max_doc_bytes {
        let mut reader = BufReader::new(file);
        let magic = reader.fill_buf().is_ok_and(|b| b.starts_with(&GZIP_MAGIC));
        if !magic {
            let at = source_ref(&display, None);
            return sink(ReadItem::Error(IngestError::TooLarge {
                at,
                limit: opts.max_doc_bytes,
            }));
        }
        return read_source(&display, reader, Some(format), gz_name, opts, sink);
    }
    let reader = BufReader::with_capacity(BUFFER_BYTES, file);
    read_source(&display, reader, Some(format), gz_name, opts, sink);
}

/// Decompress if needed, settle the format (sniffing when still unknown), and read.
fn read_source<R: BufRead>(
    name: &str,
    mut reader: R,
    format: Option<Format>,
    gz_name: bool,
    opts: &ReaderOptions,
    sink: &mut dyn FnMut(ReadItem),
) {
    let magic = match reader.fill_buf() {
        Ok(buf) => buf.starts_with(&GZIP_MAGIC),
        Err(error) => {
            return sink(ReadItem::Error(IngestError::Io {
                path: name.to_owned(),
                error,
            }))
        }
    };
    let mut ctx = Ctx {
        path: name.to_owned(),
        gz: magic || gz_name,
        format: format.unwrap_or(Format::Text),
        max: opts.max_doc_bytes,
        follow_links: opts.follow_links,
    };
    if ctx.gz {
        let (counted, compressed) = gz_guard::Counted::new(reader);
        let guarded = gz_guard::Guarded::new(MultiGzDecoder::new(counted), compressed);
        let mut decoded = BufReader::with_capacity(BUFFER_BYTES, guarded);
        if format.is_none() {
            match decoded.fill_buf() {
                Ok(buf) => ctx.format = sniff_format(buf),
                Err(e) => return sink(ReadItem::Error(ctx.io_error(e))),
            }
        }
        read_stream(decoded, &ctx, opts, sink);
    } else {
        if format.is_none() {
            // `fill_buf` above succeeded, so the buffer holds the first bytes.
            ctx.format = reader.fill_buf().map(sniff_format).unwrap_or(Format::Text);
        }
        read_stream(reader, &ctx, opts, sink);
    }
}

/// Guess the format of unnamed input from its first bytes (after an optional BOM and
/// whitespace): `{` is JSONL; `WARC/1.` is WARC; markup whose first element is `rss`,
/// `feed` or `rdf:RDF` is a feed, and other markup with an `html` element (or an HTML
/// doctype) is HTML; anything else is plain text.
pub fn sniff_format(head: &[u8]) -> Format {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head = head.get(start..).unwrap_or(&[]);
    if head.starts_with(b"{") {
        return Format::Jsonl;
    }
    if head.starts_with(b"WARC/1.") {
        return Format::Warc;
    }
    if head.starts_with(b"<") {
        match crate::feed::root_element(head).as_deref() {
            Some("rss" | "feed" | "rdf:rdf") => return Format::Feed,
            Some("html") => return Format::Html,
            _ => {}
        }
        let lower = head.to_ascii_lowercase();
        if lower.starts_with(b"<!doctype html") || memchr::memmem::find(&lower, b"<html").is_some()
        {
            return Format::Html;
        }
    }
    Format::Text
}

/// Binary data: a NUL byte, or more than 10 % of the sample being control bytes (other
/// than tab, LF, CR, form feed, escape) or bytes of invalid UTF-8 sequences. A sequence
/// cut off at the end of the sample is not held against it.
pub fn looks_binary(sample: &[u8]) -> bool {
    if sample.is_empty() {
        return false;
    }
    if sample.contains(&0) {
        return true;
    }
    let controls = sample
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B)) || b == 0x7F)
        .count();
    let mut invalid = 0usize;
    let mut rest = sample;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(_) => break,
            Err(e) => match e.error_len() {
                Some(n) => {
                    invalid += n;
                    rest = rest.get(e.valid_up_to() + n..).unwrap_or(&[]);
                }
                None => break,
            },
        }
    }
    (controls + invalid) * 10 > sample.len()
}

/// What every format reader needs to know about its input.
pub(crate) struct Ctx {
    pub path: String,
    pub gz: bool,
    pub format: Format,
    pub max: u64,
    pub follow_links: bool,
}

impl Ctx {
    pub fn at(&self, line: Option<u64>) -> SourceRef {
        source_ref(&self.path, line)
    }

    /// A read error: inside gzip data it is the gzip stream that is damaged.
    pub fn io_error(&self, error: io::Error) -> IngestError {
        if gz_guard::is_bomb(&error) {
            IngestError::GzipBomb {
                path: self.path.clone(),
                ratio: gz_guard::MAX_RATIO,
                floor_mb: gz_guard::FLOOR_BYTES / (1024 * 1024),
            }
        } else if self.gz {
            IngestError::Gzip {
                path: self.path.clone(),
                error,
            }
        } else {
            IngestError::Io {
                path: self.path.clone(),
                error,
            }
        }
    }

    pub fn warn(&self, line: Option<u64>, message: impl Into<String>) -> ReadItem {
        ReadItem::Warning(IngestWarning {
            at: self.at(line),
            message: message.into(),
        })
    }

    /// Decode bytes as UTF-8, lossily with a warning naming the line of the first bad
    /// sequence (`line` is the line the bytes start on).
    pub fn decode(
        &self,
        bytes: Vec<u8>,
        line: Option<u64>,
        sink: &mut dyn FnMut(ReadItem),
    ) -> String {
        match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                let newlines = bytes
                    .get(..valid)
                    .unwrap_or(&[])
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count();
                let bad_line = match line {
                    Some(l) => Some(l + newlines as u64),
                    None => Some(1 + newlines as u64),
                };
                sink(self.warn(bad_line, "invalid UTF-8 replaced with U+FFFD"));
                String::from_utf8_lossy(&bytes).into_owned()
            }
        }
    }

    /// Deliver a record after normalising its `published` field.
    pub fn deliver(
        &self,
        line: Option<u64>,
        mut record: InputRecord,
        sink: &mut dyn FnMut(ReadItem),
    ) {
        if let Some(p) = record.published.take() {
            if !p.trim().is_empty() {
                match normalize_published(&p) {
                    Some(norm) => record.published = Some(norm),
                    None => sink(self.warn(
                        line,
                        format!("unparseable published date {p:?}; field dropped"),
                    )),
                }
            }
        }
        sink(ReadItem::Record(self.at(line), record, self.format));
    }
}

/// Check the head of a (decompressed) stream for binary data, then hand it to the format
/// reader.
fn read_stream<R: Read>(
    mut reader: R,
    ctx: &Ctx,
    opts: &ReaderOptions,
    sink: &mut dyn FnMut(ReadItem),
) {
    if ctx.format == Format::Warc {
        // WARC payloads are often binary (images, PDFs); records are judged one by one.
        let stream = BufReader::with_capacity(BUFFER_BYTES, reader);
        return crate::warc::read(stream, ctx, sink);
    }
    let mut head = Vec::with_capacity(HEAD_BYTES as usize);
    if let Err(e) = (&mut reader).take(HEAD_BYTES).read_to_end(&mut head) {
        return sink(ReadItem::Error(ctx.io_error(e)));
    }
    if looks_binary(&head) {
        return sink(ReadItem::Error(IngestError::Binary {
            path: ctx.path.clone(),
        }));
    }
    let stream = BufReader::with_capacity(BUFFER_BYTES, io::Cursor::new(head).chain(reader));
    match ctx.format {
        Format::Text | Format::Markdown => text::read(stream, ctx, sink),
        Format::Jsonl => jsonl::read(stream, ctx, sink),
        Format::Csv => csv::read(stream, ctx, b',', &opts.columns, sink),
        Format::Tsv => csv::read(stream, ctx, b'\t', &opts.columns, sink),
        Format::Html => crate::html::read(stream, ctx, sink),
        Format::Feed => crate::feed::read(stream, ctx, sink),
        Format::Warc => crate::warc::read(stream, ctx, sink),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing() {
        assert_eq!(sniff_format(b"  \n{\"text\":\"x\"}"), Format::Jsonl);
        assert_eq!(sniff_format(b"\xEF\xBB\xBF{\"text\":\"x\"}"), Format::Jsonl);
        assert_eq!(sniff_format(b"The ministers met."), Format::Text);
        assert_eq!(sniff_format(b""), Format::Text);
        assert_eq!(sniff_format(b"[{\"text\":1}]"), Format::Text);
        assert_eq!(
            sniff_format(b"WARC/1.0\r\nWARC-Type: warcinfo"),
            Format::Warc
        );
        assert_eq!(
            sniff_format(b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">"),
            Format::Feed
        );
        assert_eq!(
            sniff_format(b"<?xml version=\"1.0\"?><!-- x --><feed xmlns=\"a\">"),
            Format::Feed
        );
        assert_eq!(sniff_format(b"<rdf:RDF xmlns:rdf=\"x\">"), Format::Feed);
        assert_eq!(
            sniff_format(b"<!DOCTYPE html>\n<html lang=en>"),
            Format::Html
        );
        assert_eq!(sniff_format(b"<html><body>x"), Format::Html);
        assert_eq!(sniff_format(b"<b>bold</b> text"), Format::Text);
    }

    #[test]
    fn binary_detection() {
        assert!(looks_binary(b"PK\x03\x04\x00\x00"));
        assert!(!looks_binary(
            "Putin’s visit – “historic”.\n\tIndented.\r\n".as_bytes()
        ));
        assert!(!looks_binary(b""));
        // Mostly invalid UTF-8 and control bytes.
        let noise: Vec<u8> = (0..200u8).map(|i| i.wrapping_mul(37) | 0x80).collect();
        assert!(looks_binary(&noise));
        let controls = [0x01u8, 0x02, 0x03, b'a', b'b', 0x04, 0x05, b'c', 0x06, 0x07];
        assert!(looks_binary(&controls));
        // A few Latin-1 bytes in otherwise ASCII text are not binary.
        let mut latin1 = b"Les ministres se sont r".to_vec();
        latin1.push(0xE9);
        latin1.extend_from_slice(b"unis hier soir a Geneve pour discuter.");
        assert!(!looks_binary(&latin1));
        // A multibyte character cut at the end of the sample is fine.
        let cut = "Pyongyang’".as_bytes();
        assert!(!looks_binary(&cut[..cut.len() - 1]));
    }
}
