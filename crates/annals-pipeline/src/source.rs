//! Reading inputs for the engine: cancellable reading of one input, and a plain loop over
//! the documents of many (for commands that analyse without storing).

use std::fs::File;

use annals_core::Document;
use annals_ingest::{Format, Input, ReadItem, ReaderOptions};

use crate::cancel::{CancelToken, CancellableRead};
use crate::observer::{Observer, Severity};

/// Read `input` as `annals_ingest::read_input` does, except that once `token` is
/// cancelled the input ends at the reader's next refill: a multi-gigabyte JSONL, CSV or
/// WARC file is not read on to its end after ctrl-C.
///
/// Plain text and Markdown files (one document each), inputs whose format is unknown and
/// files that cannot be opened go to `read_input` unchanged, so their checks and error
/// messages are the readers' own.
pub fn read_input_until(
    input: &Input,
    opts: &ReaderOptions,
    token: &CancelToken,
    sink: &mut dyn FnMut(ReadItem),
) {
    let path = match input {
        Input::Stdin => {
            let inner = std::io::stdin().lock();
            let token = token.clone();
            return annals_ingest::read_reader("-", CancellableRead { inner, token }, opts, sink);
        }
        Input::Path(path) => path,
    };
    let format = opts.format.or(Format::from_path(path).map(|(f, _)| f));
    let streamed = format.filter(|f| !matches!(f, Format::Text | Format::Markdown));
    let file = streamed.and_then(|_| File::open(path).ok());
    let is_file = file
        .as_ref()
        .and_then(|f| f.metadata().ok())
        .is_some_and(|m| !m.is_dir());
    match (file, is_file) {
        (Some(inner), true) => {
            let opts = ReaderOptions {
                format: streamed,
                ..opts.clone()
            };
            let token = token.clone();
            let name = path.display().to_string();
            annals_ingest::read_reader(&name, CancellableRead { inner, token }, &opts, sink);
        }
        _ => annals_ingest::read_input(input, opts, sink),
    }
}

/// Documents read and problems met by [`read_documents`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadCounts {
    /// Documents handed on.
    pub documents: usize,
    /// Inputs or records that could not be read (reported as errors).
    pub failed: usize,
    /// Problems that did not stop a record (reported as warnings).
    pub warnings: usize,
}

/// Read every document of `paths` (files, directories, glob patterns, `-` for stdin),
/// cleaned and ready for [`Analyzer::analyze`](crate::Analyzer::analyze), and hand each to
/// `each`, in input order. Problems go to `observer` and are counted. The first error
/// `each` returns stops the reading and is returned.
pub fn read_documents<E>(
    paths: &[String],
    opts: &ReaderOptions,
    observer: &dyn Observer,
    mut each: impl FnMut(Document) -> Result<(), E>,
) -> Result<ReadCounts, E> {
    let (inputs, errors) = annals_ingest::expand_inputs(paths);
    let mut counts = ReadCounts {
        failed: errors.len(),
        ..ReadCounts::default()
    };
    for e in errors {
        observer.problem(Severity::Error, &e.to_string());
    }
    let stop = CancelToken::new();
    let mut result = Ok(());
    for input in &inputs {
        read_input_until(input, opts, &stop, &mut |item| {
            if result.is_err() {
                return;
            }
            match item {
                ReadItem::Record(source, record, format) => {
                    match annals_ingest::prepare_document(record, &source, format) {
                        Ok(doc) => {
                            counts.documents += 1;
                            result = each(doc);
                            if result.is_err() {
                                stop.cancel();
                            }
                        }
                        Err(e) => {
                            counts.failed += 1;
                            observer.problem(Severity::Error, &e.to_string());
                        }
                    }
                }
                ReadItem::Warning(w) => {
                    counts.warnings += 1;
                    observer.problem(Severity::Warning, &w.to_string());
                }
                ReadItem::Error(e) => {
                    counts.failed += 1;
                    observer.problem(Severity::Error, &e.to_string());
                }
            }
        });
        std::mem::replace(&mut result, Ok(()))?;
    }
    Ok(counts)
}
