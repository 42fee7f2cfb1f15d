//! Inserting batches: outcomes, dedup, updates, rejected documents, round trips.

mod common;

use annals_core::{BlockKind, Span};
use annals_store::{DocumentError, InsertOutcome, SqliteStore};
use common::{body, doc, hashed_doc};

#[test]
fn builder_spans_slice_the_text() {
    let d = doc(
        "b1",
        &[
            (BlockKind::Heading, "Erdoğan visits Kyiv"),
            (
                BlockKind::Paragraph,
                "He arrived on Friday. Talks with U.S. envoy J. Smith began at noon!",
            ),
        ],
    );
    let texts: Vec<&str> = d
        .sentences
        .iter()
        .map(|s| d.text_of(s.span).unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "Erdoğan visits Kyiv",
            "He arrived on Friday.",
            "Talks with U.S. envoy J. Smith began at noon!"
        ]
    );
    assert_eq!(annals_store::validate_document(&d), Ok(()));
}

#[test]
fn document_round_trips_exactly() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let mut d = doc(
        "wire-001",
        &[
            (BlockKind::Heading, "Ministers meet in Geneva"),
            (
                BlockKind::Paragraph,
                "The ministers met on Tuesday. They spoke for an hour.",
            ),
            (BlockKind::ListItem, "Next round: October."),
        ],
    );
    d.published = None;
    assert_eq!(
        store.insert_documents(std::slice::from_ref(&d)).unwrap(),
        [InsertOutcome::New]
    );
    let back = store.document("wire-001").unwrap().unwrap();
    assert_eq!(back, d);
    assert_eq!(store.document("wire-002").unwrap(), None);
}

#[test]
fn reinsert_is_idempotent() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let batch = [
        body("a-1", &["Rain fell on the capital."]),
        body("a-2", &["The river rose overnight."]),
    ];
    assert_eq!(
        store.insert_documents(&batch).unwrap(),
        [InsertOutcome::New, InsertOutcome::New]
    );
    assert_eq!(
        store.insert_documents(&batch).unwrap(),
        [
            InsertOutcome::AlreadyPresent {
                existing_id: "a-1".into()
            },
            InsertOutcome::AlreadyPresent {
                existing_id: "a-2".into()
            },
        ]
    );
    assert_eq!(store.count_documents().unwrap(), 2);
    // One copy of each sentence in the index.
    assert_eq!(store.search("river", 10).unwrap().len(), 1);
}

#[test]
fn hash_derived_ids_dedup_against_any_stored_copy() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let text = ["The council voted to extend the mandate."];
    let named = body("council-vote", &text);
    let anonymous = hashed_doc(&[(BlockKind::Paragraph, text[0])]);
    assert_eq!(named.content_hash, anonymous.content_hash);
    assert_ne!(named.id, anonymous.id);

    store
        .insert_documents(std::slice::from_ref(&named))
        .unwrap();
    // Same content, id derived from the hash: already stored, under the named id.
    assert_eq!(
        store
            .insert_documents(std::slice::from_ref(&anonymous))
            .unwrap(),
        [InsertOutcome::AlreadyPresent {
            existing_id: "council-vote".into()
        }]
    );
    // A document with its own (different) id is a document of its own, even with the same text.
    let other = body("council-vote-copy", &text);
    assert_eq!(
        store.insert_documents(&[other]).unwrap(),
        [InsertOutcome::New]
    );
    assert_eq!(store.count_documents().unwrap(), 2);
}

#[test]
fn hash_derived_duplicates_within_one_batch_are_stored_once() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let a = hashed_doc(&[(BlockKind::Paragraph, "Talks resumed in Doha.")]);
    let outcomes = store.insert_documents(&[a.clone(), a.clone()]).unwrap();
    assert_eq!(
        outcomes,
        [
            InsertOutcome::New,
            InsertOutcome::AlreadyPresent {
                existing_id: a.id.clone()
            }
        ]
    );
}

#[test]
fn update_replaces_text_parts_and_index_entries() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let first = doc(
        "story-9",
        &[
            (BlockKind::Heading, "Storm nears the coast"),
            (
                BlockKind::Paragraph,
                "Fishermen stayed in port. Schools closed early.",
            ),
        ],
    );
    store
        .insert_documents(&[first, body("other", &["Nothing happened."])])
        .unwrap();
    assert_eq!(store.search("fishermen", 10).unwrap().len(), 1);

    let mut second = body(
        "story-9",
        &["The storm turned north. Ferries resumed service."],
    );
    second.removed.clear();
    assert_eq!(
        store
            .insert_documents(std::slice::from_ref(&second))
            .unwrap(),
        [InsertOutcome::Updated]
    );
    assert_eq!(store.document("story-9").unwrap().unwrap(), second);
    assert!(store.search("fishermen", 10).unwrap().is_empty());
    assert!(store.search("coast", 10).unwrap().is_empty());
    let hits = store.search("ferries", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!((hits[0].doc_id.as_str(), hits[0].sentence), ("story-9", 1));

    // It keeps its place in ingest order and records the update.
    let list = store.list_documents(None, 0).unwrap();
    let ids: Vec<&str> = list.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["story-9", "other"]);
    assert_eq!(list[0].n_sentences, 2);
    assert_eq!(list[0].n_headings, 0);
    assert_eq!(list[0].n_removed, 0);
    assert!(list[0].updated_at.is_some());
    assert!(list[1].updated_at.is_none());
}

