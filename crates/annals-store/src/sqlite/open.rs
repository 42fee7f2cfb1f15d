//! Opening a SQLite file safely: refusing files that are not annals databases (or are
//! newer) before anything is written, and read-only opens that create nothing.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::migrate::{self, Migration};
use super::SqliteStore;
use crate::error::StoreError;
use crate::store::Mode;

pub(super) fn open_err(db: &str, e: rusqlite::Error) -> StoreError {
    StoreError::Open {
        db: db.to_owned(),
        source: Box::new(e),
    }
}

/// `e`, an error of opening `path` read-write, as [`StoreError::Unwritable`] when SQLite
/// could not open or write the file (`SQLITE_CANTOPEN`, `SQLITE_READONLY…`), saying which
/// location is at fault; other errors unchanged.
pub(super) fn unwritable(path: &Path, e: StoreError) -> StoreError {
    let code = match &e {
        StoreError::Open { source, .. } => source
            .downcast_ref::<rusqlite::Error>()
            .and_then(rusqlite::Error::sqlite_error_code),
        _ => None,
    };
    match (code, e) {
        (Some(ErrorCode::CannotOpen | ErrorCode::ReadOnly), StoreError::Open { db, .. }) => {
            StoreError::Unwritable {
                db,
                detail: unwritable_detail(path),
            }
        }
        (_, e) => e,
    }
}

/// Why `path` cannot be opened for writing, and what to do, from what the file system shows.
pub(super) fn unwritable_detail(path: &Path) -> String {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let dir = dir.display();
    if path.is_dir() {
        return "it is a directory; give the path of a database file".into();
    }
    if !Path::new(&dir.to_string()).is_dir() {
        return format!("the directory {dir} does not exist; create it or give another --db path");
    }
    if path.exists() {
        return format!(
            "the file or its directory {dir} is read-only (a read-only file system or no write \
             permission), and writing needs the file and its -wal and -shm files beside it; \
             read commands (docs, search, events) can still read it: to write, give write \
             access or copy the file to a writable directory"
        );
    }
    format!(
        "the directory {dir} is read-only (a read-only file system or no write permission), \
         so no database can be created there; give a --db path in a writable directory"
    )
}

fn is_not_a_database(e: &rusqlite::Error) -> bool {
    e.sqlite_error_code() == Some(ErrorCode::NotADatabase)
}

/// Refuse, before any write (even the journal-mode switch, which is persistent), a file
/// that is not SQLite, a SQLite file of another program, or an annals database of a newer
/// schema than `migrations` reach.
pub(super) fn check_annals(
    conn: &Connection,
    db: &str,
    migrations: &[Migration],
) -> Result<(), StoreError> {
    let not_annals = |detail: String| StoreError::NotAnnals {
        db: db.to_owned(),
        detail,
    };
    let version = match migrate::user_version(conn) {
        Ok(v) => v,
        Err(e) if is_not_a_database(&e) => return Err(not_annals("not a SQLite file".into())),
        Err(e) => return Err(open_err(db, e)),
    };
    let objects = |sql: &str| -> Result<i64, StoreError> {
        conn.query_row(sql, [], |row| row.get(0))
            .map_err(|e| match is_not_a_database(&e) {
                true => not_annals("not a SQLite file".into()),
                false => open_err(db, e),
            })
    };
    if version == 0 {
        let n = objects("SELECT count(*) FROM sqlite_schema")?;
        if n > 0 {
            return Err(not_annals(format!(
                "a SQLite file with {n} schema objects and no annals schema version"
            )));
        }
        return Ok(());
    }
    let supported = u32::try_from(migrations.len()).unwrap_or(u32::MAX);
    if version > supported {
        return Err(StoreError::NewerSchema {
            db: db.to_owned(),
            found: version,
            supported,
        });
    }
    let has_documents =
        objects("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'documents'")?;
    if has_documents == 0 {
        return Err(not_annals(format!(
            "schema version {version} but no documents table"
        )));
    }
    Ok(())
}

/// `file:` URI of a path, with the characters URIs give a meaning escaped.
fn file_uri(path: &Path, params: &str) -> String {
    let mut uri = String::from("file:");
    for c in path.to_string_lossy().chars() {
        match c {
            '%' | '?' | '#' => uri.push_str(&format!("%{:02X}", u32::from(c))),
            _ => uri.push(c),
        }
    }
    uri.push('?');
    uri.push_str(params);
    uri
}

