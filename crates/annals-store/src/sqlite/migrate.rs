//! Forward migrations, tracked in `PRAGMA user_version`.
//!
//! The schema version is the number of migrations applied. Adding a table later means
//! appending one entry to [`MIGRATIONS`] (and its SQL file); existing databases pick it up
//! the next time they are opened. Migrations are never edited once released.

use rusqlite::{Connection, TransactionBehavior};

use crate::error::StoreError;

/// One step of the schema history.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    /// The schema version after this step; `MIGRATIONS[i].version == i + 1`.
    pub version: u32,
    pub name: &'static str,
    pub sql: &'static str,
}

/// The schema history, oldest first.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "documents, sentences and full-text index",
        sql: include_str!("schema/0001_init.sql"),
    },
    Migration {
        version: 2,
        name: "actor mentions and events",
        sql: include_str!("schema/0002_actors_events.sql"),
    },
    Migration {
        version: 3,
        name: "sentences indexed once per write batch",
        sql: include_str!("schema/0003_fts_batch_insert.sql"),
    },
    Migration {
        version: 4,
        name: "full-text index merges less eagerly",
        sql: include_str!("schema/0004_fts_automerge.sql"),
    },
    Migration {
        version: 5,
        name: "stories, event clusters and contradictions",
        sql: include_str!("schema/0005_stories.sql"),
    },
    Migration {
        version: 6,
        name: "events carry ingest order; indexed actor columns",
        sql: include_str!("schema/0006_event_actor_indexes.sql"),
    },
    Migration {
        version: 7,
        name: "sentence text cut from the document; compact signatures and raw text",
        sql: include_str!("schema/0007_compact_storage.sql"),
    },
    Migration {
        version: 8,
        name: "child tables keyed by the document's integer ingest order",
        sql: include_str!("schema/0008_integer_document_keys.sql"),
    },
    Migration {
        version: 9,
        name: "indexes for every listing filter; compressed records and mention texts",
        sql: include_str!("schema/0009_listing_indexes.sql"),
    },
    Migration {
        version: 10,
        name: "dyad indexes on a source and a target column each",
        sql: include_str!("schema/0010_dyad_indexes.sql"),
    },
];

pub(super) fn user_version(conn: &Connection) -> rusqlite::Result<u32> {
    let v: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    // user_version is a signed 32-bit header field; anything negative was not written by us
    // and is treated as "newer than we know".
    Ok(u32::try_from(v).unwrap_or(u32::MAX))
}

