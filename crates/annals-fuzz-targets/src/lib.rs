//! The bodies of the annals fuzz targets, in one place so that the cargo-fuzz crate
//! (`fuzz/`, nightly only) and the replay test of the saved corpus (`tests/replay.rs`,
//! stable, run in CI) execute the very same code.
//!
//! Every target takes arbitrary bytes, runs one reader or stage the way the ingest
//! pipeline does, and asserts the invariants that are cheap to check: no panic, every
//! offset inside the text and on a `char` boundary, spans in order, a parse that is a
//! tree. A broken invariant panics with a message naming it, which is what a fuzzer
//! reports as a crash; these functions are test harnesses, not library code for
//! production input.
//!
//! Stages that need a model (the parser, the event coder) load the built-in one once per
//! process ([`std::sync::OnceLock`]), so a fuzzer's executions pay only for the input.

mod check;
mod nlp;
mod readers;
mod search;
mod stages;

pub use nlp::{parser, splitter, tokenizer};
pub use readers::{csv, feed, gzip, html, jsonl, text, warc};
pub use search::fts_query;
pub use stages::{actors, coder, dates, quantities};

/// One fuzz target: its name (the file name under `fuzz/fuzz_targets/` and the directory
/// under `fuzz/regressions/`) and its body.
pub type Target = (&'static str, fn(&[u8]));

/// Every target, in the order the README's table lists them.
pub const TARGETS: &[Target] = &[
    ("read_text", text),
    ("read_jsonl", jsonl),
    ("read_csv", csv),
    ("read_html", html),
    ("read_feed", feed),
    ("read_warc", warc),
    ("read_gzip", gzip),
    ("tokenizer", tokenizer),
    ("splitter", splitter),
    ("parser", parser),
    ("actors", actors),
    ("coder", coder),
    ("dates", dates),
    ("quantities", quantities),
    ("fts_query", fts_query),
];
