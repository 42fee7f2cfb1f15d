//! The adapter's in-memory part: monthly counts. (Ordering, paging and counting are the
//! store's, tested by its conformance suite on both backends.)

use annals_core::Event;

use super::{capped_total, timeline_of};
use crate::read::EVENT_COUNT_CAP;
use crate::test_fixtures::event;

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

#[test]
fn a_count_past_the_cap_is_the_cap_and_says_so() {
    // The backend counts up to one past the cap.
    assert_eq!(capped_total(0), (0, false));
    assert_eq!(capped_total(9_999), (9_999, false));
    assert_eq!(capped_total(10_000), (10_000, false));
    assert_eq!(capped_total(10_001), (10_000, true));
    assert_eq!(EVENT_COUNT_CAP, 10_000);
}
