//! The SQLite backend: connection set-up, migrations, reads, writes and search.

mod analysis;
mod events;
pub(crate) mod fts_query;
mod kinds;
mod mentions;
mod migrate;
mod raw_delta;
mod raw_text;
mod read;
mod record;
mod search;
mod stories;
mod story_writes;
mod write;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;

use crate::error::StoreError;
use crate::store::Mode;

mod open;
mod trait_impl;

use migrate::MIGRATIONS;
use open::{check_annals, open_err, open_read_only, unwritable, unwritable_detail};

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

/// An open annals SQLite database.
///
/// One `SqliteStore` is one SQLite connection: use one per thread. Any number of stores (in
/// this or other processes) may read the same file while one of them writes (WAL mode);
/// writers take turns, waiting up to a busy timeout for each other.
pub struct SqliteStore {
    conn: Connection,
    /// Path of the database file; `None` for an in-memory database.
    path: Option<PathBuf>,
    /// How the database is named in error messages.
    db: String,
    mode: Mode,
    /// Declared after `conn`, so it runs once the connection is closed.
    _cleanup: Option<open::WalCleanup>,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore").field("db", &self.db).finish()
    }
}

impl SqliteStore {
    /// Open (creating if missing) the database at `path` and bring its schema up to date:
    /// [`open_mode`](Self::open_mode) with [`Mode::ReadWrite`].
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        SqliteStore::open_mode(path, Mode::ReadWrite)
    }

    /// Open the database at `path`.
    ///
    /// [`Mode::ReadWrite`] creates a missing file, sets WAL journaling, `foreign_keys=ON`,
    /// `synchronous=NORMAL` and a busy timeout, and applies forward migrations.
    /// [`Mode::ReadOnly`] refuses a missing file ([`StoreError::NotFound`]) and opens it
    /// with `mode=ro`; if the directory cannot be written (so no `-shm` file can be made,
    /// and no writer can be active) it opens it `immutable`. An older schema is upgraded
    /// first through a short read-write connection when the file is writable.
    ///
    /// In both modes a file that is not an annals database (not SQLite, or SQLite with
    /// tables but no annals schema version) is refused with [`StoreError::NotAnnals`], and
    /// one with a newer schema with [`StoreError::NewerSchema`], before anything is written.
    pub fn open_mode(path: &Path, mode: Mode) -> Result<SqliteStore, StoreError> {
        SqliteStore::open_with(path, mode, MIGRATIONS)
    }

    /// A database with only the first `version` migrations (tests of upgrades).
    #[doc(hidden)]
    pub fn open_at_version(path: &Path, version: u32) -> Result<SqliteStore, StoreError> {
        let n = usize::try_from(version)
            .unwrap_or(usize::MAX)
            .min(MIGRATIONS.len());
        SqliteStore::open_with(path, Mode::ReadWrite, &MIGRATIONS[..n])
    }

    fn open_with(
        path: &Path,
        mode: Mode,
        migrations: &[migrate::Migration],
    ) -> Result<SqliteStore, StoreError> {
        let db = path.display().to_string();
        match mode {
            Mode::ReadWrite => {
                let conn = Connection::open(path).map_err(|e| open_err(&db, e));
                let conn = conn.map_err(|e| unwritable(path, e))?;
                check_annals(&conn, &db, migrations).map_err(|e| unwritable(path, e))?;
                // SQLite silently opens a write-protected file read-only; say so now,
                // before any work is done, rather than at the first write.
                if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
                    return Err(StoreError::Unwritable {
                        db,
                        detail: unwritable_detail(path),
                    });
                }
                SqliteStore::configure(conn, Some(path.to_path_buf()), db, migrations)
                    .map_err(|e| unwritable(path, e))
            }
            Mode::ReadOnly => open_read_only(path, db, migrations),
        }
    }

    /// A private, empty in-memory database (for tests and one-off runs).
    pub fn open_in_memory() -> Result<SqliteStore, StoreError> {
        let db = ":memory:".to_owned();
        let conn = Connection::open_in_memory().map_err(|e| open_err(&db, e))?;
        SqliteStore::configure(conn, None, db, MIGRATIONS)
    }

    fn configure(
        conn: Connection,
        path: Option<PathBuf>,
        db: String,
        migrations: &[migrate::Migration],
    ) -> Result<SqliteStore, StoreError> {
        let open_err = |e| open_err(&db, e);
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;
        set_wal_mode(&conn).map_err(open_err)?;
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
        let mut store = SqliteStore {
            conn,
            path,
            db,
            mode: Mode::ReadWrite,
            _cleanup: None,
        };
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
        StoreError::Database {
            db: self.db.clone(),
            action: action.into(),
            source: Box::new(source),
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

/// Switch the database to WAL. Two processes opening a new file at once can find it
/// locked here without SQLite's busy handler being consulted (the mode switch needs the
/// file to themselves), and the second would fail at once with "database is locked"; it
/// is retried for up to the busy timeout instead, as any other lock wait is.
fn set_wal_mode(conn: &Connection) -> rusqlite::Result<()> {
    let started = std::time::Instant::now();
    loop {
        // journal_mode answers with the mode in effect ("memory" for in-memory databases).
        match conn.query_row("PRAGMA journal_mode = WAL", [], |row| {
            row.get::<_, String>(0)
        }) {
            Ok(_) => return Ok(()),
            Err(e)
                if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                    && started.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => return Err(e),
        }
    }
}

/// Bind a count or offset: SQLite integers are i64.
fn to_sql_int(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}
