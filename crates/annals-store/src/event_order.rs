//! Event listings in an order other than the document order, and counts, written once for
//! both backends on top of the arms of [`crate::event_sql`].
//!
//! An ordered page is a keyset page: the cursor holds the last event's sort key and its
//! document-order key, and the next page starts strictly after that pair. Nothing is held
//! between calls, so a cursor stays valid while documents are added (new events that sort
//! before the cursor are not shown on later pages; nothing is shown twice).
//!
//! Undated events sort last in both date directions: a NULL date becomes a sentinel that
//! sorts after every date (`~` after digits, ascending) or before every date (the empty
//! string, descending).

use crate::error::StoreError;
use crate::event_sql::{after_key, arms_select, limit_clause, Arg, Clause, Shape, ORDER};
use crate::model::{EventKey, EventListing, EventOrder};

/// How an order sorts: the SQL of its key, whether descending, and whether the key is
/// text (dates, codes) or a float (scores).
struct OrderSql {
    key: &'static str,
    desc: bool,
    text: bool,
    /// The cursor's tag, so a cursor of one order is refused by another.
    tag: char,
}

fn order_sql(order: EventOrder) -> Option<OrderSql> {
    let (key, desc, text, tag) = match order {
        EventOrder::Document => return None,
        EventOrder::DateAsc => ("COALESCE(e.date_first, '~')", false, true, 'd'),
        EventOrder::DateDesc => ("COALESCE(e.date_last, '')", true, true, 'D'),
        EventOrder::ConfidenceAsc => ("e.confidence", false, false, 'c'),
        EventOrder::ConfidenceDesc => ("e.confidence", true, false, 'C'),
        EventOrder::GoldsteinAsc => ("e.goldstein", false, false, 'g'),
        EventOrder::GoldsteinDesc => ("e.goldstein", true, false, 'G'),
        EventOrder::Code => ("e.cameo", false, true, 'k'),
    };
    Some(OrderSql {
        key,
        desc,
        text,
        tag,
    })
}

/// A sort key value as read from a row or a cursor.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SortValue {
    Text(String),
    Float(f64),
}

/// Where an ordered page ended: the last event's sort key (none in document order) and its
/// document-order key.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ListingKey {
    pub value: Option<SortValue>,
    pub key: EventKey,
}

impl ListingKey {
    /// The cursor of this key in `order`: the document order's cursor is the one
    /// [`crate::Store::events_page`] hands out; the others are `tag:seq.sentence.trigger.row:value`.
    pub(crate) fn to_cursor(&self, order: EventOrder) -> String {
        let base = self.key.to_cursor();
        match (order_sql(order), &self.value) {
            (Some(o), Some(SortValue::Text(v))) => format!("{}:{base}:{v}", o.tag),
            (Some(o), Some(SortValue::Float(v))) => format!("{}:{base}:{v}", o.tag),
            _ => base,
        }
    }

    /// The key `listing`'s cursor names, if any; a cursor of another order or one this
    /// store did not hand out is [`StoreError::BadCursor`].
    pub(crate) fn after(
        listing: &EventListing,
        db: &str,
    ) -> Result<Option<ListingKey>, StoreError> {
        let Some(cursor) = listing.query.after.as_deref() else {
            return Ok(None);
        };
        let bad = || StoreError::BadCursor {
            db: db.to_owned(),
            cursor: cursor.to_owned(),
        };
        let Some(o) = order_sql(listing.order) else {
            let key = EventKey::parse(cursor).ok_or_else(bad)?;
            return Ok(Some(ListingKey { value: None, key }));
        };
        let rest = cursor
            .strip_prefix(o.tag)
            .and_then(|r| r.strip_prefix(':'))
            .ok_or_else(bad)?;
        let (base, value) = rest.split_once(':').ok_or_else(bad)?;
        let key = EventKey::parse(base).ok_or_else(bad)?;
        let value = if o.text {
            SortValue::Text(value.to_owned())
        } else {
            SortValue::Float(value.parse().map_err(|_| bad())?)
        };
        Ok(Some(ListingKey {
            value: Some(value),
            key,
        }))
    }
}

