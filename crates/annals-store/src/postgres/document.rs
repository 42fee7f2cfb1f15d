//! One stored document with its removed lines, blocks and sentences, read in one statement.
//!
//! The four tables were four queries, so four round trips to the server for every
//! document page `annals serve` answers. Here each child table is aggregated into arrays
//! of its columns (in `idx` order) by a lateral subquery: one round trip, and one index
//! probe per table.

use annals_core::{Block, Document, RemovalReason, RemovedLine, Sentence, SentenceKind, Span};

use super::{to_usize, PgStore};
use crate::error::StoreError;
use crate::rows::parse_block_kind;

/// The document row and its child rows as arrays. An aggregate over no rows is NULL, so
/// every array column is read as an `Option`.
const DOCUMENT_SQL: &str = "\
SELECT d.id, d.url, d.title, d.published, d.publisher, d.source, d.raw_text, d.clean_text, \
       d.content_hash, \
       r.line, r.text, r.reason, r.detail, \
       b.start_byte, b.end_byte, b.kind, \
       s.start_byte, s.end_byte, s.kind \
FROM documents d \
LEFT JOIN LATERAL (SELECT array_agg(line ORDER BY idx) AS line, \
                          array_agg(text ORDER BY idx) AS text, \
                          array_agg(reason ORDER BY idx) AS reason, \
                          array_agg(detail ORDER BY idx) AS detail \
                   FROM removed_lines WHERE doc_id = d.id) r ON true \
LEFT JOIN LATERAL (SELECT array_agg(start_byte ORDER BY idx) AS start_byte, \
                          array_agg(end_byte ORDER BY idx) AS end_byte, \
                          array_agg(kind ORDER BY idx) AS kind \
                   FROM blocks WHERE doc_id = d.id) b ON true \
LEFT JOIN LATERAL (SELECT array_agg(start_byte ORDER BY idx) AS start_byte, \
                          array_agg(end_byte ORDER BY idx) AS end_byte, \
                          array_agg(kind ORDER BY idx) AS kind \
                   FROM sentences WHERE doc_id = d.id) s ON true \
WHERE d.id = $1";

/// An array column of the row, empty when NULL (no child rows).
fn array<'a, T: postgres::types::FromSql<'a>>(
    row: &'a postgres::Row,
    i: usize,
) -> Result<Vec<T>, postgres::Error> {
    Ok(row.try_get::<_, Option<Vec<T>>>(i)?.unwrap_or_default())
}

/// Spans and kinds from three parallel arrays at `first`, `first + 1`, `first + 2`.
fn spans(row: &postgres::Row, first: usize) -> Result<Vec<(Span, String)>, postgres::Error> {
    let starts: Vec<i64> = array(row, first)?;
    let ends: Vec<i64> = array(row, first + 1)?;
    let kinds: Vec<String> = array(row, first + 2)?;
    Ok(starts
        .into_iter()
        .zip(ends)
        .zip(kinds)
        .map(|((s, e), k)| (Span::new(to_usize(s), to_usize(e)), k))
        .collect())
}

impl PgStore {
    /// See [`Store::document`](crate::Store::document).
    pub(super) fn fetch_document(&self, id: &str) -> Result<Option<Document>, StoreError> {
        let action = format!("read document {id}");
        let rows = self.query_rows(&action, DOCUMENT_SQL, &[&id])?;
        let Some(r) = rows.first() else {
            return Ok(None);
        };
        let decode = |e: postgres::Error| self.corrupt(id, format!("document row: {e}"));
        let mut doc = Document {
            id: r.try_get(0).map_err(decode)?,
            url: r.try_get(1).map_err(decode)?,
            title: r.try_get(2).map_err(decode)?,
            published: r.try_get(3).map_err(decode)?,
            publisher: r.try_get(4).map_err(decode)?,
            source: r.try_get(5).map_err(decode)?,
            raw_text: r.try_get(6).map_err(decode)?,
            clean_text: r.try_get(7).map_err(decode)?,
            content_hash: r.try_get(8).map_err(decode)?,
            ..Document::default()
        };
        let lines: Vec<i64> = array(r, 9).map_err(decode)?;
        let texts: Vec<String> = array(r, 10).map_err(decode)?;
        let reasons: Vec<String> = array(r, 11).map_err(decode)?;
        let details: Vec<String> = array(r, 12).map_err(decode)?;
        for (((line, text), reason), detail) in
            lines.into_iter().zip(texts).zip(reasons).zip(details)
        {
            doc.removed.push(RemovedLine {
                line: to_usize(line),
                text,
                reason: RemovalReason::parse(&reason).ok_or_else(|| {
                    self.corrupt(id, format!("unknown removal reason {reason:?}"))
                })?,
                detail,
            });
        }
        for (span, kind) in spans(r, 13).map_err(decode)? {
            let kind = parse_block_kind(&kind)
                .ok_or_else(|| self.corrupt(id, format!("unknown block kind {kind:?}")))?;
            doc.blocks.push(Block { span, kind });
        }
        for (span, kind) in spans(r, 16).map_err(decode)? {
            let kind = SentenceKind::parse(&kind)
                .ok_or_else(|| self.corrupt(id, format!("unknown sentence kind {kind:?}")))?;
            doc.sentences.push(Sentence { span, kind });
        }
        Ok(Some(doc))
    }
}
