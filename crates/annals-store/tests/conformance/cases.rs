//! Documents, re-ingest, replacement, near-duplicates, mentions and search.

use annals_core::{Actor, ActorMention, BlockKind, ResolvedVia, Span};
use annals_store::{Analysis, InsertOutcome, StoreError};

use crate::backend::Backend;
use crate::common::{body, doc, hashed_doc};

pub fn documents_round_trip(b: &Backend) {
    let mut store = b.open();
    let mut d = doc(
        "wire-001",
        &[
            (BlockKind::Heading, "Ministers meet in Geneva"),
            (
                BlockKind::Paragraph,
                "The ministers met on Tuesday. They spoke for an hour about Erdoğan.",
            ),
            (BlockKind::ListItem, "Next round: October."),
        ],
    );
    d.published = None;
    assert_eq!(
        store.insert_documents(std::slice::from_ref(&d)).unwrap(),
        [InsertOutcome::New]
    );
    assert_eq!(store.document("wire-001").unwrap().as_ref(), Some(&d));
    assert_eq!(store.document("wire-002").unwrap(), None);
    // A second connection reads the same.
    let other = store.reopen().unwrap().unwrap();
    assert_eq!(other.document("wire-001").unwrap().as_ref(), Some(&d));
    assert_eq!(
        other.backend(),
        if b.is_postgres() {
            "postgres"
        } else {
            "sqlite"
        }
    );
}

pub fn listing_counts_and_prefixes(b: &Backend) {
    let mut store = b.open();
    let docs = [
        doc(
            "abcd-1",
            &[
                (BlockKind::Heading, "Floods in the north"),
                (BlockKind::Paragraph, "Rivers rose. Roads closed."),
            ],
        ),
        body("abcd-2", &["Markets were calm."]),
        body("zz-3", &["Ferries ran again."]),
    ];
    store.insert_documents(&docs).unwrap();
    assert_eq!(store.count_documents().unwrap(), 3);
    let all = store.list_documents(None, 0).unwrap();
    let ids: Vec<&str> = all.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["abcd-1", "abcd-2", "zz-3"]);
    let first = &all[0];
    assert_eq!(first.title.as_deref(), Some("Floods in the north"));
    assert_eq!(
        (first.n_sentences, first.n_headings, first.n_removed),
        (3, 1, 1)
    );
    assert_eq!(first.n_chars, docs[0].clean_text.chars().count());
    assert!(first.ingested_at.ends_with('Z') && first.updated_at.is_none());
    let page = store.list_documents(Some(1), 1).unwrap();
    assert_eq!(page.len(), 1);
    assert_eq!(page[0].id, "abcd-2");

    assert_eq!(store.resolve_id("zz-3").unwrap().as_deref(), Some("zz-3"));
    assert_eq!(
        store.resolve_id("abcd-2").unwrap().as_deref(),
        Some("abcd-2")
    );
    assert_eq!(store.resolve_id("zz-").unwrap(), None, "shorter than 4");
    assert_eq!(store.resolve_id("nope").unwrap(), None);
    match store.resolve_id("abcd") {
        Err(StoreError::AmbiguousId {
            candidates, more, ..
        }) => {
            assert_eq!(candidates, ["abcd-1", "abcd-2"]);
            assert!(!more);
        }
        other => panic!("{other:?}"),
    }
}

pub fn reingest_is_idempotent(b: &Backend) {
    let mut store = b.open();
    let d = body("same-1", &["The harbour reopened on Monday."]);
    let h = hashed_doc(&[(BlockKind::Paragraph, "Ferries ran again.")]);
    assert_eq!(
        store.insert_documents(&[d.clone(), h.clone()]).unwrap(),
        [InsertOutcome::New, InsertOutcome::New]
    );
    assert_eq!(
        store.insert_documents(&[d.clone(), h.clone()]).unwrap(),
        [
            InsertOutcome::AlreadyPresent {
                existing_id: "same-1".into()
            },
            InsertOutcome::AlreadyPresent {
                existing_id: h.id.clone()
            }
        ]
    );
    assert_eq!(
        store
            .stored_as("same-1", &d.content_hash)
            .unwrap()
            .as_deref(),
        Some("same-1")
    );
    assert_eq!(store.stored_as("same-1", "0000").unwrap(), None);
    // Same text under an explicit id is a new document; a hash-derived id for text stored
    // under an explicit id is already present.
    let mut named = h.clone();
    named.id = "named-copy".into();
    assert_eq!(
        store.insert_documents(&[named]).unwrap(),
        [InsertOutcome::New]
    );
    let mut text_of_d = hashed_doc(&[(BlockKind::Paragraph, "The harbour reopened on Monday.")]);
    text_of_d.removed = d.removed.clone();
    assert_eq!(
        store.insert_documents(&[text_of_d]).unwrap(),
        [InsertOutcome::AlreadyPresent {
            existing_id: "same-1".into()
        }]
    );
    // Twice in one batch: the second is already present.
    let e = body("twice", &["Bridges were inspected."]);
    assert_eq!(
        store.insert_documents(&[e.clone(), e]).unwrap(),
        [
            InsertOutcome::New,
            InsertOutcome::AlreadyPresent {
                existing_id: "twice".into()
            }
        ]
    );
    assert_eq!(store.count_documents().unwrap(), 4);
}

