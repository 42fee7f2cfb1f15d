//! Ordered event pages and counts (`events_listing_page`, `count_events`): every order
//! walked page by page, ties in document order, undated events last, the confidence floor.

use annals_core::Event;
use annals_store::{Analysis, EventListing, EventOrder, EventQuery, Store, StoreError};

use crate::backend::Backend;
use crate::cases_events::event;
use crate::common::body;

/// `event` with a confidence and a Goldstein score.
fn scored(mut e: Event, confidence: f64, goldstein: f64) -> Event {
    e.confidence = confidence;
    e.goldstein = goldstein;
    e
}

/// Five events a–e over three documents, in this document order; returns their ids.
fn store_five(store: &mut dyn Store) -> Vec<String> {
    let rp = ("RUSGOV", "PRKGOV");
    let ev1 = vec![
        scored(event("x1", 1, 0, "190", rp, Some("2024-06-19")), 0.5, -5.0),
        scored(event("x1", 1, 10, "040", rp, None), 0.9, 3.0),
    ];
    let ev2 = vec![
        scored(event("x2", 1, 0, "070", rp, Some("2023-09")), 0.7, 0.0),
        scored(event("x2", 2, 0, "190", rp, Some("1947/1991")), 0.9, -5.0),
    ];
    let ev3 = vec![scored(
        event("x3", 1, 0, "036", ("USAGOV", "CHNGOV"), Some("2024-06")),
        0.2,
        1.0,
    )];
    let docs = [
        body("x1", &["Putin met Kim."]),
        body("x2", &["Aid was sent.", "A war ended."]),
        body("x3", &["Biden met Xi."]),
    ];
    let analyses = [&ev1, &ev2, &ev3].map(|events| Analysis {
        events,
        ..Analysis::default()
    });
    let items: Vec<_> = docs.iter().zip(analyses.iter()).collect();
    store.insert_analyzed(&items).unwrap();
    [ev1, ev2, ev3]
        .concat()
        .into_iter()
        .map(|e| e.event_id)
        .collect()
}

/// The events of `listing` walked two to a page, as letters a–e.
fn walk(store: &dyn Store, ids: &[String], mut listing: EventListing) -> String {
    listing.query.limit = Some(2);
    let mut out = String::new();
    loop {
        let page = store.events_listing_page(&listing).unwrap();
        for e in &page.events {
            let i = ids.iter().position(|id| *id == e.event_id).unwrap();
            out.push(char::from(b'a' + u8::try_from(i).unwrap()));
        }
        match page.next {
            Some(next) => listing.query.after = Some(next),
            None => return out,
        }
    }
}

pub fn listings_sort_and_count_in_the_store(b: &Backend) {
    let mut store = b.open();
    let ids = store_five(store.as_mut());
    let order = |order| {
        let listing = EventListing {
            order,
            ..EventListing::default()
        };
        walk(store.as_ref(), &ids, listing)
    };
    assert_eq!(order(EventOrder::Document), "abcde");
    assert_eq!(order(EventOrder::DateAsc), "dceab");
    // Newest by last day covered: 2024-06 (to the 31st) before 2024-06-19.
    assert_eq!(order(EventOrder::DateDesc), "eacdb");
    assert_eq!(order(EventOrder::ConfidenceDesc), "bdcae");
    assert_eq!(order(EventOrder::ConfidenceAsc), "eacbd");
    assert_eq!(order(EventOrder::GoldsteinAsc), "adceb");
    assert_eq!(order(EventOrder::GoldsteinDesc), "becad");
    assert_eq!(order(EventOrder::Code), "ebcad");

    // Filters, the floor and the order combine; counts ignore the page and the cursor.
    let floor = EventListing {
        query: EventQuery {
            actor: Some("RUS".into()),
            limit: Some(1),
            after: Some("1.1.0.1".into()),
            ..EventQuery::default()
        },
        min_confidence: Some(0.6),
        order: EventOrder::DateDesc,
    };
    assert_eq!(store.count_events(&floor).unwrap(), 3);
    let mut walked = floor.clone();
    walked.query.after = None;
    assert_eq!(walk(store.as_ref(), &ids, walked), "cdb");
    assert_eq!(store.count_events(&EventListing::default()).unwrap(), 5);
    // A capped count stops at the cap (on an actor's arms too) and is exact below it.
    for (cap, all, rus) in [(0, 0, 0), (2, 2, 2), (4, 4, 3), (5, 5, 3), (9, 5, 3)] {
        assert_eq!(
            store
                .count_events_up_to(&EventListing::default(), cap)
                .unwrap(),
            all,
            "cap {cap}"
        );
        assert_eq!(
            store.count_events_up_to(&floor, cap).unwrap(),
            rus,
            "cap {cap}"
        );
    }
    let none = EventListing {
        query: EventQuery {
            plover: Some("AID".into()),
            ..EventQuery::default()
        },
        min_confidence: Some(0.8),
        ..EventListing::default()
    };
    assert_eq!(store.count_events(&none).unwrap(), 0);

    // A cursor belongs to its order.
    let first = store
        .events_listing_page(&EventListing {
            query: EventQuery {
                limit: Some(2),
                ..EventQuery::default()
            },
            order: EventOrder::Code,
            ..EventListing::default()
        })
        .unwrap();
    let other = EventListing {
        query: EventQuery {
            limit: Some(2),
            after: first.next,
            ..EventQuery::default()
        },
        order: EventOrder::GoldsteinAsc,
        ..EventListing::default()
    };
    assert!(matches!(
        store.events_listing_page(&other),
        Err(StoreError::BadCursor { .. })
    ));
}
