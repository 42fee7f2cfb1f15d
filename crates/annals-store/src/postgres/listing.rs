//! Ordered event pages and event counts on PostgreSQL (the SQL is shared with SQLite, in
//! `event_order`), and the decoding of event listing rows.

use annals_core::Event;
use postgres::types::ToSql;

use super::read::{pg_placeholder, pg_values};
use super::PgStore;
use crate::error::StoreError;
use crate::event_order::{count_select, key_is_text, listing_select, ListingKey, SortValue};
use crate::model::{EventKey, EventListing, EventPage};

impl PgStore {
    /// See [`Store::events_listing_page`](crate::Store::events_listing_page).
    pub(super) fn listing_page(&self, listing: &EventListing) -> Result<EventPage, StoreError> {
        let after = ListingKey::after(listing, &self.db)?;
        let (sql, args) = listing_select(listing, after.as_ref(), "e.row_id", &pg_placeholder);
        let values = pg_values(args);
        let params: Vec<&(dyn ToSql + Sync)> = values.iter().map(|b| b.as_ref()).collect();
        let rows = self.query_rows("query events", &sql, &params)?;
        let (events, last) = self.event_rows(&rows, key_is_text(listing.order))?;
        Ok(EventPage::listed(listing, events, last))
    }

    /// See [`Store::count_events`](crate::Store::count_events).
    /// With a `cap`, [`Store::count_events_up_to`](crate::Store::count_events_up_to).
    pub(super) fn count_listing(
        &self,
        listing: &EventListing,
        cap: Option<u64>,
    ) -> Result<u64, StoreError> {
        let (sql, args) = count_select(listing, cap, "e.row_id", &pg_placeholder);
        let values = pg_values(args);
        let params: Vec<&(dyn ToSql + Sync)> = values.iter().map(|b| b.as_ref()).collect();
        let rows = self.query_rows("count events", &sql, &params)?;
        let n: i64 = rows.first().map_or(0, |r| r.get(0));
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// The plan of the capped count of `listing` (`EXPLAIN` text), planned as if the
    /// table were too large to scan: sequential and bitmap scans are switched off for the
    /// one statement, so the plan shows whether an index answers the count by itself
    /// (`Index Only Scan`) whatever the table's size. For tests of the schema.
    #[doc(hidden)]
    pub fn count_plan(&self, listing: &EventListing, cap: u64) -> Result<String, StoreError> {
        let (sql, args) = count_select(listing, Some(cap), "e.row_id", &pg_placeholder);
        let values = pg_values(args);
        let params: Vec<&(dyn ToSql + Sync)> = values.iter().map(|b| b.as_ref()).collect();
        let err = |e| self.err("explain the count of events", e);
        let mut client = self.client.borrow_mut();
        let mut tx = client.transaction().map_err(err)?;
        tx.batch_execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off")
            .map_err(err)?;
        let rows = tx.query(&format!("EXPLAIN {sql}"), &params).map_err(err)?;
        let lines: Vec<String> = rows.iter().map(|r| r.get(0)).collect();
        tx.rollback().map_err(err)?;
        Ok(lines.join("\n"))
    }

    /// The events of a listing query's rows, and the key of the last; `text_key` says how
    /// to read the sort key column (none in document order).
    pub(super) fn event_rows(
        &self,
        rows: &[postgres::Row],
        text_key: Option<bool>,
    ) -> Result<(Vec<Event>, Option<ListingKey>), StoreError> {
        let mut events = Vec::with_capacity(rows.len());
        let mut last = None;
        for r in rows {
            let doc_id: String = r.get(4);
            let record: String = r.get(5);
            let event: Event = serde_json::from_str(&record)
                .map_err(|e| self.corrupt(&doc_id, format!("event record: {e}")))?;
            events.push(event);
            let value = match text_key {
                None => None,
                Some(true) => Some(SortValue::Text(r.get(6))),
                Some(false) => Some(SortValue::Float(r.get(6))),
            };
            last = Some(ListingKey {
                value,
                key: EventKey(r.get(0), r.get(1), r.get(2), r.get(3)),
            });
        }
        Ok((events, last))
    }
}
