//! The SQLite side of the stories stage: its input (documents in ingest order with their
//! lead sentences and events) and its output tables (see `schema/0005_stories.sql`).

use std::collections::HashMap;
use std::sync::Arc;

use annals_core::Event;
use annals_stories::{
    Contradiction, ContradictionKind, DocInput, EventCluster, SentenceInput, Story, StoryDetail,
    StoryOutput, StoryQuery, StoryStore,
};
use rusqlite::{params, types::Value, Connection, OptionalExtension, TransactionBehavior};
use serde::de::DeserializeOwned;

use super::record::StoredRecord;
use super::{to_sql_int, SqliteStore};
use crate::dates::date_bounds;
use crate::error::StoreError;

/// Body sentences read as a document's lead.
const LEAD_SENTENCES: usize = 3;

/// Bytes `start..end` of `text` as the `sentence_texts` view gives them (a byte range of
/// the text, invalid UTF-8 at a cut replaced); empty when the range is not inside it.
fn byte_slice(text: &str, start: i64, end: i64) -> String {
    let (Ok(start), Ok(end)) = (usize::try_from(start), usize::try_from(end)) else {
        return String::new();
    };
    text.as_bytes()
        .get(start..end.min(text.len()))
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default()
}

/// The sentence texts of one document's decoded events, one copy per sentence.
#[derive(Default)]
struct SharedTexts(HashMap<usize, Arc<str>>);

impl SharedTexts {
    /// Point `event` at the copy of its sentence's text kept from an earlier event of the
    /// sentence (decoding gives each event its own); the first keeps its own as the copy.
    fn share(&mut self, event: &mut Event) {
        match self.0.get(&event.sentence) {
            Some(text) if **text == *event.sentence_text => {
                event.sentence_text = Arc::clone(text);
            }
            Some(_) => {}
            None => {
                self.0
                    .insert(event.sentence, Arc::clone(&event.sentence_text));
            }
        }
    }
}

/// One stored document's metadata, read before its sentences and events.
struct DocRow {
    id: String,
    published: Option<String>,
    title: Option<String>,
    duplicate_of: Option<String>,
}

impl SqliteStore {
    fn decode<T: DeserializeOwned>(&self, id: &str, record: &str) -> Result<T, StoreError> {
        serde_json::from_str(record).map_err(|e| self.corrupt(id, format!("stories record: {e}")))
    }

