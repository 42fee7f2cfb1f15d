//! WARC files written by the test: HTML responses become articles, everything else is
//! skipped and counted, damaged records are named errors and reading resyncs.

mod common;

use std::io::Write;

use annals_ingest::{Format, ReaderOptions};
use common::{gzip, opts, read_named, read_path, write};

fn article(title: &str, place: &str) -> String {
    let mut body = format!("<html><head><title>{title}</title></head><body><nav><a href=/>Home</a></nav><article><h1>{title}</h1>");
    for i in 0..5 {
        body.push_str(&format!(
            "<p>Report {i}: officials in {place} said on Monday that the harbour would stay open through the winter season.</p>"
        ));
    }
    body.push_str("</article><footer>All rights reserved.</footer></body></html>");
    body
}

fn http(status: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut block = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    block.extend_from_slice(body);
    block
}

fn record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2025-03-14T10:00:00Z\r\n\
         WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000000>\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn response(uri: &str, block: &[u8]) -> Vec<u8> {
    record("response", uri, "application/http; msgtype=response", block)
}

/// A crawl: warcinfo, request, HTML response, image, redirect, metadata, HTML response.
fn crawl() -> Vec<Vec<u8>> {
    vec![
        record(
            "warcinfo",
            "",
            "application/warc-fields",
            b"software: test\r\n",
        ),
        record(
            "request",
            "https://news.example.org/a",
            "application/http; msgtype=request",
            b"GET /a HTTP/1.1\r\n\r\n",
        ),
        response(
            "https://news.example.org/a",
            &http(
                "200 OK",
                "text/html; charset=utf-8",
                article("Harbour stays open", "Kelby").as_bytes(),
            ),
        ),
        response(
            "https://news.example.org/logo.png",
            &http(
                "200 OK",
                "image/png",
                b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
            ),
        ),
        response(
            "https://news.example.org/old",
            &http(
                "301 Moved Permanently",
                "text/html",
                b"<a href=/a>moved</a>",
            ),
        ),
        record(
            "metadata",
            "https://news.example.org/a",
            "application/warc-fields",
            b"fetchTimeMs: 12\r\n",
        ),
        response(
            "https://news.example.org/b",
            &http(
                "200 OK",
                "text/html",
                article("Ferries resume", "Vestmark").as_bytes(),
            ),
        ),
    ]
}

#[test]
fn gzipped_warc_per_record_members() {
    let gz: Vec<u8> = crawl().iter().flat_map(|r| gzip(r)).collect();
    let dir = tempfile::tempdir().unwrap();
    let out = read_path(&write(dir.path(), "crawl.warc.gz", &gz), &opts());
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(out.records.len(), 2);
    let (source, first, format) = &out.records[0];
    assert_eq!(*format, Format::Warc);
    assert!(source.to_string().ends_with("crawl.warc.gz:3"), "{source}");
    assert_eq!(first.url.as_deref(), Some("https://news.example.org/a"));
    assert_eq!(first.title.as_deref(), Some("Harbour stays open"));
    // No date in the page: the WARC date stands in.
    assert_eq!(first.published.as_deref(), Some("2025-03-14T10:00:00Z"));
    assert!(first.text.contains("officials in Kelby said on Monday"));
    assert!(!first.text.contains("All rights reserved"));
    assert!(out.records[1].1.text.contains("officials in Vestmark"));
    assert_eq!(
        out.warnings,
        [format!(
            "{}: skipped 5 WARC records (1 metadata, 1 non-2xx response, 1 non-HTML response, 1 request, 1 warcinfo)",
            dir.path().join("crawl.warc.gz").display()
        )]
    );
}

#[test]
fn plain_warc_is_sniffed_from_stdin() {
    let warc: Vec<u8> = crawl().concat();
    let out = read_named("-", &warc, &opts());
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(out.records.len(), 2);
    assert_eq!(out.records[1].0.to_string(), "-:7");
}

