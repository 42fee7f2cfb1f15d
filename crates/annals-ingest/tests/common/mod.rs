//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};

use annals_core::{Document, InputRecord, SourceRef};
use annals_ingest::{
    prepare_document, read_input, read_reader, Format, Input, ReadItem, ReaderOptions,
};

/// Everything one input produced, in order.
#[derive(Debug, Default)]
pub struct Outcome {
    pub records: Vec<(SourceRef, InputRecord, Format)>,
    pub warnings: Vec<String>,
    pub errors: Vec<String>,
}

impl Outcome {
    fn push(&mut self, item: ReadItem) {
        match item {
            ReadItem::Record(source, record, format) => self.records.push((source, record, format)),
            ReadItem::Warning(w) => self.warnings.push(w.to_string()),
            ReadItem::Error(e) => self.errors.push(e.to_string()),
        }
    }

    pub fn texts(&self) -> Vec<&str> {
        self.records
            .iter()
            .map(|(_, r, _)| r.text.as_str())
            .collect()
    }

    pub fn sources(&self) -> Vec<String> {
        self.records.iter().map(|(s, _, _)| s.to_string()).collect()
    }

    /// Prepare every record; errors as their messages.
    pub fn documents(&self) -> Vec<Result<Document, String>> {
        self.records
            .iter()
            .map(|(s, r, f)| prepare_document(r.clone(), s, *f).map_err(|e| e.to_string()))
            .collect()
    }
}

pub fn read_path(path: &Path, opts: &ReaderOptions) -> Outcome {
    let mut out = Outcome::default();
    read_input(&Input::Path(path.to_path_buf()), opts, &mut |item| {
        out.push(item)
    });
    out
}

pub fn read_named(name: &str, bytes: &[u8], opts: &ReaderOptions) -> Outcome {
    let mut out = Outcome::default();
    read_reader(name, bytes, opts, &mut |item| out.push(item));
    out
}

pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("mkdir: {e}"));
    }
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    path
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes)
        .and_then(|()| enc.finish())
        .unwrap_or_else(|e| panic!("gzip: {e}"))
}

pub fn opts() -> ReaderOptions {
    ReaderOptions::default()
}