/// Whether the sort key of `order` is read from the row as text (else as a float); `None`
/// in document order, where the row has no sort key column.
pub(crate) fn key_is_text(order: EventOrder) -> Option<bool> {
    order_sql(order).map(|o| o.text)
}

/// The confidence floor as a clause.
fn floor(listing: &EventListing) -> Option<Clause> {
    listing
        .min_confidence
        .map(|min| ("e.confidence >= $".to_owned(), vec![Arg::Float(min)]))
}

/// The `SELECT` of one page of `listing`, continuing after `after`, and its arguments.
///
/// Columns: those of [`crate::event_sql::events_select`], then `k_sort` (the sort key)
/// unless the order is the document order.
pub(crate) fn listing_select(
    listing: &EventListing,
    after: Option<&ListingKey>,
    row_col: &str,
    placeholder: &dyn Fn(usize, &Arg) -> String,
) -> (String, Vec<Arg>) {
    let q = crate::model::EventQuery {
        after: None,
        ..listing.query.clone()
    };
    let mut extra: Vec<Clause> = floor(listing).into_iter().collect();
    let sql_order = order_sql(listing.order);
    let order = match &sql_order {
        None => ORDER.to_owned(),
        Some(o) => format!(
            " ORDER BY k_sort{}, k_seq, k_sentence, k_trigger, k_row",
            if o.desc { " DESC" } else { "" }
        ),
    };
    if let Some(after) = after {
        let tail = after_key(after.key, row_col);
        extra.push(match (&sql_order, &after.value) {
            (Some(o), Some(value)) => {
                let v = match value {
                    SortValue::Text(t) => Arg::Text(t.clone()),
                    SortValue::Float(f) => Arg::Float(*f),
                };
                let cmp = if o.desc { "<" } else { ">" };
                let (tail_sql, tail_args) = tail;
                let mut args = vec![v.clone(), v];
                args.extend(tail_args);
                (
                    format!("({k} {cmp} $ OR ({k} = $ AND {tail_sql}))", k = o.key),
                    args,
                )
            }
            _ => tail,
        });
    }
    let shape = Shape {
        key: sql_order.as_ref().map(|o| o.key),
        order: &order,
        extra,
        bare: false,
    };
    let (mut sql, args) = arms_select(&q, None, row_col, placeholder, shape, q.limit);
    sql.push_str(&order);
    if let Some(limit) = q.limit {
        sql.push_str(&limit_clause(limit));
    }
    (sql, args)
}

