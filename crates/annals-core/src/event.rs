//! The event record: the contract every output (`annals code`, exports, the API) emits.
//!
//! Field names and value sets follow `DESIGN.md` exactly. Fields that do not apply are
//! `None`/empty and serialise as `null`/`[]`; nothing is invented.

use std::sync::Arc;

use serde::{Deserialize, Serialize, Serializer};

/// Text with its byte offsets in the document's clean text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextSpan {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// The source or target of an event: the mention's text and offsets plus the resolved actor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventActor {
    pub text: String,
    pub code: Option<String>,
    pub country: Option<String>,
    pub sector: Option<String>,
    pub name: Option<String>,
    pub start: usize,
    pub end: usize,
}

/// Who the reported content is attributed to ("U.S. officials", "TASS").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribution {
    pub text: String,
    /// Resolved actor code; `None` when the speaker is not a known actor ("analysts").
    pub code: Option<String>,
}

/// How far the text commits to the event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    /// Stated as fact by the report itself.
    Asserted,
    /// Stated as someone else's claim ("officials said", "reportedly", "according to").
    Reported,
    /// Planned, intended or forecast ("is expected to", "plans to", "will").
    Expected,
    /// Hedged ("may", "likely", "is believed to").
    Speculative,
    /// Denied or did not happen ("did not", "refused to", "failed to").
    Negated,
    /// Conditional ("if … would").
    Hypothetical,
}

impl Modality {
    pub const ALL: [Modality; 6] = [
        Modality::Asserted,
        Modality::Reported,
        Modality::Expected,
        Modality::Speculative,
        Modality::Negated,
        Modality::Hypothetical,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Reported => "reported",
            Modality::Expected => "expected",
            Modality::Speculative => "speculative",
            Modality::Negated => "negated",
            Modality::Hypothetical => "hypothetical",
        }
    }

    pub fn parse(s: &str) -> Option<Modality> {
        Modality::ALL.iter().copied().find(|m| m.as_str() == s)
    }
}

/// Granularity of an event date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    Day,
    Month,
    Year,
    Decade,
    Era,
}

/// Where an event date comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateBasis {
    /// A date written in the sentence ("on June 19, 2024", "in 1948").
    Explicit,
    /// A phrase relative to the publication date ("on Wednesday", "last week").
    Relative,
    /// No date in the text: the publication date stands in.
    Publication,
    /// Neither a date in the text nor a publication date. Never "today".
    Unknown,
}

/// An event's date: value (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `1990s`, or an era's span
/// such as `1947/1991`), precision, basis and the phrase it was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDate {
    pub value: Option<String>,
    pub precision: Option<DatePrecision>,
    pub basis: DateBasis,
    pub text: Option<String>,
}

impl EventDate {
    pub fn unknown() -> Self {
        EventDate {
            value: None,
            precision: None,
            basis: DateBasis::Unknown,
            text: None,
        }
    }
}

/// A number with what it counts ("11,000 containers of munitions", "$23 billion").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// Integral values serialise without a fraction (`11000`, not `11000.0`).
    #[serde(serialize_with = "serialize_number")]
    pub value: f64,
    pub unit: Option<String>,
    pub of: Option<String>,
    pub text: String,
}

fn serialize_number<S: Serializer>(value: &f64, s: S) -> Result<S::Ok, S::Error> {
    // Exactly representable integers print as integers; 2^53 bounds the exact range.
    if value.fract() == 0.0 && value.abs() < 9_007_199_254_740_992.0 {
        s.serialize_i64(*value as i64)
    } else {
        s.serialize_f64(*value)
    }
}

/// Where an event happened, when the sentence says so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// Country code of the place where known.
    pub country: Option<String>,
}

/// One coded interaction with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Stable hash of document, sentence, trigger offsets and code (see [`event_id`]).
    pub event_id: String,
    pub doc_id: String,
    /// 1-based sentence number, as `annals show` prints it.
    pub sentence: usize,
    /// The sentence's text. Shared (`Arc`) by every event of the sentence: one sentence of
    /// 4 KB (the splitter's cap) can have dozens of events, and a long document tens of
    /// thousands; a copy in each event held 268 MB for a 4 MB unpunctuated input.
    /// Serialised as a plain string.
    pub sentence_text: Arc<str>,
    pub trigger: TextSpan,
    pub source: Option<EventActor>,
    pub target: Option<EventActor>,
    /// Full CAMEO code (`057`, `0874`).
    pub cameo: String,
    /// Two-digit CAMEO root (`05`).
    pub cameo_root: String,
    /// PLOVER event type (`AGREE`, `AID`…), from the CAMEO → PLOVER mapping.
    pub plover: Option<String>,
    /// PLOVER mode where the mapping gives one (an addition to the DESIGN record).
    pub plover_mode: Option<String>,
    pub goldstein: f64,
    pub quad_class: u8,
    pub modality: Modality,
    pub attribution: Option<Attribution>,
    pub date: EventDate,
    pub historical: bool,
    pub quantities: Vec<Quantity>,
    pub location: Option<Location>,
    /// 0–1; how it is combined is documented in `annals-coder`.
    pub confidence: f64,
}

/// The stable id of an event: BLAKE3 of doc id, sentence, trigger offsets and code, first
/// 16 hex digits. Re-coding the same text gives the same ids, so stores stay idempotent.
pub fn event_id(
    doc_id: &str,
    sentence: usize,
    trigger_start: usize,
    trigger_end: usize,
    cameo: &str,
    source: Option<&str>,
    target: Option<&str>,
) -> String {
    let mut h = blake3::Hasher::new();
    for part in [
        doc_id,
        &sentence.to_string(),
        &trigger_start.to_string(),
        &trigger_end.to_string(),
        cameo,
        source.unwrap_or("-"),
        target.unwrap_or("-"),
    ] {
        h.update(part.as_bytes());
        h.update(&[0x1f]);
    }
    let hex = h.finalize().to_hex();
    hex.as_str().get(..16).unwrap_or_default().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantity_values_print_as_integers_when_integral() {
        let q = Quantity {
            value: 11000.0,
            unit: Some("containers".into()),
            of: None,
            text: "11,000 containers".into(),
        };
        let json = serde_json::to_string(&q).unwrap_or_default();
        assert!(json.contains("\"value\":11000,"), "{json}");
        let q = Quantity {
            value: 2.5,
            unit: None,
            of: None,
            text: "2.5".into(),
        };
        let json = serde_json::to_string(&q).unwrap_or_default();
        assert!(json.contains("\"value\":2.5"), "{json}");
    }

    #[test]
    fn modality_strings_round_trip() {
        for m in Modality::ALL {
            assert_eq!(Modality::parse(m.as_str()), Some(m));
            let json = serde_json::to_string(&m).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", m.as_str()));
        }
    }

    #[test]
    fn event_ids_are_stable_and_distinguish_directions() {
        let a = event_id("d", 3, 10, 16, "057", Some("RUSGOV"), Some("PRKGOV"));
        let b = event_id("d", 3, 10, 16, "057", Some("RUSGOV"), Some("PRKGOV"));
        let c = event_id("d", 3, 10, 16, "057", Some("PRKGOV"), Some("RUSGOV"));
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.len(), 16);
    }
}
