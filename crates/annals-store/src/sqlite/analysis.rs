//! What ingest learned about a document (mentions, events, language, near-duplicate link,
//! MinHash signature), written in the same transaction as the document itself.

use annals_core::Document;
use rusqlite::{params, Connection, OptionalExtension};

use super::{events::write_events, mentions::write_mentions, SqliteStore};
use crate::error::StoreError;
use crate::model::Analysis;

/// Write `analysis` for `doc`, just inserted or replaced (`seq`: its ingest order).
pub(super) fn write_analysis(
    conn: &Connection,
    doc: &Document,
    seq: i64,
    analysis: &Analysis,
) -> rusqlite::Result<()> {
    write_mentions(conn, seq, &doc.clean_text, analysis.mentions)?;
    write_events(conn, &doc.id, analysis.events)?;
    conn.prepare_cached(
        "UPDATE documents SET language = ?2, duplicate_of = ?3, similarity = ?4 \
         WHERE ingest_seq = ?1",
    )?
    .execute(params![
        seq,
        analysis.language,
        analysis.duplicate_of.map(|d| d.0),
        analysis.duplicate_of.map(|d| d.1),
    ])?;
    conn.prepare_cached("DELETE FROM lsh_bands WHERE doc = ?1")?
        .execute([seq])?;
    conn.prepare_cached("DELETE FROM doc_signatures WHERE doc = ?1")?
        .execute([seq])?;
    if let Some(signature) = analysis.signature {
        conn.prepare_cached("INSERT INTO doc_signatures (doc, signature) VALUES (?1, ?2)")?
            .execute(params![seq, signature])?;
        let mut stmt = conn.prepare_cached(
            "INSERT OR IGNORE INTO lsh_bands (band, key, doc) VALUES (?1, ?2, ?3)",
        )?;
        for &(band, key) in analysis.bands {
            // Stored bit for bit as a signed 64-bit integer.
            stmt.execute(params![band, key as i64, seq])?;
        }
    }
    Ok(())
}

/// The signature of the document with id `?1`.
const SIGNATURE_OF: &str = "SELECT g.signature FROM doc_signatures g \
     JOIN documents d ON d.ingest_seq = g.doc WHERE d.id = ?1";

impl SqliteStore {
    /// Stored documents sharing at least one LSH band key with `bands`, with their
    /// signature bytes: the candidates a near-duplicate check compares in full. At most
    /// `limit` candidates, those sharing the most bands first.
    pub fn near_duplicate_candidates(
        &self,
        bands: &[(u16, u64)],
        limit: usize,
    ) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        let err = |e| self.sql_err("look up near-duplicate candidates", e);
        let mut hits: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT d.id FROM lsh_bands l JOIN documents d ON d.ingest_seq = l.doc \
                 WHERE l.band = ?1 AND l.key = ?2",
            )
            .map_err(err)?;
        for &(band, key) in bands {
            let ids = stmt
                .query_map(params![band, key as i64], |row| row.get::<_, String>(0))
                .map_err(err)?;
            for id in ids {
                *hits.entry(id.map_err(err)?).or_default() += 1;
            }
        }
        let mut ranked: Vec<(String, usize)> = hits.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        ranked.truncate(limit);
        let mut sig = self.conn.prepare_cached(SIGNATURE_OF).map_err(err)?;
        let mut out = Vec::with_capacity(ranked.len());
        for (id, _) in ranked {
            let bytes: Vec<u8> = sig.query_row([&id], |row| row.get(0)).map_err(err)?;
            out.push((id, bytes));
        }
        Ok(out)
    }

    /// The document `doc_id` is linked to as a near-duplicate; `None` when it is not
    /// linked or not stored. Lets ingest follow a chain of links to its original.
    pub fn duplicate_of(&self, doc_id: &str) -> Result<Option<String>, StoreError> {
        self.conn
            .prepare_cached("SELECT duplicate_of FROM documents WHERE id = ?1")
            .and_then(|mut stmt| {
                stmt.query_row([doc_id], |row| row.get::<_, Option<String>>(0))
                    .optional()
            })
            .map(Option::flatten)
            .map_err(|e| self.sql_err(format!("read the near-duplicate link of {doc_id}"), e))
    }

    /// The stored MinHash signature bytes of `doc_id` (`None` when it has none: not
    /// stored, stored without analysis, or a near-identical copy, which is not indexed).
    pub fn signature(&self, doc_id: &str) -> Result<Option<Vec<u8>>, StoreError> {
        self.conn
            .prepare_cached(SIGNATURE_OF)
            .and_then(|mut stmt| stmt.query_row([doc_id], |row| row.get(0)).optional())
            .map_err(|e| self.sql_err(format!("read the signature of {doc_id}"), e))
    }
}
