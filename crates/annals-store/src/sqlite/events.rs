//! Coded events: replacing a document's events and querying them.

use annals_core::Event;
use rusqlite::{params_from_iter, types::Value, Connection, TransactionBehavior};

use super::record::StoredRecord;
use super::SqliteStore;
use crate::error::StoreError;
use crate::event_order::{count_select, key_is_text, listing_select, ListingKey, SortValue};
use crate::event_sql::{events_select, undated_count_select, Arg};
use crate::model::{EventKey, EventListing, EventPage, EventQuery};
use crate::rows::event_row;

impl SqliteStore {
    /// Replace all events of a document with `events` in one transaction (re-coding a
    /// document never leaves stale events behind). The document must be stored.
    pub fn replace_events(&mut self, doc_id: &str, events: &[Event]) -> Result<(), StoreError> {
        let db = self.db.clone();
        let err = |action: &str, source| StoreError::Database {
            db: db.clone(),
            action: format!("{action} for document {doc_id}"),
            source: Box::new(source),
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
        Ok(self.events_page(q)?.events)
    }

    /// See [`Store::count_undated_events`](crate::Store::count_undated_events).
    pub fn count_undated_events(&self, q: &EventQuery) -> Result<u64, StoreError> {
        let (sql, args) = undated_count_select(q, "e.rowid", &|n, _| format!("?{n}"));
        let err = |e| self.sql_err("count undated events", e);
        let n: i64 = self
            .conn
            .prepare_cached(&sql)
            .and_then(|mut stmt| {
                stmt.query_row(params_from_iter(args.into_iter().map(value)), |r| r.get(0))
            })
            .map_err(err)?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// One page of [`events`](Self::events), continuing after `q.after`.
    pub fn events_page(&self, q: &EventQuery) -> Result<EventPage, StoreError> {
        let after = EventKey::after(q, &self.db)?;
        let (sql, args) = events_select(q, after, "e.rowid", &|n, _| format!("?{n}"));
        let (events, last) = self.event_rows(&sql, args, None)?;
        Ok(EventPage::new(q, events, last.map(|k| k.key)))
    }

    /// The events of a listing query's rows, and the key of the last; `text_key` says how
    /// to read the sort key column (none in document order).
    fn event_rows(
        &self,
        sql: &str,
        args: Vec<Arg>,
        text_key: Option<bool>,
    ) -> Result<(Vec<Event>, Option<ListingKey>), StoreError> {
        let err = |e| self.sql_err("query events", e);
        let mut stmt = self.conn.prepare_cached(sql).map_err(err)?;
        let rows = stmt
            .query_map(params_from_iter(args.into_iter().map(value)), |row| {
                let value = match text_key {
                    None => None,
                    Some(true) => Some(SortValue::Text(row.get(6)?)),
                    Some(false) => Some(SortValue::Float(row.get(6)?)),
                };
                Ok((
                    ListingKey {
                        value,
                        key: EventKey(row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?),
                    },
                    row.get::<_, String>(4)?,
                    row.get::<_, StoredRecord>(5)?,
                ))
            })
            .map_err(err)?;
        let mut events = Vec::new();
        let mut last = None;
        for row in rows {
            let (key, doc_id, record) = row.map_err(err)?;
            let event: Event = serde_json::from_str(&record.0)
                .map_err(|e| self.corrupt(&doc_id, format!("event record: {e}")))?;
            events.push(event);
            last = Some(key);
        }
        Ok((events, last))
    }
}

/// A bound argument as SQLite's value.
fn value(a: Arg) -> Value {
    match a {
        Arg::Text(s) => Value::Text(s),
        Arg::Int(i) => Value::Integer(i),
        Arg::Float(f) => Value::Real(f),
    }
}

impl SqliteStore {
    /// See [`Store::count_events`](crate::Store::count_events).
    pub fn count_events(&self, listing: &EventListing) -> Result<u64, StoreError> {
        self.count_listing(listing, None)
    }

    /// See [`Store::count_events_up_to`](crate::Store::count_events_up_to).
    pub fn count_events_up_to(&self, listing: &EventListing, cap: u64) -> Result<u64, StoreError> {
        self.count_listing(listing, Some(cap))
    }

    fn count_listing(&self, listing: &EventListing, cap: Option<u64>) -> Result<u64, StoreError> {
        let (sql, args) = count_select(listing, cap, "e.rowid", &|n, _| format!("?{n}"));
        let n: i64 = self
            .conn
            .prepare_cached(&sql)
            .and_then(|mut stmt| {
                stmt.query_row(params_from_iter(args.into_iter().map(value)), |r| r.get(0))
            })
            .map_err(|e| self.sql_err("count events", e))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// The plan of the capped count of `listing` (`EXPLAIN QUERY PLAN`, one line per
    /// step: which index each arm searches, and whether it is covering). For tests of the
    /// schema, as `PgStore::count_plan`.
    #[doc(hidden)]
    pub fn count_plan(&self, listing: &EventListing, cap: u64) -> Result<String, StoreError> {
        let (sql, args) = count_select(listing, Some(cap), "e.rowid", &|n, _| format!("?{n}"));
        let err = |e| self.sql_err("explain the count of events", e);
        let mut stmt = self
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .map_err(err)?;
        let lines = stmt
            .query_map(params_from_iter(args.into_iter().map(value)), |r| {
                r.get::<_, String>(3)
            })
            .map_err(err)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(err)?;
        Ok(lines.join("\n"))
    }

    /// See [`Store::events_listing_page`](crate::Store::events_listing_page).
    pub fn events_listing_page(&self, listing: &EventListing) -> Result<EventPage, StoreError> {
        let after = ListingKey::after(listing, &self.db)?;
        let (sql, args) =
            listing_select(listing, after.as_ref(), "e.rowid", &|n, _| format!("?{n}"));
        let (events, last) = self.event_rows(&sql, args, key_is_text(listing.order))?;
        Ok(EventPage::listed(listing, events, last))
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
         confidence, record, ingest_seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, \
         ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, \
         (SELECT ingest_seq FROM documents WHERE id = ?2))",
    )?;
    for e in events {
        let r = event_row(e)
            .map_err(|source| rusqlite::Error::ToSqlConversionFailure(Box::new(source)))?;
        stmt.execute(rusqlite::params![
            e.event_id,
            doc_id,
            r.sentence,
            r.trigger_start,
            r.trigger_end,
            e.cameo,
            e.cameo_root,
            e.plover,
            r.source_code,
            r.source_country,
            r.target_code,
            r.target_country,
            r.modality,
            r.attribution,
            e.date.value,
            r.date_basis,
            r.date_first,
            r.date_last,
            e.historical,
            e.goldstein,
            e.quad_class,
            e.confidence,
            super::record::encode(&r.record),
        ])?;
    }
    Ok(())
}
