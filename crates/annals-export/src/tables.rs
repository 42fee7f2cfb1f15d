//! The typed tables of the three entities (events, mentions, documents): their columns
//! and how a stored record becomes a row. CSV/TSV of events use the CLI's event layout
//! instead ([`annals_core::event_csv`]) so `annals export` and `annals events --format csv`
//! write the same file.

use annals_core::event_csv::{basis_name, csv_cells, precision_name, CSV_COLUMNS};
use annals_core::{DatePrecision, Event, EventActor};
use annals_store::{date_bounds, DocSummary, StoredMention};

use crate::value::{parse_day, parse_millis, Column, Kind, Value};

use Kind::{Bool, Code, Date, Float, Int, Text, Timestamp};

/// One row and the month partition it belongs to (`YYYY-MM`, or `None` when the record
/// names no month).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// One value per column of its table.
    pub values: Vec<Value>,
    /// The row's month, for `month=YYYY-MM/` directories.
    pub month: Option<String>,
}

/// The typed event table (JSONL and Parquet).
pub const EVENT_COLUMNS: &[Column] = &[
    Column::required("event_id", Text),
    Column::required("doc_id", Code),
    Column::required("sentence", Int),
    Column::optional("date", Code),
    Column::optional("date_start", Date),
    Column::optional("date_end", Date),
    Column::optional("date_precision", Code),
    Column::required("date_basis", Code),
    Column::optional("date_text", Text),
    Column::required("historical", Bool),
    Column::optional("source_code", Code),
    Column::optional("source_country", Code),
    Column::optional("source_sector", Code),
    Column::optional("source_name", Code),
    Column::optional("source_text", Text),
    Column::optional("source_start", Int),
    Column::optional("source_end", Int),
    Column::optional("target_code", Code),
    Column::optional("target_country", Code),
    Column::optional("target_sector", Code),
    Column::optional("target_name", Code),
    Column::optional("target_text", Text),
    Column::optional("target_start", Int),
    Column::optional("target_end", Int),
    Column::required("cameo", Code),
    Column::required("cameo_root", Code),
    Column::optional("plover", Code),
    Column::optional("plover_mode", Code),
    Column::required("goldstein", Float),
    Column::required("quad_class", Int),
    Column::required("modality", Code),
    Column::optional("attribution", Text),
    Column::optional("attribution_code", Code),
    Column::optional("quantities", Text),
    Column::optional("location", Text),
    Column::optional("location_country", Code),
    Column::required("confidence", Float),
    Column::required("trigger", Text),
    Column::required("trigger_start", Int),
    Column::required("trigger_end", Int),
    Column::required("sentence_text", Text),
];

fn actor_values(a: Option<&EventActor>, out: &mut Vec<Value>) {
    out.extend([
        Value::opt_str(a.and_then(|a| a.code.as_deref())),
        Value::opt_str(a.and_then(|a| a.country.as_deref())),
        Value::opt_str(a.and_then(|a| a.sector.as_deref())),
        Value::opt_str(a.and_then(|a| a.name.as_deref())),
        Value::opt_str(a.map(|a| a.text.as_str())),
        a.map_or(Value::Null, |a| Value::int(a.start)),
        a.map_or(Value::Null, |a| Value::int(a.end)),
    ]);
}

/// The month an event's date names: its `YYYY-MM` when the date is precise to the day or
/// the month; `None` for a year, a decade, an era or no date.
pub fn event_month(e: &Event) -> Option<String> {
    let named = matches!(
        e.date.precision,
        Some(DatePrecision::Day | DatePrecision::Month)
    );
    let value = e.date.value.as_deref()?;
    let month = value.get(..7)?;
    (named && parse_day(&format!("{month}-01")).is_some()).then(|| month.to_owned())
}

/// An event as a row of [`EVENT_COLUMNS`]. The date's span becomes `date_start` and
/// `date_end` (first and last day it covers) so readers can filter on real dates while
/// `date` keeps the value as coded (`2024-06`, `1990s`).
pub fn event_row(e: &Event) -> Row {
    let bounds = e.date.value.as_deref().and_then(date_bounds);
    let day = |d: Option<&String>| {
        d.and_then(|d| parse_day(d))
            .map_or(Value::Null, Value::Date)
    };
    let quantities = e
        .quantities
        .iter()
        .map(|q| q.text.as_str())
        .collect::<Vec<_>>()
        .join("; ");
    let mut v = Vec::with_capacity(EVENT_COLUMNS.len());
    v.extend([
        Value::Str(e.event_id.clone()),
        Value::Str(e.doc_id.clone()),
        Value::int(e.sentence),
        Value::opt_str(e.date.value.as_deref()),
        day(bounds.as_ref().map(|b| &b.0)),
        day(bounds.as_ref().map(|b| &b.1)),
        Value::opt_str(e.date.precision.map(precision_name)),
        Value::Str(basis_name(e.date.basis).to_owned()),
        Value::opt_str(e.date.text.as_deref()),
        Value::Bool(e.historical),
    ]);
    actor_values(e.source.as_ref(), &mut v);
    actor_values(e.target.as_ref(), &mut v);
    v.extend([
        Value::Str(e.cameo.clone()),
        Value::Str(e.cameo_root.clone()),
        Value::opt_str(e.plover.as_deref()),
        Value::opt_str(e.plover_mode.as_deref()),
        Value::Float(e.goldstein),
        Value::Int(i64::from(e.quad_class)),
        Value::Str(e.modality.as_str().to_owned()),
        Value::opt_str(e.attribution.as_ref().map(|a| a.text.as_str())),
        Value::opt_str(e.attribution.as_ref().and_then(|a| a.code.as_deref())),
        Value::opt_str((!quantities.is_empty()).then_some(quantities.as_str())),
        Value::opt_str(e.location.as_ref().map(|l| l.text.as_str())),
        Value::opt_str(e.location.as_ref().and_then(|l| l.country.as_deref())),
        Value::Float(e.confidence),
        Value::Str(e.trigger.text.clone()),
        Value::int(e.trigger.start),
        Value::int(e.trigger.end),
        Value::Str(e.sentence_text.to_string()),
    ]);
    Row {
        values: v,
        month: event_month(e),
    }
}