#[test]
fn a_bad_document_is_rejected_and_the_rest_of_the_batch_is_stored() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    store
        .insert_documents(&[body("kept", &["Earlier news."])])
        .unwrap();

    let mut bad = body("bad-span", &["Only a short text."]);
    bad.sentences[0].span = Span { start: 0, end: 400 };
    let mut bad_hash = body("bad-hash", &["Hash says otherwise."]);
    bad_hash.content_hash = annals_core::content_hash("something else");
    let batch = [
        body("good-1", &["Trade talks opened."]),
        bad,
        bad_hash,
        body("good-2", &["Trade talks closed."]),
    ];
    let outcomes = store.insert_documents(&batch).unwrap();
    assert_eq!(outcomes[0], InsertOutcome::New);
    assert_eq!(outcomes[3], InsertOutcome::New);
    match &outcomes[1] {
        InsertOutcome::Rejected { reason } => {
            assert!(matches!(reason, DocumentError::BadSpan { .. }));
            assert!(reason.to_string().contains("bad-span"), "{reason}");
        }
        other => panic!("expected a rejection, got {other:?}"),
    }
    assert!(matches!(
        &outcomes[2],
        InsertOutcome::Rejected {
            reason: DocumentError::HashMismatch { .. }
        }
    ));
    let ids: Vec<String> = store
        .list_documents(None, 0)
        .unwrap()
        .into_iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(ids, ["kept", "good-1", "good-2"]);
    assert_eq!(store.document("bad-span").unwrap(), None);
    assert_eq!(store.search("talks", 10).unwrap().len(), 2);
}