/// Bring the database up to the last of `migrations`, one transaction per step.
///
/// Each step re-reads the version inside its (immediate) transaction, so two processes
/// opening a fresh database at once do not both apply it.
pub(super) fn apply(
    conn: &mut Connection,
    db: &str,
    migrations: &[Migration],
) -> Result<(), StoreError> {
    let supported = u32::try_from(migrations.len()).unwrap_or(u32::MAX);
    let sql_err = |source| StoreError::Database {
        db: db.to_owned(),
        action: "read schema version".to_owned(),
        source: Box::new(source),
    };
    let found = user_version(conn).map_err(sql_err)?;
    if found > supported {
        return Err(StoreError::NewerSchema {
            db: db.to_owned(),
            found,
            supported,
        });
    }
    for (i, step) in migrations.iter().enumerate() {
        if usize::try_from(step.version).ok() != Some(i + 1) {
            // A programming error in the migration list, reported rather than panicked on.
            return Err(StoreError::Migration {
                db: db.to_owned(),
                version: step.version,
                name: step.name,
                source: Box::new(rusqlite::Error::InvalidParameterName(format!(
                    "migration at position {} is numbered {}",
                    i + 1,
                    step.version
                ))),
            });
        }
        if step.version <= found {
            continue;
        }
        let mig_err = |source| StoreError::Migration {
            db: db.to_owned(),
            version: step.version,
            name: step.name,
            source: Box::new(source),
        };
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(mig_err)?;
        let now = user_version(&tx).map_err(mig_err)?;
        if now >= step.version {
            // Another connection applied it meanwhile.
            continue;
        }
        tx.execute_batch(step.sql).map_err(mig_err)?;
        tx.pragma_update(None, "user_version", step.version)
            .map_err(mig_err)?;
        tx.commit().map_err(mig_err)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SqliteStore;

    fn table_names(conn: &Connection) -> Vec<String> {
        let mut stmt = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
            .unwrap();
        let names = stmt
            .query_map([], |row| row.get::<_, String>(0))
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        names
    }

    #[test]
    fn fresh_database_gets_every_migration() {
        let store = SqliteStore::open_in_memory().unwrap();
        assert_eq!(store.schema_version().unwrap() as usize, MIGRATIONS.len());
        let names = table_names(&store.conn);
        for t in [
            "documents",
            "removed_lines",
            "blocks",
            "sentences",
            "sentences_fts",
            "mentions",
            "events",
        ] {
            assert!(names.iter().any(|n| n == t), "{t} missing from {names:?}");
        }
    }

    #[test]
    fn appended_migration_runs_once_on_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.db");
        drop(SqliteStore::open(&path).unwrap());

        let next = MIGRATIONS.len() as u32 + 1;
        let mut extended = MIGRATIONS.to_vec();
        extended.push(Migration {
            version: next,
            name: "later",
            sql: "CREATE TABLE later (id TEXT PRIMARY KEY, doc_id TEXT NOT NULL);",
        });
        let open_extended = || {
            let conn = Connection::open(&path).unwrap();
            SqliteStore::configure(conn, Some(path.clone()), "m.db".to_owned(), &extended)
        };
        let store = open_extended().unwrap();
        assert_eq!(store.schema_version().unwrap(), next);
        assert!(table_names(&store.conn).iter().any(|n| n == "later"));
        drop(store);
        // Applying again would fail ("table later already exists"); it must be skipped.
        let store = open_extended().unwrap();
        assert_eq!(store.schema_version().unwrap(), next);
        drop(store);

        // The shipped binary now sees a newer database and refuses it, naming the path.
        let err = SqliteStore::open(&path).unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::NewerSchema { found, supported, .. }
                    if found == next && supported == next - 1
            ),
            "{err}"
        );
        assert!(err.to_string().contains("m.db"), "{err}");
    }

    #[test]
    fn failed_migration_rolls_back_and_keeps_the_old_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.db");
        drop(SqliteStore::open(&path).unwrap());
        let next = MIGRATIONS.len() as u32 + 1;
        let mut broken = MIGRATIONS.to_vec();
        broken.push(Migration {
            version: next,
            name: "broken",
            sql: "CREATE TABLE half_done (x INTEGER); THIS IS NOT SQL;",
        });
        let conn = Connection::open(&path).unwrap();
        let err = SqliteStore::configure(conn, Some(path.clone()), "f.db".to_owned(), &broken)
            .unwrap_err();
        assert!(
            matches!(err, StoreError::Migration { version, .. } if version == next),
            "{err}"
        );
        let store = SqliteStore::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), next - 1);
        assert!(!table_names(&store.conn).iter().any(|n| n == "half_done"));
    }

    #[test]
    fn a_version_2_database_upgrades_and_keeps_its_full_text_index() {
        let one = crate::sqlite::write::tests::one_sentence_doc;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v2.db");
        let conn = Connection::open(&path).unwrap();
        let v2 = SqliteStore::configure(
            conn,
            Some(path.clone()),
            "v2.db".to_owned(),
            &MIGRATIONS[..2],
        )
        .unwrap();
        // Rows as version 2 stored them (today's writer no longer fits that schema);
        // its insert trigger indexes the sentence.
        v2.conn
            .execute_batch(
                "INSERT INTO documents (id, ingest_seq, raw_text, clean_text, content_hash, \
                 n_chars, ingested_at) VALUES ('before', 1, 'Glaciers retreated again.', \
                 'Glaciers retreated again.', 'h', 25, '2024-01-01T00:00:00.000Z'); \
                 INSERT INTO sentences (doc_id, idx, start_byte, end_byte, kind, text) \
                 VALUES ('before', 0, 0, 25, 'body', 'Glaciers retreated again.');",
            )
            .unwrap();
        drop(v2);

        let mut store = SqliteStore::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as u32);
        let triggers: i64 = store
            .conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE name = 'sentences_fts_insert'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(triggers, 0);
        store
            .insert_documents(&[one("after", "Glaciers advanced, surprisingly.")])
            .unwrap();
        assert_eq!(store.search("glaciers", 10).unwrap().len(), 2);
        assert_eq!(store.search("retreated", 10).unwrap().len(), 1);
        store
            .conn
            .execute(
                "INSERT INTO sentences_fts (sentences_fts, rank) VALUES ('integrity-check', 1)",
                [],
            )
            .unwrap();
    }

    #[test]
    fn the_full_text_index_merges_at_eight_segments() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v3.db");
        let conn = Connection::open(&path).unwrap();
        drop(
            SqliteStore::configure(
                conn,
                Some(path.clone()),
                "v3.db".to_owned(),
                &MIGRATIONS[..3],
            )
            .unwrap(),
        );
        let store = SqliteStore::open(&path).unwrap();
        let automerge: i64 = store
            .conn
            .query_row(
                "SELECT v FROM sentences_fts_config WHERE k = 'automerge'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(automerge, 8);
    }

    #[test]
    fn misnumbered_migration_list_is_an_error_not_a_panic() {
        let conn = Connection::open_in_memory().unwrap();
        let skipped = [Migration {
            version: 3,
            name: "skips",
            sql: "",
        }];
        let err = SqliteStore::configure(conn, None, ":memory:".to_owned(), &skipped).unwrap_err();
        assert!(err.to_string().contains("numbered 3"), "{err}");
    }
}
