//! Concurrency, schema upgrades, read-only opens, foreign databases, refused documents.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use annals_store::{Analysis, EventQuery, InsertOutcome, Mode, StoreError};

use crate::backend::Backend;
use crate::cases_events::event;
use crate::common::body;

/// A reader polling while a writer stores batches of 20 documents with one event each:
/// it sees whole batches only (a multiple of 20 documents, as many events as documents),
/// and never fewer than before.
pub fn concurrent_reader_sees_whole_batches(b: &Backend) {
    let mut writer = b.open();
    let reader = writer.reopen().unwrap().unwrap();
    let done = Arc::new(AtomicBool::new(false));
    let reader_done = Arc::clone(&done);
    let reading = std::thread::spawn(move || {
        let mut last = 0;
        let mut looks = 0;
        while !reader_done.load(Ordering::Relaxed) || looks == 0 {
            let n = reader.count_documents().unwrap();
            let events = reader.events(&EventQuery::default()).unwrap().len();
            let n_after = reader.count_documents().unwrap();
            assert_eq!(n % 20, 0, "a partial batch is visible: {n}");
            assert!(n >= last, "went back from {last} to {n}");
            assert!(
                events >= n && events <= n_after,
                "{events} events for {n}..{n_after} docs"
            );
            last = n;
            looks += 1;
        }
        (last, looks)
    });
    for batch in 0..10 {
        let docs: Vec<_> = (0..20)
            .map(|i| {
                body(
                    &format!("c{batch:02}-{i:02}"),
                    &[&format!("Report {batch} {i}.")],
                )
            })
            .collect();
        let events: Vec<_> = docs
            .iter()
            .map(|d| [event(&d.id, 1, 0, "040", ("RUS", "PRK"), None)])
            .collect();
        let analyses: Vec<Analysis> = events
            .iter()
            .map(|e| Analysis {
                events: e,
                ..Analysis::default()
            })
            .collect();
        let items: Vec<_> = docs.iter().zip(&analyses).collect();
        let outcomes = writer.insert_analyzed(&items).unwrap();
        assert!(outcomes.iter().all(|o| *o == InsertOutcome::New));
    }
    done.store(true, Ordering::Relaxed);
    let (last, looks) = reading.join().unwrap();
    assert!(looks > 0 && last <= 200);
    assert_eq!(writer.count_documents().unwrap(), 200);
}

pub fn schema_upgrades_from_the_previous_version(b: &Backend) {
    let current = b.open().schema_version().unwrap();
    let fresh = Backend::like(b);
    let mut old = annals_store::open_at_version(&fresh.url, current - 1).unwrap();
    assert_eq!(old.schema_version().unwrap(), current - 1);
    let d = body("before", &["Glaciers retreated again."]);
    let ev = [event(
        "before",
        1,
        0,
        "040",
        ("RUS", "PRK"),
        Some("2024-01-02"),
    )];
    let an = Analysis {
        events: &ev,
        ..Analysis::default()
    };
    old.insert_analyzed(&[(&d, &an)]).unwrap();
    drop(old);

    // A read-only open of an older schema either upgrades it first (SQLite, when the
    // file is writable) or refuses clearly; it never reads a half-known schema.
    match fresh.open_read_only() {
        Ok(ro) => assert_eq!(ro.schema_version().unwrap(), current),
        Err(StoreError::OlderSchema { found, .. }) => assert_eq!(found, current - 1),
        Err(e) => panic!("{e}"),
    }
    let mut store = fresh.open();
    assert_eq!(store.schema_version().unwrap(), current);
    assert_eq!(store.document("before").unwrap().as_ref(), Some(&d));
    assert_eq!(store.events(&EventQuery::default()).unwrap().len(), 1);
    store
        .insert_documents(&[body("after", &["Glaciers advanced, surprisingly."])])
        .unwrap();
    assert_eq!(store.search("glaciers", 10).unwrap().len(), 2);
    assert_eq!(store.search("retreated", 10).unwrap().len(), 1);
}

