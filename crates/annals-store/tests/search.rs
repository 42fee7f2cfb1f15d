//! Full-text search: plain words with punctuation, FTS5 syntax, malformed queries.

mod common;

use annals_core::{BlockKind, SentenceKind};
use annals_store::{SearchHit, SqliteStore, StoreError};
use common::{body, doc};

/// Five documents, every one stored as new.
fn corpus() -> Result<SqliteStore, StoreError> {
    let mut store = SqliteStore::open_in_memory()?;
    let docs = [
        doc(
            "sanctions-1",
            &[
                (BlockKind::Heading, "U.S. sanctions hit shipping firms"),
                (
                    BlockKind::Paragraph,
                    "The Treasury named six firms on Monday. Officials said the U.S. sanctions \
                     target fuel transfers at sea.",
                ),
            ],
        ),
        body(
            "visit-2",
            &["Putin's visit to the port city lasted two days. He met the governor."],
        ),
        body(
            "visit-3",
            &["Putin visited a factory. The U.K. minister was not invited."],
        ),
        doc(
            "talks-4",
            &[
                (
                    BlockKind::ListItem,
                    "North Korea and Russia signed a trade deal.",
                ),
                (BlockKind::Paragraph, "Korea said the deal covers grain."),
            ],
        ),
        body("accent-5", &["Erdoğan spoke to reporters."]),
    ];
    let outcomes = store.insert_documents(&docs)?;
    assert!(outcomes.iter().all(|o| o.is_write()), "{outcomes:?}");
    Ok(store)
}

fn ids(hits: &[SearchHit]) -> Vec<(String, usize)> {
    let mut v: Vec<(String, usize)> = hits
        .iter()
        .map(|h| (h.doc_id.clone(), h.sentence))
        .collect();
    v.sort();
    v
}

fn hit(doc: &str, sentence: usize) -> (String, usize) {
    (doc.to_owned(), sentence)
}

#[test]
fn plain_words_with_punctuation() {
    let store = corpus().unwrap();
    let hits = store.search("U.S. sanctions", 10).unwrap();
    assert_eq!(ids(&hits), [hit("sanctions-1", 0), hit("sanctions-1", 2)]);
    // The heading hit reports its kind and the document title.
    let heading = hits.iter().find(|h| h.sentence == 0).unwrap();
    assert_eq!(heading.kind, SentenceKind::Heading);
    assert_eq!(
        heading.title.as_deref(),
        Some("U.S. sanctions hit shipping firms")
    );
    assert!(
        heading.snippet.starts_with("[U.S]. [sanctions] hit"),
        "{}",
        heading.snippet
    );

    // "U.S." is the adjacent tokens u s, so "U.K." does not match it.
    assert!(store.search("U.S. minister", 10).unwrap().is_empty());
    assert_eq!(
        ids(&store.search("U.K. minister", 10).unwrap()),
        [hit("visit-3", 1)]
    );

    let hits = store.search("Putin's", 10).unwrap();
    assert_eq!(ids(&hits), [hit("visit-2", 0)]);
    assert!(
        hits[0].snippet.starts_with("[Putin's] visit"),
        "{}",
        hits[0].snippet
    );
    // Typographic apostrophe in the query, words joined by a hyphen.
    assert_eq!(
        ids(&store.search("Putin’s port-city", 10).unwrap()),
        [hit("visit-2", 0)]
    );
}

#[test]
fn stemming_case_and_diacritics() {
    let store = corpus().unwrap();
    // Porter: "visits" and "visited" share the stem of "visit".
    assert_eq!(
        ids(&store.search("visits", 10).unwrap()),
        [hit("visit-2", 0), hit("visit-3", 0)]
    );
    assert_eq!(
        ids(&store.search("erdogan", 10).unwrap()),
        [hit("accent-5", 0)]
    );
    assert_eq!(
        ids(&store.search("TREASURY", 10).unwrap()),
        [hit("sanctions-1", 1)]
    );
}

#[test]
fn fts_syntax_is_honoured() {
    let store = corpus().unwrap();
    assert_eq!(
        ids(&store.search("\"North Korea\"", 10).unwrap()),
        [hit("talks-4", 0)]
    );
    assert_eq!(
        ids(&store.search("Korea NOT North", 10).unwrap()),
        [hit("talks-4", 1)]
    );
    assert_eq!(
        ids(&store.search("governor OR factory", 10).unwrap()),
        [hit("visit-2", 1), hit("visit-3", 0)]
    );
    assert_eq!(
        ids(&store.search("(grain OR fuel) AND deal", 10).unwrap()),
        [hit("talks-4", 1)]
    );
    assert_eq!(
        ids(&store.search("ship*", 10).unwrap()),
        [hit("sanctions-1", 0)]
    );
    assert_eq!(
        ids(&store.search("NEAR(Korea Russia, 2)", 10).unwrap()),
        [hit("talks-4", 0)]
    );
    assert!(store.search("NEAR(Korea grain, 0)", 10).unwrap().is_empty());
    // ^ anchors to the start of the sentence.
    assert_eq!(
        ids(&store.search("^Korea", 10).unwrap()),
        [hit("talks-4", 1)]
    );
    let list_item = store.search("\"trade deal\"", 10).unwrap();
    assert_eq!(list_item[0].kind, SentenceKind::ListItem);
}

#[test]
fn malformed_queries_are_clear_errors() {
    let store = corpus().unwrap();
    for q in [
        "Putin AND",
        "(Putin OR Kim",
        "\"open phrase",
        "OR",
        "   ",
        "- & —",
        "NEAR(Putin",
    ] {
        match store.search(q, 10) {
            Err(e @ StoreError::BadQuery { .. }) => {
                let msg = e.to_string();
                assert!(msg.starts_with(":memory:"), "{msg}");
                assert!(msg.contains(&format!("{q:?}")), "{msg}");
            }
            other => panic!("{q:?}: expected BadQuery, got {other:?}"),
        }
    }
}

#[test]
fn ranking_and_limit() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    store
        .insert_documents(&[
            body(
                "weak",
                &["The long report mentions grain once among many other topics of trade."],
            ),
            body("strong", &["Grain, grain and more grain."]),
        ])
        .unwrap();
    let hits = store.search("grain", 10).unwrap();
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0].doc_id, "strong");
    assert!(hits[0].rank < hits[1].rank, "{hits:?}");
    let top = store.search("grain", 1).unwrap();
    assert_eq!(top.len(), 1);
    assert_eq!(top[0].doc_id, "strong");
    assert!(store.search("grain", 0).unwrap().is_empty());
}

#[test]
fn long_sentences_get_an_elided_snippet() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let filler = "word ".repeat(60);
    let sentence = format!("{filler}Drones struck the depot {filler}end.");
    store
        .insert_documents(&[body("long", &[&sentence])])
        .unwrap();
    let hits = store.search("drones", 10).unwrap();
    assert_eq!(hits.len(), 1);
    let snip = &hits[0].snippet;
    assert!(snip.contains("[Drones]"), "{snip}");
    assert!(snip.starts_with('…') && snip.ends_with('…'), "{snip}");
    assert!(snip.len() < sentence.len() / 2, "{snip}");
}
