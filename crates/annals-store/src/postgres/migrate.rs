//! Forward migrations of the PostgreSQL schema, tracked in the one-row table
//! `annals_schema`. Same rules as SQLite's: the version is the number of migrations
//! applied, each applies in its own transaction, released migrations are never edited.

use postgres::Client;

use crate::error::StoreError;
use crate::store::Mode;

/// One step of the schema history.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Migration {
    pub version: u32,
    pub name: &'static str,
    pub sql: &'static str,
}

/// The schema history, oldest first.
pub(crate) const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "documents, sentences, full-text index, mentions and events",
        sql: include_str!("schema/0001_init.sql"),
    },
    Migration {
        version: 2,
        name: "indexes for events by actor code",
        sql: include_str!("schema/0002_actor_code_indexes.sql"),
    },
    Migration {
        version: 3,
        name: "events carry ingest order; indexed actor columns",
        sql: include_str!("schema/0003_event_actor_indexes.sql"),
    },
    Migration {
        version: 4,
        name: "unused mention indexes dropped",
        sql: include_str!("schema/0004_drop_unused_mention_indexes.sql"),
    },
    Migration {
        version: 5,
        name: "indexes for every listing filter; covering actor indexes",
        sql: include_str!("schema/0005_listing_indexes.sql"),
    },
    Migration {
        version: 6,
        name: "the newest-first date index covers date_last",
        sql: include_str!("schema/0006_date_index_covers_its_column.sql"),
    },
    Migration {
        version: 7,
        name: "dyad indexes on a source and a target column each",
        sql: include_str!("schema/0007_dyad_indexes.sql"),
    },
];

/// Advisory lock key held while migrating, so two sessions opening a fresh database at
/// once do not both apply a step ("annals" in ASCII, as a number).
const MIGRATION_LOCK: i64 = 0x616e_6e61_6c73;

/// Refuse a database that is not ours or is newer, then (read-write only) migrate.
pub(super) fn check_and_apply(
    client: &mut Client,
    db: &str,
    mode: Mode,
    migrations: &[Migration],
) -> Result<(), StoreError> {
    let open_err = |e: postgres::Error| StoreError::Open {
        db: db.to_owned(),
        source: Box::new(e),
    };
    if mode == Mode::ReadWrite {
        client
            .execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK])
            .map_err(open_err)?;
    }
    let result = check_then_migrate(client, db, mode, migrations);
    if mode == Mode::ReadWrite {
        client
            .execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK])
            .map_err(open_err)?;
    }
    result
}

fn check_then_migrate(
    client: &mut Client,
    db: &str,
    mode: Mode,
    migrations: &[Migration],
) -> Result<(), StoreError> {
    let open_err = |e: postgres::Error| StoreError::Open {
        db: db.to_owned(),
        source: Box::new(e),
    };
    let row = client
        .query_one(
            "SELECT to_regclass('annals_schema') IS NOT NULL, \
                    (SELECT count(*) FROM information_schema.tables \
                      WHERE table_schema = current_schema())",
            &[],
        )
        .map_err(open_err)?;
    let (ours, tables): (bool, i64) = (row.get(0), row.get(1));
    let supported = u32::try_from(migrations.len()).unwrap_or(u32::MAX);
    let found = if ours {
        let v: Option<i32> = client
            .query_one("SELECT max(version) FROM annals_schema", &[])
            .map_err(open_err)?
            .get(0);
        u32::try_from(v.unwrap_or(0)).unwrap_or(u32::MAX)
    } else if tables > 0 {
        return Err(StoreError::NotAnnals {
            db: db.to_owned(),
            detail: format!("{tables} tables in the schema and no annals_schema table"),
        });
    } else {
        0
    };
    if found > supported {
        return Err(StoreError::NewerSchema {
            db: db.to_owned(),
            found,
            supported,
        });
    }
    if mode == Mode::ReadOnly {
        return match found {
            0 => Err(StoreError::NotFound { db: db.to_owned() }),
            f if f < supported => Err(StoreError::OlderSchema {
                db: db.to_owned(),
                found,
                supported,
                source: "open it once read-write (e.g. with `annals ingest`) to upgrade".into(),
            }),
            _ => Ok(()),
        };
    }
    if !ours {
        client
            .batch_execute(
                "CREATE TABLE annals_schema (version integer NOT NULL); \
                 INSERT INTO annals_schema VALUES (0);",
            )
            .map_err(open_err)?;
    }
    for step in migrations.iter().filter(|m| m.version > found) {
        let mig_err = |e: postgres::Error| StoreError::Migration {
            db: db.to_owned(),
            version: step.version,
            name: step.name,
            source: Box::new(e),
        };
        let mut tx = client.transaction().map_err(mig_err)?;
        tx.batch_execute(step.sql).map_err(mig_err)?;
        let version = i32::try_from(step.version).unwrap_or(i32::MAX);
        tx.execute("UPDATE annals_schema SET version = $1", &[&version])
            .map_err(mig_err)?;
        tx.commit().map_err(mig_err)?;
    }
    Ok(())
}

/// The schema version recorded in the database.
pub(super) fn version(client: &mut Client) -> Result<u32, postgres::Error> {
    let v: Option<i32> = client
        .query_one("SELECT max(version) FROM annals_schema", &[])?
        .get(0);
    Ok(u32::try_from(v.unwrap_or(0)).unwrap_or(0))
}
