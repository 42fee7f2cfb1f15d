//! Errors of the store. Every message starts with the database it concerns (its path, or
//! `:memory:`).

/// An error of a [`Store`](crate::Store) operation.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The database file could not be opened or configured.
    #[error("{db}: cannot open database: {source}")]
    Open {
        db: String,
        #[source]
        source: rusqlite::Error,
    },

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

    /// A forward migration failed; it was rolled back and the schema is at the version
    /// before it.
    #[error("{db}: migration to schema version {version} ({name}) failed: {source}")]
    Migration {
        db: String,
        version: u32,
        name: &'static str,
        #[source]
        source: rusqlite::Error,
    },

    /// A database operation failed.
    #[error("{db}: {action}: {source}")]
    Sqlite {
        db: String,
        /// What the store was doing, e.g. "insert batch".
        action: String,
        #[source]
        source: rusqlite::Error,
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

    /// A search query FTS5 could not parse, or one with no searchable word.
    #[error("{db}: cannot search for {query:?}: {message}")]
    BadQuery {
        db: String,
        query: String,
        message: String,
    },
}