/// `SELECT count(*)` of the events matching `listing`'s filters and confidence floor;
/// its `limit`, `after` and order do not apply. With a `cap`, the database stops after
/// `cap` matching events (the count is `min(matching, cap)`), so the cost of the count
/// follows the cap rather than the whole result.
pub(crate) fn count_select(
    listing: &EventListing,
    cap: Option<u64>,
    row_col: &str,
    placeholder: &dyn Fn(usize, &Arg) -> String,
) -> (String, Vec<Arg>) {
    let q = crate::model::EventQuery {
        limit: None,
        after: None,
        ..listing.query.clone()
    };
    let shape = Shape {
        extra: floor(listing).into_iter().collect(),
        bare: true,
        ..Shape::default()
    };
    let (mut sql, args) = arms_select(&q, None, row_col, placeholder, shape, None);
    if let Some(cap) = cap {
        // The arms are `UNION ALL`-ed without an order, so the limit cuts the stream of
        // matches on both backends: no arm is read further than the cap needs.
        sql.push_str(&format!(
            " LIMIT {}",
            i64::try_from(cap).unwrap_or(i64::MAX)
        ));
    }
    (format!("SELECT count(*) FROM ({sql}) AS matching"), args)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EventQuery;

    fn sqlite(l: &EventListing, after: Option<&ListingKey>) -> (String, Vec<Arg>) {
        listing_select(l, after, "e.rowid", &|n, _| format!("?{n}"))
    }

    #[test]
    fn an_ordered_page_sorts_by_its_key_then_document_order_and_continues_after_both() {
        let l = EventListing {
            query: EventQuery {
                plover: Some("aid".into()),
                limit: Some(5),
                ..EventQuery::default()
            },
            min_confidence: Some(0.5),
            order: EventOrder::DateDesc,
        };
        let after = ListingKey {
            value: Some(SortValue::Text("2024-06-30".into())),
            key: EventKey(3, 2, 10, 7),
        };
        let (sql, args) = sqlite(&l, Some(&after));
        assert!(
            sql.contains(
                "e.record, COALESCE(e.date_last, '') AS k_sort FROM events e WHERE 1 = 1 \
                 AND plover = ?1 AND e.confidence >= ?2 AND (COALESCE(e.date_last, '') < ?3 \
                 OR (COALESCE(e.date_last, '') = ?4 AND (e.ingest_seq, e.sentence, \
                 e.trigger_start, e.rowid) > (?5, ?6, ?7, ?8)))"
            ),
            "{sql}"
        );
        assert!(
            sql.ends_with(" ORDER BY k_sort DESC, k_seq, k_sentence, k_trigger, k_row LIMIT 5"),
            "{sql}"
        );
        assert_eq!(args[1], Arg::Float(0.5));
        assert_eq!(args[2], Arg::Text("2024-06-30".into()));
        assert_eq!(args[7], Arg::Int(7));
    }

    #[test]
    fn cursors_round_trip_and_belong_to_their_order() {
        let key = ListingKey {
            value: Some(SortValue::Float(0.1 + 0.2)),
            key: EventKey(1, 2, 3, 4),
        };
        let cursor = key.to_cursor(EventOrder::ConfidenceDesc);
        assert_eq!(cursor, "C:1.2.3.4:0.30000000000000004");
        let mut l = EventListing {
            query: EventQuery {
                after: Some(cursor),
                ..EventQuery::default()
            },
            order: EventOrder::ConfidenceDesc,
            ..EventListing::default()
        };
        assert_eq!(ListingKey::after(&l, "db").ok().flatten(), Some(key));
        l.order = EventOrder::ConfidenceAsc;
        assert!(matches!(
            ListingKey::after(&l, "db"),
            Err(StoreError::BadCursor { .. })
        ));
        l.order = EventOrder::Document;
        l.query.after = Some("1.2.3.4".into());
        assert_eq!(
            ListingKey::after(&l, "db").ok().flatten().map(|k| k.key),
            Some(EventKey(1, 2, 3, 4))
        );
    }

    #[test]
    fn a_count_ignores_the_page_and_keeps_the_floor() {
        let l = EventListing {
            query: EventQuery {
                actor: Some("RUS".into()),
                limit: Some(5),
                after: Some("1.2.3.4".into()),
                ..EventQuery::default()
            },
            min_confidence: Some(0.9),
            order: EventOrder::Code,
        };
        let (sql, args) = count_select(&l, None, "e.rowid", &|n, _| format!("?{n}"));
        assert!(sql.starts_with("SELECT count(*) FROM (SELECT"), "{sql}");
        assert_eq!(sql.matches(" UNION ALL ").count(), 3, "{sql}");
        assert!(!sql.contains("LIMIT") && !sql.contains("ORDER"), "{sql}");
        assert_eq!(args.len(), 14);
        assert_eq!(args[1], Arg::Float(0.9));
        // A capped count cuts the union of the arms, not each arm.
        let (sql, _) = count_select(&l, Some(10_001), "e.rowid", &|n, _| format!("?{n}"));
        assert!(sql.ends_with(" LIMIT 10001) AS matching"), "{sql}");
        assert_eq!(sql.matches("LIMIT").count(), 1, "{sql}");
    }
}