    fn story_input(&self, row: DocRow) -> Result<DocInput, StoreError> {
        let err = |e| self.sql_err(format!("read the story input of {}", row.id), e);
        // Every sentence with its kind: the lead is the first body sentences, and the
        // stage clusters sentences by what they report (numbered as events number them).
        // The document's text is read once and cut here: through the `sentence_texts` view
        // every sentence re-read the whole text, which for a long document (a 10 MB record
        // has 170,000 sentences) was quadratic and ran for hours.
        let (seq, text): (i64, String) = self
            .conn
            .prepare_cached("SELECT ingest_seq, clean_text FROM documents WHERE id = ?1")
            .and_then(|mut stmt| stmt.query_row([&row.id], |r| Ok((r.get(0)?, r.get(1)?))))
            .map_err(err)?;
        let rows: Vec<(usize, i64, String)> = self
            .conn
            .prepare_cached(
                "SELECT idx, kind, start_byte, end_byte FROM sentences WHERE doc = ?1 ORDER BY idx",
            )
            .and_then(|mut stmt| {
                stmt.query_map([seq], |r| {
                    let (start, end): (i64, i64) = (r.get(2)?, r.get(3)?);
                    Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, start, end))
                })?
                .map(|r| {
                    r.map(|(i, k, start, end)| {
                        let idx = usize::try_from(i).unwrap_or(0);
                        (idx, k, byte_slice(&text, start, end))
                    })
                })
                .collect()
            })
            .map_err(err)?;
        let lead: Vec<&str> = rows
            .iter()
            .filter(|(_, kind, _)| *kind == super::kinds::BODY)
            .take(LEAD_SENTENCES)
            .map(|(_, _, text)| text.as_str())
            .collect();
        let lead = lead.join(" ");
        // Each record is decoded as it is read, and the events of one sentence share its
        // text: holding every record and then every event with its own copy of a 4 KB
        // sentence took 850 MB for the 65,606 events of a 4 MB unpunctuated input.
        let mut events = Vec::new();
        let mut texts = SharedTexts::default();
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT record FROM events WHERE doc_id = ?1 \
                 ORDER BY sentence, trigger_start, rowid",
            )
            .map_err(err)?;
        let mut found = stmt.query([&row.id]).map_err(err)?;
        while let Some(r) = found.next().map_err(err)? {
            let record: StoredRecord = r.get(0).map_err(err)?;
            let mut event: Event = self.decode(&row.id, &record.0)?;
            texts.share(&mut event);
            events.push(event);
        }
        drop(found);
        drop(stmt);
        Ok(DocInput {
            doc_id: row.id,
            published: row.published,
            title: row.title,
            lead,
            sentences: rows
                .into_iter()
                .map(|(idx, _, text)| SentenceInput {
                    number: idx + 1,
                    text,
                })
                .collect(),
            duplicate_of: row.duplicate_of,
            events,
        })
    }

    fn records<T: DeserializeOwned>(
        &self,
        sql: &str,
        args: &[Value],
    ) -> Result<Vec<T>, StoreError> {
        let err = |e| self.sql_err("read stories", e);
        let rows: Vec<(String, StoredRecord)> = self
            .conn
            .prepare_cached(sql)
            .and_then(|mut stmt| {
                stmt.query_map(rusqlite::params_from_iter(args), |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?
                .collect()
            })
            .map_err(err)?;
        rows.iter()
            .map(|(id, rec)| self.decode(id, &rec.0))
            .collect()
    }

    /// The id of the story `id_or_prefix` names (exact, else the one id it starts).
    fn resolve_story(&self, id_or_prefix: &str) -> Result<Option<String>, StoreError> {
        let ids: Vec<String> = self
            .conn
            .prepare_cached(
                "SELECT story_id FROM stories WHERE story_id = ?1 \
                 UNION SELECT story_id FROM stories WHERE substr(story_id, 1, length(?1)) = ?1 \
                 ORDER BY 1 LIMIT 6",
            )
            .and_then(|mut stmt| stmt.query_map([id_or_prefix], |r| r.get(0))?.collect())
            .map_err(|e| self.sql_err(format!("resolve story {id_or_prefix:?}"), e))?;
        if ids.iter().any(|i| i == id_or_prefix) {
            return Ok(Some(id_or_prefix.to_string()));
        }
        match ids.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(one.clone())),
            _ => Err(StoreError::AmbiguousId {
                db: self.db.clone(),
                prefix: id_or_prefix.to_string(),
                more: ids.len() > 5,
                candidates: ids.into_iter().take(5).collect(),
            }),
        }
    }
}

/// `value` as JSON, in its stored form (see `record.rs`).
fn json<T: serde::Serialize>(value: &T) -> rusqlite::Result<Value> {
    serde_json::to_string(value)
        .map(|j| super::record::encode(&j))
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
}

fn write_output(conn: &Connection, out: &StoryOutput) -> rusqlite::Result<()> {
    // Children first would be needed without cascades; with them, stories suffice, but an
    // explicit delete of each table keeps the order obvious.
    for table in [
        "contradictions",
        "cluster_mentions",
        "event_clusters",
        "story_docs",
        "stories",
    ] {
        conn.execute(&format!("DELETE FROM {table}"), [])?;
    }
    let mut story = conn.prepare_cached(
        "INSERT INTO stories (story_id, seq, n_docs, n_sources, first_published, \
         last_published, actors, record) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let mut member = conn.prepare_cached(
        "INSERT OR REPLACE INTO story_docs (doc_id, story_id, copy_of, score) \
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (seq, s) in out.stories.iter().enumerate() {
        story.execute(params![
            s.story_id,
            to_sql_int(seq),
            to_sql_int(s.docs.len()),
            to_sql_int(s.n_sources),
            s.first_published,
            s.last_published,
            s.actors.join(" "),
            json(s)?,
        ])?;
        for d in &s.docs {
            member.execute(params![d.doc_id, s.story_id, d.copy_of, d.score])?;
        }
    }
    let mut cluster = conn.prepare_cached(
        "INSERT INTO event_clusters (cluster_id, seq, story_id, cameo, cameo_root, actor_a, \
         actor_b, n_sources, best_date, modality, record) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    let mut mention = conn.prepare_cached(
        "INSERT OR IGNORE INTO cluster_mentions (event_id, cluster_id, doc_id, sentence) \
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (seq, c) in out.clusters.iter().enumerate() {
        cluster.execute(params![
            c.cluster_id,
            to_sql_int(seq),
            c.story_id,
            c.cameo,
            c.cameo_root,
            c.actor_a,
            c.actor_b,
            to_sql_int(c.n_sources),
            c.best_date,
            c.modality.as_str(),
            json(c)?,
        ])?;
        for m in &c.mentions {
            mention.execute(params![
                m.event_id,
                c.cluster_id,
                m.doc_id,
                to_sql_int(m.sentence)
            ])?;
        }
    }
    let mut contra = conn.prepare_cached(
        "INSERT OR REPLACE INTO contradictions (contradiction_id, seq, cluster_id, story_id, \
         kind, a_doc, a_sentence, b_doc, b_sentence, record) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for (seq, c) in out.contradictions.iter().enumerate() {
        contra.execute(params![
            c.contradiction_id,
            to_sql_int(seq),
            c.cluster_id,
            c.story_id,
            c.kind.as_str(),
            c.a.doc_id,
            to_sql_int(c.a.sentence),
            c.b.doc_id,
            to_sql_int(c.b.sentence),
            json(c)?,
        ])?;
    }
    Ok(())
}

