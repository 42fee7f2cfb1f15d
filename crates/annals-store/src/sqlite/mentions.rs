//! Actor mentions: replacing a document's mentions, listing them, and counting the
//! unresolved names (the knowledge base's curation list).

use annals_core::{ActorMention, Span};
use rusqlite::{types::Value, Connection, TransactionBehavior};

use super::{to_sql_int, SqliteStore};
use crate::error::StoreError;
use crate::model::StoredMention;
use crate::rows::mention_rows;

fn from_i64(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

impl SqliteStore {
    /// Replace all mentions of a document in one transaction. The document must be stored.
    pub fn replace_mentions(
        &mut self,
        doc_id: &str,
        mentions: &[ActorMention],
    ) -> Result<(), StoreError> {
        let db = self.db.clone();
        let err = |action: &str, source| StoreError::Database {
            db: db.clone(),
            action: format!("{action} for document {doc_id}"),
            source: Box::new(source),
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| err("begin mention transaction", e))?;
        write_mentions(&tx, doc_id, mentions).map_err(|e| err("write mentions", e))?;
        tx.commit().map_err(|e| err("commit mentions", e))
    }

    /// Stored mention rows, of one document or all, in document and mention order.
    pub fn mentions(
        &self,
        doc_id: Option<&str>,
        limit: Option<usize>,
    ) -> Result<Vec<StoredMention>, StoreError> {
        let mut sql = String::from(
            "SELECT doc_id, idx, sentence, start_byte, end_byte, text, code, country, sector, name, \
             wikidata, via, antecedent_start, antecedent_end FROM mentions",
        );
        let mut args: Vec<Value> = Vec::new();
        if let Some(d) = doc_id {
            sql.push_str(" WHERE doc_id = ?1");
            args.push(Value::Text(d.to_string()));
        }
        sql.push_str(" ORDER BY doc_id, idx");
        if let Some(l) = limit {
            sql.push_str(&format!(" LIMIT {}", to_sql_int(l)));
        }
        let err = |source| StoreError::Database {
            db: self.db.clone(),
            action: "read mentions".to_string(),
            source: Box::new(source),
        };
        let mut stmt = self.conn.prepare(&sql).map_err(err)?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(args), |r| {
                let ante_start: Option<i64> = r.get(12)?;
                let ante_end: Option<i64> = r.get(13)?;
                Ok(StoredMention {
                    doc_id: r.get(0)?,
                    idx: from_i64(r.get(1)?),
                    sentence: from_i64(r.get(2)?),
                    start: from_i64(r.get(3)?),
                    end: from_i64(r.get(4)?),
                    text: r.get(5)?,
                    code: r.get(6)?,
                    country: r.get(7)?,
                    sector: r.get(8)?,
                    name: r.get(9)?,
                    wikidata: r.get(10)?,
                    via: r.get(11)?,
                    antecedent: match (ante_start, ante_end) {
                        (Some(a), Some(b)) if b >= a => Some(Span::new(from_i64(a), from_i64(b))),
                        _ => None,
                    },
                })
            })
            .map_err(err)?;
        rows.collect::<Result<Vec<_>, _>>().map_err(err)
    }

    /// The `top` most frequent unresolved mention texts with their counts, most frequent
    /// first (ties by text): what the knowledge base is missing.
    pub fn unresolved_mentions(&self, top: usize) -> Result<Vec<(String, u64)>, StoreError> {
        let err = |source| StoreError::Database {
            db: self.db.clone(),
            action: "count unresolved mentions".to_string(),
            source: Box::new(source),
        };
        let mut stmt = self
            .conn
            .prepare(
                "SELECT text, COUNT(*) AS n FROM mentions WHERE code IS NULL \
                 GROUP BY text ORDER BY n DESC, text LIMIT ?1",
            )
            .map_err(err)?;
        let rows = stmt
            .query_map([to_sql_int(top)], |r| {
                let n: i64 = r.get(1)?;
                Ok((r.get::<_, String>(0)?, u64::try_from(n).unwrap_or(0)))
            })
            .map_err(err)?;
        rows.collect::<Result<Vec<_>, _>>().map_err(err)
    }
}

/// Delete and rewrite the mentions of one document inside the caller's transaction, so
/// ingest stores a document and its mentions atomically. One row per (mention, actor).
pub(super) fn write_mentions(
    conn: &Connection,
    doc_id: &str,
    mentions: &[ActorMention],
) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM mentions WHERE doc_id = ?1")?
        .execute([doc_id])?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO mentions (doc_id, idx, sentence, start_byte, end_byte, text, code, \
         country, sector, name, wikidata, via, antecedent_start, antecedent_end) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?;
    for r in mention_rows(mentions) {
        stmt.execute(rusqlite::params![
            doc_id,
            r.idx,
            r.sentence,
            r.start,
            r.end,
            r.text,
            r.code,
            r.country,
            r.sector,
            r.name,
            r.wikidata,
            r.via,
            r.antecedent.map(|a| a.0),
            r.antecedent.map(|a| a.1),
        ])?;
    }
    Ok(())
}
