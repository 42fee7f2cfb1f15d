//! Listing, counting, id resolution, reopening a file and reading while another
//! connection writes.

mod common;

use annals_core::BlockKind;
use annals_store::{InsertOutcome, SqliteStore, StoreError};
use common::{body, doc};

#[test]
fn list_follows_ingest_order_with_counts_limit_and_offset() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    // Ids deliberately not in alphabetical order.
    store
        .insert_documents(&[
            doc(
                "zulu",
                &[
                    (BlockKind::Heading, "Floods in the north"),
                    (BlockKind::Heading, "Live updates"),
                    (
                        BlockKind::Paragraph,
                        "Roads closed. Trains stopped. Schools shut.",
                    ),
                ],
            ),
            body("alpha", &["Ein Satz über Käse."]),
        ])
        .unwrap();
    store
        .insert_documents(&[body("mike", &["One. Two."])])
        .unwrap();
    assert_eq!(store.count_documents().unwrap(), 3);

    let all = store.list_documents(None, 0).unwrap();
    let ids: Vec<&str> = all.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["zulu", "alpha", "mike"]);

    let zulu = &all[0];
    assert_eq!(zulu.n_sentences, 5);
    assert_eq!(zulu.n_headings, 2);
    assert_eq!(zulu.n_removed, 1);
    assert_eq!(zulu.title.as_deref(), Some("Floods in the north"));
    assert_eq!(zulu.url.as_deref(), Some("https://news.example/zulu"));
    assert_eq!(zulu.published.as_deref(), Some("2023-09-13"));
    assert_eq!(zulu.publisher.as_deref(), Some("Example Wire"));
    assert_eq!(zulu.source.as_deref(), Some("test/zulu.txt"));
    // Characters, not bytes: "ü" and "ä" are two bytes each.
    assert_eq!(all[1].n_chars, 19);
    // ISO-8601 UTC timestamps, in ingest order.
    assert!(all
        .iter()
        .all(|d| d.ingested_at.len() == 24 && d.ingested_at.ends_with('Z')));
    assert!(all[0].ingested_at <= all[2].ingested_at);

    let page: Vec<String> = store
        .list_documents(Some(1), 1)
        .unwrap()
        .into_iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(page, ["alpha"]);
    assert!(store.list_documents(Some(5), 3).unwrap().is_empty());
    assert!(store.list_documents(Some(0), 0).unwrap().is_empty());
}

#[test]
fn resolve_id_exact_prefix_and_ambiguous() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    store
        .insert_documents(&[
            body("3fa9c0d1e2f30415", &["First."]),
            body("3fa9c7777e2f3041", &["Second."]),
            body("b07e11aa00000000", &["Third."]),
            body("abc", &["Short id."]),
            body("abcd", &["Id that is a prefix of another."]),
            body("abcdef", &["The other."]),
        ])
        .unwrap();
    let resolve = |q: &str| store.resolve_id(q);

    assert_eq!(
        resolve("b07e").unwrap().as_deref(),
        Some("b07e11aa00000000")
    );
    assert_eq!(
        resolve("3fa9c0").unwrap().as_deref(),
        Some("3fa9c0d1e2f30415")
    );
    // An exact id wins over longer ids it prefixes; short exact ids still resolve.
    assert_eq!(resolve("abcd").unwrap().as_deref(), Some("abcd"));
    assert_eq!(resolve("abc").unwrap().as_deref(), Some("abc"));
    // Under four characters only exact ids count.
    assert_eq!(resolve("b07").unwrap(), None);
    assert_eq!(resolve("ffff").unwrap(), None);
    assert_eq!(resolve("").unwrap(), None);

    match resolve("3fa9") {
        Err(e @ StoreError::AmbiguousId { .. }) => {
            let msg = e.to_string();
            assert!(msg.contains("3fa9c0d1e2f30415"), "{msg}");
            assert!(msg.contains("3fa9c7777e2f3041"), "{msg}");
            assert!(!msg.contains("and more"), "{msg}");
            if let StoreError::AmbiguousId {
                candidates, more, ..
            } = e
            {
                assert_eq!(candidates.len(), 2);
                assert!(!more);
            }
        }
        other => panic!("expected an ambiguous prefix, got {other:?}"),
    }
}

