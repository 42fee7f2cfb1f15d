//! Concurrency, schema upgrades, read-only opens, foreign databases, refused documents.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use annals_core::{Document, Event};
use annals_store::{Analysis, EventListing, EventQuery, InsertOutcome, Mode, Store, StoreError};

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
    // The last two versions: each of the newest migrations runs on a database with data.
    for back in 1..=2 {
        upgrade_from(b, current, current - back);
    }
}

/// The plan of a capped count of `listing` on `b`'s database, opened at `version`
/// (without later migrations) or, with `None`, at the current schema.
fn count_plan(b: &Backend, version: Option<u32>, listing: &EventListing) -> String {
    if b.is_postgres() {
        let store = match version {
            Some(v) => annals_store::PgStore::connect_at_version(&b.url, v),
            None => annals_store::PgStore::connect(&b.url, Mode::ReadOnly),
        };
        store.unwrap().count_plan(listing, 10_001).unwrap()
    } else {
        let path = std::path::Path::new(&b.url);
        let store = match version {
            Some(v) => annals_store::SqliteStore::open_at_version(path, v),
            None => annals_store::SqliteStore::open_mode(path, Mode::ReadOnly),
        };
        store.unwrap().count_plan(listing, 10_001).unwrap()
    }
}

/// The plan of a capped count of one filter (set by `f`).
fn filter_count_plan(b: &Backend, version: Option<u32>, f: fn(&mut EventQuery)) -> String {
    let mut query = EventQuery::default();
    f(&mut query);
    let listing = EventListing {
        query,
        ..EventListing::default()
    };
    count_plan(b, version, &listing)
}

/// `--since 2024-01`.
fn since(q: &mut EventQuery) {
    q.since = Some("2024-01".into());
}

/// `--dyad RUS,PRK`.
fn dyad(q: &mut EventQuery) {
    q.dyad = Some(("RUS".into(), "PRK".into()));
}

/// Pins how a dyad's count is read at the current schema, on a store given events
/// between twelve countries, each as a government (`RUSGOV`, country `RUS`) and by a
/// code that is its country's (`RUS`), every pair once, and settled (fresh statistics, as
/// after `annals ingest`): each of the eight arms (four a direction), all of which match
/// here, is a range of a two-column dyad index, searched by both columns, that answers
/// by itself, two arms on each of the four indexes.
fn assert_dyad_count_plan(b: &Backend, store: &mut dyn Store) {
    const COUNTRIES: [&str; 12] = [
        "RUS", "PRK", "USA", "CHN", "UKR", "FRA", "DEU", "IRN", "ISR", "IND", "BRA", "TUR",
    ];
    let actors: Vec<String> = COUNTRIES
        .iter()
        .flat_map(|c| [c.to_string(), format!("{c}GOV")])
        .collect();
    let d = body("dyads", &["Many met many."]);
    let mut events = Vec::new();
    for (i, a) in actors.iter().enumerate() {
        for (j, t) in actors.iter().enumerate() {
            events.push(event("dyads", 1, 100 * i + j, "040", (a, t), None));
        }
    }
    let an = Analysis {
        events: &events,
        ..Analysis::default()
    };
    store.insert_analyzed(&[(&d, &an)]).unwrap();
    store.settle().unwrap();
    let mut q = EventQuery::default();
    dyad(&mut q);
    let listing = EventListing {
        query: q,
        ..EventListing::default()
    };
    assert_eq!(store.count_events(&listing).unwrap(), 8);
    let plan = filter_count_plan(b, None, dyad);
    let arm = if b.is_postgres() {
        "Index Only Scan using events_dyad_"
    } else {
        "USING COVERING INDEX events_dyad_"
    };
    assert_eq!(plan.matches(arm).count(), 8, "{plan}");
    assert_eq!(plan.matches("events_").count(), 8, "{plan}");
    // Both equalities are the index's search key (the first arm reads one dyad's entries).
    let both_keys = if b.is_postgres() {
        "Index Cond: ((source_"
    } else {
        "=? AND target_"
    };
    assert_eq!(plan.matches(both_keys).count(), 8, "{plan}");
    for index in [
        "code_code",
        "code_country",
        "country_code",
        "country_country",
    ] {
        assert_eq!(plan.matches(&format!("{arm}{index} ")).count(), 2, "{plan}");
    }
}

