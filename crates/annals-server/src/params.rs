//! Query parameters: read as text, then checked here, so every mistake gets a message that
//! names the parameter and what it accepts, in the CLI's words where the CLI has a check.

use annals_coder::ontology::Ontology;
use annals_core::Modality;
use annals_store::date_bounds;
use axum::extract::rejection::QueryRejection;
use serde::Deserialize;

use crate::problem::Problem;
use crate::read::{EventFilter, EventSort};

/// Largest page of events or documents one request returns.
pub const MAX_PAGE: usize = 500;
/// Page size when `limit` is not given.
pub const DEFAULT_PAGE: usize = 50;
/// Largest number of search hits one request returns.
pub const MAX_HITS: usize = 200;

/// An unknown parameter or a malformed query string.
pub fn rejected(r: QueryRejection) -> Problem {
    Problem::bad_request(r.body_text())
}

/// The event filters as given, shared by `/events` and `/timeline`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventParams {
    actor: Option<String>,
    dyad: Option<String>,
    code: Option<String>,
    plover: Option<String>,
    modality: Option<String>,
    since: Option<String>,
    until: Option<String>,
    doc: Option<String>,
    min_confidence: Option<String>,
    sort: Option<String>,
    cursor: Option<String>,
    limit: Option<String>,
    format: Option<String>,
}

/// How `/events` answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventFormat {
    /// One page as JSON, with a cursor for the next.
    Json,
    /// Every matching event as CSV (the CLI's columns), streamed.
    Csv,
    /// Every matching event as JSON Lines (the event record), streamed.
    Jsonl,
}

/// A checked `/events` request. `doc` is still an id or prefix for the store to resolve.
#[derive(Debug, Clone)]
pub struct EventRequest {
    /// Filters other than the document.
    pub filter: EventFilter,
    /// The `doc` parameter, an id or a prefix.
    pub doc: Option<String>,
    /// Requested order.
    pub sort: EventSort,
    /// Where the page starts.
    pub cursor: Option<String>,
    /// Page size.
    pub limit: usize,
    /// Page or download.
    pub format: EventFormat,
}

pub(crate) fn non_empty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// An actor or country code: letters and digits only (`RUS`, `RUSGOV`, `IGOUNO`).
pub(crate) fn actor_code(name: &str, v: &str) -> Result<String, Problem> {
    if v.len() <= 32 && v.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Ok(v.to_ascii_uppercase())
    } else {
        Err(Problem::bad_request(format!(
            "{name} takes an actor or country code such as RUS or RUSGOV, not {v:?}"
        )))
    }
}

pub(crate) fn date(name: &str, v: &str) -> Result<String, Problem> {
    match date_bounds(v) {
        Some(_) => Ok(v.to_string()),
        None => Err(Problem::bad_request(format!(
            "{name}: invalid date {v:?} (YYYY, YYYY-MM or YYYY-MM-DD)"
        ))),
    }
}

/// `limit`: a whole number from 1 to `max`, or `default`.
pub fn limit(v: &Option<String>, default: usize, max: usize) -> Result<usize, Problem> {
    let Some(v) = non_empty(v) else {
        return Ok(default);
    };
    match v.parse::<usize>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(Problem::bad_request(format!(
            "limit must be a whole number from 1 to {max}, not {v:?}"
        ))),
    }
}

/// `offset`: a whole number, or 0.
pub fn offset(v: &Option<String>) -> Result<usize, Problem> {
    match non_empty(v) {
        None => Ok(0),
        Some(o) => o
            .parse::<usize>()
            .map_err(|_| Problem::bad_request(format!("offset must be a whole number, not {o:?}"))),
    }
}

impl EventParams {
    /// The filters only; for endpoints without pages (`/timeline`). Paging parameters are
    /// refused rather than ignored.
    pub fn filter_only(&self) -> Result<(EventFilter, Option<String>), Problem> {
        for (name, v) in [
            ("sort", &self.sort),
            ("cursor", &self.cursor),
            ("limit", &self.limit),
            ("format", &self.format),
        ] {
            if v.is_some() {
                return Err(Problem::bad_request(format!(
                    "{name} does not apply here; a timeline counts every matching event"
                )));
            }
        }
        self.filter()
    }

