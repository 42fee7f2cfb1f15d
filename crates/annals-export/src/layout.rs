//! Foreign event layouts (GDELT 2.0, POLECAT): column tables read from `gdelt.tsv` and
//! `polecat.tsv` next to this file, each column naming the annals field written into it.
//!
//! Keeping the mapping in a table makes it reviewable column by column in a diff; this
//! module only defines the field vocabulary the tables may use and fills rows from it.

use annals_core::{DatePrecision, Event, EventActor};
use annals_store::DocSummary;

use crate::error::ExportError;
use crate::value::{parse_day, parse_millis};

/// The GDELT 2.0 event table, compiled in.
const GDELT_TSV: &str = include_str!("gdelt.tsv");
/// The POLECAT layout, compiled in.
const POLECAT_TSV: &str = include_str!("polecat.tsv");

/// Which actor of the event a field reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The event's source (GDELT's Actor1).
    Source,
    /// The event's target (GDELT's Actor2).
    Target,
}

/// What an actor field reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorPart {
    /// The full actor code (`RUSGOV`).
    Code,
    /// The knowledge base's name.
    Name,
    /// The country code.
    Country,
    /// The sector code (`GOV`).
    Sector,
    /// The text naming the actor in the sentence.
    Text,
}

/// What a document field reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocPart {
    /// The document id.
    Id,
    /// Its URL.
    Url,
    /// Its title.
    Title,
    /// Its publisher.
    Publisher,
    /// Its publication date as given.
    Published,
    /// Its language (ISO 639-1).
    Language,
    /// When it was first stored, as `YYYYMMDDHHMMSS`.
    AddedCompact,
}

/// An annals field a foreign column can be filled from (the `annals` column of a table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// `-`: always empty.
    Empty,
    /// `event_id`.
    EventId,
    /// `event_id_int`: the id's first 63 bits, decimal.
    EventIdInt,
    /// `day_compact`: `YYYYMMDD` (day precision only).
    DayCompact,
    /// `day_iso`: `YYYY-MM-DD` (day precision only).
    DayIso,
    /// `month_compact`: `YYYYMM` (day or month precision).
    MonthCompact,
    /// `year`: `YYYY` (day, month or year precision).
    Year,
    /// `fraction_date`: GDELT's `YYYY.FFFF` (day precision only).
    FractionDate,
    /// `source.*` / `target.*`: `code`, `name`, `country`, `sector`, `text`.
    Actor(Role, ActorPart),
    /// `cameo`.
    Cameo,
    /// `cameo_base`: the code's first three digits.
    CameoBase,
    /// `cameo_root`.
    CameoRoot,
    /// `quad_class`.
    QuadClass,
    /// `goldstein`.
    Goldstein,
    /// `plover`.
    Plover,
    /// `plover_mode`.
    PloverMode,
    /// `one`: the constant 1.
    One,
    /// `location.text`.
    LocationText,
    /// `location.country`.
    LocationCountry,
    /// `doc.*`: `id`, `url`, `title`, `publisher`, `published`, `language`,
    /// `added_compact` (`YYYYMMDDHHMMSS` of the first ingest).
    Doc(DocPart),
}

