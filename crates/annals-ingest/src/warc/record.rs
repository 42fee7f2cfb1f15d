//! WARC record headers and the HTTP response inside a `response` record.

use std::io::{self, BufRead, Read};

/// Longest header line read; a longer one means we are not looking at WARC headers.
pub(super) const MAX_HEADER_LINE: usize = 64 * 1024;
/// Most header lines in one record.
const MAX_HEADER_LINES: usize = 1_000;

/// The named WARC headers a reader needs; names compared case-insensitively.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct WarcHeader {
    pub version: String,
    pub record_type: Option<String>,
    pub target_uri: Option<String>,
    pub date: Option<String>,
    pub content_type: Option<String>,
    pub content_length: Option<u64>,
}

/// Why a header could not be read.
#[derive(Debug)]
pub(super) enum HeaderError {
    Io(io::Error),
    /// Not a WARC header; the offending (first) line, shortened.
    NotWarc(String),
    Malformed(String),
}

/// Read one line of at most `limit` bytes (without the line end). `Ok(None)` at end of
/// input; a longer line is consumed and returned as `Err(len)` via `Ok(Some(Err(..)))`.
pub(super) fn read_line<R: BufRead>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    limit: usize,
) -> io::Result<Option<Result<(), usize>>> {
    buf.clear();
    let mut total = 0usize;
    let mut any = false;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(if any {
                Some(finish(buf, total, limit))
            } else {
                None
            });
        }
        any = true;
        let (take, done) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        total += take;
        if buf.len() < limit + 2 {
            let room = (limit + 2 - buf.len()).min(take);
            buf.extend_from_slice(chunk.get(..room).unwrap_or(&[]));
        }
        reader.consume(take);
        if done {
            return Ok(Some(finish(buf, total, limit)));
        }
    }
}

fn finish(buf: &mut Vec<u8>, total: usize, limit: usize) -> Result<(), usize> {
    while matches!(buf.last(), Some(b'\n' | b'\r')) {
        buf.pop();
    }
    if total > limit + 2 {
        Err(total)
    } else {
        Ok(())
    }
}

/// Read a record header. Leading blank lines (the end of the previous record) are skipped.
/// `Ok(None)` at a clean end of input.
/// `first` is a `WARC/1.` line already read by a resync.
pub(super) fn read_header<R: BufRead>(
    reader: &mut R,
    first: Option<String>,
) -> Result<Option<WarcHeader>, HeaderError> {
    let mut line = Vec::new();
    let first = if let Some(first) = first {
        first
    } else {
        loop {
            match read_line(reader, &mut line, MAX_HEADER_LINE).map_err(HeaderError::Io)? {
                None => return Ok(None),
                Some(Err(len)) => return Err(HeaderError::NotWarc(format!("a {len}-byte line"))),
                Some(Ok(())) if line.is_empty() => continue,
                Some(Ok(())) => break String::from_utf8_lossy(&line).into_owned(),
            }
        }
    };
    if !first.starts_with("WARC/1.") {
        return Err(HeaderError::NotWarc(format!("{:?}", shorten(&first))));
    }
    let mut header = WarcHeader {
        version: first.trim().to_owned(),
        ..Default::default()
    };
    for _ in 0..MAX_HEADER_LINES {
        match read_line(reader, &mut line, MAX_HEADER_LINE).map_err(HeaderError::Io)? {
            None => {
                return Err(HeaderError::Malformed(
                    "input ends inside the header".into(),
                ))
            }
            Some(Err(len)) => {
                return Err(HeaderError::Malformed(format!("{len}-byte header line")))
            }
            Some(Ok(())) if line.is_empty() => {
                if header.content_length.is_none() {
                    return Err(HeaderError::Malformed("no Content-Length".into()));
                }
                return Ok(Some(header));
            }
            Some(Ok(())) => {
                let text = String::from_utf8_lossy(&line);
                // Continuation lines (leading space or tab) extend fields we do not use.
                if text.starts_with([' ', '\t']) {
                    continue;
                }
                let Some((name, value)) = text.split_once(':') else {
                    return Err(HeaderError::Malformed(format!(
                        "header line without a colon: {}",
                        shorten(&text)
                    )));
                };
                let value = value.trim().to_owned();
                match name.trim().to_ascii_lowercase().as_str() {
                    "warc-type" => header.record_type = Some(value),
                    "warc-target-uri" => {
                        header.target_uri = Some(value.trim_matches(['<', '>']).to_owned())
                    }
                    "warc-date" => header.date = Some(value),
                    "content-type" => header.content_type = Some(value),
                    "content-length" => match value.parse::<u64>() {
                        Ok(n) => header.content_length = Some(n),
                        Err(_) => {
                            return Err(HeaderError::Malformed(format!(
                                "bad Content-Length {:?}",
                                shorten(&value)
                            )))
                        }
                    },
                    _ => {}
                }
            }
        }
    }
    Err(HeaderError::Malformed(format!(
        "more than {MAX_HEADER_LINES} header lines"
    )))
}

pub(super) fn shorten(s: &str) -> String {
    let s = s.trim();
    match s.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", s.get(..i).unwrap_or("")),
        None => s.to_owned(),
    }
}