pub fn read_only_opens_refuse_missing_and_writes(b: &Backend) {
    let missing = b.missing_url();
    match annals_store::open(&missing, Mode::ReadOnly) {
        Err(e @ StoreError::NotFound { .. }) => {
            assert!(e.to_string().contains("database not found"), "{e}")
        }
        other => panic!("{:?}", other.map(|s| s.name().to_owned())),
    }
    if !b.is_postgres() {
        assert!(
            !std::path::Path::new(&missing).exists(),
            "a read created {missing}"
        );
    }
    // Not yet created: a read-only open refuses, then a read-write one creates.
    assert!(matches!(
        b.open_read_only(),
        Err(StoreError::NotFound { .. })
    ));
    let mut rw = b.open();
    rw.insert_documents(&[body("r1", &["Readable."])]).unwrap();
    drop(rw);
    let mut ro = b.open_read_only().unwrap();
    assert_eq!(ro.count_documents().unwrap(), 1);
    assert_eq!(ro.search("readable", 5).unwrap().len(), 1);
    let err = ro
        .insert_documents(&[body("r2", &["Not stored."])])
        .unwrap_err();
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err}");
    let again = ro.reopen().unwrap().unwrap();
    assert_eq!(again.count_documents().unwrap(), 1);
}

pub fn foreign_and_newer_databases_are_refused_untouched(b: &Backend) {
    // Another program's database.
    b.execute_raw("CREATE TABLE invoices (id integer PRIMARY KEY, total integer)");
    let before = b.fingerprint();
    for mode in [Mode::ReadWrite, Mode::ReadOnly] {
        match annals_store::open(&b.url, mode) {
            Err(e @ StoreError::NotAnnals { .. }) => {
                assert!(e.to_string().contains("not an annals database"), "{e}")
            }
            other => panic!("{mode:?}: {:?}", other.map(|s| s.name().to_owned())),
        }
        assert_eq!(b.fingerprint(), before, "{mode:?} modified it");
    }

    // An annals database from a newer annals.
    let newer = Backend::like(b);
    let current = newer.open().schema_version().unwrap();
    newer.execute_raw(&if newer.is_postgres() {
        format!("UPDATE annals_schema SET version = {}", current + 1)
    } else {
        format!("PRAGMA user_version = {}", current + 1)
    });
    let before = newer.fingerprint();
    for mode in [Mode::ReadWrite, Mode::ReadOnly] {
        match annals_store::open(&newer.url, mode) {
            Err(StoreError::NewerSchema {
                found, supported, ..
            }) => {
                assert_eq!((found, supported), (current + 1, current));
            }
            other => panic!("{mode:?}: {:?}", other.map(|s| s.name().to_owned())),
        }
        assert_eq!(newer.fingerprint(), before, "{mode:?} modified it");
    }
}

/// A document the database itself refuses is rejected alone; the batch is stored.
/// (SQLite: a trigger someone added; PostgreSQL: the same, as a CHECK constraint.)
pub fn a_refused_document_does_not_fail_its_batch(b: &Backend) {
    drop(b.open());
    b.execute_raw(if b.is_postgres() {
        "ALTER TABLE documents ADD CONSTRAINT no_forbidden CHECK (id <> 'forbidden')"
    } else {
        "CREATE TRIGGER no_forbidden BEFORE INSERT ON documents WHEN new.id = 'forbidden' \
         BEGIN SELECT RAISE(ABORT, 'forbidden id'); END;"
    });
    let mut store = b.open();
    let batch = [
        body("fine-1", &["Fine."]),
        body("forbidden", &["Refused."]),
        body("fine-2", &["Also fine."]),
    ];
    let outcomes = store.insert_documents(&batch).unwrap();
    assert_eq!(outcomes[0], InsertOutcome::New);
    assert!(
        matches!(&outcomes[1], InsertOutcome::Rejected { reason } if reason.to_string().contains("forbidden")),
        "{outcomes:?}"
    );
    assert_eq!(outcomes[2], InsertOutcome::New);
    assert_eq!(store.count_documents().unwrap(), 2);
    assert_eq!(store.search("fine", 5).unwrap().len(), 2);
}
