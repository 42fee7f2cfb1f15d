//! Errors of the store. Every message starts with the database it concerns (its path, its
//! URL without the password, or `:memory:`).
//!
//! The database driver's own error (rusqlite's, postgres') is kept as the boxed `source`,
//! so callers see the driver's message without the driver's types in this crate's API.

/// The error a database driver reported, boxed so no driver type is part of the API.
pub type DriverError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// An error of a [`Store`](crate::Store) operation.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The database could not be opened, connected to or configured.
    #[error("{db}: cannot open database: {source}")]
    Open {
        db: String,
        #[source]
        source: DriverError,
    },

    /// A read-only open of a database that does not exist: read commands never create one.
    #[error(
        "{db}: database not found (read commands never create one: check the path or URL, \
         or run `annals ingest` first)"
    )]
    NotFound { db: String },

    /// The file or database is not an annals database (another program's SQLite file, or
    /// not SQLite at all); it was not modified.
    #[error("{db}: not an annals database ({detail}); it was left untouched")]
    NotAnnals { db: String, detail: String },

    /// A `--db` value that names no supported backend.
    #[error("{db}: unsupported database URL: {detail}")]
    BadUrl { db: String, detail: String },

    /// The database was written by a newer annals whose schema this binary does not know.
    #[error(
        "{db}: database schema version {found} is newer than this annals supports \
         (up to {supported}); use a newer annals to open it"
    )]
    NewerSchema {
        db: String,
        found: u32,
        supported: u32,
    },

    /// A read-only open of a database whose schema is older than this binary's, where the
    /// upgrade could not be written.
    #[error(
        "{db}: database schema version {found} is older than this annals needs ({supported}) \
         and cannot be upgraded read-only: {source}"
    )]
    OlderSchema {
        db: String,
        found: u32,
        supported: u32,
        #[source]
        source: DriverError,
    },

    /// A forward migration failed; it was rolled back and the schema is at the version
    /// before it.
    #[error("{db}: migration to schema version {version} ({name}) failed: {source}")]
    Migration {
        db: String,
        version: u32,
        name: &'static str,
        #[source]
        source: DriverError,
    },

    /// A database operation failed.
    #[error("{db}: {action}: {source}")]
    Database {
        db: String,
        /// What the store was doing, e.g. "insert batch".
        action: String,
        #[source]
        source: DriverError,
    },

    /// The disk (or the file system's quota) filled up while writing. The write's
    /// transaction was rolled back, so everything stored before is intact; running the
    /// same ingest again once space is freed stores the rest (already stored documents are
    /// skipped).
    #[error(
        "{db}: the disk is full ({action}); this batch was rolled back and what was stored \
         before is intact: free space and run the same command again"
    )]
    DiskFull {
        db: String,
        action: String,
        #[source]
        source: DriverError,
    },

    /// Stored rows that cannot be turned back into a document (edited by hand, or written
    /// by something else).
    #[error("{db}: document {doc_id}: stored data is inconsistent: {detail}")]
    Corrupt {
        db: String,
        doc_id: String,
        detail: String,
    },

    /// An id prefix matches more than one document.
    #[error(
        "{db}: id prefix {prefix:?} is ambiguous: it matches {}{}; give more characters",
        candidates.join(", "),
        if *more { " and more" } else { "" }
    )]
    AmbiguousId {
        db: String,
        prefix: String,
        /// The first few matching ids, in id order.
        candidates: Vec<String>,
        /// More ids match than `candidates` lists.
        more: bool,
    },

    /// A search query the backend could not parse, or one with no searchable word.
    #[error("{db}: cannot search for {query:?}: {message}")]
    BadQuery {
        db: String,
        query: String,
        message: String,
    },

    /// An event-page cursor this store did not hand out (or from another backend).
    #[error("{db}: invalid event cursor {cursor:?}")]
    BadCursor { db: String, cursor: String },

    /// A read-write open of a database that cannot be written where it is (a read-only
    /// file system, no write permission on the file or its directory, a missing
    /// directory): found when opening, before any work is done. `detail` says which and
    /// what to do, since SQLite's own message ("unable to open database file") says neither.
    #[error("{db}: cannot write the database: {detail}")]
    Unwritable { db: String, detail: String },

    /// A write on a store opened with [`Mode::ReadOnly`](crate::Mode::ReadOnly).
    #[error("{db}: the database was opened read-only")]
    ReadOnly { db: String },
}
