//! The annals store: documents, their sentences and a full-text index, in SQLite.
//!
//! [`Store`] is the whole interface: open a database (creating it and applying forward
//! migrations), insert batches of [`annals_core::Document`]s, list and fetch them, resolve
//! id prefixes, and search sentence text.
//!
//! # Inserting
//!
//! [`Store::insert_documents`] writes a batch in one transaction and returns one
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
//! A document the database refuses (a constraint violation) is undone on its own: the batch
//! is then rewritten with a savepoint per document. An `Err` from `insert_documents` means
//! the batch as a whole failed (disk full, database locked beyond the busy timeout, ...): the
//! transaction is rolled back, nothing of the batch is stored, and data stored earlier is
//! untouched.
//!
//! # Schema
//!
//! `documents`, `removed_lines`, `blocks`, `sentences` and the FTS5 table `sentences_fts`;
//! see `src/sqlite/schema/0001_init.sql`. Kinds and reasons are stored as their text names
//! and byte offsets as `start_byte`/`end_byte`, so the file reads well in the sqlite3 shell
//! or Datasette. The schema version is `PRAGMA user_version`.
//!
//! # Searching
//!
//! See [`Store::search`] for how a query is read (plain words versus FTS5 syntax).
//!
//! # Layout
//!
//! Everything that speaks SQLite lives in the `sqlite` module (connection, migrations, SQL,
//! FTS5 query rewriting); validation and the result types here are backend-neutral, so a
//! PostgreSQL backend can sit beside it later.

mod error;
mod model;
mod sqlite;
mod validate;

pub use error::StoreError;
pub use model::{DocSummary, InsertOutcome, SearchHit};
pub use sqlite::{date_bounds, Analysis, EventQuery, Store, StoredMention};
pub use validate::{validate_document, DocumentError, SpanProblem};
