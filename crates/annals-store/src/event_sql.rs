//! The event listing query, written once for both backends: the filters of an
//! [`EventQuery`], keyset pagination after a cursor, and the listing order.

use crate::dates::date_bounds;
use crate::model::{EventKey, EventQuery};

/// A bound value: every filter is text, cursor parts are integers.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Arg {
    Text(String),
    Int(i64),
}

/// The `SELECT` listing events for `q`, and its arguments in placeholder order.
///
/// Columns: `d.ingest_seq, e.sentence, e.trigger_start, <row>, e.doc_id, e.record`, where
/// `<row>` is `row_col` (the backend's insertion order of event rows). `placeholder(n)`
/// writes the n-th (1-based) placeholder in the backend's syntax.
pub(crate) fn events_select(
    q: &EventQuery,
    after: Option<EventKey>,
    row_col: &str,
    placeholder: &dyn Fn(usize, &Arg) -> String,
) -> (String, Vec<Arg>) {
    let mut sql = format!(
        "SELECT d.ingest_seq, e.sentence, e.trigger_start, {row_col}, e.doc_id, e.record \
         FROM events e JOIN documents d ON d.id = e.doc_id WHERE 1 = 1"
    );
    let mut args: Vec<Arg> = Vec::new();
    // Each `$` of a clause takes the next value; placeholders are written piece by piece
    // (never substituted into text that already holds one, which may contain `$`).
    let mut bind = |sql: &mut String, clause: &str, vals: Vec<Arg>| {
        sql.push_str(" AND ");
        let mut vals = vals.into_iter();
        let mut pieces = clause.split('$');
        sql.push_str(pieces.next().unwrap_or_default());
        for piece in pieces {
            if let Some(v) = vals.next() {
                args.push(v);
                sql.push_str(&placeholder(args.len(), &args[args.len() - 1]));
            }
            sql.push_str(piece);
        }
    };
    let text = |s: &str, n: usize| vec![Arg::Text(s.to_owned()); n];
    if let Some(a) = &q.actor {
        bind(
            &mut sql,
            "(source_code = $ OR source_country = $ OR target_code = $ OR target_country = $)",
            text(a, 4),
        );
    }
    if let Some((a, b)) = &q.dyad {
        let mut vals = text(a, 2);
        vals.extend(text(b, 4));
        vals.extend(text(a, 2));
        bind(
            &mut sql,
            "(((source_code = $ OR source_country = $) AND (target_code = $ OR target_country = $)) \
             OR ((source_code = $ OR source_country = $) AND (target_code = $ OR target_country = $)))",
            vals,
        );
    }
    if let Some(c) = &q.code {
        bind(&mut sql, "substr(cameo, 1, length($)) = $", text(c, 2));
    }
    if let Some(p) = &q.plover {
        bind(&mut sql, "plover = $", text(&p.to_uppercase(), 1));
    }
    if let Some(m) = &q.modality {
        bind(&mut sql, "modality = $", text(&m.to_lowercase(), 1));
    }
    if let Some(s) = &q.since {
        let day = date_bounds(s).map_or_else(|| s.clone(), |(first, _)| first);
        bind(&mut sql, "date_last >= $", text(&day, 1));
    }
    if let Some(u) = &q.until {
        let day = date_bounds(u).map_or_else(|| u.clone(), |(_, last)| last);
        bind(&mut sql, "date_first <= $", text(&day, 1));
    }
    if let Some(d) = &q.doc_id {
        bind(&mut sql, "e.doc_id = $", text(d, 1));
    }
    if let Some(EventKey(seq, sentence, trigger, row)) = after {
        let clause =
            format!("(d.ingest_seq, e.sentence, e.trigger_start, {row_col}) > ($, $, $, $)");
        bind(
            &mut sql,
            &clause,
            vec![
                Arg::Int(seq),
                Arg::Int(sentence),
                Arg::Int(trigger),
                Arg::Int(row),
            ],
        );
    }
    sql.push_str(&format!(
        " ORDER BY d.ingest_seq, e.sentence, e.trigger_start, {row_col}"
    ));
    if let Some(limit) = q.limit {
        sql.push_str(&format!(
            " LIMIT {}",
            i64::try_from(limit).unwrap_or(i64::MAX)
        ));
    }
    (sql, args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_bind_in_order_and_the_cursor_comes_last() {
        let q = EventQuery {
            plover: Some("aid".into()),
            since: Some("2024".into()),
            limit: Some(10),
            ..EventQuery::default()
        };
        let (sql, args) = events_select(&q, Some(EventKey(3, 2, 10, 7)), "e.rowid", &|n, _| {
            format!("?{n}")
        });
        assert!(sql.contains("plover = ?1 AND date_last >= ?2"), "{sql}");
        assert!(
            sql.contains("(d.ingest_seq, e.sentence, e.trigger_start, e.rowid) > (?3, ?4, ?5, ?6)"),
            "{sql}"
        );
        assert!(sql.ends_with("LIMIT 10"), "{sql}");
        assert_eq!(args[0], Arg::Text("AID".into()));
        assert_eq!(args[1], Arg::Text("2024-01-01".into()));
        assert_eq!(args[5], Arg::Int(7));
    }
}
