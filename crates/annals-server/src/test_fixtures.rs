//! Events for the unit tests: every field set, the ones a test varies as arguments.

use annals_core::{DateBasis, Event, EventDate, Modality, TextSpan};

/// An asserted event "met" of QuadClass `quad_class` (CAMEO `0{quad_class}`, Goldstein
/// equal to the class), without actors.
pub(crate) fn event(id: &str, date: Option<&str>, confidence: f64, quad_class: u8) -> Event {
    Event {
        event_id: id.to_string(),
        doc_id: "d".into(),
        sentence: 1,
        sentence_text: "".into(),
        trigger: TextSpan {
            text: "met".into(),
            start: 0,
            end: 3,
        },
        source: None,
        target: None,
        cameo: format!("0{quad_class}"),
        cameo_root: format!("0{quad_class}"),
        plover: None,
        plover_mode: None,
        goldstein: f64::from(quad_class),
        quad_class,
        modality: Modality::Asserted,
        attribution: None,
        date: EventDate {
            value: date.map(str::to_string),
            precision: None,
            basis: DateBasis::Explicit,
            text: None,
        },
        historical: false,
        quantities: Vec::new(),
        location: None,
        confidence,
    }
}
