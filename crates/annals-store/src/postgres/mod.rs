//! The PostgreSQL backend: connection, migrations, and the [`Store`] implementation.
//!
//! Client crate: `postgres`, the synchronous wrapper of `tokio-postgres`. The pipeline is
//! plain threads (a writer thread owns the store), so a blocking client fits it directly;
//! it supports binary `COPY` for bulk writes. `tokio-postgres` would make every caller run
//! an async runtime for no gain here (an axum server can call this store from
//! `spawn_blocking`, or use `tokio-postgres` against the same schema later); `sqlx` is
//! async-only as well, with a heavier build (macros, its own pool and runtime features).

mod document;
mod listing;
mod migrate;
mod read;
mod search;
mod statements;
mod tsquery;
mod write;
mod write_rows;

use std::cell::RefCell;

use postgres::{Client, NoTls};

use crate::error::StoreError;
use crate::store::Mode;

/// An open annals database on a PostgreSQL server: one session.
///
/// The client sits in a `RefCell` because the driver needs `&mut` even to read, while
/// [`Store`](crate::Store)'s reads take `&self`; a `PgStore` is `Send` (not `Sync`), like
/// the SQLite store. Borrows never outlive one method call.
pub struct PgStore {
    client: RefCell<Client>,
    /// The session's prepared statements (see [`statements`]).
    statements: RefCell<statements::Statements>,
    /// The URL as given (with any password), to open more sessions.
    url: String,
    /// The URL as shown in messages: without its password.
    db: String,
    mode: Mode,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore").field("db", &self.db).finish()
    }
}

impl PgStore {
    /// Connect to the database at `url` (`postgres://user[:password]@host[:port]/db`, or any
    /// form `tokio-postgres` accepts, e.g. `host=/tmp` as a query parameter for a socket).
    ///
    /// [`Mode::ReadWrite`] applies forward migrations (creating the tables in an empty
    /// database); [`Mode::ReadOnly`] refuses a database without annals tables and makes
    /// the session read-only. Either refuses a database with other tables but no annals
    /// schema ([`StoreError::NotAnnals`]) or a newer schema, before writing anything.
    pub fn connect(url: &str, mode: Mode) -> Result<PgStore, StoreError> {
        PgStore::connect_with(url, mode, migrate::MIGRATIONS)
    }

    /// A database with only the first `version` migrations (tests of upgrades).
    #[doc(hidden)]
    pub fn connect_at_version(url: &str, version: u32) -> Result<PgStore, StoreError> {
        let n = usize::try_from(version)
            .unwrap_or(usize::MAX)
            .min(migrate::MIGRATIONS.len());
        PgStore::connect_with(url, Mode::ReadWrite, &migrate::MIGRATIONS[..n])
    }

    fn connect_with(
        url: &str,
        mode: Mode,
        migrations: &[migrate::Migration],
    ) -> Result<PgStore, StoreError> {
        let db = redact(url);
        let mut client = match Client::connect(url, NoTls) {
            Ok(client) => client,
            // 3D000: invalid_catalog_name, the database does not exist.
            Err(e) if sqlstate(&e) == Some("3D000") => {
                return Err(match mode {
                    Mode::ReadOnly => StoreError::NotFound { db },
                    Mode::ReadWrite => StoreError::Open {
                        db,
                        source: Box::new(e),
                    },
                })
            }
            Err(e) => {
                return Err(StoreError::Open {
                    db,
                    source: Box::new(e),
                })
            }
        };
        migrate::check_and_apply(&mut client, &db, mode, migrations)?;
        let mut setup = statements::CUSTOM_PLANS.to_owned();
        if mode == Mode::ReadOnly {
            setup.push_str("; SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
        }
        client.batch_execute(&setup).map_err(|e| StoreError::Open {
            db: db.clone(),
            source: Box::new(e),
        })?;
        Ok(PgStore {
            client: RefCell::new(client),
            statements: RefCell::default(),
            url: url.to_owned(),
            db,
            mode,
        })
    }

    fn err(&self, action: impl Into<String>, e: postgres::Error) -> StoreError {
        StoreError::Database {
            db: self.db.clone(),
            action: action.into(),
            source: Box::new(e),
        }
    }

    fn corrupt(&self, doc_id: &str, detail: impl Into<String>) -> StoreError {
        StoreError::Corrupt {
            db: self.db.clone(),
            doc_id: doc_id.to_owned(),
            detail: detail.into(),
        }
    }

    fn read_write(&self) -> Result<(), StoreError> {
        match self.mode {
            Mode::ReadWrite => Ok(()),
            Mode::ReadOnly => Err(StoreError::ReadOnly {
                db: self.db.clone(),
            }),
        }
    }
}

/// The SQLSTATE of a server error.
fn sqlstate(e: &postgres::Error) -> Option<&str> {
    e.code().map(|c| c.code())
}

/// `url` without the password of its user info (`postgres://u:secret@h/db` →
/// `postgres://u:***@h/db`), for messages.
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _password)) => format!("{scheme}://{user}:***@{host}{tail}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

/// A non-negative stored integer as `usize` (0 for a negative value, which the store never
/// writes).
fn to_usize(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_are_not_shown() {
        assert_eq!(
            redact("postgres://ann:s3cret@db.local:5432/news"),
            "postgres://ann:***@db.local:5432/news"
        );
        assert_eq!(
            redact("postgres://ann@db.local/news"),
            "postgres://ann@db.local/news"
        );
        assert_eq!(
            redact("postgresql://u:p@%2Ftmp:5433/x?sslmode=disable"),
            "postgresql://u:***@%2Ftmp:5433/x?sslmode=disable"
        );
    }
}
