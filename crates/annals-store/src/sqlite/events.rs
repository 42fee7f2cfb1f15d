//! Coded events: replacing a document's events and querying them.

use annals_core::Event;
use rusqlite::{params_from_iter, types::Value, Connection, TransactionBehavior};

use super::{to_sql_int, Store};
use crate::error::StoreError;

/// Filters for [`Store::events`]; every set field must match (`None` = any).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventQuery {
    /// Source or target actor: a full code (`RUSGOV`) or a country (`RUS`).
    pub actor: Option<String>,
    /// A dyad of two actors or countries, in either direction.
    pub dyad: Option<(String, String)>,
    /// CAMEO code prefix (`05`, `057`).
    pub code: Option<String>,
    /// PLOVER event type (`AID`).
    pub plover: Option<String>,
    /// Modality name (`asserted`, `reported`, …).
    pub modality: Option<String>,
    /// Events whose date ends on or after this day (`YYYY[-MM[-DD]]`).
    pub since: Option<String>,
    /// Events whose date starts on or before this day.
    pub until: Option<String>,
    pub doc_id: Option<String>,
    pub limit: Option<usize>,
}

impl Store {
    /// Replace all events of a document with `events` in one transaction (re-coding a
    /// document never leaves stale events behind). The document must be stored.
    pub fn replace_events(&mut self, doc_id: &str, events: &[Event]) -> Result<(), StoreError> {
        let db = self.db.clone();
        let err = |action: &str, source| StoreError::Sqlite {
            db: db.clone(),
            action: format!("{action} for document {doc_id}"),
            source,
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| err("begin event transaction", e))?;
        write_events(&tx, doc_id, events).map_err(|e| err("write events", e))?;
        tx.commit().map_err(|e| err("commit events", e))
    }

    /// Stored events matching `q`, by document order then sentence and trigger.
    pub fn events(&self, q: &EventQuery) -> Result<Vec<Event>, StoreError> {
        let mut sql = String::from("SELECT doc_id, record FROM events e WHERE 1 = 1");
        let mut args: Vec<Value> = Vec::new();
        let mut bind = |sql: &mut String, clause: &str, vals: Vec<String>| {
            let mut clause = clause.to_string();
            for v in vals {
                args.push(Value::Text(v));
                clause = clause.replacen('$', &format!("?{}", args.len()), 1);
            }
            sql.push_str(" AND ");
            sql.push_str(&clause);
        };
        if let Some(a) = &q.actor {
            bind(
                &mut sql,
                "(source_code = $ OR source_country = $ OR target_code = $ OR target_country = $)",
                vec![a.clone(), a.clone(), a.clone(), a.clone()],
            );
        }
        if let Some((a, b)) = &q.dyad {
            bind(
                &mut sql,
                "(((source_code = $ OR source_country = $) AND (target_code = $ OR target_country = $)) \
                 OR ((source_code = $ OR source_country = $) AND (target_code = $ OR target_country = $)))",
                vec![
                    a.clone(), a.clone(), b.clone(), b.clone(),
                    b.clone(), b.clone(), a.clone(), a.clone(),
                ],
            );
        }
        if let Some(c) = &q.code {
            bind(
                &mut sql,
                "substr(cameo, 1, length($)) = $",
                vec![c.clone(), c.clone()],
            );
        }
        if let Some(p) = &q.plover {
            bind(&mut sql, "plover = $", vec![p.to_uppercase()]);
        }
        if let Some(m) = &q.modality {
            bind(&mut sql, "modality = $", vec![m.to_lowercase()]);
        }
        if let Some(s) = &q.since {
            let day = date_bounds(s).map_or_else(|| s.clone(), |(first, _)| first);
            bind(&mut sql, "date_last >= $", vec![day]);
        }
        if let Some(u) = &q.until {
            let day = date_bounds(u).map_or_else(|| u.clone(), |(_, last)| last);
            bind(&mut sql, "date_first <= $", vec![day]);
        }
        if let Some(d) = &q.doc_id {
            bind(&mut sql, "doc_id = $", vec![d.clone()]);
        }
        sql.push_str(
            " ORDER BY (SELECT ingest_seq FROM documents d WHERE d.id = e.doc_id), sentence, \
             trigger_start, e.rowid",
        );
        if let Some(limit) = q.limit {
            sql.push_str(&format!(" LIMIT {}", to_sql_int(limit)));
        }
        let err = |e| self.sql_err("query events", e);
        let mut stmt = self.conn.prepare(&sql).map_err(err)?;
        let rows = stmt
            .query_map(params_from_iter(args.iter()), |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
            })
            .map_err(err)?;
        let mut out = Vec::new();
        for row in rows {
            let (doc_id, record) = row.map_err(err)?;
            let event: Event = serde_json::from_str(&record)
                .map_err(|e| self.corrupt(&doc_id, format!("event record: {e}")))?;
            out.push(event);
        }
        Ok(out)
    }
}

