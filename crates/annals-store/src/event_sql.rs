//! The event listing query, written once for both backends: the filters of an
//! [`EventQuery`], keyset pagination after a cursor, and the listing order.
//!
//! # Why the actor filters are a `UNION ALL`
//!
//! An actor matches any of four columns (source or target, code or country). An `OR` over
//! them can use no index, so each such filter is written as disjoint arms, one per column,
//! each an equality on an index `(column, ingest_seq, sentence, trigger_start)` that also
//! delivers the listing order. The backend then merges the arms in order and stops at the
//! page's limit instead of reading and sorting every matching event. The arms are disjoint
//! (each excludes what an earlier arm matched, with null-safe comparisons), so no event is
//! listed twice and no de-duplication step is needed.

use crate::dates::date_bounds;
use crate::model::{EventKey, EventQuery};

/// A bound value: every filter is text, cursor parts are integers, a confidence floor and
/// the sort keys of scores are floats.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Arg {
    Text(String),
    Int(i64),
    Float(f64),
}

/// A condition with `$` where each of its values goes, in order.
pub(crate) type Clause = (String, Vec<Arg>);

/// The document-order key "after" condition: events past `key` in (document, sentence,
/// trigger, row) order.
pub(crate) fn after_key(key: EventKey, row_col: &str) -> Clause {
    let EventKey(seq, sentence, trigger, row) = key;
    (
        format!("(e.ingest_seq, e.sentence, e.trigger_start, {row_col}) > ($, $, $, $)"),
        vec![
            Arg::Int(seq),
            Arg::Int(sentence),
            Arg::Int(trigger),
            Arg::Int(row),
        ],
    )
}

fn text(s: &str) -> Arg {
    Arg::Text(s.to_owned())
}

/// `column` holds `value`, false (never NULL) when the column is NULL.
fn is(column: &str) -> String {
    format!("{column} IS NOT DISTINCT FROM $")
}

/// `x` is on the source side (its code or its country): null-safe.
fn source_is(x: &str) -> Clause {
    (
        format!("({} OR {})", is("source_code"), is("source_country")),
        vec![text(x), text(x)],
    )
}

/// `x` is on the target side: null-safe.
fn target_is(x: &str) -> Clause {
    (
        format!("({} OR {})", is("target_code"), is("target_country")),
        vec![text(x), text(x)],
    )
}

/// The conjunction of `parts`.
fn all(parts: Vec<Clause>) -> Clause {
    let mut sql = Vec::with_capacity(parts.len());
    let mut args = Vec::new();
    for (s, a) in parts {
        sql.push(s);
        args.extend(a);
    }
    (sql.join(" AND "), args)
}

/// One arm per column an actor can be in: `column = a`, excluding events an earlier arm
/// (an earlier column) already lists.
fn actor_arms(a: &str) -> Vec<Clause> {
    const COLUMNS: [&str; 4] = [
        "source_code",
        "source_country",
        "target_code",
        "target_country",
    ];
    COLUMNS
        .iter()
        .enumerate()
        .map(|(i, col)| {
            let mut parts = vec![(format!("{col} = $"), vec![text(a)])];
            parts.extend(
                COLUMNS[..i]
                    .iter()
                    .map(|earlier| (format!("NOT ({})", is(earlier)), vec![text(a)])),
            );
            all(parts)
        })
        .collect()
}

/// `column = x` and, for a country column, not also the side's code column holding `x`
/// (which an earlier arm, by code, already lists).
fn side_eq(code_col: &str, country_col: &str, x: &str, by_country: bool) -> Vec<Clause> {
    if by_country {
        vec![
            (format!("{country_col} = $"), vec![text(x)]),
            (format!("NOT ({})", is(code_col)), vec![text(x)]),
        ]
    } else {
        vec![(format!("{code_col} = $"), vec![text(x)])]
    }
}

