//! Full-text search over sentence text.

use rusqlite::{params, ErrorCode};

use super::fts_query::{deadline_message, quoted_prefix, to_fts5, Deadline};
use super::{to_sql_int, SqliteStore};
use crate::error::StoreError;
use crate::model::SearchHit;

/// Tokens of context a snippet shows around the matches (FTS5 allows up to 64).
const SNIPPET_TOKENS: i64 = 24;

impl SqliteStore {
    /// Sentences matching `query`, best (lowest BM25 rank) first, at most `limit`.
    ///
    /// Plain words are searched as written, punctuation and all: `U.S. sanctions` and
    /// `Putin's visit` work. FTS5 syntax is honoured where it is written: `"exact phrase"`,
    /// capital `AND`/`OR`/`NOT`, parentheses, `NEAR(a b, 5)`, `prefix*`, `^first`. Matching
    /// ignores case and diacritics and uses Porter stemming (`sanction` finds `sanctions`).
    /// A query FTS5 cannot parse (`Putin AND`, an open parenthesis) or one without any word
    /// is a [`StoreError::BadQuery`].
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        let bad_query = |message: String| StoreError::BadQuery {
            db: self.db.clone(),
            query: quoted_prefix(query),
            message,
        };
        let fts = to_fts5(query).map_err(bad_query)?;
        if limit == 0 {
            return Ok(Vec::new());
        }
        let classify = |e: rusqlite::Error| match fts_syntax_message(&e).or(deadline_message(&e)) {
            Some(message) => bad_query(message),
            None => self.sql_err(format!("search for {:?}", quoted_prefix(query)), e),
        };
        let _deadline = Deadline::start(&self.conn);
        // The inner query lets FTS5 sort by rank and stop at the limit on its own, so
        // snippets are made only for the rows returned.
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT d.id, s.idx, s.kind, d.title, f.snip, f.rank \
                 FROM (SELECT rowid AS sid, rank, \
                              snippet(sentences_fts, 0, '[', ']', '…', {SNIPPET_TOKENS}) AS snip \
                       FROM sentences_fts WHERE sentences_fts MATCH ?1 \
                       ORDER BY rank LIMIT ?2) AS f \
                 JOIN sentences s ON s.id = f.sid \
                 JOIN documents d ON d.ingest_seq = s.doc \
                 ORDER BY f.rank, d.id, s.idx"
            ))
            .map_err(classify)?;
        let rows = stmt
            .query_map(params![fts, to_sql_int(limit)], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, i64>(2)?,
                    row.get::<_, Option<String>>(3)?,
                    row.get::<_, Option<String>>(4)?,
                    row.get::<_, f64>(5)?,
                ))
            })
            .map_err(classify)?;
        let mut hits = Vec::new();
        for row in rows {
            let (doc_id, idx, kind, title, snippet, rank) = row.map_err(classify)?;
            let sentence = usize::try_from(idx)
                .map_err(|_| self.corrupt(&doc_id, format!("sentence index {idx}")))?;
            let kind = super::kinds::sentence_kind(kind)
                .ok_or_else(|| self.corrupt(&doc_id, format!("unknown sentence kind {kind}")))?;
            hits.push(SearchHit {
                doc_id,
                sentence,
                kind,
                title,
                snippet: snippet.unwrap_or_default(),
                rank,
            });
        }
        Ok(hits)
    }
}

/// FTS5 reports a query it cannot parse as a plain SQLITE_ERROR whose message starts with
/// "fts5:" (e.g. `fts5: syntax error near "AND"`); return that message.
fn fts_syntax_message(e: &rusqlite::Error) -> Option<String> {
    match e {
        rusqlite::Error::SqliteFailure(err, Some(msg))
            if err.code == ErrorCode::Unknown && msg.starts_with("fts5:") =>
        {
            Some(msg.clone())
        }
        _ => None,
    }
}