#[test]
fn a_document_the_database_refuses_is_rolled_back_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("refuse.db");
    let mut store = SqliteStore::open(&path).unwrap();
    // Someone added a rule to the database the store knows nothing about.
    let admin = rusqlite::Connection::open(&path).unwrap();
    admin
        .execute_batch(
            "CREATE TRIGGER no_forbidden BEFORE INSERT ON sentences \
             WHEN (SELECT clean_text FROM documents WHERE ingest_seq = new.doc) LIKE '%forbidden%' \
             BEGIN SELECT RAISE(ABORT, 'forbidden sentence'); END;",
        )
        .unwrap();
    drop(admin);

    // The refused document's row and first sentence are written before its second
    // sentence trips the trigger; all of it must go. A second refusal and a repeat of an
    // earlier document of the same batch come out as they would without the refusals.
    let refused = body("refused", &["A harmless opening. Then a forbidden word."]);
    let before = body("before", &["Harvest figures were published."]);
    let batch = [
        before.clone(),
        refused,
        body("after", &["Harvest festival postponed."]),
        body("refused-too", &["Forbidden from the start."]),
        before,
    ];
    let outcomes = store.insert_documents(&batch).unwrap();
    assert_eq!(outcomes.len(), 5);
    assert_eq!(outcomes[0], InsertOutcome::New);
    assert_eq!(outcomes[2], InsertOutcome::New);
    assert_eq!(
        outcomes[4],
        InsertOutcome::AlreadyPresent {
            existing_id: "before".into()
        }
    );
    assert!(
        matches!(&outcomes[3], InsertOutcome::Rejected { reason: DocumentError::Refused { doc_id, .. } } if doc_id == "refused-too"),
        "{outcomes:?}"
    );
    match &outcomes[1] {
        InsertOutcome::Rejected {
            reason: DocumentError::Refused { doc_id, message },
        } => {
            assert_eq!(doc_id, "refused");
            assert!(message.contains("forbidden sentence"), "{message}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(store.count_documents().unwrap(), 2);
    assert_eq!(store.document("refused").unwrap(), None);
    assert!(store.search("harmless", 10).unwrap().is_empty());
    assert_eq!(store.search("harvest", 10).unwrap().len(), 2);
    assert_index_matches_sentences(&path);
}

/// FTS5's own check that the full-text index holds exactly the sentences table's text.
#[allow(clippy::unwrap_used)]
fn assert_index_matches_sentences(path: &std::path::Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute(
        "INSERT INTO sentences_fts (sentences_fts, rank) VALUES ('integrity-check', 1)",
        [],
    )
    .unwrap();
}

#[test]
fn a_document_replaced_within_its_own_batch_is_indexed_once() {
    // Sentences are indexed at the end of the batch; the replacement deletes (through the
    // index's delete trigger) sentences inserted earlier in the same batch.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("replace.db");
    let mut store = SqliteStore::open(&path).unwrap();
    store
        .insert_documents(&[body("old", &["Glaciers retreated again."])])
        .unwrap();
    let batch = [
        body("story", &["Fishermen stayed in port."]),
        body("other", &["Harvest festival postponed."]),
        body("story", &["Ferries resumed service."]),
        body("old", &["Glaciers advanced, surprisingly."]),
    ];
    assert_eq!(
        store.insert_documents(&batch).unwrap(),
        [
            InsertOutcome::New,
            InsertOutcome::New,
            InsertOutcome::Updated,
            InsertOutcome::Updated
        ]
    );
    assert!(store.search("fishermen", 10).unwrap().is_empty());
    assert!(store.search("retreated", 10).unwrap().is_empty());
    for word in ["ferries", "harvest", "surprisingly", "glaciers"] {
        assert_eq!(store.search(word, 10).unwrap().len(), 1, "{word}");
    }
    assert_index_matches_sentences(&path);
}

#[test]
fn empty_batch_and_document_without_sentences() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    assert!(store.insert_documents(&[]).unwrap().is_empty());
    let mut bare = body("bare", &["Text not yet split."]);
    bare.sentences.clear();
    bare.blocks.clear();
    bare.removed.clear();
    assert_eq!(
        store.insert_documents(std::slice::from_ref(&bare)).unwrap(),
        [InsertOutcome::New]
    );
    assert_eq!(store.document("bare").unwrap().unwrap(), bare);
    let list = store.list_documents(None, 0).unwrap();
    assert_eq!(list[0].n_sentences, 0);
    assert_eq!(list[0].n_chars, "Text not yet split.".chars().count());
}

#[test]
fn outcomes_serialise_for_json_output() {
    let json = serde_json::to_string(&InsertOutcome::AlreadyPresent {
        existing_id: "x1".into(),
    })
    .unwrap();
    assert_eq!(json, r#"{"outcome":"already_present","existing_id":"x1"}"#);
}

#[test]
fn a_refused_update_keeps_the_stored_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("refuse-update.db");
    let mut store = SqliteStore::open(&path).unwrap();
    let original = body("report-7", &["The border stayed open."]);
    store
        .insert_documents(std::slice::from_ref(&original))
        .unwrap();
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch(
            "CREATE TRIGGER no_forbidden BEFORE INSERT ON sentences \
             WHEN (SELECT clean_text FROM documents WHERE ingest_seq = new.doc) LIKE '%forbidden%' \
             BEGIN SELECT RAISE(ABORT, 'forbidden sentence'); END;",
        )
        .unwrap();

    // The update deletes the old sentences and rewrites the row before the trigger fires.
    let update = body(
        "report-7",
        &["The border closed. A forbidden detail followed."],
    );
    let outcomes = store.insert_documents(&[update]).unwrap();
    assert!(
        matches!(
            &outcomes[..],
            [InsertOutcome::Rejected {
                reason: DocumentError::Refused { .. }
            }]
        ),
        "{outcomes:?}"
    );
    assert_eq!(
        store.document("report-7").unwrap().as_ref(),
        Some(&original)
    );
    assert_eq!(store.search("border", 5).unwrap().len(), 1);
    assert!(store.search("closed", 5).unwrap().is_empty());
    assert!(store.list_documents(None, 0).unwrap()[0]
        .updated_at
        .is_none());
}

#[test]
fn stored_as_predicts_already_present_without_writing() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let text = ["The council voted to extend the mandate."];
    let named = body("council-vote", &text);
    let anonymous = hashed_doc(&[(BlockKind::Paragraph, text[0])]);
    assert_eq!(
        store.stored_as(&named.id, &named.content_hash).unwrap(),
        None
    );
    store
        .insert_documents(std::slice::from_ref(&named))
        .unwrap();
    assert_eq!(
        store.stored_as(&named.id, &named.content_hash).unwrap(),
        Some("council-vote".into())
    );
    // Hash-derived ids match any stored copy; named ids only themselves.
    assert_eq!(
        store
            .stored_as(&anonymous.id, &anonymous.content_hash)
            .unwrap(),
        Some("council-vote".into())
    );
    assert_eq!(
        store
            .stored_as("council-vote-2", &named.content_hash)
            .unwrap(),
        None
    );
    // Same id, changed content: an update, not present.
    assert_eq!(store.stored_as("council-vote", "0000").unwrap(), None);
    assert_eq!(store.count_documents().unwrap(), 1);
}