#[test]
fn bad_headers_and_lengths_resync() {
    let mut records = crawl();
    // Record 2: a header line without a colon.
    records[1] = b"WARC/1.0\r\nWARC-Type request\r\nContent-Length: 3\r\n\r\nabc\r\n\r\n".to_vec();
    // Record 4: a Content-Length that is not a number.
    records[3] =
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: lots\r\n\r\nxyz\r\n\r\n".to_vec();
    // Record 5: Content-Length too short, so the reader lands inside the block.
    records[4] = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http\r\nContent-Length: 5\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<p>moved</p>\r\n\r\n".to_vec();
    let warc = records.concat();
    let out = read_named("damaged.warc", &warc, &opts());
    assert_eq!(out.records.len(), 2, "{:?}", out.errors);
    assert!(
        out.errors
            .iter()
            .any(|e| e.starts_with("damaged.warc: WARC record 2: header line without a colon")),
        "{:?}",
        out.errors
    );
    assert!(
        out.errors
            .iter()
            .any(|e| e.starts_with("damaged.warc: WARC record 4: bad Content-Length \"lots\"")),
        "{:?}",
        out.errors
    );
    assert!(
        out.errors.iter().any(|e| e
            .starts_with("damaged.warc: WARC record 5: response block is not an HTTP response")),
        "{:?}",
        out.errors
    );
    assert!(
        out.errors.iter().any(
            |e| e.starts_with("damaged.warc: WARC record 6: not a WARC header: \"1.1 200 OK\"")
        ),
        "{:?}",
        out.errors
    );
    assert_eq!(out.errors.len(), 4, "{:?}", out.errors);
    assert!(
        out.errors
            .iter()
            .all(|e| e.starts_with("damaged.warc: WARC record ")),
        "{:?}",
        out.errors
    );
    assert!(out.records[1].1.text.contains("officials in Vestmark"));
}

#[test]
fn truncated_input_ends_with_an_error() {
    let records = crawl();
    let mut warc: Vec<u8> = records[..3].concat();
    let last = &records[6];
    warc.extend_from_slice(&last[..last.len() / 2]);
    let out = read_named("cut.warc", &warc, &opts());
    assert_eq!(out.records.len(), 1);
    assert_eq!(out.errors.len(), 1, "{:?}", out.errors);
    assert!(
        out.errors[0].starts_with("cut.warc: WARC record 4: truncated"),
        "{:?}",
        out.errors
    );
    // Truncated gzip: the records before the damage are kept.
    let gz: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
    let cut = &gz[..gz.len() - 40];
    let out = read_named("cut.warc.gz", cut, &opts());
    assert_eq!(out.records.len(), 1);
    assert_eq!(out.errors.len(), 1, "{:?}", out.errors);
    assert!(
        out.errors[0].contains("corrupt or truncated gzip"),
        "{:?}",
        out.errors
    );
}

#[test]
fn oversized_records_are_skipped_without_loading() {
    let big = article("Big page", &"Kelby ".repeat(40_000));
    let mut warc = response(
        "https://news.example.org/big",
        &http("200 OK", "text/html", big.as_bytes()),
    );
    warc.extend(crawl().concat());
    let limited = ReaderOptions {
        max_doc_bytes: 100_000,
        ..opts()
    };
    let out = read_named("big.warc", &warc, &limited);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(out.records.len(), 2);
    assert!(
        out.warnings[0].contains("1 oversized response"),
        "{:?}",
        out.warnings
    );
}

#[test]
fn not_a_warc_at_all() {
    let mut noise = Vec::new();
    for i in 0..2000u32 {
        writeln!(noise, "line {i} of something else").unwrap();
    }
    let out = read_named("notes.warc", &noise, &opts());
    assert!(out.records.is_empty());
    assert_eq!(out.errors.len(), 1);
    assert!(
        out.errors[0].starts_with("notes.warc: WARC record 1: not a WARC header"),
        "{:?}",
        out.errors
    );
}
