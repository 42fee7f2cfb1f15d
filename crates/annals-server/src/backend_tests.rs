//! The adapter's in-memory parts: ordering, cursor pages and monthly counts.

use annals_core::Event;

use super::{page_after, sort_events, timeline_of};
use crate::read::{EventSort, ReadError};
use crate::test_fixtures::event;

fn ids(events: &[Event]) -> Vec<&str> {
    events.iter().map(|e| e.event_id.as_str()).collect()
}

fn sample() -> Vec<Event> {
    vec![
        event("a", Some("2024-06-19"), 0.5, 1),
        event("b", None, 0.9, 4),
        event("c", Some("2023-09"), 0.7, 3),
        event("d", Some("1947/1991"), 0.9, 1),
        event("e", Some("2024-06"), 0.2, 2),
    ]
}

#[test]
fn sorts_keep_ties_in_document_order_and_undated_last() {
    let sorted = |sort| {
        let mut ev = sample();
        sort_events(&mut ev, sort);
        ids(&ev).join("")
    };
    assert_eq!(sorted(EventSort::Document), "abcde");
    assert_eq!(sorted(EventSort::DateAsc), "dceab");
    // Newest by last day covered: 2024-06 (to the 31st) before 2024-06-19.
    assert_eq!(sorted(EventSort::DateDesc), "eacdb");
    assert_eq!(sorted(EventSort::ConfidenceDesc), "bdcae");
    assert_eq!(sorted(EventSort::ConfidenceAsc), "eacbd");
    assert_eq!(sorted(EventSort::GoldsteinAsc), "adecb");
    assert_eq!(sorted(EventSort::Code), "adecb");
}

#[test]
fn cursor_pages_cover_everything_once() {
    let first = page_after(sample(), None, 2).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ids(&first.events), ["a", "b"]);
    assert_eq!(first.total, 5);
    assert_eq!(first.next_cursor.as_deref(), Some("b"));
    let second = page_after(sample(), Some("b"), 2).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ids(&second.events), ["c", "d"]);
    let last = page_after(sample(), Some("d"), 2).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ids(&last.events), ["e"]);
    assert_eq!(last.next_cursor, None);
    // A page that ends exactly at the end has no next cursor either.
    let exact = page_after(sample(), Some("c"), 2).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ids(&exact.events), ["d", "e"]);
    assert_eq!(exact.next_cursor, None);
    match page_after(sample(), Some("ffff"), 2) {
        Err(ReadError::StaleCursor(c)) => assert_eq!(c, "ffff"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn timeline_counts_months_by_quad_class() {
    let t = timeline_of(&sample());
    let months: Vec<(&str, usize, [usize; 4])> = t
        .months
        .iter()
        .map(|m| (m.month.as_str(), m.total, m.quad_class))
        .collect();
    assert_eq!(
        months,
        [("2023-09", 1, [0, 0, 1, 0]), ("2024-06", 2, [1, 1, 0, 0])]
    );
    assert_eq!(t.coarser, 1);
    assert_eq!(t.undated, 1);
}
