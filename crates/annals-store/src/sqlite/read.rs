//! Reading documents back: listing, counting, fetching one, resolving id prefixes.

use annals_core::{Block, Document, RemovalReason, RemovedLine, Sentence, Span};
use rusqlite::{params, OptionalExtension};

use super::kinds;
use super::{to_sql_int, SqliteStore};
use crate::error::StoreError;
use crate::model::DocSummary;

/// Shortest prefix [`SqliteStore::resolve_id`] expands.
pub const MIN_PREFIX_CHARS: usize = 4;

/// How many candidates an ambiguous prefix reports.
const AMBIGUOUS_SHOWN: usize = 5;

impl SqliteStore {
    /// Documents in ingest order (an updated document keeps its first position), skipping
    /// `offset` and returning at most `limit` (all when `None`).
    pub fn list_documents(
        &self,
        limit: Option<usize>,
        offset: usize,
    ) -> Result<Vec<DocSummary>, StoreError> {
        let err = |e| self.sql_err("list documents", e);
        // LIMIT -1 means no limit in SQLite.
        let limit = limit.map_or(-1, to_sql_int);
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT d.id, d.title, d.url, d.published, d.publisher, d.source, d.n_chars, \
                        (SELECT count(*) FROM sentences s WHERE s.doc = d.ingest_seq), \
                        (SELECT count(*) FROM sentences s \
                          WHERE s.doc = d.ingest_seq AND s.kind = ?3), \
                        (SELECT count(*) FROM removed_lines r WHERE r.doc = d.ingest_seq), \
                        d.ingested_at, d.updated_at, d.language, d.duplicate_of, d.similarity, \
                        (SELECT count(*) FROM events e WHERE e.doc_id = d.id) \
                 FROM documents d ORDER BY d.ingest_seq LIMIT ?1 OFFSET ?2",
            )
            .map_err(err)?;
        let rows = stmt
            .query_map(params![limit, to_sql_int(offset), kinds::HEADING], |row| {
                Ok((
                    DocSummary {
                        id: row.get(0)?,
                        title: row.get(1)?,
                        url: row.get(2)?,
                        published: row.get(3)?,
                        publisher: row.get(4)?,
                        source: row.get(5)?,
                        n_chars: 0,
                        language: row.get(12)?,
                        duplicate_of: row.get(13)?,
                        similarity: row.get(14)?,
                        n_events: usize::try_from(row.get::<_, i64>(15)?).unwrap_or(0),
                        n_sentences: 0,
                        n_headings: 0,
                        n_removed: 0,
                        ingested_at: row.get(10)?,
                        updated_at: row.get(11)?,
                    },
                    [
                        row.get::<_, i64>(6)?,
                        row.get::<_, i64>(7)?,
                        row.get::<_, i64>(8)?,
                        row.get::<_, i64>(9)?,
                    ],
                ))
            })
            .map_err(err)?;
        let mut out = Vec::new();
        for row in rows {
            let (mut summary, [chars, sentences, headings, removed]) = row.map_err(err)?;
            let count = |n: i64, what: &str| {
                usize::try_from(n).map_err(|_| self.corrupt(&summary.id, format!("{what} is {n}")))
            };
            let (c, s, h, r) = (
                count(chars, "n_chars")?,
                count(sentences, "sentence count")?,
                count(headings, "heading count")?,
                count(removed, "removed line count")?,
            );
            summary.n_chars = c;
            summary.n_sentences = s;
            summary.n_headings = h;
            summary.n_removed = r;
            out.push(summary);
        }
        Ok(out)
    }

    /// Number of stored documents.
    pub fn count_documents(&self) -> Result<usize, StoreError> {
        let n: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM documents")
            .and_then(|mut stmt| stmt.query_row([], |row| row.get(0)))
            .map_err(|e| self.sql_err("count documents", e))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// The full document stored under exactly `id`, with removed lines, blocks and
    /// sentences.
    pub fn document(&self, id: &str) -> Result<Option<Document>, StoreError> {
        let action = || format!("read document {id}");
        let err = |e| self.sql_err(action(), e);
        let doc = self
            .conn
            .prepare_cached(
                "SELECT id, url, title, published, publisher, source, raw_text, clean_text, \
                        content_hash \
                 FROM documents WHERE id = ?1",
            )
            .and_then(|mut stmt| {
                stmt.query_row([id], |row| {
                    let clean: String = row.get(7)?;
                    let raw = super::raw_text::decode(row.get_ref(6)?, &clean);
                    let doc = Document {
                        id: row.get(0)?,
                        url: row.get(1)?,
                        title: row.get(2)?,
                        published: row.get(3)?,
                        publisher: row.get(4)?,
                        source: row.get(5)?,
                        clean_text: clean,
                        content_hash: row.get(8)?,
                        ..Document::default()
                    };
                    Ok((doc, raw))
                })
                .optional()
            })
            .map_err(err)?;
        let Some((mut doc, raw)) = doc else {
            return Ok(None);
        };
        doc.raw_text = raw.map_err(|detail| self.corrupt(id, detail))?;
        doc.removed = self.removed_lines(id)?;
        doc.blocks = self.blocks(id)?;
        doc.sentences = self.sentences(id)?;
        Ok(Some(doc))
    }

    fn removed_lines(&self, id: &str) -> Result<Vec<RemovedLine>, StoreError> {
        let err = |e| self.sql_err(format!("read removed lines of {id}"), e);
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT line, text, reason, detail FROM removed_lines \
                 WHERE doc = (SELECT ingest_seq FROM documents WHERE id = ?1) ORDER BY idx",
            )
            .map_err(err)?;
        let rows = stmt
            .query_map([id], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                ))
            })
            .map_err(err)?;
        let mut out = Vec::new();
        for row in rows {
            let (line, text, reason, detail) = row.map_err(err)?;
            let line = usize::try_from(line)
                .map_err(|_| self.corrupt(id, format!("removed line number {line}")))?;
            let reason = RemovalReason::parse(&reason)
                .ok_or_else(|| self.corrupt(id, format!("unknown removal reason {reason:?}")))?;
            out.push(RemovedLine {
                line,
                text,
                reason,
                detail,
            });
        }
        Ok(out)
    }

    fn blocks(&self, id: &str) -> Result<Vec<Block>, StoreError> {
        self.spans_with_kind("blocks", id)?
            .into_iter()
            .map(|(span, kind)| {
                kinds::block_kind(kind)
                    .map(|kind| Block { span, kind })
                    .ok_or_else(|| self.corrupt(id, format!("unknown block kind {kind}")))
            })
            .collect()
    }

    fn sentences(&self, id: &str) -> Result<Vec<Sentence>, StoreError> {
        self.spans_with_kind("sentences", id)?
            .into_iter()
            .map(|(span, kind)| {
                kinds::sentence_kind(kind)
                    .map(|kind| Sentence { span, kind })
                    .ok_or_else(|| self.corrupt(id, format!("unknown sentence kind {kind}")))
            })
            .collect()
    }

    /// `(span, kind)` rows of `blocks` or `sentences` for one document, in order.
    fn spans_with_kind(
        &self,
        table: &'static str,
        id: &str,
    ) -> Result<Vec<(Span, i64)>, StoreError> {
        let err = |e| self.sql_err(format!("read {table} of {id}"), e);
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT start_byte, end_byte, kind FROM {table} \
                 WHERE doc = (SELECT ingest_seq FROM documents WHERE id = ?1) ORDER BY idx"
            ))
            .map_err(err)?;
        let rows = stmt
            .query_map([id], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, i64>(2)?,
                ))
            })
            .map_err(err)?;
        let mut out = Vec::new();
        for row in rows {
            let (start, end, kind) = row.map_err(err)?;
            match (usize::try_from(start), usize::try_from(end)) {
                (Ok(start), Ok(end)) => out.push((Span { start, end }, kind)),
                _ => {
                    return Err(self.corrupt(id, format!("{table} span {start}..{end}")));
                }
            }
        }
        Ok(out)
    }

    /// The id of the document `id_or_prefix` names: an exact id, or else the one id that
    /// starts with it, if the prefix has at least four characters. `None` when nothing
    /// matches; [`StoreError::AmbiguousId`] when several ids share the prefix.
    pub fn resolve_id(&self, id_or_prefix: &str) -> Result<Option<String>, StoreError> {
        let err = |e| self.sql_err(format!("resolve id {id_or_prefix:?}"), e);
        let exact: Option<String> = self
            .conn
            .prepare_cached("SELECT id FROM documents WHERE id = ?1")
            .and_then(|mut stmt| stmt.query_row([id_or_prefix], |row| row.get(0)).optional())
            .map_err(err)?;
        if exact.is_some() || id_or_prefix.chars().count() < MIN_PREFIX_CHARS {
            return Ok(exact);
        }
        // A range scan over the primary key: ids in [prefix, upper) are exactly those that
        // start with the prefix, since text compares by code point. The starts_with check
        // covers the one prefix without an upper bound (ending in U+10FFFF).
        let wanted = to_sql_int(AMBIGUOUS_SHOWN + 1);
        let ids: Vec<String> = match prefix_upper_bound(id_or_prefix) {
            Some(upper) => self.ids_in(
                "SELECT id FROM documents WHERE id >= ?1 AND id < ?2 ORDER BY id LIMIT ?3",
                params![id_or_prefix, upper, wanted],
            ),
            None => self.ids_in(
                "SELECT id FROM documents WHERE id >= ?1 \
                 AND substr(id, 1, length(?1)) = ?1 ORDER BY id LIMIT ?2",
                params![id_or_prefix, wanted],
            ),
        }
        .map_err(err)?
        .into_iter()
        .filter(|id| id.starts_with(id_or_prefix))
        .collect();
        match ids.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(one.clone())),
            _ => Err(StoreError::AmbiguousId {
                db: self.db.clone(),
                prefix: id_or_prefix.to_owned(),
                more: ids.len() > AMBIGUOUS_SHOWN,
                candidates: ids.into_iter().take(AMBIGUOUS_SHOWN).collect(),
            }),
        }
    }

    fn ids_in(&self, sql: &str, params: &[&dyn rusqlite::ToSql]) -> rusqlite::Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(params, |row| row.get::<_, String>(0))?;
        rows.collect()
    }
}