    /// Every parameter, checked.
    pub fn request(&self) -> Result<EventRequest, Problem> {
        let (filter, doc) = self.filter()?;
        let sort = match non_empty(&self.sort) {
            None => EventSort::default(),
            Some(s) => EventSort::parse(s).ok_or_else(|| {
                let names: Vec<&str> = EventSort::NAMES.iter().map(|(n, _)| *n).collect();
                Problem::bad_request(format!("unknown sort {s:?} ({})", names.join(", ")))
            })?,
        };
        let format = match non_empty(&self.format) {
            None | Some("json") => EventFormat::Json,
            Some("csv") => EventFormat::Csv,
            Some("jsonl") => EventFormat::Jsonl,
            Some(f) => {
                return Err(Problem::bad_request(format!(
                    "unknown format {f:?} (json, csv, jsonl)"
                )))
            }
        };
        let cursor = non_empty(&self.cursor).map(str::to_string);
        if let Some(c) = &cursor {
            // The store's cursors: keys in decimal, an order's tag and a sort value (a
            // date, a code or a number); anything else is not one of them.
            let cursor_byte = |b: u8| b.is_ascii_alphanumeric() || b".:~+-".contains(&b);
            if c.len() > 128 || !c.bytes().all(cursor_byte) {
                return Err(Problem::bad_request(format!(
                    "invalid cursor {c:?}: pass the next_cursor of the previous page"
                )));
            }
        }
        if format != EventFormat::Json && (cursor.is_some() || self.limit.is_some()) {
            return Err(Problem::bad_request(
                "cursor and limit apply to format=json; a download streams every matching event",
            ));
        }
        Ok(EventRequest {
            filter,
            doc,
            sort,
            cursor,
            limit: limit(&self.limit, DEFAULT_PAGE, MAX_PAGE)?,
            format,
        })
    }

