//! Parsers for filter values (`--since`, `--code`, `--plover`, `--dyad` …), used as clap
//! value parsers so that a value that can match nothing is a usage error (exit 2) naming
//! what is accepted, rather than an empty table that looks like "no events".

use annals_coder::ontology::Ontology;
use annals_core::Modality;
use clap::Args;

/// The event filters `annals events` and `annals export events` share.
#[derive(Debug, Args, Clone, Default)]
pub struct EventFilters {
    /// Events with this actor as source or target: a full code (RUSGOV) or a country (RUS).
    #[arg(long, value_parser = actor)]
    pub actor: Option<String>,
    /// Events between two actors or countries, either direction: `RUS,PRK`.
    #[arg(long, value_parser = dyad)]
    pub dyad: Option<(String, String)>,
    /// CAMEO code or prefix (`05`, `057`).
    #[arg(long, value_parser = cameo_prefix)]
    pub code: Option<String>,
    /// PLOVER event type (`AID`, `CONSULT`).
    #[arg(long, value_parser = plover)]
    pub plover: Option<String>,
    /// asserted, reported, expected, speculative, negated or hypothetical.
    #[arg(long, value_parser = modality)]
    pub modality: Option<String>,
    /// Events dated on or after (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`).
    #[arg(long, value_parser = date)]
    pub since: Option<String>,
    /// Events dated on or before.
    #[arg(long, value_parser = date)]
    pub until: Option<String>,
    /// Events the model gave at least this probability (0 to 1).
    #[arg(long, value_parser = confidence)]
    pub min_confidence: Option<f64>,
    /// Events of one document: its id or a unique prefix.
    #[arg(long)]
    pub doc: Option<String>,
}

impl EventFilters {
    /// The stored id `--doc` names (an id or a unique prefix), or `None` without `--doc`;
    /// an error when no stored document matches.
    pub fn doc_id(&self, store: &dyn annals_store::Store) -> anyhow::Result<Option<String>> {
        let Some(d) = &self.doc else {
            return Ok(None);
        };
        match store.resolve_id(d)? {
            Some(id) => Ok(Some(id)),
            None => anyhow::bail!("no stored document matches {d:?}"),
        }
    }
}

/// A day, month or year: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, a real calendar date.
pub fn date(s: &str) -> Result<String, String> {
    let err = |why: &str| format!("{s:?} is not a date ({why}); use YYYY, YYYY-MM or YYYY-MM-DD");
    let parts: Vec<&str> = s.trim().split('-').collect();
    let number = |p: &str, len: usize| -> Option<u32> {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let year = parts
        .first()
        .and_then(|y| number(y, 4))
        .ok_or_else(|| err("the year needs four digits"))?;
    if let Some(m) = parts.get(1) {
        let month = number(m, 2).ok_or_else(|| err("the month needs two digits"))?;
        if !(1..=12).contains(&month) {
            return Err(err("the month must be 01 to 12"));
        }
        if let Some(d) = parts.get(2) {
            let day = number(d, 2).ok_or_else(|| err("the day needs two digits"))?;
            if day == 0 || day > days_in_month(year, month) {
                return Err(err(&format!(
                    "{year:04}-{month:02} has {} days",
                    days_in_month(year, month)
                )));
            }
        }
    }
    if parts.len() > 3 {
        return Err(err("too many parts"));
    }
    Ok(s.trim().to_string())
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A CAMEO code or a prefix of one (`05`, `057`, `1`): digits that start some code of
/// the built-in ontology.
pub fn cameo_prefix(s: &str) -> Result<String, String> {
    let p = s.trim();
    if p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "{s:?} is not a CAMEO code: one to four digits (05, 057, 0874); see `annals codes`"
        ));
    }
    if !Ontology::builtin()
        .cameo_codes()
        .iter()
        .any(|c| c.code.starts_with(p))
    {
        return Err(format!(
            "no CAMEO code starts with {p:?}; see `annals codes`"
        ));
    }
    Ok(p.to_string())
}