/// SQL quoting for the rows an older schema is given by hand.
fn lit(s: Option<&str>) -> String {
    s.map_or_else(
        || "NULL".to_owned(),
        |s| format!("'{}'", s.replace('\'', "''")),
    )
}

/// The rows an annals of schema `version` (SQLite 7 or 8; PostgreSQL 3 or 4) stored for
/// `d`, its event `e`, one unresolved mention, a signature and an LSH band, written by
/// hand: the current writer no longer fits those schemas (it writes columns they lack and
/// leaves out ones they require, or stores values in forms they do not read).
fn old_rows(b: &Backend, version: u32, d: &Document, e: &Event) -> String {
    let mut sql = old_document_rows(b, version, d);
    sql += &old_event_row(e, &d.id);
    sql
}

/// How an older schema lays out a document's child rows.
struct Layout {
    /// The column naming the document and its value: `doc_id` and the quoted id (up to
    /// SQLite 7, PostgreSQL), or `doc` and the ingest order 1 (SQLite 8).
    key: (&'static str, String),
    /// Block and sentence kinds: names (`'paragraph'`, `'body'`) or integers (SQLite 8).
    kinds: (&'static str, &'static str),
    /// Whether sentences repeat their text (before SQLite 7, PostgreSQL).
    sentence_text: bool,
}

/// [`old_rows`] but the event.
fn old_document_rows(b: &Backend, version: u32, d: &Document) -> String {
    let s = |x: &str| lit(Some(x));
    let v8 = !b.is_postgres() && version >= 8;
    let layout = Layout {
        key: if v8 {
            ("doc", "1".to_owned())
        } else {
            ("doc_id", s(&d.id))
        },
        kinds: if v8 {
            ("0", "0")
        } else {
            ("'paragraph'", "'body'")
        },
        sentence_text: b.is_postgres() || version < 7,
    };
    let (key_col, key) = &layout.key;
    let mut sql = document_row(d);
    for (i, r) in d.removed.iter().enumerate() {
        sql += &format!(
            "INSERT INTO removed_lines ({key_col}, idx, line, text, reason, detail) \
             VALUES ({key}, {i}, {}, {}, {}, {});",
            r.line,
            s(&r.text),
            s(r.reason.as_str()),
            s(&r.detail)
        );
    }
    for (i, bl) in d.blocks.iter().enumerate() {
        sql += &format!(
            "INSERT INTO blocks ({key_col}, idx, start_byte, end_byte, kind) \
             VALUES ({key}, {i}, {}, {}, {});",
            bl.span.start, bl.span.end, layout.kinds.0
        );
    }
    for (i, st) in d.sentences.iter().enumerate() {
        let (col, text) = if layout.sentence_text {
            (
                ", text",
                format!(", {}", s(&d.clean_text[st.span.start..st.span.end])),
            )
        } else {
            ("", String::new())
        };
        sql += &format!(
            "INSERT INTO sentences ({key_col}, idx, start_byte, end_byte, kind{col}) \
             VALUES ({key}, {i}, {}, {}, {}{text});",
            st.span.start, st.span.end, layout.kinds.1
        );
    }
    if !b.is_postgres() {
        sql += if layout.sentence_text {
            "INSERT INTO sentences_fts (rowid, text) SELECT id, text FROM sentences;"
        } else {
            "INSERT INTO sentences_fts (sentences_fts) VALUES ('rebuild');"
        };
    }
    sql += &if v8 {
        // Mention actors in their own table; mention text stored in full.
        "INSERT INTO mention_actors (id, via) VALUES (1, 'unresolved'); \
         INSERT INTO mentions (doc, idx, sentence, start_byte, end_byte, text, actor) \
         VALUES (1, 0, 0, 0, 8, 'Glaciers', 1);"
            .to_owned()
    } else {
        format!(
            "INSERT INTO mentions (doc_id, idx, sentence, start_byte, end_byte, text, code, \
             country, sector, name, wikidata, via, antecedent_start, antecedent_end) \
             VALUES ({key}, 0, 0, 0, 8, 'Glaciers', NULL, NULL, NULL, NULL, NULL, \
             'unresolved', NULL, NULL);"
        )
    };
    let signature = if b.is_postgres() {
        "'\\x0102030405060708'"
    } else {
        "X'0102030405060708'"
    };
    sql += &format!(
        "INSERT INTO doc_signatures ({key_col}, signature) VALUES ({key}, {signature}); \
         INSERT INTO lsh_bands (band, key, {key_col}) VALUES (3, -42, {key});"
    );
    sql
}

/// The `documents` row of `d` (ingest order 1), in the columns every schema has.
fn document_row(d: &Document) -> String {
    let s = |x: &str| lit(Some(x));
    format!(
        "INSERT INTO documents (id, ingest_seq, url, title, published, publisher, source, \
         raw_text, clean_text, content_hash, n_chars, ingested_at) VALUES ({}, 1, {}, {}, {}, \
         {}, {}, {}, {}, {}, {}, '2024-01-01T00:00:00.000Z');",
        s(&d.id),
        lit(d.url.as_deref()),
        lit(d.title.as_deref()),
        lit(d.published.as_deref()),
        lit(d.publisher.as_deref()),
        lit(d.source.as_deref()),
        s(&d.raw_text),
        s(&d.clean_text),
        s(&d.content_hash),
        d.clean_text.chars().count(),
    )
}

/// The event row of [`old_rows`]: the same columns from SQLite 6 and PostgreSQL 3 on; the
/// record as JSON text.
fn old_event_row(e: &Event, doc_id: &str) -> String {
    let s = |x: &str| lit(Some(x));
    let (src, tgt) = (e.source.as_ref().unwrap(), e.target.as_ref().unwrap());
    format!(
        "INSERT INTO events (event_id, doc_id, sentence, trigger_start, trigger_end, cameo, \
         cameo_root, plover, source_code, source_country, target_code, target_country, \
         modality, attribution, date_value, date_basis, date_first, date_last, historical, \
         goldstein, quad_class, confidence, record) VALUES ({}, {}, {}, {}, {}, {}, {}, {}, \
         {}, {}, {}, {}, 'asserted', NULL, {}, 'explicit', {}, {}, false, 1.0, 1, 0.9, {});",
        s(&e.event_id),
        s(doc_id),
        e.sentence,
        e.trigger.start,
        e.trigger.end,
        s(&e.cameo),
        s(&e.cameo_root),
        lit(e.plover.as_deref()),
        lit(src.code.as_deref()),
        lit(src.country.as_deref()),
        lit(tgt.code.as_deref()),
        lit(tgt.country.as_deref()),
        lit(e.date.value.as_deref()),
        lit(e.date.value.as_deref()),
        lit(e.date.value.as_deref()),
        s(&serde_json::to_string(e).unwrap()),
    )
}

fn upgrade_from(b: &Backend, current: u32, version: u32) {
    let fresh = Backend::like(b);
    let old = annals_store::open_at_version(&fresh.url, version).unwrap();
    assert_eq!(old.schema_version().unwrap(), version);
    drop(old);
    let mut d = body("before", &["Glaciers retreated again."]);
    d.raw_text = format!("<p>{}</p>", d.clean_text);
    let mut ev = event("before", 1, 0, "040", ("RUS", "PRK"), Some("2024-01-02"));
    ev.confidence = 0.9;
    ev.goldstein = 1.0;
    fresh.execute_raw(&old_rows(b, version, &d, &ev));
    if version < if b.is_postgres() { 7 } else { 10 } {
        // Before the dyad indexes each arm of a dyad's count searched one side's index:
        // every event of one actor.
        let plan = filter_count_plan(&fresh, Some(version), dyad);
        assert!(!plan.contains("events_dyad_"), "{plan}");
        let one_side =
            plan.matches("events_source_").count() + plan.matches("events_target_").count();
        assert_eq!(one_side, 8, "{plan}");
    }
    if b.is_postgres() && version == 5 {
        // Before PostgreSQL 6 the count of `--since` read the table for every event
        // counted: the index held the date's expression but not its column.
        let plan = filter_count_plan(&fresh, Some(version), since);
        assert!(plan.contains("Index Scan using events_date_desc"), "{plan}");
        assert!(!plan.contains("Index Only Scan"), "{plan}");
    }

    // A read-only open of an older schema either upgrades it first (SQLite, when the
    // file is writable) or refuses clearly; it never reads a half-known schema.
    match fresh.open_read_only() {
        Ok(ro) => assert_eq!(ro.schema_version().unwrap(), current),
        Err(StoreError::OlderSchema { found, .. }) => assert_eq!(found, version),
        Err(e) => panic!("{e}"),
    }
    let mut store = fresh.open();
    assert_eq!(store.schema_version().unwrap(), current);
    if b.is_postgres() {
        // From version 6 the index answers the count by itself.
        let plan = filter_count_plan(&fresh, None, since);
        assert!(
            plan.contains("Index Only Scan using events_date_desc"),
            "{plan}"
        );
    }
    assert_eq!(store.document("before").unwrap().as_ref(), Some(&d));
    assert_eq!(store.events(&EventQuery::default()).unwrap(), vec![ev]);
    // The upgraded events are found through the actor and dyad indexes.
    for q in [
        EventQuery {
            actor: Some("PRK".into()),
            ..EventQuery::default()
        },
        EventQuery {
            dyad: Some(("PRK".into(), "RUS".into())),
            since: Some("2024-01".into()),
            ..EventQuery::default()
        },
    ] {
        assert_eq!(store.events(&q).unwrap().len(), 1, "{q:?} from v{version}");
    }
    // And through the listing's indexes (SQLite 9, PostgreSQL 5): each filter alone, a
    // capped count, and the confidence floor.
    let listing = |f: fn(&mut EventQuery), floor: Option<f64>| EventListing {
        query: {
            let mut q = EventQuery::default();
            f(&mut q);
            q
        },
        min_confidence: floor,
        ..EventListing::default()
    };
    type Filter = fn(&mut EventQuery);
    let filters: [(Filter, u64); 7] = [
        (|q| q.plover = Some("CONSULT".into()), 1),
        (|q| q.plover = Some("AID".into()), 0),
        (|q| q.modality = Some("asserted".into()), 1),
        (|q| q.since = Some("2024-01-02".into()), 1),
        (|q| q.since = Some("2024-01-03".into()), 0),
        (|q| q.code = Some("04".into()), 1),
        (|q| q.code = Some("05".into()), 0),
    ];
    for (i, (f, n)) in filters.into_iter().enumerate() {
        let l = listing(f, None);
        assert_eq!(
            store.count_events(&l).unwrap(),
            n,
            "filter {i} from v{version}"
        );
        assert_eq!(store.count_events_up_to(&l, 1).unwrap(), n, "filter {i}");
        let page = store.events_listing_page(&l).unwrap();
        assert_eq!(page.events.len() as u64, n, "filter {i} from v{version}");
    }
    assert_eq!(store.count_events(&listing(|_| {}, Some(0.9))).unwrap(), 1);
    assert_eq!(store.count_events(&listing(|_| {}, Some(0.95))).unwrap(), 0);
    // Mentions, signature and LSH band keep their document (SQLite 8 re-keyed them).
    let mentions = store.mentions(Some("before"), None).unwrap();
    assert_eq!(mentions.len(), 1, "from v{version}");
    assert_eq!(
        (mentions[0].doc_id.as_str(), mentions[0].text.as_str()),
        ("before", "Glaciers")
    );
    assert_eq!(
        store.unresolved_mentions(5).unwrap(),
        [("Glaciers".to_owned(), 1)]
    );
    let signature = vec![1u8, 2, 3, 4, 5, 6, 7, 8];
    assert_eq!(store.signature("before").unwrap(), Some(signature.clone()));
    assert_eq!(
        store
            .near_duplicate_candidates(&[(3, (-42i64) as u64)], 5)
            .unwrap(),
        [("before".to_owned(), signature)]
    );
    store
        .insert_documents(&[body("after", &["Glaciers advanced, surprisingly."])])
        .unwrap();
    assert_eq!(store.search("glaciers", 10).unwrap().len(), 2);
    let hits = store.search("retreated", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].snippet, "Glaciers [retreated] again.");
    // Replacing the upgraded document takes its old sentences out of the index and its
    // analysis away.
    assert_eq!(
        store
            .insert_documents(&[body("before", &["Glaciers vanished."])])
            .unwrap(),
        [InsertOutcome::Updated]
    );
    assert!(store.search("retreated", 10).unwrap().is_empty());
    assert_eq!(store.search("vanished", 10).unwrap().len(), 1);
    assert!(store.mentions(Some("before"), None).unwrap().is_empty());
    assert_eq!(store.signature("before").unwrap(), None);
    assert_eq!(store.mentions(None, None).unwrap().len(), 0);
    assert_dyad_count_plan(&fresh, store.as_mut());
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