impl Field {
    fn parse(key: &str) -> Option<Field> {
        use ActorPart as A;
        if let Some((role, part)) = key.split_once('.') {
            let role = match role {
                "source" => Some(Role::Source),
                "target" => Some(Role::Target),
                _ => None,
            };
            if let Some(role) = role {
                let part = match part {
                    "code" => A::Code,
                    "name" => A::Name,
                    "country" => A::Country,
                    "sector" => A::Sector,
                    "text" => A::Text,
                    _ => return None,
                };
                return Some(Field::Actor(role, part));
            }
        }
        Some(match key {
            "-" => Field::Empty,
            "event_id" => Field::EventId,
            "event_id_int" => Field::EventIdInt,
            "day_compact" => Field::DayCompact,
            "day_iso" => Field::DayIso,
            "month_compact" => Field::MonthCompact,
            "year" => Field::Year,
            "fraction_date" => Field::FractionDate,
            "cameo" => Field::Cameo,
            "cameo_base" => Field::CameoBase,
            "cameo_root" => Field::CameoRoot,
            "quad_class" => Field::QuadClass,
            "goldstein" => Field::Goldstein,
            "plover" => Field::Plover,
            "plover_mode" => Field::PloverMode,
            "one" => Field::One,
            "location.text" => Field::LocationText,
            "location.country" => Field::LocationCountry,
            "doc.id" => Field::Doc(DocPart::Id),
            "doc.url" => Field::Doc(DocPart::Url),
            "doc.title" => Field::Doc(DocPart::Title),
            "doc.publisher" => Field::Doc(DocPart::Publisher),
            "doc.published" => Field::Doc(DocPart::Published),
            "doc.language" => Field::Doc(DocPart::Language),
            "doc.added_compact" => Field::Doc(DocPart::AddedCompact),
            _ => return None,
        })
    }

    /// Whether filling this field needs the event's document.
    pub fn needs_document(self) -> bool {
        matches!(self, Field::Doc(_))
    }
}

/// A foreign layout: its columns in order and the field filling each.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// The table it was read from, for messages.
    pub file: &'static str,
    /// Column names and fields, in the layout's order.
    pub columns: Vec<(String, Field)>,
    /// Whether files of this layout start with a header line (GDELT's do not).
    pub header: bool,
}

impl Layout {
    /// The GDELT 2.0 event table (61 columns, no header).
    pub fn gdelt() -> Result<Layout, ExportError> {
        Layout::parse("gdelt.tsv", GDELT_TSV, false)
    }

    /// The POLECAT layout (with a header).
    pub fn polecat() -> Result<Layout, ExportError> {
        Layout::parse("polecat.tsv", POLECAT_TSV, true)
    }

    /// Read a table: `#` lines are comments; every other line is `column<TAB>field<TAB>why`.
    pub fn parse(file: &'static str, text: &str, header: bool) -> Result<Layout, ExportError> {
        let mut columns = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |key: &str, detail: &str| ExportError::Layout {
                file,
                line: i + 1,
                key: key.to_owned(),
                detail: detail.to_owned(),
            };
            let cells: Vec<&str> = line.split('\t').collect();
            let [name, key, why] = cells.as_slice() else {
                return Err(err(
                    line,
                    "expected three tab-separated cells: column, field, why",
                ));
            };
            if why.trim().is_empty() {
                return Err(err(name, "every column needs a note saying why"));
            }
            let field = Field::parse(key).ok_or_else(|| err(key, "unknown annals field"))?;
            if columns.iter().any(|(n, _)| n == name) {
                return Err(err(name, "column listed twice"));
            }
            columns.push(((*name).to_owned(), field));
        }
        Ok(Layout {
            file,
            columns,
            header,
        })
    }

    /// Whether any column needs the event's document.
    pub fn needs_documents(&self) -> bool {
        self.columns.iter().any(|(_, f)| f.needs_document())
    }

    /// The cells of one event (empty strings where annals has nothing). Tabs and line
    /// breaks inside a value become spaces: these layouts are read without quoting.
    pub fn cells(&self, e: &Event, doc: Option<&DocSummary>) -> Vec<String> {
        self.columns
            .iter()
            .map(|(_, f)| {
                let mut v = fill(*f, e, doc).unwrap_or_default();
                if v.contains(['\t', '\n', '\r']) {
                    v = v.replace(['\t', '\n', '\r'], " ");
                }
                v
            })
            .collect()
    }
}

/// `(year, month, day)` of the event's date, to the precision the date has.
fn date_parts(e: &Event) -> (Option<&str>, Option<&str>, Option<&str>) {
    let Some(v) = e.date.value.as_deref() else {
        return (None, None, None);
    };
    let (y, m, d) = (v.get(..4), v.get(5..7), v.get(8..10));
    match e.date.precision {
        Some(DatePrecision::Day) if parse_day(v).is_some() => (y, m, d),
        Some(DatePrecision::Month) => (y, m, None),
        Some(DatePrecision::Year) => (y, None, None),
        _ => (None, None, None),
    }
}