/// Arms for "a and b, in either direction": for each direction, one arm per way each side
/// can match (by code or by country), so every arm is two equalities that one of the
/// two-column dyad indexes (SQLite 10, PostgreSQL 7) reads as a range, in listing order;
/// then b on the source side with a on the target side, excluding what the first
/// direction lists.
///
/// Why two equalities: with one (the source side) and the target side tested per row,
/// each arm read every index entry of the source actor (a twelfth of all events on the
/// bench's data) to count a dyad that holds a hundred-and-forty-fourth of them.
fn dyad_arms(a: &str, b: &str) -> Vec<Clause> {
    let mut arms = Vec::with_capacity(8);
    // A dyad of one actor with itself has one direction: the reverse arms would match
    // nothing, yet walk all of the actor's events to find that out.
    let directions: &[(&str, &str, bool)] = if a == b {
        &[(a, b, true)]
    } else {
        &[(a, b, true), (b, a, false)]
    };
    for &(src, tgt, first) in directions {
        for (src_by_country, tgt_by_country) in
            [(false, false), (false, true), (true, false), (true, true)]
        {
            let mut parts = side_eq("source_code", "source_country", src, src_by_country);
            parts.extend(side_eq(
                "target_code",
                "target_country",
                tgt,
                tgt_by_country,
            ));
            if !first {
                let (s, sa) = all(vec![source_is(a), target_is(b)]);
                parts.push((format!("NOT ({s})"), sa));
            }
            arms.push(all(parts));
        }
    }
    arms
}

/// Events whose CAMEO code starts with `prefix`.
///
/// In a count (`ranged`) it is the range `[prefix, successor)` when the prefix has one (its
/// last character ASCII below DEL, as every CAMEO code), so the `cameo` index serves it (a
/// count of `--code 04` reads that range of the index instead of every event); both
/// backends compare these columns byte by byte, so the range holds exactly the codes with
/// that prefix. Elsewhere, and for other prefixes, a `substr` comparison that no index
/// serves: given the range, SQLite read a page of `--code 040` from the `cameo` index and
/// sorted its 100,000 matches into document order (0.2 s on 100,000 documents) instead of
/// walking the listing order and stopping at the page.
fn code_prefix(prefix: &str, ranged: bool) -> Clause {
    let successor = prefix
        .chars()
        .last()
        .filter(|c| ranged && *c < '\x7f')
        .map(|last| {
            let mut s = prefix[..prefix.len() - 1].to_owned();
            s.push(char::from(last as u8 + 1));
            s
        });
    match successor {
        Some(next) => (
            "cameo >= $ AND cameo < $".into(),
            vec![text(prefix), Arg::Text(next)],
        ),
        None => (
            "substr(cameo, 1, length($)) = $".into(),
            vec![text(prefix), text(prefix)],
        ),
    }
}

/// The filters of `q` other than actor and dyad, and the cursor, as clauses.
/// `counting`: for a count (no order, no page), where a range on an index pays.
fn common_filters(
    q: &EventQuery,
    after: Option<EventKey>,
    row_col: &str,
    counting: bool,
) -> Vec<Clause> {
    let mut out: Vec<Clause> = Vec::new();
    if let Some(c) = &q.code {
        out.push(code_prefix(c, counting));
    }
    if let Some(p) = &q.plover {
        out.push(("plover = $".into(), vec![text(&p.to_uppercase())]));
    }
    if let Some(m) = &q.modality {
        out.push(("modality = $".into(), vec![text(&m.to_lowercase())]));
    }
    let mut window = Vec::new();
    if let Some(s) = &q.since {
        let day = date_bounds(s).map_or_else(|| s.clone(), |(first, _)| first);
        // Written as the key of the newest-first order, whose index also serves this
        // range (a count of `--since` reads it); the same events for any non-empty day.
        let clause = if day.is_empty() {
            "date_last >= $"
        } else {
            "COALESCE(e.date_last, '') >= $"
        };
        window.push((clause.into(), vec![Arg::Text(day)]));
    }
    if let Some(u) = &q.until {
        let day = date_bounds(u).map_or_else(|| u.clone(), |(_, last)| last);
        window.push(("date_first <= $".into(), vec![Arg::Text(day)]));
    }
    if !window.is_empty() {
        let (clause, args) = all(window);
        out.push(if q.undated {
            (format!("(date_first IS NULL OR ({clause}))"), args)
        } else {
            (clause, args)
        });
    }
    if let Some(d) = &q.doc_id {
        out.push(("e.doc_id = $".into(), vec![text(d)]));
    }
    if let Some(key) = after {
        out.push(after_key(key, row_col));
    }
    out
}

