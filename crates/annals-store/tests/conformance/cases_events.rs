//! Events: filters, cursor pagination, replacement.

use annals_core::{
    event_id, DateBasis, DatePrecision, Event, EventActor, EventDate, Modality, TextSpan,
};
use annals_store::{Analysis, EventListing, EventQuery, Store, StoreError};

use crate::backend::Backend;
use crate::common::body;

fn actor(code: &str) -> EventActor {
    EventActor {
        text: code.into(),
        code: Some(code.into()),
        country: Some(code[..3].into()),
        sector: None,
        name: None,
        start: 0,
        end: 3,
    }
}

/// An event of `doc`'s sentence `sentence` with trigger at `start`.
pub fn event(
    doc: &str,
    sentence: usize,
    start: usize,
    cameo: &str,
    dyad: (&str, &str),
    date: Option<&str>,
) -> Event {
    Event {
        event_id: event_id(
            doc,
            sentence,
            start,
            start + 4,
            cameo,
            Some(dyad.0),
            Some(dyad.1),
        ),
        doc_id: doc.into(),
        sentence,
        sentence_text: "Written for the test.".into(),
        trigger: TextSpan {
            text: "met".into(),
            start,
            end: start + 4,
        },
        source: Some(actor(dyad.0)),
        target: Some(actor(dyad.1)),
        cameo: cameo.into(),
        cameo_root: cameo[..2].into(),
        plover: Some(
            if cameo.starts_with("07") {
                "AID"
            } else {
                "CONSULT"
            }
            .into(),
        ),
        plover_mode: None,
        goldstein: 1.0,
        quad_class: 1,
        modality: if cameo.starts_with("07") {
            Modality::Reported
        } else {
            Modality::Asserted
        },
        attribution: None,
        date: EventDate {
            value: date.map(str::to_string),
            precision: date.map(|_| DatePrecision::Day),
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
        confidence: 0.5,
    }
}

/// Three documents with events; returns all events in listing order.
fn store_with_events(store: &mut dyn Store) -> Vec<Event> {
    let d1 = body("e1", &["Putin met Kim. Aid was sent."]);
    let d2 = body("e2", &["Xi met Biden."]);
    let d3 = body("e3", &["Nothing happened."]);
    let ev1 = vec![
        event("e1", 1, 6, "040", ("RUSGOV", "PRKGOV"), Some("2024-06-19")),
        event("e1", 1, 20, "042", ("PRKGOV", "RUSGOV"), Some("2024-06-20")),
        event("e1", 2, 4, "070", ("RUS", "PRK"), Some("2023-09")),
    ];
    let ev2 = vec![event("e2", 1, 3, "036", ("CHNGOV", "USAGOV"), None)];
    let a1 = Analysis {
        events: &ev1,
        ..Analysis::default()
    };
    let a2 = Analysis {
        events: &ev2,
        ..Analysis::default()
    };
    let none = Analysis::default();
    store
        .insert_analyzed(&[(&d1, &a1), (&d2, &a2), (&d3, &none)])
        .unwrap();
    ev1.into_iter().chain(ev2).collect()
}

fn ids(events: &[Event]) -> Vec<&str> {
    events.iter().map(|e| e.event_id.as_str()).collect()
}

pub fn event_filters(b: &Backend) {
    let mut store = b.open();
    let all = store_with_events(store.as_mut());
    let q = |f: fn(&mut EventQuery)| {
        let mut q = EventQuery::default();
        f(&mut q);
        store.events(&q).unwrap()
    };
    assert_eq!(
        q(|_| {}),
        all,
        "records round-trip exactly, in listing order"
    );
    assert_eq!(ids(&q(|q| q.actor = Some("RUS".into()))), ids(&all[..3]));
    assert_eq!(ids(&q(|q| q.actor = Some("USAGOV".into()))), ids(&all[3..]));
    assert_eq!(
        ids(&q(|q| q.dyad = Some(("PRK".into(), "RUSGOV".into())))),
        ids(&all[..2])
    );
    assert_eq!(ids(&q(|q| q.code = Some("04".into()))), ids(&all[..2]));
    assert_eq!(ids(&q(|q| q.code = Some("042".into()))), ids(&all[1..2]));
    // A prefix is a range of codes: its successor ("04" → "05") is excluded.
    assert_eq!(ids(&q(|q| q.code = Some("0".into()))), ids(&all));
    assert_eq!(ids(&q(|q| q.code = Some("03".into()))), ids(&all[3..]));
    assert_eq!(ids(&q(|q| q.code = Some("07".into()))), ids(&all[2..3]));
    assert!(q(|q| q.code = Some("0420".into())).is_empty());
    assert!(q(|q| q.code = Some("1".into())).is_empty());
    assert_eq!(ids(&q(|q| q.plover = Some("aid".into()))), ids(&all[2..3]));
    assert_eq!(
        ids(&q(|q| q.modality = Some("Reported".into()))),
        ids(&all[2..3])
    );
    assert_eq!(
        ids(&q(|q| q.since = Some("2024-06-20".into()))),
        ids(&all[1..2])
    );
    assert_eq!(ids(&q(|q| q.since = Some("2024".into()))), ids(&all[..2]));
    assert_eq!(
        ids(&q(|q| q.until = Some("2023-12".into()))),
        ids(&all[2..3])
    );
    assert_eq!(ids(&q(|q| q.doc_id = Some("e2".into()))), ids(&all[3..]));
    // --undated: the one undated event (e2's) joins the window, in listing order.
    assert_eq!(
        ids(&q(|q| {
            q.since = Some("2024".into());
            q.undated = true;
        })),
        [&all[..2], &all[3..]]
            .concat()
            .iter()
            .map(|e| e.event_id.as_str())
            .collect::<Vec<_>>()
    );
    let undated = |f: fn(&mut EventQuery)| {
        let mut q = EventQuery {
            since: Some("2024".into()),
            limit: Some(1),
            ..EventQuery::default()
        };
        f(&mut q);
        store.count_undated_events(&q).unwrap()
    };
    assert_eq!(undated(|_| {}), 1);
    assert_eq!(undated(|q| q.code = Some("03".into())), 1);
    assert_eq!(undated(|q| q.actor = Some("RUS".into())), 0);
    assert_eq!(undated(|q| q.dyad = Some(("USA".into(), "CHN".into()))), 1);
    assert_eq!(
        ids(&q(|q| {
            q.actor = Some("RUS".into());
            q.limit = Some(1);
        })),
        ids(&all[..1])
    );
    assert!(q(|q| q.doc_id = Some("e3".into())).is_empty());
}

pub fn event_pagination_walks_every_event_once(b: &Backend) {
    let mut store = b.open();
    let all = store_with_events(store.as_mut());
    let mut seen = Vec::new();
    let mut q = EventQuery {
        limit: Some(2),
        ..EventQuery::default()
    };
    let mut pages = 0;
    loop {
        let page = store.events_page(&q).unwrap();
        pages += 1;
        seen.extend(page.events);
        match page.next {
            Some(next) => q.after = Some(next),
            None => break,
        }
        // A document added between pages sorts after everything listed so far.
        if pages == 1 {
            let d4 = body("e4", &["Late news."]);
            let ev4 = [event("e4", 1, 0, "040", ("FRA", "DEU"), None)];
            let a4 = Analysis {
                events: &ev4,
                ..Analysis::default()
            };
            store.insert_analyzed(&[(&d4, &a4)]).unwrap();
        }
    }
    assert_eq!(seen.len(), all.len() + 1);
    assert_eq!(ids(&seen[..all.len()]), ids(&all));
    assert_eq!(seen[all.len()].doc_id, "e4");
    assert_eq!(pages, 3);
    // Filters and cursors combine.
    let first = store
        .events_page(&EventQuery {
            actor: Some("RUS".into()),
            limit: Some(2),
            ..EventQuery::default()
        })
        .unwrap();
    let rest = store
        .events_page(&EventQuery {
            actor: Some("RUS".into()),
            limit: Some(2),
            after: first.next.clone(),
            ..EventQuery::default()
        })
        .unwrap();
    assert_eq!(ids(&rest.events), ids(&all[2..3]));
    assert_eq!(rest.next, None);
    let bad = store.events_page(&EventQuery {
        after: Some("not-a-cursor".into()),
        ..EventQuery::default()
    });
    assert!(matches!(bad, Err(StoreError::BadCursor { .. })), "{bad:?}");
}

pub fn events_are_replaced_with_their_document(b: &Backend) {
    let mut store = b.open();
    let all = store_with_events(store.as_mut());
    store.replace_events("e1", &all[2..3]).unwrap();
    let left = store.events(&EventQuery::default()).unwrap();
    assert_eq!(
        ids(&left),
        [all[2].event_id.as_str(), all[3].event_id.as_str()]
    );
    // New content for e2 without events: its events go.
    let d2 = body("e2", &["Xi and Biden did not meet."]);
    store.insert_documents(&[d2]).unwrap();
    let left = store.events(&EventQuery::default()).unwrap();
    assert_eq!(ids(&left), [all[2].event_id.as_str()]);
    let list = store.list_documents(None, 0).unwrap();
    let counts: Vec<usize> = list.iter().map(|s| s.n_events).collect();
    assert_eq!(counts, [1, 0, 0]);
}

/// The actor and dyad filters give exactly what "source or target, code or country" means,
/// with paging, on events where one actor fills several columns (RUS against RUS), where a
/// side has a country but no code or a code but no country, or is missing.
pub fn actor_and_dyad_filters_match_their_definition(b: &Backend) {
    let mut store = b.open();
    let side = |code: Option<&str>, country: Option<&str>| EventActor {
        text: "x".into(),
        code: code.map(Into::into),
        country: country.map(Into::into),
        sector: None,
        name: None,
        start: 0,
        end: 1,
    };
    let sides = [
        Some(side(Some("RUSGOV"), Some("RUS"))),
        Some(side(None, Some("RUS"))),
        Some(side(Some("RUS"), Some("RUS"))),
        Some(side(Some("PRKMIL"), Some("PRK"))),
        Some(side(Some("IGOUNO"), None)),
        None,
    ];
    let d = body("mix", &["Many met many."]);
    let mut events = Vec::new();
    for (i, source) in sides.iter().enumerate() {
        for (j, target) in sides.iter().enumerate() {
            let mut e = event("mix", 1, 10 * i + j, "040", ("RUSGOV", "PRKGOV"), None);
            e.event_id = format!("mix-{i}-{j}");
            e.source = source.clone();
            e.target = target.clone();
            events.push(e);
        }
    }
    let an = Analysis {
        events: &events,
        ..Analysis::default()
    };
    store.insert_analyzed(&[(&d, &an)]).unwrap();

    let has = |a: &Option<EventActor>, x: &str| {
        a.as_ref()
            .is_some_and(|a| a.code.as_deref() == Some(x) || a.country.as_deref() == Some(x))
    };
    let names = ["RUS", "RUSGOV", "PRK", "PRKMIL", "IGOUNO", "USA"];
    let expect = |keep: &dyn Fn(&Event) -> bool| -> Vec<String> {
        events
            .iter()
            .filter(|e| keep(e))
            .map(|e| e.event_id.clone())
            .collect()
    };
    let listed = |q: EventQuery| -> Vec<String> {
        // Pages of three, so every arm is also cut and resumed by the cursor.
        let mut out = Vec::new();
        let mut q = EventQuery {
            limit: Some(3),
            ..q
        };
        loop {
            let page = store.events_page(&q).unwrap();
            out.extend(page.events.into_iter().map(|e| e.event_id));
            match page.next {
                Some(next) => q.after = Some(next),
                None => return out,
            }
        }
    };
    for a in names {
        let q = EventQuery {
            actor: Some(a.into()),
            ..EventQuery::default()
        };
        assert_eq!(
            listed(q),
            expect(&|e| has(&e.source, a) || has(&e.target, a)),
            "actor {a}"
        );
        for b2 in names {
            let q = EventQuery {
                dyad: Some((a.into(), b2.into())),
                ..EventQuery::default()
            };
            let want = expect(&|e| {
                (has(&e.source, a) && has(&e.target, b2))
                    || (has(&e.source, b2) && has(&e.target, a))
            });
            // Counted from the same arms, without a page.
            let counted = store
                .count_events(&EventListing {
                    query: q.clone(),
                    ..EventListing::default()
                })
                .unwrap();
            assert_eq!(counted, want.len() as u64, "count of dyad {a},{b2}");
            assert_eq!(listed(q), want, "dyad {a},{b2}");
        }
    }
    // Actor and dyad together.
    let q = EventQuery {
        actor: Some("RUSGOV".into()),
        dyad: Some(("RUS".into(), "PRK".into())),
        ..EventQuery::default()
    };
    let want = expect(&|e| {
        (has(&e.source, "RUSGOV") || has(&e.target, "RUSGOV"))
            && ((has(&e.source, "RUS") && has(&e.target, "PRK"))
                || (has(&e.source, "PRK") && has(&e.target, "RUS")))
    });
    assert!(!want.is_empty());
    assert_eq!(listed(q), want);
}
