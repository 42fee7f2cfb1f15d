//! The export's errors: each names what failed (the database, the file, the table line).

use std::path::PathBuf;

use annals_store::StoreError;

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Reading the store failed (the message names the database).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Writing an output failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory (`-` for standard output).
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The Parquet writer refused a row group or the file's footer.
    #[error("{}: Parquet: {source}", path.display())]
    Parquet {
        /// The file being written.
        path: PathBuf,
        /// The writer's error.
        source: parquet::errors::ParquetError,
    },
    /// A layout table (`gdelt.tsv`, `polecat.tsv`) is malformed.
    #[error("{file}:{line}:{key}: {detail}")]
    Layout {
        /// The table's file name.
        file: &'static str,
        /// 1-based line.
        line: usize,
        /// The offending cell.
        key: String,
        /// What is wrong with it.
        detail: String,
    },
    /// The options ask for something the export cannot do (the message says what).
    #[error("{0}")]
    Usage(String),
    /// A row did not fit its table's columns: a bug in this crate, reported, not panicked.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ExportError {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> ExportError {
        ExportError::Io {
            path: path.into(),
            source,
        }
    }
}