/// The parts of an HTTP response a reader needs.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct HttpResponse {
    pub status: u16,
    pub content_type: Option<String>,
    pub content_encoding: Option<String>,
    pub chunked: bool,
    pub body: Vec<u8>,
}

/// Split an HTTP response block into status, headers and body. `None` when the block does
/// not start with an HTTP status line or has no end of headers.
pub(super) fn parse_http(block: Vec<u8>) -> Option<HttpResponse> {
    let end = memchr::memmem::find(&block, b"\r\n\r\n")
        .map(|i| (i, i + 4))
        .or_else(|| memchr::memmem::find(&block, b"\n\n").map(|i| (i, i + 2)))?;
    let head = String::from_utf8_lossy(block.get(..end.0)?).into_owned();
    let mut lines = head.lines();
    let status_line = lines.next()?;
    if !status_line.starts_with("HTTP/") {
        return None;
    }
    let status = status_line.split_whitespace().nth(1)?.parse().ok()?;
    let mut response = HttpResponse {
        status,
        ..Default::default()
    };
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().to_ascii_lowercase();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-type" => response.content_type = Some(value),
            "content-encoding" => response.content_encoding = Some(value),
            "transfer-encoding" => response.chunked = value.contains("chunked"),
            _ => {}
        }
    }
    let mut body = block;
    body.drain(..end.1);
    response.body = body;
    Some(response)
}

/// Undo chunked transfer coding; `None` when the chunks are malformed.
pub(super) fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    loop {
        let nl = memchr::memchr(b'\n', rest)?;
        let size_line = std::str::from_utf8(rest.get(..nl)?).ok()?;
        let size_hex = size_line.split(';').next()?.trim();
        let size = usize::from_str_radix(size_hex, 16).ok()?;
        rest = rest.get(nl + 1..)?;
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size..)?;
        rest = rest
            .strip_prefix(b"\r\n")
            .or_else(|| rest.strip_prefix(b"\n"))?;
    }
}

/// Undo gzip or deflate content coding, reading at most `limit` bytes of output.
pub(super) fn decode_content(body: Vec<u8>, encoding: Option<&str>, limit: u64) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    match encoding.map(str::trim) {
        None | Some("") | Some("identity") => return Some(body),
        Some("gzip") | Some("x-gzip") => flate2::read::MultiGzDecoder::new(body.as_slice())
            .take(limit)
            .read_to_end(&mut out)
            .ok()?,
        Some("deflate") => flate2::read::ZlibDecoder::new(body.as_slice())
            .take(limit)
            .read_to_end(&mut out)
            .ok()?,
        Some(_) => return None,
    };
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_fields() {
        let text = "\r\nWARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: <https://ex.org/a>\r\n\
                    WARC-Date: 2024-06-19T10:00:00Z\r\nContent-Length: 12\r\n\r\nbody";
        let mut r = io::Cursor::new(text.as_bytes());
        let h = read_header(&mut r, None).unwrap().unwrap();
        assert_eq!(h.record_type.as_deref(), Some("response"));
        assert_eq!(h.target_uri.as_deref(), Some("https://ex.org/a"));
        assert_eq!(h.content_length, Some(12));
        let mut rest = String::new();
        r.read_to_string(&mut rest).unwrap();
        assert_eq!(rest, "body");
    }

    #[test]
    fn bad_headers() {
        let cases = [
            ("HTTP/1.1 200 OK\r\n\r\n", "not"),
            (
                "WARC/1.0\r\nContent-Length: x\r\n\r\n",
                "bad Content-Length",
            ),
            (
                "WARC/1.0\r\nWARC-Type: response\r\n\r\n",
                "no Content-Length",
            ),
            ("WARC/1.0\r\nWARC-Type: response\r\n", "ends inside"),
        ];
        for (text, want) in cases {
            let mut r = io::Cursor::new(text.as_bytes());
            match read_header(&mut r, None) {
                Err(HeaderError::NotWarc(_)) => assert_eq!(want, "not"),
                Err(HeaderError::Malformed(m)) => assert!(m.contains(want), "{m}"),
                other => panic!("{text:?}: {other:?}"),
            }
        }
        assert!(read_header(&mut io::Cursor::new(b"\r\n\r\n"), None)
            .unwrap()
            .is_none());
    }

    #[test]
    fn long_lines_are_bounded() {
        let line = vec![b'a'; MAX_HEADER_LINE * 3];
        let mut r = io::Cursor::new(line);
        let mut buf = Vec::new();
        assert_eq!(
            read_line(&mut r, &mut buf, MAX_HEADER_LINE).unwrap(),
            Some(Err(MAX_HEADER_LINE * 3))
        );
        assert!(buf.len() <= MAX_HEADER_LINE + 2);
    }

    #[test]
    fn http_parts_and_chunks() {
        let block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\n\
                      Transfer-Encoding: chunked\r\n\r\n5\r\nHello\r\n6\r\n world\r\n0\r\n\r\n"
            .to_vec();
        let r = parse_http(block).unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(r.content_type.as_deref(), Some("text/html; charset=utf-8"));
        assert!(r.chunked);
        assert_eq!(dechunk(&r.body).unwrap(), b"Hello world");
        assert!(dechunk(b"zz\r\nabc").is_none());
        assert!(parse_http(b"GET / HTTP/1.1\r\n\r\n".to_vec()).is_none());
    }
}
