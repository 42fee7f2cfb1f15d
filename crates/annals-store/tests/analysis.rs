//! Documents stored together with their analysis, in one transaction.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use annals_core::{Actor, ActorMention, ResolvedVia, Span};
use annals_store::{Analysis, EventQuery, InsertOutcome, SqliteStore};
use common::body;

fn mention(text: &str, start: usize, code: &str) -> ActorMention {
    ActorMention {
        sentence: 0,
        span: Span::new(start, start + text.len()),
        tokens: (0, 1),
        head: 0,
        text: text.into(),
        actors: vec![Actor {
            code: code.into(),
            country: Some(code.get(..3).unwrap().into()),
            sector: None,
            name: None,
            wikidata: None,
        }],
        via: ResolvedVia::Name,
        antecedent: None,
    }
}

#[test]
fn new_documents_are_stored_with_mentions_language_and_signature() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let doc = body("wire-1", &["Chile thanked Peru for the rescue."]);
    let mentions = [mention("Chile", 0, "CHL"), mention("Peru", 14, "PER")];
    let analysis = Analysis {
        mentions: &mentions,
        language: Some("en"),
        signature: Some(&[1, 2, 3, 4]),
        bands: &[(0, 17), (1, u64::MAX)],
        ..Analysis::default()
    };
    let out = store.insert_analyzed(&[(&doc, &analysis)]).unwrap();
    assert_eq!(out, [InsertOutcome::New]);
    let stored = store.mentions(Some("wire-1"), None).unwrap();
    assert_eq!(stored.len(), 2);
    assert_eq!(stored[1].code.as_deref(), Some("PER"));

    // A later copy finds the first through a shared band (keys round-trip all 64 bits).
    let found = store
        .near_duplicate_candidates(&[(1, u64::MAX), (5, 5)], 10)
        .unwrap();
    assert_eq!(found, [("wire-1".to_string(), vec![1, 2, 3, 4])]);
    assert!(store
        .near_duplicate_candidates(&[(0, 18)], 10)
        .unwrap()
        .is_empty());

    // Re-inserting the same content is "already present" and keeps the analysis.
    let out = store
        .insert_analyzed(&[(&doc, &Analysis::default())])
        .unwrap();
    assert!(matches!(out[0], InsertOutcome::AlreadyPresent { .. }));
    assert_eq!(store.mentions(Some("wire-1"), None).unwrap().len(), 2);
}

#[test]
fn an_updated_document_replaces_its_analysis() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let first = body("wire-2", &["Chile thanked Peru for the rescue."]);
    let mentions = [mention("Chile", 0, "CHL")];
    let a = Analysis {
        mentions: &mentions,
        signature: Some(&[9]),
        bands: &[(0, 1)],
        ..Analysis::default()
    };
    store.insert_analyzed(&[(&first, &a)]).unwrap();
    let second = body("wire-2", &["Peru thanked Chile, officials said."]);
    let b = Analysis {
        duplicate_of: Some(("wire-0", 0.9)),
        ..Analysis::default()
    };
    let out = store.insert_analyzed(&[(&second, &b)]).unwrap();
    assert_eq!(out, [InsertOutcome::Updated]);
    assert!(store.mentions(Some("wire-2"), None).unwrap().is_empty());
    assert!(store
        .near_duplicate_candidates(&[(0, 1)], 10)
        .unwrap()
        .is_empty());
    let q = EventQuery {
        doc_id: Some("wire-2".into()),
        ..EventQuery::default()
    };
    assert!(store.events(&q).unwrap().is_empty());
}

#[test]
fn a_rejected_document_stores_none_of_its_analysis() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let good = body("ok-1", &["Chile thanked Peru."]);
    let mut bad = body("bad-1", &["Peru thanked Chile."]);
    bad.content_hash = "not the hash".into();
    let mentions = [mention("Peru", 0, "PER")];
    let a = Analysis {
        mentions: &mentions,
        ..Analysis::default()
    };
    let out = store.insert_analyzed(&[(&good, &a), (&bad, &a)]).unwrap();
    assert_eq!(out[0], InsertOutcome::New);
    assert!(matches!(out[1], InsertOutcome::Rejected { .. }));
    assert_eq!(store.mentions(Some("ok-1"), None).unwrap().len(), 1);
    assert!(store.mentions(Some("bad-1"), None).unwrap().is_empty());
}