/// The `SELECT` listing events for `q`, and its arguments in placeholder order.
///
/// Columns: `k_seq, k_sentence, k_trigger, k_row, doc_id, record`: the document's ingest
/// order, the sentence, the trigger start, `row_col` (the backend's insertion order of
/// event rows), then the document id and the stored record. `placeholder(n)` writes the
/// n-th (1-based) placeholder in the backend's syntax.
pub(crate) fn events_select(
    q: &EventQuery,
    after: Option<EventKey>,
    row_col: &str,
    placeholder: &dyn Fn(usize, &Arg) -> String,
) -> (String, Vec<Arg>) {
    let shape = Shape {
        order: ORDER,
        ..Shape::default()
    };
    let (mut sql, args) = arms_select(q, after, row_col, placeholder, shape, q.limit);
    sql.push_str(ORDER);
    if let Some(limit) = q.limit {
        sql.push_str(&limit_clause(limit));
    }
    (sql, args)
}

/// The listing order, over the columns every arm names alike.
pub(crate) const ORDER: &str = " ORDER BY k_seq, k_sentence, k_trigger, k_row";

pub(crate) fn limit_clause(limit: usize) -> String {
    format!(" LIMIT {}", i64::try_from(limit).unwrap_or(i64::MAX))
}

/// `SELECT count(*)` of the events that match `q`'s filters other than the date window
/// (`since`, `until`, `undated`) and carry no date: those a date window leaves out.
/// `limit` and `after` do not apply.
pub(crate) fn undated_count_select(
    q: &EventQuery,
    row_col: &str,
    placeholder: &dyn Fn(usize, &Arg) -> String,
) -> (String, Vec<Arg>) {
    let q = q.without_window();
    let shape = Shape {
        extra: vec![("date_first IS NULL".to_owned(), Vec::new())],
        bare: true,
        ..Shape::default()
    };
    let (sql, args) = arms_select(&q, None, row_col, placeholder, shape, None);
    (format!("SELECT count(*) FROM ({sql}) AS matching"), args)
}

/// What a listing adds to the arms: a sort key column, the order each arm is cut in, and
/// conditions beyond the query's filters (a confidence floor, a cursor).
#[derive(Debug, Default)]
pub(crate) struct Shape<'a> {
    /// SQL of a sort key, selected as `k_sort` after the other columns.
    pub key: Option<&'a str>,
    /// ` ORDER BY …` over the selected column names.
    pub order: &'a str,
    /// More conditions every arm must meet.
    pub extra: Vec<Clause>,
    /// Select no columns (`SELECT 1`): for counts, which need no stored record read.
    pub bare: bool,
}