/// The least string greater than every string that starts with `prefix`: the prefix with
/// its last character replaced by the next code point (dropping trailing U+10FFFF first).
/// `None` when there is no such string.
fn prefix_upper_bound(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        let next = (u32::from(last) + 1..=u32::from(char::MAX)).find_map(char::from_u32);
        if let Some(next) = next {
            chars.push(next);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::prefix_upper_bound;

    #[test]
    fn upper_bound_bumps_last_char() {
        assert_eq!(prefix_upper_bound("abcd").as_deref(), Some("abce"));
        assert_eq!(prefix_upper_bound("a9").as_deref(), Some("a:"));
        // Skips the surrogate gap.
        assert_eq!(
            prefix_upper_bound("x\u{D7FF}").as_deref(),
            Some("x\u{E000}")
        );
        assert_eq!(prefix_upper_bound("y\u{10FFFF}").as_deref(), Some("z"));
        assert_eq!(prefix_upper_bound("\u{10FFFF}"), None);
        assert_eq!(prefix_upper_bound(""), None);
    }

    #[test]
    fn every_string_with_the_prefix_sorts_below_the_bound() {
        let prefix = "3fa9";
        let upper = prefix_upper_bound(prefix).unwrap();
        for s in ["3fa9", "3fa90000", "3fa9ffff", "3fa9\u{10FFFF}\u{10FFFF}"] {
            assert!(s >= prefix && s < upper.as_str(), "{s}");
        }
        for s in ["3fa8ffff", "3faa", "3fb"] {
            assert!(!(s >= prefix && s < upper.as_str()), "{s}");
        }
    }
}
