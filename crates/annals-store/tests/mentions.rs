//! Actor mentions: replace, read back, count unresolved names.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use annals_core::{Actor, ActorMention, BlockKind, ResolvedVia, Span};
use annals_store::SqliteStore;

fn actor(code: &str, country: &str, sector: Option<&str>, name: Option<&str>) -> Actor {
    Actor {
        code: code.to_string(),
        country: Some(country.to_string()),
        sector: sector.map(str::to_string),
        name: name.map(str::to_string),
        wikidata: None,
    }
}

fn mention(
    text: &str,
    start: usize,
    actors: Vec<Actor>,
    via: ResolvedVia,
    antecedent: Option<Span>,
) -> ActorMention {
    ActorMention {
        sentence: 0,
        span: Span::new(start, start + text.len()),
        tokens: (0, 1),
        head: 0,
        text: text.to_string(),
        actors,
        via,
        antecedent,
    }
}

fn store_with_doc(id: &str) -> SqliteStore {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let doc = common::doc(
        id,
        &[(
            BlockKind::Paragraph,
            "Putin met Kim in Varnholt. The two countries signed.",
        )],
    );
    store.insert_documents(&[doc]).unwrap();
    store
}

#[test]
fn mentions_round_trip_with_one_row_per_actor() {
    let mut store = store_with_doc("d1");
    let putin = mention(
        "Putin",
        0,
        vec![actor("RUSGOV", "RUS", Some("GOV"), Some("Vladimir Putin"))],
        ResolvedVia::Name,
        None,
    );
    let group = mention(
        "The two countries",
        27,
        vec![
            actor("RUS", "RUS", None, Some("Russia")),
            actor("PRK", "PRK", None, Some("North Korea")),
        ],
        ResolvedVia::Coreference,
        Some(Span::new(0, 5)),
    );
    let place = mention("Varnholt", 17, vec![], ResolvedVia::Unresolved, None);
    store
        .replace_mentions("d1", &[putin, place, group])
        .unwrap();
    let rows = store.mentions(Some("d1"), None).unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows.iter().map(|r| r.idx).collect::<Vec<_>>(), [0, 1, 2, 3]);
    assert_eq!(rows[0].code.as_deref(), Some("RUSGOV"));
    assert_eq!(rows[0].name.as_deref(), Some("Vladimir Putin"));
    assert_eq!(rows[1].code, None);
    assert_eq!(rows[1].via, "unresolved");
    assert_eq!(
        (rows[2].code.as_deref(), rows[3].code.as_deref()),
        (Some("RUS"), Some("PRK"))
    );
    assert_eq!(rows[3].antecedent, Some(Span::new(0, 5)));
    assert_eq!(rows[3].text, "The two countries");
    assert_eq!(store.mentions(None, Some(2)).unwrap().len(), 2);
    assert!(store.mentions(Some("nope"), None).unwrap().is_empty());
}

#[test]
fn replacing_mentions_drops_the_old_ones() {
    let mut store = store_with_doc("d1");
    let a = mention("Kim", 10, vec![], ResolvedVia::Unresolved, None);
    store
        .replace_mentions("d1", &[a.clone(), a.clone()])
        .unwrap();
    assert_eq!(store.mentions(Some("d1"), None).unwrap().len(), 2);
    store.replace_mentions("d1", &[a]).unwrap();
    assert_eq!(store.mentions(Some("d1"), None).unwrap().len(), 1);
    store.replace_mentions("d1", &[]).unwrap();
    assert!(store.mentions(Some("d1"), None).unwrap().is_empty());
}

#[test]
fn mentions_of_an_unknown_document_are_refused() {
    let mut store = store_with_doc("d1");
    let a = mention("Kim", 10, vec![], ResolvedVia::Unresolved, None);
    let err = store
        .replace_mentions("missing", &[a])
        .unwrap_err()
        .to_string();
    assert!(err.contains("missing"), "{err}");
    assert!(store.mentions(None, None).unwrap().is_empty());
}

#[test]
fn unresolved_names_are_counted_most_frequent_first() {
    let mut store = store_with_doc("d1");
    let unresolved = |t: &str| mention(t, 0, vec![], ResolvedVia::Unresolved, None);
    let resolved = mention(
        "Putin",
        0,
        vec![actor("RUSGOV", "RUS", Some("GOV"), None)],
        ResolvedVia::Name,
        None,
    );
    store
        .replace_mentions(
            "d1",
            &[
                unresolved("Varnholt"),
                unresolved("Kelmoria"),
                unresolved("Varnholt"),
                resolved.clone(),
                resolved,
            ],
        )
        .unwrap();
    let top = store.unresolved_mentions(10).unwrap();
    assert_eq!(
        top,
        vec![("Varnholt".to_string(), 2), ("Kelmoria".to_string(), 1)]
    );
    assert_eq!(store.unresolved_mentions(1).unwrap().len(), 1);
}

#[test]
fn all_mentions_come_in_document_id_order() {
    let mut store = store_with_doc("zulu");
    let text = [(BlockKind::Paragraph, "Kim met Putin.")];
    store
        .insert_documents(&[common::doc("alpha", &text)])
        .unwrap();
    let putin = || {
        mention(
            "Putin",
            8,
            vec![actor("RUSGOV", "RUS", Some("GOV"), Some("Vladimir Putin"))],
            ResolvedVia::Name,
            None,
        )
    };
    let kim = || mention("Kim", 0, vec![], ResolvedVia::Unresolved, None);
    // Stored in the other order than their ids sort.
    store.replace_mentions("zulu", &[putin(), kim()]).unwrap();
    store.replace_mentions("alpha", &[kim(), putin()]).unwrap();
    let listed: Vec<(String, usize, Option<String>)> = store
        .mentions(None, None)
        .unwrap()
        .into_iter()
        .map(|m| (m.doc_id, m.idx, m.code))
        .collect();
    let rus = Some("RUSGOV".to_owned());
    assert_eq!(
        listed,
        [
            ("alpha".to_owned(), 0, None),
            ("alpha".to_owned(), 1, rus.clone()),
            ("zulu".to_owned(), 0, rus),
            ("zulu".to_owned(), 1, None),
        ]
    );
    assert_eq!(store.mentions(None, Some(3)).unwrap().len(), 3);
    assert_eq!(
        store.unresolved_mentions(5).unwrap(),
        [("Kim".to_owned(), 2)]
    );
}