/// The arms of the listing (see the module documentation), `UNION ALL`-ed, unordered.
///
/// With a page `limit` and several arms, each arm is cut to the first `limit` events in
/// listing order (no page can need more of one arm). SQLite would merge the ordered arms
/// and stop by itself; PostgreSQL's planner instead sorted every matching event of the
/// union (1.6 s for an actor + month on 100,000 documents, 88 ms with the cut arms).
pub(crate) fn arms_select(
    q: &EventQuery,
    after: Option<EventKey>,
    row_col: &str,
    placeholder: &dyn Fn(usize, &Arg) -> String,
    shape: Shape<'_>,
    limit: Option<usize>,
) -> (String, Vec<Arg>) {
    let mut arms: Vec<Clause> = vec![("1 = 1".into(), Vec::new())];
    for split in [
        q.actor.as_deref().map(actor_arms),
        q.dyad.as_ref().map(|(a, b)| dyad_arms(a, b)),
    ]
    .into_iter()
    .flatten()
    {
        // Both filters given: every combination of their arms (each pair is disjoint).
        arms = arms
            .iter()
            .flat_map(|arm| split.iter().map(move |x| all(vec![arm.clone(), x.clone()])))
            .collect();
    }
    let mut common = common_filters(q, after, row_col, shape.bare);
    common.extend(shape.extra);
    let key = shape
        .key
        .map(|k| format!(", {k} AS k_sort"))
        .unwrap_or_default();
    let mut sql = String::new();
    let mut args: Vec<Arg> = Vec::new();
    let arm_limit = limit.filter(|_| arms.len() > 1);
    for (i, arm) in arms.into_iter().enumerate() {
        if i > 0 {
            sql.push_str(" UNION ALL ");
        }
        if arm_limit.is_some() {
            sql.push_str("SELECT * FROM (");
        }
        if shape.bare {
            sql.push_str("SELECT 1 AS one FROM events e WHERE ");
        } else {
            sql.push_str(&format!(
                "SELECT e.ingest_seq AS k_seq, e.sentence AS k_sentence, \
                 e.trigger_start AS k_trigger, {row_col} AS k_row, e.doc_id, e.record{key} \
                 FROM events e WHERE "
            ));
        }
        let mut parts = vec![arm];
        parts.extend(common.iter().cloned());
        let (clause, vals) = all(parts);
        // Each `$` takes the next value; placeholders are written piece by piece (never
        // substituted into text that already holds one, which may contain `$`).
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
        if let Some(n) = arm_limit {
            sql.push_str(&format!("{}{}) AS arm{i}", shape.order, limit_clause(n)));
        }
    }
    (sql, args)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite(q: &EventQuery, after: Option<EventKey>) -> (String, Vec<Arg>) {
        events_select(q, after, "e.rowid", &|n, _| format!("?{n}"))
    }

    #[test]
    fn filters_bind_in_order_and_the_cursor_comes_last() {
        let q = EventQuery {
            plover: Some("aid".into()),
            since: Some("2024".into()),
            limit: Some(10),
            ..EventQuery::default()
        };
        let (sql, args) = sqlite(&q, Some(EventKey(3, 2, 10, 7)));
        assert!(
            sql.contains("plover = ?1 AND COALESCE(e.date_last, '') >= ?2"),
            "{sql}"
        );
        assert!(
            sql.contains("(e.ingest_seq, e.sentence, e.trigger_start, e.rowid) > (?3, ?4, ?5, ?6)"),
            "{sql}"
        );
        assert!(!sql.contains("UNION"), "{sql}");
        assert!(sql.ends_with("LIMIT 10"), "{sql}");
        assert_eq!(args[0], Arg::Text("AID".into()));
        assert_eq!(args[1], Arg::Text("2024-01-01".into()));
        assert_eq!(args[5], Arg::Int(7));
    }

    #[test]
    fn undated_events_widen_the_window_and_are_counted_without_it() {
        let q = EventQuery {
            since: Some("2024".into()),
            until: Some("2024-06".into()),
            undated: true,
            modality: Some("asserted".into()),
            limit: Some(5),
            ..EventQuery::default()
        };
        let (sql, args) = sqlite(&q, None);
        assert!(
            sql.contains(
                "(date_first IS NULL OR (COALESCE(e.date_last, '') >= ?2 AND date_first <= ?3))"
            ),
            "{sql}"
        );
        assert_eq!(args.len(), 3);
        let (sql, args) = undated_count_select(&q, "e.rowid", &|n, _| format!("?{n}"));
        assert!(sql.starts_with("SELECT count(*) FROM (SELECT"), "{sql}");
        assert!(
            sql.ends_with("modality = ?1 AND date_first IS NULL) AS matching"),
            "{sql}"
        );
        assert_eq!(args, vec![Arg::Text("asserted".into())]);
    }

    #[test]
    fn an_actor_is_four_disjoint_arms_each_led_by_an_indexed_equality() {
        let q = EventQuery {
            actor: Some("RUS".into()),
            ..EventQuery::default()
        };
        let (sql, args) = sqlite(&q, None);
        let arms: Vec<&str> = sql.split(" UNION ALL ").collect();
        assert_eq!(arms.len(), 4, "{sql}");
        assert!(
            arms[0].contains("WHERE 1 = 1 AND source_code = ?1"),
            "{sql}"
        );
        assert!(
            arms[3].contains(
                "target_country = ?7 AND NOT (source_code IS NOT DISTINCT FROM ?8) \
                 AND NOT (source_country IS NOT DISTINCT FROM ?9) \
                 AND NOT (target_code IS NOT DISTINCT FROM ?10)"
            ),
            "{sql}"
        );
        assert_eq!(args.len(), 10);
    }

    #[test]
    fn with_a_limit_each_arm_is_cut_to_the_page() {
        let q = EventQuery {
            actor: Some("RUS".into()),
            limit: Some(7),
            ..EventQuery::default()
        };
        let (sql, _) = sqlite(&q, None);
        assert_eq!(sql.matches("k_row LIMIT 7) AS arm").count(), 4, "{sql}");
        assert!(
            sql.ends_with(
                "k_row LIMIT 7) AS arm3 ORDER BY k_seq, k_sentence, k_trigger, k_row LIMIT 7"
            ),
            "{sql}"
        );
    }

    #[test]
    fn a_dyad_of_one_actor_with_itself_has_only_the_forward_arms() {
        let q = EventQuery {
            dyad: Some(("RUS".into(), "RUS".into())),
            ..EventQuery::default()
        };
        let (sql, _) = sqlite(&q, None);
        assert_eq!(sql.split(" UNION ALL ").count(), 4, "{sql}");
    }

    #[test]
    fn a_dyad_is_eight_arms_of_two_equalities_the_reverse_excluding_the_forward() {
        let q = EventQuery {
            dyad: Some(("RUS".into(), "PRK".into())),
            ..EventQuery::default()
        };
        let (sql, args) = sqlite(&q, None);
        let arms: Vec<&str> = sql.split(" UNION ALL ").collect();
        assert_eq!(arms.len(), 8, "{sql}");
        assert!(
            arms[0].ends_with("WHERE 1 = 1 AND source_code = ?1 AND target_code = ?2"),
            "{sql}"
        );
        assert!(
            arms[3].ends_with(
                "WHERE 1 = 1 AND source_country = ?9 \
                 AND NOT (source_code IS NOT DISTINCT FROM ?10) AND target_country = ?11 \
                 AND NOT (target_code IS NOT DISTINCT FROM ?12)"
            ),
            "{sql}"
        );
        // Each arm binds its own values: b on the source side from the fifth arm on, and
        // the forward direction excluded.
        assert!(
            arms[4].contains("WHERE 1 = 1 AND source_code = ?13 AND target_code = ?14 AND NOT (("),
            "{sql}"
        );
        assert_eq!(args[12], Arg::Text("PRK".into()));
        assert_eq!(args[13], Arg::Text("RUS".into()));
        assert!(arms[1..4].iter().all(|a| !a.contains("NOT ((")), "{sql}");
        assert!(arms[4..].iter().all(|a| a.contains("NOT ((")), "{sql}");
    }

    #[test]
    fn a_code_prefix_is_counted_as_an_index_range_up_to_its_successor() {
        let count = |q: &EventQuery| {
            let l = crate::model::EventListing {
                query: q.clone(),
                ..Default::default()
            };
            crate::event_order::count_select(&l, None, "e.rowid", &|n, _| format!("?{n}"))
        };
        let prefix = |c: &str| {
            let q = EventQuery {
                code: Some(c.into()),
                ..EventQuery::default()
            };
            let (sql, args) = count(&q);
            let cut = sql.find("WHERE").map_or(0, |i| i + 6);
            let end = sql.rfind(") AS matching").unwrap_or(sql.len());
            (sql[cut..end].to_owned(), args)
        };
        // A page walks the listing order: no range for the planner to prefer.
        let page = EventQuery {
            code: Some("04".into()),
            ..EventQuery::default()
        };
        let (sql, _) = sqlite(&page, None);
        assert!(
            sql.contains("WHERE 1 = 1 AND substr(cameo, 1, length(?1)) = ?2"),
            "{sql}"
        );
        let texts = |args: Vec<Arg>| -> Vec<String> {
            args.into_iter()
                .map(|a| match a {
                    Arg::Text(t) => t,
                    other => format!("{other:?}"),
                })
                .collect()
        };
        let (sql, args) = prefix("04");
        assert_eq!(sql, "1 = 1 AND cameo >= ?1 AND cameo < ?2");
        assert_eq!(texts(args), ["04", "05"]);
        assert_eq!(texts(prefix("19").1), ["19", "1:"]);
        assert_eq!(texts(prefix("0401").1), ["0401", "0402"]);
        // No ASCII successor: compared by substr, exactly.
        let (sql, args) = prefix("0\u{7f}");
        assert_eq!(sql, "1 = 1 AND substr(cameo, 1, length(?1)) = ?2");
        assert_eq!(texts(args), ["0\u{7f}", "0\u{7f}"]);
    }
}
