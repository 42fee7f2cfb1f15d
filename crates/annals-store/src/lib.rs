//! The annals store: documents, their sentences, actor mentions and coded events, with
//! full-text search, behind one [`Store`] trait with a SQLite and a PostgreSQL backend.
//!
//! [`open`] turns a `--db` value into a `Box<dyn Store>`: a file path opens SQLite
//! ([`SqliteStore`]), a `postgres://user@host/db` URL opens PostgreSQL. [`Mode::ReadOnly`]
//! never creates, migrates or writes a database.
//!
//! # Inserting
//!
//! [`Store::insert_analyzed`] writes a batch in one transaction and returns one
//! [`InsertOutcome`] per input document, in input order:
//!
//! * `New` — stored for the first time.
//! * `AlreadyPresent { existing_id }` — a document with the same id and content hash is
//!   stored; or the document's id is derived from its hash (see
//!   [`annals_core::doc_id_from_hash`]) and some stored document, under any id, has the same
//!   content hash. Nothing is written.
//! * `Updated` — a document with the same id but different content was stored; its text,
//!   removed lines, blocks, sentences and index entries are replaced. It keeps its place in
//!   ingest order.
//! * `Rejected { reason }` — the document failed validation (see [`DocumentError`]) or the
//!   database refused it; nothing of it was stored, and the rest of the batch is unaffected.
//!
//! An `Err` from an insert means the batch as a whole failed (disk full, database locked
//! beyond the busy timeout, connection lost, ...): the transaction is rolled back, nothing
//! of the batch is stored, and data stored earlier is untouched.
//!
//! # Schema
//!
//! Both backends store the same tables — `documents`, `removed_lines`, `blocks`,
//! `sentences`, `mentions`, `events`, `doc_signatures`, `lsh_bands` — with the same column
//! names, kinds and reasons as their text names, byte offsets as `start_byte`/`end_byte`,
//! so the data reads well from the sqlite3 shell, psql, DuckDB or Datasette. Each backend
//! has its own migrations (`src/sqlite/schema/`, `src/postgres/schema/`) and full-text
//! index (FTS5; `tsvector` with a GIN index).
//!
//! # Layout
//!
//! `store` (the trait, [`open`]), `model` (result types), `validate` and `dates` are
//! backend-neutral; everything that speaks SQL lives in `sqlite` or `postgres`.

mod dates;
mod error;
mod event_order;
mod event_sql;
mod model;
mod postgres;
mod rows;
mod sqlite;
mod store;
mod validate;

pub use dates::date_bounds;
pub use error::{DriverError, StoreError};
pub use model::{
    Analysis, DocSummary, EventListing, EventOrder, EventPage, EventQuery, InsertOutcome,
    SearchHit, StoredMention,
};
pub use postgres::PgStore;
pub use sqlite::SqliteStore;
pub use store::{is_postgres_url, open, Database, Mode, Store};
pub use validate::{validate_document, DocumentError, SpanProblem};

/// Test support: open a database with only its backend's first `version` migrations, to
/// test upgrades from an older schema. Not for use outside tests.
#[doc(hidden)]
pub fn open_at_version(url: &str, version: u32) -> Result<Box<dyn Store>, StoreError> {
    if is_postgres_url(url) {
        Ok(Box::new(PgStore::connect_at_version(url, version)?))
    } else {
        Ok(Box::new(SqliteStore::open_at_version(
            std::path::Path::new(url),
            version,
        )?))
    }
}