fn actor(e: &Event, role: Role) -> Option<&EventActor> {
    match role {
        Role::Source => e.source.as_ref(),
        Role::Target => e.target.as_ref(),
    }
}

fn fill(field: Field, e: &Event, doc: Option<&DocSummary>) -> Option<String> {
    let (y, m, d) = date_parts(e);
    match field {
        Field::Empty => None,
        Field::EventId => Some(e.event_id.clone()),
        Field::EventIdInt => u64::from_str_radix(&e.event_id, 16)
            .ok()
            .map(|n| (n >> 1).to_string()),
        Field::DayCompact => Some(format!("{}{}{}", y?, m?, d?)),
        Field::DayIso => Some(format!("{}-{}-{}", y?, m?, d?)),
        Field::MonthCompact => Some(format!("{}{}", y?, m?)),
        Field::Year => y.map(str::to_owned),
        Field::FractionDate => {
            let (year, month, day): (f64, f64, f64) =
                (y?.parse().ok()?, m?.parse().ok()?, d?.parse().ok()?);
            Some(format!(
                "{:.4}",
                year + ((month - 1.0) * 30.0 + day) / 365.0
            ))
        }
        Field::Actor(role, part) => {
            let a = actor(e, role)?;
            match part {
                ActorPart::Code => a.code.clone(),
                ActorPart::Name => a.name.as_deref().map(str::to_uppercase),
                ActorPart::Country => a.country.clone(),
                ActorPart::Sector => a.sector.clone(),
                ActorPart::Text => Some(a.text.clone()),
            }
        }
        Field::Cameo => Some(e.cameo.clone()),
        Field::CameoBase => e.cameo.get(..3).or(Some(&e.cameo)).map(str::to_owned),
        Field::CameoRoot => Some(e.cameo_root.clone()),
        Field::QuadClass => Some(e.quad_class.to_string()),
        Field::Goldstein => Some(e.goldstein.to_string()),
        Field::Plover => e.plover.clone(),
        Field::PloverMode => e.plover_mode.clone(),
        Field::One => Some("1".to_owned()),
        Field::LocationText => e.location.as_ref().map(|l| l.text.clone()),
        Field::LocationCountry => e.location.as_ref().and_then(|l| l.country.clone()),
        Field::Doc(part) => doc_field(part, doc?),
    }
}

fn doc_field(part: DocPart, d: &DocSummary) -> Option<String> {
    match part {
        DocPart::Id => Some(d.id.clone()),
        DocPart::Url => d.url.clone(),
        DocPart::Title => d.title.clone(),
        DocPart::Publisher => d.publisher.clone(),
        DocPart::Published => d.published.clone(),
        DocPart::Language => d.language.clone(),
        DocPart::AddedCompact => {
            parse_millis(&d.ingested_at)?;
            let digits: String = d.ingested_at.chars().filter(char::is_ascii_digit).collect();
            digits.get(..14).map(str::to_owned)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_parse_with_the_columns_each_format_defines() {
        let g = Layout::gdelt().map_err(|e| e.to_string());
        let g = g.as_ref().map(|l| (l.columns.len(), l.header));
        assert_eq!(g, Ok((61, false)));
        let p = Layout::polecat().map_err(|e| e.to_string());
        assert_eq!(p.as_ref().map(|l| l.columns.len()), Ok(42));
    }

    #[test]
    fn a_bad_table_names_file_line_and_key() {
        let e = Layout::parse("t.tsv", "# c\nA\tone\tok\nB\tnope\twhy\n", false);
        assert_eq!(
            e.map_err(|e| e.to_string()).err().as_deref(),
            Some("t.tsv:3:nope: unknown annals field")
        );
        let e = Layout::parse("t.tsv", "A\tone\n", false);
        assert!(e.is_err());
    }
}