/// A PLOVER event type of the built-in ontology, in any case (`aid` → `AID`).
pub fn plover(s: &str) -> Result<String, String> {
    let name = s.trim().to_uppercase();
    let ont = Ontology::builtin();
    if ont.plover_type(&name).is_some() {
        return Ok(name);
    }
    let known: Vec<&str> = ont.plover_types().iter().map(|t| t.name.as_str()).collect();
    Err(format!(
        "unknown PLOVER type {s:?} (one of {}; see `annals codes --plover`)",
        known.join(", ")
    ))
}

/// One actor code or country (`RUS`, `RUSGOV`, `UNSC`), upper-cased: 2 to 20 letters
/// or digits, the shape of every code the knowledge base gives.
pub fn actor(s: &str) -> Result<String, String> {
    let code = s.trim().to_uppercase();
    if (2..=20).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Ok(code)
    } else {
        Err(format!(
            "{s:?} is not an actor code: letters and digits, e.g. RUS or RUSGOV"
        ))
    }
}

/// Two actor codes or countries separated by a comma: `RUS,PRK`.
pub fn dyad(s: &str) -> Result<(String, String), String> {
    let usage =
        || format!("{s:?} is not a dyad: two actor codes separated by a comma, e.g. RUS,PRK");
    let (a, b) = s.split_once(',').ok_or_else(usage)?;
    if b.contains(',') {
        return Err(usage());
    }
    Ok((
        actor(a).map_err(|_| usage())?,
        actor(b).map_err(|_| usage())?,
    ))
}

/// A modality name in any case.
pub fn modality(s: &str) -> Result<String, String> {
    let m = s.trim().to_lowercase();
    if Modality::parse(&m).is_some() {
        return Ok(m);
    }
    let known: Vec<&str> = Modality::ALL.iter().map(Modality::as_str).collect();
    Err(format!(
        "unknown modality {s:?} (one of {})",
        known.join(", ")
    ))
}

/// A probability from 0 to 1.
pub fn confidence(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(format!("{s:?} is not a confidence: a number from 0 to 1")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_real_calendar_dates() {
        for ok in ["2024", "2024-01", "2024-12-31", "2024-02-29", "2000-02-29"] {
            assert_eq!(date(ok).as_deref(), Ok(ok), "{ok}");
        }
        for bad in [
            "foo",
            "24",
            "2024-13",
            "2024-00",
            "2024-1",
            "2023-02-29",
            "1900-02-29",
            "2024-04-31",
            "2024-01-00",
            "2024-01-01-01",
            "",
            "2024-",
        ] {
            assert!(date(bad).is_err(), "{bad}");
        }
        assert!(date("2024-13").unwrap_err().contains("01 to 12"));
    }

    #[test]
    fn cameo_prefixes_must_start_a_code() {
        assert_eq!(cameo_prefix("057").as_deref(), Ok("057"));
        assert_eq!(cameo_prefix("1").as_deref(), Ok("1"));
        for bad in ["abc", "", "05a", "99", "00000"] {
            assert!(cameo_prefix(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn plover_types_in_any_case() {
        assert_eq!(plover("aid").as_deref(), Ok("AID"));
        assert_eq!(plover("CONSULT").as_deref(), Ok("CONSULT"));
        let e = plover("NOPE").unwrap_err();
        assert!(e.contains("NOPE") && e.contains("AID"), "{e}");
    }

    #[test]
    fn dyads_and_actors() {
        assert_eq!(dyad("RUS,PRK"), Ok(("RUS".into(), "PRK".into())));
        assert_eq!(dyad(" rus , prkgov "), Ok(("RUS".into(), "PRKGOV".into())));
        for bad in [
            "RUS",
            "RUS,",
            ",PRK",
            "RUS,PRK,CHN",
            "RUS;PRK",
            "R,PRK",
            "RU S,PRK",
        ] {
            assert!(dyad(bad).is_err(), "{bad}");
        }
        assert_eq!(actor("usa").as_deref(), Ok("USA"));
        assert!(actor("U.S.").is_err());
    }

    #[test]
    fn modalities_and_confidences() {
        assert_eq!(modality("Reported").as_deref(), Ok("reported"));
        assert!(modality("rumoured").is_err());
        assert_eq!(confidence("0.5"), Ok(0.5));
        assert_eq!(confidence("1"), Ok(1.0));
        for bad in ["1.5", "-0.1", "NaN", "high", ""] {
            assert!(confidence(bad).is_err(), "{bad}");
        }
    }
}
