//! Full-text search over sentence text: the GIN-indexed `tsvector` column, ranked with
//! `ts_rank_cd`, snippets from `ts_headline` in the shape FTS5's `snippet()` gives.

use annals_core::SentenceKind;

use super::tsquery::to_tsquery;
use super::{to_usize, PgStore};
use crate::error::StoreError;
use crate::model::SearchHit;
use crate::rows::int;
use crate::sqlite::fts_query::{quoted_prefix, to_fts5, SEARCH_DEADLINE};

/// Words of context a snippet shows (FTS5's snippet shows 24 tokens).
const SNIPPET_WORDS: usize = 24;

impl PgStore {
    /// See [`Store::search`](crate::Store::search) and the `tsquery` module for the syntax.
    pub(super) fn search_pg(
        &self,
        query: &str,
        limit: usize,
    ) -> Result<Vec<SearchHit>, StoreError> {
        let bad_query = |message: String| StoreError::BadQuery {
            db: self.db.clone(),
            query: quoted_prefix(query),
            message,
        };
        // The same limits on size, terms and prefixes as the SQLite backend (the FTS5
        // rewrite is run for its checks only), so a query is refused alike on both.
        to_fts5(query).map_err(bad_query)?;
        let ts = to_tsquery(query, 2).map_err(bad_query)?;
        if limit == 0 {
            return Ok(Vec::new());
        }
        // The inner query ranks and cuts at the limit; headlines are made for the rows
        // returned only.
        let sql = format!(
            "WITH q AS (SELECT {tsq} AS q) \
             SELECT f.doc_id, f.idx, f.kind, d.title, f.text, \
                    ts_headline('annals_english', f.text, q.q, \
                        'StartSel=[, StopSel=], MaxWords={SNIPPET_WORDS}, MinWords=12, \
                         ShortWord=0'), \
                    f.rank \
             FROM (SELECT s.doc_id, s.idx, s.kind, s.text, \
                          -ts_rank_cd(s.tsv, q.q)::float8 AS rank \
                   FROM sentences s, q WHERE s.tsv @@ q.q \
                   ORDER BY rank, s.doc_id, s.idx LIMIT $1) AS f \
             CROSS JOIN q JOIN documents d ON d.id = f.doc_id \
             ORDER BY f.rank, f.doc_id, f.idx",
            tsq = ts.sql
        );
        let limit = int(limit);
        let mut params: Vec<&(dyn postgres::types::ToSql + Sync)> = vec![&limit];
        params.extend(
            ts.params
                .iter()
                .map(|p| p as &(dyn postgres::types::ToSql + Sync)),
        );
        // A query of very common words ranks most of the index: like SQLite's deadline,
        // the statement is cancelled after SEARCH_DEADLINE and the query refused.
        let timeout = format!(
            "SET LOCAL statement_timeout = {}",
            SEARCH_DEADLINE.as_millis()
        );
        let rows = {
            let mut client = self.client.borrow_mut();
            let mut tx = client
                .transaction()
                .map_err(|e| self.err("search".to_owned(), e))?;
            tx.batch_execute(&timeout)
                .map_err(|e| self.err("search".to_owned(), e))?;
            match tx.query(&sql, &params) {
                Ok(rows) => rows,
                Err(e) if e.code() == Some(&postgres::error::SqlState::QUERY_CANCELED) => {
                    return Err(bad_query(format!(
                        "the query matches too many sentences to rank within {} s; add a rarer word or search for a phrase",
                        SEARCH_DEADLINE.as_secs()
                    )));
                }
                Err(e) => return Err(self.err(format!("search for {}", quoted_prefix(query)), e)),
            }
        };
        let mut hits = Vec::with_capacity(rows.len());
        for r in &rows {
            let doc_id: String = r.get(0);
            let kind: String = r.get(2);
            let kind = SentenceKind::parse(&kind)
                .ok_or_else(|| self.corrupt(&doc_id, format!("unknown sentence kind {kind:?}")))?;
            let text: String = r.get(4);
            let headline: String = r.get(5);
            hits.push(SearchHit {
                doc_id,
                sentence: to_usize(r.get(1)),
                kind,
                title: r.get(3),
                snippet: elide(&text, &headline),
                rank: r.get(6),
            });
        }
        Ok(hits)
    }
}

/// Mark with `…` where the headline leaves out the start or end of the sentence, as FTS5's
/// snippet does.
fn elide(sentence: &str, headline: &str) -> String {
    let plain: String = headline
        .chars()
        .filter(|c| !matches!(c, '[' | ']'))
        .collect();
    let plain = plain.trim();
    let mut out = String::new();
    if !sentence.trim_start().starts_with(plain) && !sentence.contains('[') {
        out.push('…');
    }
    out.push_str(headline.trim());
    if !sentence.trim_end().ends_with(plain) && !sentence.contains(']') {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::elide;

    #[test]
    fn elision_marks_cut_ends_only() {
        assert_eq!(
            elide("Putin met Kim.", "[Putin] met Kim."),
            "[Putin] met Kim."
        );
        assert_eq!(
            elide("One two three four five.", "two [three] four"),
            "…two [three] four…"
        );
        assert_eq!(elide("One two three.", "One [two]"), "One [two]…");
    }
}