impl StoryStore for SqliteStore {
    type Error = StoreError;

    fn for_each_story_input(&self, f: &mut dyn FnMut(DocInput)) -> Result<(), StoreError> {
        let rows: Vec<DocRow> = self
            .conn
            .prepare("SELECT id, published, title, duplicate_of FROM documents ORDER BY ingest_seq")
            .and_then(|mut stmt| {
                stmt.query_map([], |r| {
                    Ok(DocRow {
                        id: r.get(0)?,
                        published: r.get(1)?,
                        title: r.get(2)?,
                        duplicate_of: r.get(3)?,
                    })
                })?
                .collect()
            })
            .map_err(|e| self.sql_err("list documents for stories", e))?;
        for row in rows {
            f(self.story_input(row)?);
        }
        Ok(())
    }

    fn replace_stories(&mut self, output: &StoryOutput) -> Result<(), StoreError> {
        let db = self.db.clone();
        let err = |action: &str, source: rusqlite::Error| StoreError::Database {
            db: db.clone(),
            action: action.to_string(),
            source: Box::new(source),
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| err("begin stories transaction", e))?;
        write_output(&tx, output).map_err(|e| err("write stories", e))?;
        tx.commit().map_err(|e| err("commit stories", e))
    }

    fn stories(&self, q: &StoryQuery) -> Result<Vec<Story>, StoreError> {
        let mut sql = String::from("SELECT story_id, record FROM stories WHERE 1 = 1");
        let mut args: Vec<Value> = Vec::new();
        if let Some(s) = &q.since {
            let day = date_bounds(s).map_or_else(|| s.clone(), |(first, _)| first);
            args.push(Value::Text(day));
            sql.push_str(&format!(" AND last_published >= ?{}", args.len()));
        }
        if let Some(u) = &q.until {
            let day = date_bounds(u).map_or_else(|| u.clone(), |(_, last)| last);
            args.push(Value::Text(day));
            sql.push_str(&format!(" AND first_published <= ?{}", args.len()));
        }
        if let Some(a) = &q.actor {
            // Stories list countries; a full code (RUSGOV) matches its country too.
            let country: String = a.chars().take(3).collect();
            args.push(Value::Text(format!(" {a} ")));
            args.push(Value::Text(format!(" {country} ")));
            let (i, j) = (args.len() - 1, args.len());
            sql.push_str(&format!(
                " AND (instr(' ' || actors || ' ', ?{i}) > 0 \
                 OR instr(' ' || actors || ' ', ?{j}) > 0)"
            ));
        }
        sql.push_str(" ORDER BY seq");
        if let Some(limit) = q.limit {
            sql.push_str(&format!(" LIMIT {}", to_sql_int(limit)));
        }
        self.records(&sql, &args)
    }

