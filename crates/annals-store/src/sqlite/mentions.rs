//! Actor mentions: replacing a document's mentions, listing them, and counting the
//! unresolved names (the knowledge base's curation list).

use annals_core::{ActorMention, Span};
use rusqlite::{types::Value, Connection, OptionalExtension, TransactionBehavior};

use super::{to_sql_int, SqliteStore};
use crate::error::StoreError;
use crate::model::StoredMention;
use crate::rows::{mention_rows, MentionRow};

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
        // A document that is not stored has no ingest order: refused, as the foreign key
        // refused it before schema 8.
        let seq = super::write::doc_seq(&tx, doc_id)
            .and_then(|seq| seq.ok_or(rusqlite::Error::QueryReturnedNoRows))
            .map_err(|e| err("find the document", e))?;
        let clean: String = tx
            .prepare_cached("SELECT clean_text FROM documents WHERE ingest_seq = ?1")
            .and_then(|mut stmt| stmt.query_row([seq], |r| r.get(0)))
            .map_err(|e| err("read the clean text", e))?;
        write_mentions(&tx, seq, &clean, mentions).map_err(|e| err("write mentions", e))?;
        tx.commit().map_err(|e| err("commit mentions", e))
    }

    /// Stored mention rows, of one document or all, in document and mention order.
    pub fn mentions(
        &self,
        doc_id: Option<&str>,
        limit: Option<usize>,
    ) -> Result<Vec<StoredMention>, StoreError> {
        // Documents walked in id order through their id index, each one's mentions in
        // order through the primary key (doc, idx): no sort, whatever the limit. (CROSS
        // JOIN fixes that join order; left to itself SQLite scanned mentions and sorted.)
        let sql = String::from(
            "SELECT d.id, m.idx, m.sentence, m.start_byte, m.end_byte, MENTION_TEXT, a.code, \
             a.country, a.sector, a.name, a.wikidata, a.via, m.antecedent_start, \
             m.antecedent_end FROM documents d CROSS JOIN mentions m ON m.doc = d.ingest_seq \
             JOIN mention_actors a ON a.id = m.actor",
        );
        let mut sql = sql.replace("MENTION_TEXT", MENTION_TEXT);
        let mut args: Vec<Value> = Vec::new();
        if let Some(d) = doc_id {
            sql.push_str(" WHERE d.id = ?1");
            args.push(Value::Text(d.to_string()));
        }
        sql.push_str(" ORDER BY d.id, m.idx");
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
            .prepare(&format!(
                "SELECT {MENTION_TEXT} AS t, COUNT(*) AS n FROM mentions m \
                 JOIN documents d ON d.ingest_seq = m.doc \
                 WHERE m.actor IN (SELECT id FROM mention_actors WHERE code IS NULL) \
                 GROUP BY t ORDER BY n DESC, t LIMIT ?1"
            ))
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

/// A mention's text as read: the stored text, or (stored as `''`, schema 9) the span of
/// its document's clean text `d.clean_text` (byte offsets, hence the BLOB casts).
const MENTION_TEXT: &str = "CASE WHEN m.text = '' THEN CAST(substr(CAST(d.clean_text AS BLOB), \
     m.start_byte + 1, m.end_byte - m.start_byte) AS TEXT) ELSE m.text END";

/// The text to store for a mention reading `text` at `start..end` of `clean`: `''` when it
/// is exactly that span (every mention the resolver makes on the Wikinews sample: 0.19 MB
/// of text stored twice before schema 9), else the text itself. An empty mention text is
/// its (empty) span too, so `''` is never ambiguous.
fn stored_text<'a>(text: &'a str, start: usize, end: usize, clean: &str) -> &'a str {
    if clean.get(start..end) == Some(text) {
        ""
    } else {
        text
    }
}

/// Delete and rewrite the mentions of one document (`seq`: its ingest order, `clean`: its
/// clean text) inside the caller's transaction, so ingest stores a document and its
/// mentions atomically. One row per (mention, actor).
pub(super) fn write_mentions(
    conn: &Connection,
    seq: i64,
    clean: &str,
    mentions: &[ActorMention],
) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM mentions WHERE doc = ?1")?
        .execute([seq])?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO mentions (doc, idx, sentence, start_byte, end_byte, text, actor, \
         antecedent_start, antecedent_end) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for r in mention_rows(mentions) {
        let actor = actor_id(conn, &r)?;
        stmt.execute(rusqlite::params![
            seq,
            r.idx,
            r.sentence,
            r.start,
            r.end,
            stored_text(r.text, from_i64(r.start), from_i64(r.end), clean),
            actor,
            r.antecedent.map(|a| a.0),
            r.antecedent.map(|a| a.1),
        ])?;
    }
    Ok(())
}

/// The `mention_actors` row of `r`'s resolution (via and actor fields), added if new.
fn actor_id(conn: &Connection, r: &MentionRow) -> rusqlite::Result<i64> {
    let fields = rusqlite::params![r.via, r.code, r.country, r.sector, r.name, r.wikidata];
    let found = conn
        .prepare_cached(
            "SELECT id FROM mention_actors WHERE via = ?1 AND code IS ?2 AND country IS ?3 \
             AND sector IS ?4 AND name IS ?5 AND wikidata IS ?6",
        )?
        .query_row(fields, |row| row.get(0))
        .optional()?;
    if let Some(id) = found {
        return Ok(id);
    }
    conn.prepare_cached(
        "INSERT INTO mention_actors (via, code, country, sector, name, wikidata) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(fields)?;
    Ok(conn.last_insert_rowid())
}

#[cfg(test)]
mod tests {
    use annals_core::{ActorMention, ResolvedVia, Span};

    use crate::sqlite::write::tests::one_sentence_doc;
    use crate::SqliteStore;

    fn unresolved(text: &str, start: usize, end: usize) -> ActorMention {
        ActorMention {
            sentence: 0,
            span: Span::new(start, end),
            tokens: (0, 1),
            head: 0,
            text: text.to_owned(),
            actors: Vec::new(),
            via: ResolvedVia::Unresolved,
            antecedent: None,
        }
    }

    #[test]
    fn a_mention_text_equal_to_its_span_is_stored_empty_and_read_from_the_text() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        store
            .insert_documents(&[one_sentence_doc("m", "Émile Zola met Dreyfus.")])
            .unwrap();
        // The span of "Zola" starts after the two-byte "É": byte offsets, not characters.
        let mentions = [
            unresolved("Zola", 7, 11),
            unresolved("Dreyfus", 16, 23),
            // Not its span's text (a resolver may normalise): kept as it is.
            unresolved("Alfred Dreyfus", 16, 23),
        ];
        store.replace_mentions("m", &mentions).unwrap();
        let stored: Vec<String> = store
            .conn
            .prepare("SELECT text FROM mentions ORDER BY idx")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(stored, ["", "", "Alfred Dreyfus"]);
        let read: Vec<String> = store
            .mentions(Some("m"), None)
            .unwrap()
            .into_iter()
            .map(|m| m.text)
            .collect();
        assert_eq!(read, ["Zola", "Dreyfus", "Alfred Dreyfus"]);
        assert_eq!(
            store.unresolved_mentions(5).unwrap(),
            [
                ("Alfred Dreyfus".to_owned(), 1),
                ("Dreyfus".to_owned(), 1),
                ("Zola".to_owned(), 1)
            ]
        );
    }
}
