//! The CSV layout of event records (GDELT-like columns), shared by `annals events --format
//! csv` and the HTTP API's `?format=csv`, so both write the same file.
//!
//! Only the cells are defined here; writing (quoting, line ends) is the caller's CSV writer.

use crate::event::{DateBasis, DatePrecision, Event};

/// Column names, in order; [`csv_cells`] returns one cell per column.
pub const CSV_COLUMNS: &[&str] = &[
    "event_id",
    "doc_id",
    "sentence",
    "date",
    "date_precision",
    "date_basis",
    "historical",
    "source_code",
    "source_country",
    "source_text",
    "target_code",
    "target_country",
    "target_text",
    "cameo",
    "cameo_root",
    "plover",
    "plover_mode",
    "goldstein",
    "quad_class",
    "modality",
    "attribution",
    "attribution_code",
    "quantities",
    "confidence",
    "trigger",
    "trigger_start",
    "trigger_end",
    "sentence_text",
];

/// The name of a date precision, as JSON output writes it (`day`, `month`, …).
pub fn precision_name(p: DatePrecision) -> &'static str {
    match p {
        DatePrecision::Day => "day",
        DatePrecision::Month => "month",
        DatePrecision::Year => "year",
        DatePrecision::Decade => "decade",
        DatePrecision::Era => "era",
    }
}

/// The name of a date basis, as JSON output writes it (`explicit`, `publication`, …).
pub fn basis_name(b: DateBasis) -> &'static str {
    match b {
        DateBasis::Explicit => "explicit",
        DateBasis::Relative => "relative",
        DateBasis::Publication => "publication",
        DateBasis::Unknown => "unknown",
    }
}

/// The cells of one event, in [`CSV_COLUMNS`] order; missing values are empty cells and
/// quantities are joined with `; `.
pub fn csv_cells(e: &Event) -> Vec<String> {
    let s = e.source.as_ref();
    let t = e.target.as_ref();
    let opt = |v: Option<&String>| v.cloned().unwrap_or_default();
    let quantities = e
        .quantities
        .iter()
        .map(|q| q.text.clone())
        .collect::<Vec<_>>()
        .join("; ");
    vec![
        e.event_id.clone(),
        e.doc_id.clone(),
        e.sentence.to_string(),
        opt(e.date.value.as_ref()),
        e.date
            .precision
            .map(|p| precision_name(p).to_string())
            .unwrap_or_default(),
        basis_name(e.date.basis).to_string(),
        e.historical.to_string(),
        opt(s.and_then(|a| a.code.as_ref())),
        opt(s.and_then(|a| a.country.as_ref())),
        s.map(|a| a.text.clone()).unwrap_or_default(),
        opt(t.and_then(|a| a.code.as_ref())),
        opt(t.and_then(|a| a.country.as_ref())),
        t.map(|a| a.text.clone()).unwrap_or_default(),
        e.cameo.clone(),
        e.cameo_root.clone(),
        opt(e.plover.as_ref()),
        opt(e.plover_mode.as_ref()),
        e.goldstein.to_string(),
        e.quad_class.to_string(),
        e.modality.as_str().to_string(),
        e.attribution
            .as_ref()
            .map(|a| a.text.clone())
            .unwrap_or_default(),
        opt(e.attribution.as_ref().and_then(|a| a.code.as_ref())),
        quantities,
        e.confidence.to_string(),
        e.trigger.text.clone(),
        e.trigger.start.to_string(),
        e.trigger.end.to_string(),
        e.sentence_text.to_string(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names written here are the serde names of the enums (what JSON output shows).
    #[test]
    fn names_match_the_json_names() {
        for p in [
            DatePrecision::Day,
            DatePrecision::Month,
            DatePrecision::Year,
            DatePrecision::Decade,
            DatePrecision::Era,
        ] {
            assert_eq!(
                serde_json::to_value(p).ok(),
                Some(serde_json::Value::from(precision_name(p)))
            );
        }
        for b in [
            DateBasis::Explicit,
            DateBasis::Relative,
            DateBasis::Publication,
            DateBasis::Unknown,
        ] {
            assert_eq!(
                serde_json::to_value(b).ok(),
                Some(serde_json::Value::from(basis_name(b)))
            );
        }
    }
}