fn open_ro(path: &Path, params: &str) -> rusqlite::Result<Connection> {
    Connection::open_with_flags(
        file_uri(path, params),
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
}

/// See [`SqliteStore::open_mode`] for what a read-only open does.
pub(super) fn open_read_only(
    path: &Path,
    db: String,
    migrations: &[Migration],
) -> Result<SqliteStore, StoreError> {
    // Created before the connection, so on every return it drops after it.
    let cleanup = WalCleanup::arm(path);
    if !path.is_file() {
        return Err(match path.exists() {
            true => StoreError::NotAnnals {
                db,
                detail: "not a regular file".to_owned(),
            },
            false => StoreError::NotFound { db },
        });
    }
    let conn = match open_checked(path, &db, "mode=ro", migrations) {
        Ok(conn) => conn,
        // A WAL database needs its -shm file even to be read; where it cannot be created
        // (a directory the user cannot write) no writer can be running either, so reading
        // the file as immutable is safe.
        Err(StoreError::Open { source, .. }) => open_checked(path, &db, "immutable=1", migrations)
            .map_err(|_| StoreError::Open {
                db: db.clone(),
                source,
            })?,
        Err(e) => return Err(e),
    };
    let supported = u32::try_from(migrations.len()).unwrap_or(u32::MAX);
    let found = migrate::user_version(&conn).map_err(|e| open_err(&db, e))?;
    if found == supported {
        return Ok(read_only_store(conn, path.to_path_buf(), db, cleanup));
    }
    // An older schema (or an empty file): upgrade through a short read-write connection
    // when the file can be written, then read as asked.
    drop(conn);
    let upgrade = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)
        .map_err(|e| open_err(&db, e))
        .and_then(|conn| match conn.is_readonly(rusqlite::MAIN_DB) {
            Ok(false) => {
                SqliteStore::configure(conn, Some(path.to_path_buf()), db.clone(), migrations)
            }
            _ => Err(StoreError::Open {
                db: db.clone(),
                source: "the file is read-only".into(),
            }),
        });
    match upgrade {
        Ok(store) => drop(store),
        Err(e) => {
            return Err(StoreError::OlderSchema {
                db,
                found,
                supported,
                source: Box::new(e),
            })
        }
    }
    let conn = open_checked(path, &db, "mode=ro", migrations)?;
    Ok(read_only_store(conn, path.to_path_buf(), db, cleanup))
}

/// A read-only connection that has answered a query and passed [`check_annals`].
fn open_checked(
    path: &Path,
    db: &str,
    params: &str,
    migrations: &[Migration],
) -> Result<Connection, StoreError> {
    let conn = open_ro(path, params).map_err(|e| open_err(db, e))?;
    conn.busy_timeout(super::BUSY_TIMEOUT)
        .map_err(|e| open_err(db, e))?;
    check_annals(&conn, db, migrations)?;
    Ok(conn)
}

fn read_only_store(
    conn: Connection,
    path: PathBuf,
    db: String,
    cleanup: WalCleanup,
) -> SqliteStore {
    conn.set_prepared_statement_cache_capacity(super::STATEMENT_CACHE);
    SqliteStore {
        conn,
        path: Some(path),
        db,
        mode: Mode::ReadOnly,
        _cleanup: Some(cleanup),
    }
}

/// Removes the `-wal` and `-shm` files a read-only connection made.
///
/// A read-only connection to a WAL database creates them (where the directory allows) but
/// cannot delete them when it closes, since that takes a checkpoint, which writes. When
/// neither existed before the read, this briefly opens the file read-write after the
/// read-only connection closed and reads its header: closing that connection, if it is the
/// last one, checkpoints an empty log (the database file is not changed) and deletes both
/// files, as SQLite does for any last connection. If another connection opened the
/// database meanwhile, it is not the last one and the files stay, as they must.
pub(super) struct WalCleanup {
    path: PathBuf,
    armed: bool,
}

impl WalCleanup {
    fn arm(path: &Path) -> WalCleanup {
        let exists = |suffix: &str| {
            let mut p = path.as_os_str().to_owned();
            p.push(suffix);
            PathBuf::from(p).exists()
        };
        WalCleanup {
            path: path.to_path_buf(),
            armed: !exists("-wal") && !exists("-shm"),
        }
    }
}

impl Drop for WalCleanup {
    fn drop(&mut self) {
        let mut wal = self.path.as_os_str().to_owned();
        wal.push("-wal");
        if !self.armed || !PathBuf::from(wal).exists() {
            return;
        }
        if let Ok(conn) = Connection::open_with_flags(&self.path, OpenFlags::SQLITE_OPEN_READ_WRITE)
        {
            let _ = conn.busy_timeout(super::BUSY_TIMEOUT);
            let _ = migrate::user_version(&conn);
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn a_database_in_a_missing_directory_names_the_directory() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no-such-dir").join("x.db");
        let err = SqliteStore::open(&path).unwrap_err();
        let msg = err.to_string();
        assert!(matches!(err, StoreError::Unwritable { .. }), "{msg}");
        assert!(
            msg.starts_with(&format!("{}: cannot write", path.display())),
            "{msg}"
        );
        assert!(
            msg.contains(&format!(
                "the directory {} does not exist",
                dir.path().join("no-such-dir").display()
            )),
            "{msg}"
        );
        assert!(!path.exists());
    }

    #[test]
    fn a_directory_given_as_database_is_named_as_such() {
        let dir = tempfile::tempdir().unwrap();
        let err = SqliteStore::open(dir.path()).unwrap_err();
        assert!(
            err.to_string()
                .ends_with("it is a directory; give the path of a database file"),
            "{err}"
        );
    }

    #[test]
    fn unwritable_detail_tells_an_existing_file_from_a_new_one() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.db");
        std::fs::write(&file, b"").unwrap();
        let existing = unwritable_detail(&file);
        assert!(existing.starts_with(&format!(
            "the file or its directory {} is read-only",
            dir.path().display()
        )));
        assert!(existing.contains("read commands (docs, search, events) can still read it"));
        let new = unwritable_detail(&dir.path().join("b.db"));
        assert!(new.starts_with(&format!(
            "the directory {} is read-only",
            dir.path().display()
        )));
        assert!(new.ends_with("give a --db path in a writable directory"));
    }

    #[test]
    fn other_open_errors_are_left_as_they_are() {
        let e = StoreError::Open {
            db: "x.db".into(),
            source: "something else".into(),
        };
        assert!(matches!(
            unwritable(Path::new("x.db"), e),
            StoreError::Open { .. }
        ));
    }
}