#[test]
fn ambiguous_prefix_lists_a_bounded_number_of_candidates() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let docs: Vec<_> = (0..20)
        .map(|i| body(&format!("feed-{i:02}"), &[&format!("Item number {i}.")]))
        .collect();
    store.insert_documents(&docs).unwrap();
    match store.resolve_id("feed-") {
        Err(StoreError::AmbiguousId {
            candidates, more, ..
        }) => {
            assert_eq!(
                candidates,
                ["feed-00", "feed-01", "feed-02", "feed-03", "feed-04"]
            );
            assert!(more);
        }
        other => panic!("expected an ambiguous prefix, got {other:?}"),
    }
    let msg = store.resolve_id("feed-1").unwrap_err().to_string();
    assert!(
        msg.contains("feed-10, feed-11, feed-12, feed-13, feed-14 and more"),
        "{msg}"
    );
}

#[test]
fn file_database_survives_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("annals.db");
    let d = doc(
        "persist-1",
        &[
            (BlockKind::Heading, "Bridge reopens"),
            (BlockKind::Paragraph, "Traffic flowed again on Sunday."),
        ],
    );
    {
        let mut store = SqliteStore::open(&path).unwrap();
        assert_eq!(store.path(), Some(path.as_path()));
        store.insert_documents(std::slice::from_ref(&d)).unwrap();
    }
    let mut store = SqliteStore::open(&path).unwrap();
    let current = SqliteStore::open_in_memory()
        .unwrap()
        .schema_version()
        .unwrap();
    assert_eq!(store.schema_version().unwrap(), current);
    assert_eq!(store.document("persist-1").unwrap().as_ref(), Some(&d));
    assert_eq!(store.search("traffic", 5).unwrap().len(), 1);
    assert_eq!(
        store.insert_documents(std::slice::from_ref(&d)).unwrap(),
        [InsertOutcome::AlreadyPresent {
            existing_id: "persist-1".into()
        }]
    );
}

#[test]
fn errors_name_the_database_path() {
    let dir = tempfile::tempdir().unwrap();
    let not_a_db = dir.path().join("notes.db");
    std::fs::write(
        &not_a_db,
        "these are not the pages of a database, just some text",
    )
    .unwrap();
    let err = SqliteStore::open(&not_a_db).unwrap_err();
    assert!(err.to_string().contains("notes.db"), "{err}");

    let missing_dir = dir.path().join("no/such/dir/annals.db");
    let err = SqliteStore::open(&missing_dir).unwrap_err();
    assert!(err.to_string().contains("no/such/dir"), "{err}");
}

#[test]
fn readers_see_committed_data_while_a_writer_holds_its_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wal.db");
    let mut writer = SqliteStore::open(&path).unwrap();
    writer
        .insert_documents(&[body("committed", &["Already here."])])
        .unwrap();

    // Another connection holds an open write transaction with an uncommitted document.
    let mut other = rusqlite::Connection::open(&path).unwrap();
    let tx = other
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .unwrap();
    tx.execute(
        "INSERT INTO documents (id, ingest_seq, raw_text, clean_text, content_hash, n_chars, \
         ingested_at) VALUES ('pending', 99, 'x', 'x', 'h', 1, '2024-01-01T00:00:00.000Z')",
        [],
    )
    .unwrap();

    // A reader is not blocked and sees only committed data.
    let reader = SqliteStore::open(&path).unwrap();
    assert_eq!(reader.count_documents().unwrap(), 1);
    assert_eq!(reader.search("already", 5).unwrap().len(), 1);
    tx.commit().unwrap();
    assert_eq!(reader.count_documents().unwrap(), 2);
}

#[test]
fn concurrent_reader_thread_during_batched_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("threads.db");
    let mut writer = SqliteStore::open(&path).unwrap();
    let reader_path = path.clone();
    let reader = std::thread::spawn(move || {
        let store = SqliteStore::open(&reader_path).unwrap();
        let mut seen = Vec::new();
        for _ in 0..50 {
            seen.push(store.count_documents().unwrap());
            store.search("cargo", 3).unwrap();
            std::thread::yield_now();
        }
        seen
    });
    for batch in 0..10 {
        let docs: Vec<_> = (0..20)
            .map(|i| {
                body(
                    &format!("b{batch}-{i}"),
                    &[&format!("Cargo manifest {batch} {i}.")],
                )
            })
            .collect();
        writer.insert_documents(&docs).unwrap();
    }
    let seen = reader.join().unwrap();
    // Whole batches only: a reader never sees part of one, and counts never go back.
    assert!(seen.iter().all(|n| n % 20 == 0), "{seen:?}");
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert_eq!(writer.count_documents().unwrap(), 200);
}
