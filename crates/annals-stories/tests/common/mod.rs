//! Builders for hand-written documents and events.

#![allow(dead_code)]

use annals_core::{
    event_id, DateBasis, DatePrecision, Event, EventActor, EventDate, Modality, Quantity, TextSpan,
};
use annals_stories::DocInput;

pub fn actor(code: &str) -> EventActor {
    EventActor {
        text: code.to_string(),
        code: Some(code.to_string()),
        country: code.get(..3).map(str::to_string),
        sector: None,
        name: None,
        start: 0,
        end: 0,
    }
}

/// A sentence reporting an event of `cameo`: event clusters group sentences by what they
/// say, so events of one root get one wording here.
pub fn topic(cameo: &str) -> &'static str {
    match cameo.get(..2).unwrap_or_default() {
        "04" => "Putin visited Pyongyang for a summit with Kim Jong Un.",
        "05" | "06" => {
            "Russia and North Korea signed a comprehensive strategic partnership treaty."
        }
        "07" => "Ammunition shipments were delivered by rail across the border.",
        "18" | "19" => "Artillery shelled the border town overnight, officials said.",
        _ => "Officials described the talks in a statement.",
    }
}

/// An event of `doc` in `sentence`: `from` does `cameo` to `to`.
pub fn event(doc: &str, sentence: usize, from: &str, to: &str, cameo: &str) -> Event {
    Event {
        event_id: event_id(doc, sentence, 0, 5, cameo, Some(from), Some(to)),
        doc_id: doc.to_string(),
        sentence,
        sentence_text: topic(cameo).into(),
        trigger: TextSpan {
            text: "did".into(),
            start: 0,
            end: 5,
        },
        source: Some(actor(from)),
        target: Some(actor(to)),
        cameo: cameo.to_string(),
        cameo_root: cameo.get(..2).unwrap_or_default().to_string(),
        plover: None,
        plover_mode: None,
        goldstein: 0.0,
        quad_class: 1,
        modality: Modality::Asserted,
        attribution: None,
        date: EventDate::unknown(),
        historical: false,
        quantities: Vec::new(),
        location: None,
        confidence: 0.9,
    }
}

pub fn dated(mut e: Event, value: &str, text: &str) -> Event {
    let precision = match value.len() {
        4 => DatePrecision::Year,
        7 => DatePrecision::Month,
        _ => DatePrecision::Day,
    };
    e.date = EventDate {
        value: Some(value.to_string()),
        precision: Some(precision),
        basis: DateBasis::Explicit,
        text: Some(text.to_string()),
    };
    e
}

pub fn with_quantity(mut e: Event, value: f64, unit: &str, text: &str) -> Event {
    e.quantities.push(Quantity {
        value,
        unit: Some(unit.to_string()),
        of: None,
        text: text.to_string(),
    });
    e
}

pub fn with_modality(mut e: Event, m: Modality) -> Event {
    e.modality = m;
    e
}

/// Both directions of a symmetric interaction, as the coder emits them.
pub fn both_ways(doc: &str, sentence: usize, a: &str, b: &str, cameo: &str) -> Vec<Event> {
    vec![
        event(doc, sentence, a, b, cameo),
        event(doc, sentence, b, a, cameo),
    ]
}

pub fn doc(id: &str, published: Option<&str>, lead: &str, events: Vec<Event>) -> DocInput {
    DocInput {
        doc_id: id.to_string(),
        published: published.map(str::to_string),
        title: None,
        lead: lead.to_string(),
        duplicate_of: None,
        events,
        sentences: Vec::new(),
    }
}

/// Two reports of one summit: `a` dates the visit September 2023, `b` 19 June 2024; both
/// report the partnership agreement.
pub fn summit_reports() -> (DocInput, DocInput) {
    let mut a_events = vec![
        dated(
            event("a", 1, "RUSGOV", "PRK", "042"),
            "2023-09",
            "September 2023",
        ),
        dated(
            event("a", 1, "PRK", "RUSGOV", "043"),
            "2023-09",
            "September 2023",
        ),
    ];
    a_events.extend(both_ways("a", 4, "RUSGOV", "PRKGOV", "057"));
    let mut b_events = vec![
        dated(
            event("b", 2, "RUSGOV", "PRK", "042"),
            "2024-06-19",
            "19 June 2024",
        ),
        dated(
            event("b", 2, "PRK", "RUSGOV", "043"),
            "2024-06-19",
            "19 June 2024",
        ),
    ];
    b_events.extend(both_ways("b", 5, "PRKGOV", "RUSGOV", "057"));
    (
        doc(
            "a",
            None,
            "The state visit of Russian President Vladimir Putin to North Korea marked a pivotal moment.",
            a_events,
        ),
        doc(
            "b",
            None,
            "Putin's visit to North Korea, where he and Kim Jong Un signed a partnership agreement.",
            b_events,
        ),
    )
}