/// Delete and rewrite the events of one document inside the caller's transaction, so
/// ingest stores a document and its events atomically.
pub(super) fn write_events(
    conn: &Connection,
    doc_id: &str,
    events: &[Event],
) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM events WHERE doc_id = ?1")?
        .execute([doc_id])?;
    let mut stmt = conn.prepare_cached(
        "INSERT OR REPLACE INTO events (event_id, doc_id, sentence, trigger_start, \
         trigger_end, cameo, cameo_root, plover, source_code, source_country, \
         target_code, target_country, modality, attribution, date_value, \
         date_basis, date_first, date_last, historical, goldstein, quad_class, \
         confidence, record) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, \
         ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
    )?;
    for e in events {
        let record = serde_json::to_string(e)
            .map_err(|source| rusqlite::Error::ToSqlConversionFailure(Box::new(source)))?;
        let (first, last) = e
            .date
            .value
            .as_deref()
            .and_then(date_bounds)
            .map_or((None, None), |(a, b)| (Some(a), Some(b)));
        let src = e.source.as_ref();
        let tgt = e.target.as_ref();
        let attribution = e
            .attribution
            .as_ref()
            .map(|a| a.code.clone().unwrap_or_else(|| a.text.clone()));
        let basis = serde_json::to_value(e.date.basis)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        stmt.execute(rusqlite::params![
            e.event_id,
            doc_id,
            to_sql_int(e.sentence),
            to_sql_int(e.trigger.start),
            to_sql_int(e.trigger.end),
            e.cameo,
            e.cameo_root,
            e.plover,
            src.and_then(|a| a.code.clone()),
            src.and_then(|a| a.country.clone()),
            tgt.and_then(|a| a.code.clone()),
            tgt.and_then(|a| a.country.clone()),
            e.modality.as_str(),
            attribution,
            e.date.value,
            basis,
            first,
            last,
            e.historical,
            e.goldstein,
            e.quad_class,
            e.confidence,
            record,
        ])?;
    }
    Ok(())
}

fn year(s: &str) -> Option<&str> {
    (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit())).then_some(s)
}

/// First and last day (`YYYY-MM-DD`) a date value covers: `2024-06-19`, `2023-09`, `2022`,
/// `1990s`, or an era `1947/1991`. Month ends are written as day 31, which compares
/// correctly as text.
pub fn date_bounds(value: &str) -> Option<(String, String)> {
    if let Some((a, b)) = value.split_once('/') {
        let (a, _) = date_bounds(a)?;
        let (_, b) = date_bounds(b)?;
        return Some((a, b));
    }
    if let Some(decade) = value.strip_suffix('s') {
        let y = year(decade)?;
        let start: u32 = y.parse().ok()?;
        return Some((
            format!("{start:04}-01-01"),
            format!("{:04}-12-31", start + 9),
        ));
    }
    let parts: Vec<&str> = value.split('-').collect();
    match parts.as_slice() {
        [y] => {
            let y = year(y)?;
            Some((format!("{y}-01-01"), format!("{y}-12-31")))
        }
        [y, m] if m.len() == 2 => {
            let y = year(y)?;
            Some((format!("{y}-{m}-01"), format!("{y}-{m}-31")))
        }
        [y, m, d] if m.len() == 2 && d.len() == 2 => {
            let y = year(y)?;
            Some((format!("{y}-{m}-{d}"), format!("{y}-{m}-{d}")))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_of_each_precision() {
        let b = |s: &str| date_bounds(s);
        assert_eq!(
            b("2024-06-19"),
            Some(("2024-06-19".into(), "2024-06-19".into()))
        );
        assert_eq!(
            b("2023-09"),
            Some(("2023-09-01".into(), "2023-09-31".into()))
        );
        assert_eq!(b("2022"), Some(("2022-01-01".into(), "2022-12-31".into())));
        assert_eq!(b("1990s"), Some(("1990-01-01".into(), "1999-12-31".into())));
        assert_eq!(
            b("1947/1991"),
            Some(("1947-01-01".into(), "1991-12-31".into()))
        );
        assert_eq!(b("soon"), None);
    }
}