pub fn changed_content_replaces_the_document(b: &Backend) {
    let mut store = b.open();
    let first = body(
        "story",
        &["Glaciers retreated again. Scientists were worried."],
    );
    let other = body("other", &["Markets were calm."]);
    store.insert_documents(&[first, other]).unwrap();
    let second = body("story", &["Glaciers advanced, surprisingly."]);
    assert_eq!(
        store
            .insert_documents(std::slice::from_ref(&second))
            .unwrap(),
        [InsertOutcome::Updated]
    );
    assert_eq!(store.document("story").unwrap().as_ref(), Some(&second));
    let list = store.list_documents(None, 0).unwrap();
    assert_eq!(list[0].id, "story", "keeps its place in ingest order");
    assert!(list[0].updated_at.is_some());
    assert_eq!(list[0].n_sentences, 1);
    assert!(store.search("retreated", 10).unwrap().is_empty());
    assert_eq!(store.search("advanced", 10).unwrap().len(), 1);
    // Changed twice within one batch: both outcomes reported, the last version stored.
    let v3 = body("story", &["Glaciers stood still."]);
    let v4 = body("story", &["Glaciers melted."]);
    assert_eq!(
        store.insert_documents(&[v3, v4.clone()]).unwrap(),
        [InsertOutcome::Updated, InsertOutcome::Updated]
    );
    assert_eq!(store.document("story").unwrap().as_ref(), Some(&v4));
    assert_eq!(store.search("glaciers", 10).unwrap().len(), 1);
}

pub fn near_duplicate_links(b: &Backend) {
    let mut store = b.open();
    let a = body("orig", &["A wire story about ferries."]);
    let c = body("copy", &["A wire story about ferries, syndicated."]);
    let sig_a = vec![1u8, 2, 3, 4];
    let bands_a = [(0u16, 11u64), (1, u64::MAX), (2, 33)];
    let bands_c = [(0u16, 11u64), (1, u64::MAX), (2, 99)];
    let sig_c = vec![9u8; 4];
    let an_a = Analysis {
        signature: Some(&sig_a),
        bands: &bands_a,
        language: Some("en"),
        ..Analysis::default()
    };
    let an_c = Analysis {
        signature: Some(&sig_c),
        bands: &bands_c,
        duplicate_of: Some(("orig", 0.875)),
        ..Analysis::default()
    };
    store.insert_analyzed(&[(&a, &an_a), (&c, &an_c)]).unwrap();
    assert_eq!(store.duplicate_of("copy").unwrap().as_deref(), Some("orig"));
    assert_eq!(store.duplicate_of("orig").unwrap(), None);
    assert_eq!(store.duplicate_of("missing").unwrap(), None);
    assert_eq!(store.signature("orig").unwrap(), Some(sig_a.clone()));
    let cands = store
        .near_duplicate_candidates(&[(0, 11), (1, u64::MAX), (2, 33)], 10)
        .unwrap();
    assert_eq!(
        cands,
        [("orig".to_owned(), sig_a), ("copy".to_owned(), sig_c)]
    );
    let cands = store.near_duplicate_candidates(&[(2, 99)], 10).unwrap();
    assert_eq!(cands.len(), 1);
    assert_eq!(cands[0].0, "copy");
    assert!(store
        .near_duplicate_candidates(&[(5, 5)], 10)
        .unwrap()
        .is_empty());
    let list = store.list_documents(None, 0).unwrap();
    assert_eq!(list[0].language.as_deref(), Some("en"));
    assert_eq!(list[1].duplicate_of.as_deref(), Some("orig"));
    assert_eq!(list[1].similarity, Some(0.875));
}