    fn story(&self, id: &str) -> Result<Option<StoryDetail>, StoreError> {
        let Some(id) = self.resolve_story(id)? else {
            return Ok(None);
        };
        let arg = [Value::Text(id.clone())];
        let story: Option<StoredRecord> = self
            .conn
            .prepare_cached("SELECT record FROM stories WHERE story_id = ?1")
            .and_then(|mut stmt| stmt.query_row([&id], |r| r.get(0)).optional())
            .map_err(|e| self.sql_err(format!("read story {id}"), e))?;
        let Some(story) = story else { return Ok(None) };
        Ok(Some(StoryDetail {
            story: self.decode(&id, &story.0)?,
            clusters: self.records(
                "SELECT cluster_id, record FROM event_clusters WHERE story_id = ?1 \
                 ORDER BY n_sources DESC, seq",
                &arg,
            )?,
            contradictions: self.records(
                "SELECT contradiction_id, record FROM contradictions WHERE story_id = ?1 \
                 ORDER BY seq",
                &arg,
            )?,
        }))
    }

    fn event_clusters(&self) -> Result<Vec<EventCluster>, StoreError> {
        self.records(
            "SELECT cluster_id, record FROM event_clusters ORDER BY seq",
            &[],
        )
    }

    fn contradictions(
        &self,
        kind: Option<ContradictionKind>,
    ) -> Result<Vec<Contradiction>, StoreError> {
        match kind {
            Some(k) => self.records(
                "SELECT contradiction_id, record FROM contradictions WHERE kind = ?1 ORDER BY seq",
                &[Value::Text(k.as_str().to_string())],
            ),
            None => self.records(
                "SELECT contradiction_id, record FROM contradictions ORDER BY seq",
                &[],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sqlite::write::tests::one_sentence_doc;
    use annals_core::{DateBasis, DatePrecision, EventActor, EventDate, Modality, TextSpan};

    fn side(code: &str) -> EventActor {
        EventActor {
            text: code.into(),
            code: Some(code.into()),
            country: Some(code[..3].into()),
            sector: None,
            name: None,
            start: 0,
            end: 0,
        }
    }

    fn visit(doc: &str, from: &str, to: &str, cameo: &str, date: (&str, &str)) -> Event {
        Event {
            event_id: annals_core::event_id(doc, 1, 0, 5, cameo, Some(from), Some(to)),
            doc_id: doc.into(),
            sentence: 1,
            sentence_text: format!("{doc}: the visit in {}", date.1).into(),
            trigger: TextSpan {
                text: "visit".into(),
                start: 0,
                end: 5,
            },
            source: Some(side(from)),
            target: Some(side(to)),
            cameo: cameo.into(),
            cameo_root: cameo[..2].into(),
            plover: Some("CONSULT".into()),
            plover_mode: None,
            goldstein: 1.9,
            quad_class: 1,
            modality: Modality::Asserted,
            attribution: None,
            date: EventDate {
                value: Some(date.0.into()),
                precision: Some(DatePrecision::Month),
                basis: DateBasis::Explicit,
                text: Some(date.1.into()),
            },
            historical: false,
            quantities: Vec::new(),
            location: None,
            confidence: 0.9,
        }
    }

    fn summit_store() -> SqliteStore {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let text = "Putin made a state visit to North Korea and met Kim Jong Un in Pyongyang.";
        let mut b = one_sentence_doc("report-b", &format!("{text} "));
        b.published = Some("2024-06-20".into());
        store
            .insert_documents(&[one_sentence_doc("report-a", text), b])
            .unwrap();
        for (doc, date) in [
            ("report-a", ("2023-09", "September 2023")),
            ("report-b", ("2024-06", "June 2024")),
        ] {
            let events = [
                visit(doc, "RUSGOV", "PRKGOV", "042", date),
                visit(doc, "PRKGOV", "RUSGOV", "043", date),
            ];
            store.replace_events(doc, &events).unwrap();
        }
        store
    }

    #[test]
    fn story_input_cuts_the_sentences_the_view_gives() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let text = "Kyiv said «no». Moscow — again — disagreed. Héllo, Zürich!";
        let mut doc = one_sentence_doc("multi", text);
        let cut = |a: &str| text.find(a).unwrap();
        doc.sentences = [
            (0, cut(" Moscow")),
            (cut("Moscow"), cut(" Héllo")),
            (cut("Héllo"), text.len()),
        ]
        .into_iter()
        .map(|(start, end)| annals_core::Sentence {
            span: annals_core::Span::new(start, end),
            kind: annals_core::SentenceKind::Body,
        })
        .collect();
        store.insert_documents(&[doc]).unwrap();
        let view: Vec<String> = store
            .conn
            .prepare("SELECT t.text FROM sentences s JOIN sentence_texts t ON t.id = s.id ORDER BY s.idx")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let mut inputs = Vec::new();
        store.for_each_story_input(&mut |d| inputs.push(d)).unwrap();
        let cut_here: Vec<&str> = inputs[0]
            .sentences
            .iter()
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(
            cut_here,
            [
                "Kyiv said «no».",
                "Moscow — again — disagreed.",
                "Héllo, Zürich!"
            ]
        );
        assert_eq!(cut_here, view);
        assert_eq!(byte_slice(text, 9, 3), "");
        assert_eq!(byte_slice(text, -1, 3), "");
    }

    #[test]
    fn the_stage_round_trips_through_sqlite_and_reruns_change_nothing() {
        let mut store = summit_store();
        let summary = annals_stories::rebuild(&mut store, Default::default()).unwrap();
        assert_eq!(
            (
                summary.documents,
                summary.stories,
                summary.clusters,
                summary.contradictions
            ),
            (2, 1, 1, 1)
        );
        let stories = store.stories(&StoryQuery::default()).unwrap();
        assert_eq!(stories.len(), 1);
        assert_eq!(stories[0].n_sources, 2);
        assert_eq!(stories[0].last_published.as_deref(), Some("2024-06-20"));
        let prefix = &stories[0].story_id[..6];
        let detail = store.story(prefix).unwrap().unwrap();
        assert_eq!(detail.story, stories[0]);
        assert_eq!(detail.clusters.len(), 1);
        assert_eq!(detail.clusters[0].n_sources, 2);
        assert_eq!(detail.contradictions.len(), 1);
        let c = &detail.contradictions[0];
        // The evidence is the stored sentence of each report (the stage quotes the
        // documents, not the events' copies).
        let sentence = "Putin made a state visit to North Korea and met Kim Jong Un in Pyongyang.";
        assert_eq!(
            (c.a.doc_id.as_str(), c.a.text.as_str()),
            ("report-a", sentence)
        );
        // (Report b's one sentence is its whole text, trailing space included.)
        assert_eq!(
            (c.b.doc_id.as_str(), c.b.text.trim_end()),
            ("report-b", sentence)
        );
        assert_eq!(
            store.contradictions(Some(ContradictionKind::Date)).unwrap(),
            detail.contradictions
        );
        assert!(store
            .contradictions(Some(ContradictionKind::Actor))
            .unwrap()
            .is_empty());
        assert_eq!(store.event_clusters().unwrap(), detail.clusters);

        let dump = |s: &SqliteStore| {
            let mut stmt = s
                .conn
                .prepare(
                    "SELECT record FROM stories UNION ALL SELECT record FROM event_clusters \
                     UNION ALL SELECT record FROM contradictions",
                )
                .unwrap();
            let rows: Vec<StoredRecord> = stmt
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            rows.into_iter().map(|r| r.0).collect::<Vec<_>>()
        };
        let before = dump(&store);
        annals_stories::rebuild(&mut store, Default::default()).unwrap();
        assert_eq!(dump(&store), before);
    }

    #[test]
    fn stories_filter_by_actor_and_dates() {
        let mut store = summit_store();
        annals_stories::rebuild(&mut store, Default::default()).unwrap();
        let q = |actor: Option<&str>, since: Option<&str>, until: Option<&str>| {
            store
                .stories(&StoryQuery {
                    actor: actor.map(str::to_string),
                    since: since.map(str::to_string),
                    until: until.map(str::to_string),
                    limit: None,
                })
                .unwrap()
                .len()
        };
        assert_eq!(q(Some("PRK"), None, None), 1);
        assert_eq!(q(Some("RUSGOV"), None, None), 1);
        assert_eq!(q(Some("USA"), None, None), 0);
        assert_eq!(q(None, Some("2024-06"), None), 1);
        assert_eq!(q(None, Some("2024-07"), None), 0);
        assert_eq!(q(None, None, Some("2024-05")), 0);
        assert!(store.story("nosuch").unwrap().is_none());
    }
}