/// The columns of the event CSV layout shared with `annals events --format csv`.
pub fn event_csv_columns() -> Vec<Column> {
    CSV_COLUMNS
        .iter()
        .map(|name| Column::optional(name, Text))
        .collect()
}

/// An event in the shared CSV layout (empty cells for missing values).
pub fn event_csv_row(e: &Event) -> Row {
    Row {
        values: csv_cells(e).into_iter().map(Value::Str).collect(),
        month: event_month(e),
    }
}

/// The mention table: one row per stored mention row (a mention standing for several
/// actors has one row per actor).
pub const MENTION_COLUMNS: &[Column] = &[
    Column::required("doc_id", Code),
    Column::required("idx", Int),
    Column::required("sentence", Int),
    Column::required("start", Int),
    Column::required("end", Int),
    Column::required("text", Text),
    Column::optional("code", Code),
    Column::optional("country", Code),
    Column::optional("sector", Code),
    Column::optional("name", Code),
    Column::optional("wikidata", Code),
    Column::required("via", Code),
    Column::optional("antecedent_start", Int),
    Column::optional("antecedent_end", Int),
];

/// A stored mention as a row of [`MENTION_COLUMNS`]; mentions carry no date (no month).
pub fn mention_row(m: &StoredMention) -> Row {
    Row {
        values: vec![
            Value::Str(m.doc_id.clone()),
            Value::int(m.idx),
            Value::int(m.sentence),
            Value::int(m.start),
            Value::int(m.end),
            Value::Str(m.text.clone()),
            Value::opt_str(m.code.as_deref()),
            Value::opt_str(m.country.as_deref()),
            Value::opt_str(m.sector.as_deref()),
            Value::opt_str(m.name.as_deref()),
            Value::opt_str(m.wikidata.as_deref()),
            Value::Str(m.via.clone()),
            m.antecedent.map_or(Value::Null, |s| Value::int(s.start)),
            m.antecedent.map_or(Value::Null, |s| Value::int(s.end)),
        ],
        month: None,
    }
}

/// The document table: the listing's fields (not the text).
pub const DOCUMENT_COLUMNS: &[Column] = &[
    Column::required("id", Code),
    Column::optional("title", Text),
    Column::optional("url", Text),
    Column::optional("published", Code),
    Column::optional("published_day", Date),
    Column::optional("publisher", Code),
    Column::optional("source", Text),
    Column::optional("language", Code),
    Column::required("n_chars", Int),
    Column::required("n_sentences", Int),
    Column::required("n_headings", Int),
    Column::required("n_removed", Int),
    Column::required("n_events", Int),
    Column::optional("duplicate_of", Code),
    Column::optional("similarity", Float),
    Column::optional("ingested_at", Timestamp),
    Column::optional("updated_at", Timestamp),
];

/// A document as a row of [`DOCUMENT_COLUMNS`]; `published` stays as given, and its day
/// (when it starts with `YYYY-MM-DD`) becomes `published_day` and the row's month.
pub fn document_row(d: &DocSummary) -> Row {
    let day = d
        .published
        .as_deref()
        .and_then(|p| p.get(..10))
        .and_then(parse_day);
    let ts = |s: Option<&str>| {
        s.and_then(parse_millis)
            .map_or(Value::Null, Value::Timestamp)
    };
    Row {
        values: vec![
            Value::Str(d.id.clone()),
            Value::opt_str(d.title.as_deref()),
            Value::opt_str(d.url.as_deref()),
            Value::opt_str(d.published.as_deref()),
            day.map_or(Value::Null, Value::Date),
            Value::opt_str(d.publisher.as_deref()),
            Value::opt_str(d.source.as_deref()),
            Value::opt_str(d.language.as_deref()),
            Value::int(d.n_chars),
            Value::int(d.n_sentences),
            Value::int(d.n_headings),
            Value::int(d.n_removed),
            Value::int(d.n_events),
            Value::opt_str(d.duplicate_of.as_deref()),
            d.similarity.map_or(Value::Null, Value::Float),
            ts(Some(d.ingested_at.as_str())),
            ts(d.updated_at.as_deref()),
        ],
        month: day.and_then(|d| crate::value::format_day(d).get(..7).map(str::to_owned)),
    }
}