    fn filter(&self) -> Result<(EventFilter, Option<String>), Problem> {
        let ontology = Ontology::builtin();
        let mut f = EventFilter::default();
        if let Some(a) = non_empty(&self.actor) {
            f.actor = Some(actor_code("actor", a)?);
        }
        if let Some(d) = non_empty(&self.dyad) {
            f.dyad = match d.split_once(',') {
                Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => {
                    Some((actor_code("dyad", a.trim())?, actor_code("dyad", b.trim())?))
                }
                _ => {
                    return Err(Problem::bad_request(
                        "dyad takes two codes separated by a comma, e.g. RUS,PRK",
                    ))
                }
            };
        }
        if let Some(c) = non_empty(&self.code) {
            if !ontology.cameo_codes().iter().any(|k| k.code.starts_with(c)) {
                return Err(Problem::bad_request(format!(
                    "no CAMEO code starts with {c:?} (codes run from 01 to 20)"
                )));
            }
            f.code = Some(c.to_string());
        }
        if let Some(p) = non_empty(&self.plover) {
            let upper = p.to_ascii_uppercase();
            if ontology.plover_type(&upper).is_none() {
                let names: Vec<&str> = ontology
                    .plover_types()
                    .iter()
                    .map(|t| t.name.as_str())
                    .collect();
                return Err(Problem::bad_request(format!(
                    "unknown PLOVER type {p:?} ({})",
                    names.join(", ")
                )));
            }
            f.plover = Some(upper);
        }
        if let Some(m) = non_empty(&self.modality) {
            let lower = m.to_lowercase();
            if Modality::parse(&lower).is_none() {
                return Err(Problem::bad_request(format!(
                    "unknown modality {m:?} (asserted, reported, expected, speculative, negated, hypothetical)"
                )));
            }
            f.modality = Some(lower);
        }
        if let Some(s) = non_empty(&self.since) {
            f.since = Some(date("since", s)?);
        }
        if let Some(u) = non_empty(&self.until) {
            f.until = Some(date("until", u)?);
        }
        if let Some(c) = non_empty(&self.min_confidence) {
            f.min_confidence = match c.parse::<f64>() {
                Ok(x) if (0.0..=1.0).contains(&x) => Some(x),
                _ => {
                    return Err(Problem::bad_request(format!(
                        "min_confidence must be a number from 0 to 1, not {c:?}"
                    )))
                }
            };
        }
        Ok((f, non_empty(&self.doc).map(str::to_string)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> EventParams {
        let query: String = pairs
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&");
        match serde_urlencoded_parse(&query) {
            Ok(p) => p,
            Err(e) => panic!("{query}: {e}"),
        }
    }

    fn serde_urlencoded_parse(query: &str) -> Result<EventParams, String> {
        let uri: axum::http::Uri = format!("/?{query}").parse().map_err(|e| format!("{e}"))?;
        axum::extract::Query::<EventParams>::try_from_uri(&uri)
            .map(|q| q.0)
            .map_err(|e| e.body_text())
    }

    fn detail(r: Result<EventRequest, Problem>) -> String {
        match r {
            Ok(req) => panic!("accepted: {req:?}"),
            Err(p) => p.detail,
        }
    }

    #[test]
    fn filters_are_normalised() {
        let req = match params(&[
            ("dyad", "rus,%20PRK"),
            ("plover", "consult"),
            ("modality", "Reported"),
            ("since", "2024-06"),
            ("min_confidence", "0.5"),
            ("sort", "-date"),
            ("limit", "10"),
        ])
        .request()
        {
            Ok(r) => r,
            Err(p) => panic!("{p:?}"),
        };
        assert_eq!(req.filter.dyad, Some(("RUS".into(), "PRK".into())));
        assert_eq!(req.filter.plover.as_deref(), Some("CONSULT"));
        assert_eq!(req.filter.modality.as_deref(), Some("reported"));
        assert_eq!(req.filter.since.as_deref(), Some("2024-06"));
        assert_eq!(req.filter.min_confidence, Some(0.5));
        assert_eq!(req.sort, EventSort::DateDesc);
        assert_eq!(req.limit, 10);
        assert_eq!(req.format, EventFormat::Json);
    }

    #[test]
    fn mistakes_are_named_in_the_clis_words() {
        let d = |pairs: &[(&str, &str)]| detail(params(pairs).request());
        assert_eq!(
            d(&[("dyad", "RUS")]),
            "dyad takes two codes separated by a comma, e.g. RUS,PRK"
        );
        assert_eq!(
            d(&[("modality", "rumoured")]),
            "unknown modality \"rumoured\" (asserted, reported, expected, speculative, negated, hypothetical)"
        );
        assert_eq!(
            d(&[("code", "99")]),
            "no CAMEO code starts with \"99\" (codes run from 01 to 20)"
        );
        assert_eq!(
            d(&[("since", "June")]),
            "since: invalid date \"June\" (YYYY, YYYY-MM or YYYY-MM-DD)"
        );
        assert_eq!(
            d(&[("limit", "0")]),
            "limit must be a whole number from 1 to 500, not \"0\""
        );
        assert_eq!(
            d(&[("format", "csv"), ("limit", "5")]),
            "cursor and limit apply to format=json; a download streams every matching event"
        );
        assert!(d(&[("plover", "HUG")]).starts_with("unknown PLOVER type \"HUG\" ("));
        assert!(d(&[("actor", "RUS;DROP")]).contains("actor or country code"));
        assert!(d(&[("cursor", "1.2;3")]).starts_with("invalid cursor"));
    }

    #[test]
    fn unknown_parameters_are_refused() {
        let e = match serde_urlencoded_parse("actr=RUS") {
            Ok(p) => panic!("accepted {p:?}"),
            Err(e) => e,
        };
        assert!(e.contains("unknown field `actr`"), "{e}");
    }

    #[test]
    fn timelines_refuse_paging() {
        let r = params(&[("actor", "RUS"), ("limit", "5")]).filter_only();
        assert!(r.is_err());
        let (f, doc) = match params(&[("actor", "rus"), ("doc", "abcd")]).filter_only() {
            Ok(x) => x,
            Err(p) => panic!("{p:?}"),
        };
        assert_eq!(f.actor.as_deref(), Some("RUS"));
        assert_eq!(doc.as_deref(), Some("abcd"));
    }
}
