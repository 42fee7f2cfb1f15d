//! The SQLite backend: connection set-up, migrations, reads, writes and search.

mod analysis;
mod events;
mod fts_query;
mod mentions;
mod migrate;
mod read;
mod search;
mod stories;
mod write;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;

use crate::error::StoreError;

pub use analysis::Analysis;
pub use events::{date_bounds, EventQuery};
pub use mentions::StoredMention;

use migrate::MIGRATIONS;

/// How long a statement waits for another connection's write lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// SQLite page cache per connection, in KiB (64 MiB).
const PAGE_CACHE_KIB: i64 = 64 * 1024;

/// WAL pages after which a commit copies the log into the database (SQLite's default is
/// 1000, about 4 MB). Ingest rewrites the same index pages batch after batch; each
/// checkpoint copies them into the database file again and syncs it, so checkpointing a
/// tenth as often saved about 6% of the ingest writer's CPU (0.80 → 0.74 ms a document,
/// 5,000-document bench). The cost: the WAL file grows to about 40 MB between checkpoints,
/// and readers search a longer log.
const WAL_CHECKPOINT_PAGES: i64 = 10_000;

/// Prepared statements kept per connection; comfortably more than the store uses.
const STATEMENT_CACHE: usize = 64;

/// An open annals database.
///
/// One `Store` is one SQLite connection: use one per thread. Any number of stores (in this
/// or other processes) may read the same file while one of them writes (WAL mode); writers
/// take turns, waiting up to a busy timeout for each other.
pub struct Store {
    conn: Connection,
    /// Path of the database file; `None` for an in-memory database.
    path: Option<PathBuf>,
    /// How the database is named in error messages.
    db: String,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("db", &self.db).finish()
    }
}

impl Store {
    /// Open (creating if missing) the database at `path` and bring its schema up to date.
    ///
    /// Sets WAL journaling, `foreign_keys=ON`, `synchronous=NORMAL` and a busy timeout.
    /// A database whose schema is newer than this binary knows is refused with
    /// [`StoreError::NewerSchema`] and left untouched.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let db = path.display().to_string();
        let conn = Connection::open(path).map_err(|source| StoreError::Open {
            db: db.clone(),
            source,
        })?;
        Store::configure(conn, Some(path.to_path_buf()), db, MIGRATIONS)
    }

    /// A private, empty in-memory database (for tests and one-off runs).
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let db = ":memory:".to_owned();
        let conn = Connection::open_in_memory().map_err(|source| StoreError::Open {
            db: db.clone(),
            source,
        })?;
        Store::configure(conn, None, db, MIGRATIONS)
    }

    fn configure(
        conn: Connection,
        path: Option<PathBuf>,
        db: String,
        migrations: &[migrate::Migration],
    ) -> Result<Store, StoreError> {
        let open_err = |source| StoreError::Open {
            db: db.clone(),
            source,
        };
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;
        // journal_mode answers with the mode in effect ("memory" for in-memory databases).
        let _mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
            .map_err(open_err)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(open_err)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(open_err)?;
        // A page cache of PAGE_CACHE_KIB (negative = KiB): ingest rewrites the same index
        // pages (full-text segments, LSH bands) batch after batch, and the 2 MB default
        // sends most of those reads to the file system.
        conn.pragma_update(None, "cache_size", -PAGE_CACHE_KIB)
            .map_err(open_err)?;
        conn.pragma_update(None, "wal_autocheckpoint", WAL_CHECKPOINT_PAGES)
            .map_err(open_err)?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        let mut store = Store { conn, path, db };
        migrate::apply(&mut store.conn, &store.db, migrations)?;
        Ok(store)
    }

    /// The schema version of the database (`PRAGMA user_version`): the number of
    /// migrations applied.
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        migrate::user_version(&self.conn)
            .map_err(|source| self.sql_err("read schema version", source))
    }

    /// Path of the database file (`None` for an in-memory database).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    fn sql_err(&self, action: impl Into<String>, source: rusqlite::Error) -> StoreError {
        StoreError::Sqlite {
            db: self.db.clone(),
            action: action.into(),
            source,
        }
    }

    fn corrupt(&self, doc_id: &str, detail: impl Into<String>) -> StoreError {
        StoreError::Corrupt {
            db: self.db.clone(),
            doc_id: doc_id.to_owned(),
            detail: detail.into(),
        }
    }
}

/// Bind a count or offset: SQLite integers are i64.
fn to_sql_int(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}