pub fn search_finds_stems_phrases_and_operators(b: &Backend) {
    let mut store = b.open();
    store
        .insert_documents(&[
            doc(
                "s1",
                &[
                    (BlockKind::Heading, "Sanctions on steel"),
                    (
                        BlockKind::Paragraph,
                        "The U.S. announced new sanctions on Friday. Erdoğan visited Kyiv.",
                    ),
                ],
            ),
            body(
                "s2",
                &["Talks on nuclear sanctioning stalled. Markets were calm."],
            ),
        ])
        .unwrap();
    let hits = |q: &str| -> Vec<(String, usize)> {
        store
            .search(q, 10)
            .unwrap()
            .into_iter()
            .map(|h| (h.doc_id, h.sentence))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect()
    };
    let s = |d: &str, i: usize| (d.to_owned(), i);
    assert_eq!(hits("sanction"), [s("s1", 0), s("s1", 1), s("s2", 0)]);
    assert_eq!(hits("Erdogan"), [s("s1", 2)], "diacritics ignored");
    assert_eq!(hits("\"new sanctions\""), [s("s1", 1)]);
    assert_eq!(hits("sanctions steel"), [s("s1", 0)]);
    assert_eq!(hits("steel OR markets"), [s("s1", 0), s("s2", 1)]);
    assert_eq!(hits("sanctions NOT steel"), [s("s1", 1), s("s2", 0)]);
    assert_eq!(hits("nucl*"), [s("s2", 0)]);
    assert_eq!(hits("U.S. sanctions"), [s("s1", 1)]);
    assert_eq!(hits("(steel OR Kyiv) AND Erdoğan"), [s("s1", 2)]);
    assert!(hits("volcano").is_empty());

    let hit = &store.search("Kyiv", 5).unwrap()[0];
    assert_eq!(hit.snippet, "Erdoğan visited [Kyiv].");
    assert_eq!(hit.title.as_deref(), Some("Sanctions on steel"));
    assert_eq!(hit.kind, annals_core::SentenceKind::Body);
    // Best first: the heading that is nearly all query beats the longer sentence.
    let ranked = store.search("sanctions steel OR sanctions", 10).unwrap();
    assert!(
        ranked.windows(2).all(|w| w[0].rank <= w[1].rank),
        "{ranked:?}"
    );
    assert_eq!(store.search("sanctions", 2).unwrap().len(), 2);
    assert!(store.search("sanctions", 0).unwrap().is_empty());
}

pub fn bad_queries_are_errors(b: &Backend) {
    let mut store = b.open();
    store
        .insert_documents(&[body("q1", &["Putin met Kim."])])
        .unwrap();
    for q in ["\"unclosed", "- & —", "Putin AND"] {
        match store.search(q, 5) {
            Err(StoreError::BadQuery { query, .. }) => assert_eq!(query, q),
            other => panic!("{q}: {other:?}"),
        }
    }
    // Over the limits (bytes, terms, prefix terms): refused alike on every backend, the
    // message quoting only the query's start.
    let long = "putin ".repeat(2_000);
    let prefixes = "ab* cd* ef* gh* ij*";
    let short_prefix = "a*";
    for q in [long.as_str(), prefixes, short_prefix] {
        match store.search(q, 5) {
            Err(StoreError::BadQuery { query, .. }) => assert!(query.len() < 100, "{query}"),
            other => panic!("{}: {other:?}", &q[..q.len().min(40)]),
        }
    }
}

fn mention(sentence: usize, text: &str, start: usize, codes: &[&str]) -> ActorMention {
    ActorMention {
        sentence,
        span: Span::new(start, start + text.len()),
        tokens: (0, 1),
        head: 0,
        text: text.into(),
        actors: codes
            .iter()
            .map(|c| Actor {
                code: (*c).into(),
                country: Some(c[..3].into()),
                sector: None,
                name: Some(format!("name of {c}")),
                wikidata: None,
            })
            .collect(),
        via: if codes.is_empty() {
            ResolvedVia::Unresolved
        } else {
            ResolvedVia::Name
        },
        antecedent: (sentence > 0).then(|| Span::new(0, 5)),
    }
}

pub fn mentions_round_trip(b: &Backend) {
    let mut store = b.open();
    let d = body(
        "m1",
        &["Putin met Kim. The two countries agreed. Analysts doubted."],
    );
    let mentions = [
        mention(0, "Putin", 0, &["RUSGOV"]),
        mention(1, "The two countries", 15, &["RUS", "PRK"]),
        mention(2, "Analysts", 41, &[]),
    ];
    let an = Analysis {
        mentions: &mentions,
        ..Analysis::default()
    };
    store.insert_analyzed(&[(&d, &an)]).unwrap();
    let rows = store.mentions(Some("m1"), None).unwrap();
    let codes: Vec<Option<&str>> = rows.iter().map(|r| r.code.as_deref()).collect();
    assert_eq!(codes, [Some("RUSGOV"), Some("RUS"), Some("PRK"), None]);
    assert_eq!(rows[1].idx, 1);
    assert_eq!(rows[2].text, "The two countries");
    assert_eq!(rows[2].antecedent, Some(Span::new(0, 5)));
    assert_eq!(rows[3].via, "unresolved");
    assert_eq!(store.mentions(None, Some(2)).unwrap().len(), 2);
    assert_eq!(
        store.unresolved_mentions(5).unwrap(),
        [("Analysts".to_owned(), 1)]
    );

    store
        .replace_mentions("m1", &[mention(0, "Kim", 10, &[])])
        .unwrap();
    let rows = store.mentions(Some("m1"), None).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        store.unresolved_mentions(5).unwrap(),
        [("Kim".to_owned(), 1)]
    );
}
