//! Storing and querying coded events.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use annals_core::{
    event_id, Attribution, DateBasis, DatePrecision, Event, EventActor, EventDate, Modality,
    TextSpan,
};
use annals_store::{EventQuery, SqliteStore};

fn actor(code: &str, country: &str) -> EventActor {
    EventActor {
        text: code.into(),
        code: Some(code.into()),
        country: Some(country.into()),
        sector: None,
        name: None,
        start: 0,
        end: 3,
    }
}

fn event(
    doc: &str,
    sentence: usize,
    cameo: &str,
    src: (&str, &str),
    tgt: (&str, &str),
    date: Option<&str>,
) -> Event {
    Event {
        event_id: event_id(doc, sentence, 4, 10, cameo, Some(src.0), Some(tgt.0)),
        doc_id: doc.into(),
        sentence,
        sentence_text: "Written for the test.".into(),
        trigger: TextSpan {
            text: "signed".into(),
            start: 4,
            end: 10,
        },
        source: Some(actor(src.0, src.1)),
        target: Some(actor(tgt.0, tgt.1)),
        cameo: cameo.into(),
        cameo_root: cameo[..2].into(),
        plover: Some(
            if cameo.starts_with("07") {
                "AID"
            } else {
                "SUPPORT"
            }
            .into(),
        ),
        plover_mode: None,
        goldstein: 8.0,
        quad_class: 1,
        modality: if cameo.starts_with("07") {
            Modality::Reported
        } else {
            Modality::Asserted
        },
        attribution: cameo.starts_with("07").then(|| Attribution {
            text: "U.S. officials".into(),
            code: Some("USAGOV".into()),
        }),
        date: EventDate {
            value: date.map(str::to_string),
            precision: date.map(|_| DatePrecision::Month),
            basis: if date.is_some() {
                DateBasis::Explicit
            } else {
                DateBasis::Unknown
            },
            text: None,
        },
        historical: false,
        quantities: vec![],
        location: None,
        confidence: 0.8,
    }
}

fn store_with_events() -> SqliteStore {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let a = common::body("doc-a", &["Written for the test."]);
    let b = common::body("doc-b", &["Written for the test."]);
    store.insert_documents(&[a, b]).unwrap();
    store
        .replace_events(
            "doc-a",
            &[
                event(
                    "doc-a",
                    1,
                    "057",
                    ("RUSGOV", "RUS"),
                    ("PRKGOV", "PRK"),
                    Some("2024-06"),
                ),
                event(
                    "doc-a",
                    1,
                    "057",
                    ("PRKGOV", "PRK"),
                    ("RUSGOV", "RUS"),
                    Some("2024-06"),
                ),
                event(
                    "doc-a",
                    2,
                    "072",
                    ("PRK", "PRK"),
                    ("RUS", "RUS"),
                    Some("2023-09"),
                ),
            ],
        )
        .unwrap();
    store
        .replace_events(
            "doc-b",
            &[event(
                "doc-b",
                1,
                "163",
                ("USA", "USA"),
                ("RUS", "RUS"),
                Some("2022"),
            )],
        )
        .unwrap();
    store
}

#[test]
fn records_round_trip() {
    let store = store_with_events();
    let all = store.events(&EventQuery::default()).unwrap();
    assert_eq!(all.len(), 4);
    assert_eq!(
        all[0],
        event(
            "doc-a",
            1,
            "057",
            ("RUSGOV", "RUS"),
            ("PRKGOV", "PRK"),
            Some("2024-06")
        )
    );
    assert_eq!(all[3].doc_id, "doc-b");
}

#[test]
fn filters() {
    let store = store_with_events();
    let q = |q: EventQuery| store.events(&q).unwrap().len();
    assert_eq!(
        q(EventQuery {
            actor: Some("RUS".into()),
            ..Default::default()
        }),
        4
    );
    assert_eq!(
        q(EventQuery {
            actor: Some("RUSGOV".into()),
            ..Default::default()
        }),
        2
    );
    assert_eq!(
        q(EventQuery {
            dyad: Some(("RUS".into(), "PRK".into())),
            ..Default::default()
        }),
        3
    );
    assert_eq!(
        q(EventQuery {
            dyad: Some(("USA".into(), "PRK".into())),
            ..Default::default()
        }),
        0
    );
    assert_eq!(
        q(EventQuery {
            code: Some("05".into()),
            ..Default::default()
        }),
        2
    );
    assert_eq!(
        q(EventQuery {
            code: Some("072".into()),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        q(EventQuery {
            plover: Some("aid".into()),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        q(EventQuery {
            modality: Some("reported".into()),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        q(EventQuery {
            since: Some("2023-10".into()),
            ..Default::default()
        }),
        2
    );
    assert_eq!(
        q(EventQuery {
            until: Some("2023".into()),
            ..Default::default()
        }),
        2
    );
    assert_eq!(
        q(EventQuery {
            since: Some("2023".into()),
            until: Some("2023-12-31".into()),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        q(EventQuery {
            doc_id: Some("doc-b".into()),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        q(EventQuery {
            limit: Some(1),
            ..Default::default()
        }),
        1
    );
}

#[test]
fn replacing_drops_stale_events_and_is_idempotent() {
    let mut store = store_with_events();
    let only = event("doc-a", 3, "042", ("RUSGOV", "RUS"), ("PRK", "PRK"), None);
    store
        .replace_events("doc-a", std::slice::from_ref(&only))
        .unwrap();
    store
        .replace_events("doc-a", std::slice::from_ref(&only))
        .unwrap();
    let a = store
        .events(&EventQuery {
            doc_id: Some("doc-a".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(a, vec![only]);
}

#[test]
fn events_need_a_stored_document() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let e = event("missing", 1, "057", ("RUS", "RUS"), ("PRK", "PRK"), None);
    let err = store
        .replace_events("missing", &[e])
        .unwrap_err()
        .to_string();
    assert!(err.contains("missing"), "{err}");
}
