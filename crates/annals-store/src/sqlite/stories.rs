//! The SQLite side of the stories stage: its input (documents in ingest order with their
//! lead sentences and events) and its output tables (see `schema/0005_stories.sql`).

use std::collections::HashMap;
use std::sync::Arc;

use annals_core::Event;
use annals_stories::{
    Contradiction, ContradictionKind, DocInput, EventCluster, SentenceInput, Story, StoryDetail,
    StoryOutput, StoryPart, StoryQuery, StoryStore,
};
use rusqlite::{types::Value, OptionalExtension, TransactionBehavior};
use serde::de::DeserializeOwned;

use super::record::StoredRecord;
use super::story_writes;
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

impl StoryStore for SqliteStore {
    type Error = StoreError;

    fn for_each_story_input(&self, f: &mut dyn FnMut(DocInput)) -> Result<(), StoreError> {
        let mut after = None;
        loop {
            let page = self.story_inputs_page(after, 256)?;
            let Some(&(last, _)) = page.last() else {
                return Ok(());
            };
            after = Some(last);
            for (_, doc) in page {
                f(doc);
            }
        }
    }

    fn story_inputs_page(
        &self,
        after: Option<i64>,
        limit: usize,
    ) -> Result<Vec<(i64, DocInput)>, StoreError> {
        // Keyset paging on the unique ingest order: each page costs its own rows, and no
        // list of every document is held.
        let rows: Vec<(i64, DocRow)> = self
            .conn
            .prepare_cached(
                "SELECT ingest_seq, id, published, title, duplicate_of FROM documents \
                 WHERE ?1 IS NULL OR ingest_seq > ?1 ORDER BY ingest_seq LIMIT ?2",
            )
            .and_then(|mut stmt| {
                stmt.query_map(rusqlite::params![after, to_sql_int(limit)], |r| {
                    Ok((
                        r.get(0)?,
                        DocRow {
                            id: r.get(1)?,
                            published: r.get(2)?,
                            title: r.get(3)?,
                            duplicate_of: r.get(4)?,
                        },
                    ))
                })?
                .collect()
            })
            .map_err(|e| self.sql_err("list documents for stories", e))?;
        rows.into_iter()
            .map(|(seq, row)| Ok((seq, self.story_input(row)?)))
            .collect()
    }

    fn begin_stories(&mut self) -> Result<(), StoreError> {
        self.conn
            .execute_batch("BEGIN IMMEDIATE")
            .and_then(|()| story_writes::clear(&self.conn))
            .map_err(|e| self.sql_err("begin stories transaction", e))
    }

    fn write_stories(&mut self, part: &StoryPart) -> Result<(), StoreError> {
        story_writes::write_part(&self.conn, part).map_err(|e| self.sql_err("write stories", e))
    }

    fn commit_stories(&mut self) -> Result<(), StoreError> {
        self.conn
            .execute_batch("COMMIT")
            .map_err(|e| self.sql_err("commit stories", e))
    }

    fn abort_stories(&mut self) -> Result<(), StoreError> {
        self.conn
            .execute_batch("ROLLBACK")
            .map_err(|e| self.sql_err("roll back stories", e))
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
        story_writes::write_output(&tx, output).map_err(|e| err("write stories", e))?;
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

    /// Every row of the story tables, records decoded, in a stable order.
    fn story_tables(store: &SqliteStore) -> Vec<String> {
        let mut rows = Vec::new();
        for sql in [
            "SELECT story_id, seq, n_docs, n_sources, first_published, last_published, \
             actors, record FROM stories ORDER BY story_id",
            "SELECT doc_id, story_id, copy_of, score, '', '', '', '' FROM story_docs \
             ORDER BY doc_id",
            "SELECT cluster_id, seq, story_id, cameo, n_sources, best_date, modality, record \
             FROM event_clusters ORDER BY cluster_id",
            "SELECT contradiction_id, seq, kind, a_doc, a_sentence, b_doc, b_sentence, record \
             FROM contradictions ORDER BY contradiction_id",
        ] {
            let mut stmt = store.conn.prepare(sql).unwrap();
            let found = stmt
                .query_map([], |r| {
                    let cols: Vec<String> = (0..7)
                        .map(|i| format!("{:?}", r.get::<_, Value>(i).unwrap()))
                        .collect();
                    let record: StoredRecord = r.get(7)?;
                    Ok(format!("{} {}", cols.join("|"), record.0))
                })
                .unwrap()
                .collect::<Result<Vec<_>, _>>()
                .unwrap();
            rows.extend(found);
        }
        rows
    }

    #[test]
    fn rebuilding_part_by_part_stores_what_one_write_stores() {
        // 600 reports of 300 happenings a week apart, pages of 256 documents, stories
        // evicted after 10 arrivals: most are written before the end. Then a copy of an
        // early report, whose story was written long before.
        let mut store = SqliteStore::open_in_memory().unwrap();
        let mut docs = Vec::new();
        // Words only happening k uses: "zq" and k in letters.
        let w = |k: u32, o: u32| -> String {
            let n = k + o;
            let letter = |x: u32| char::from(b'a' + u8::try_from(x % 26).unwrap());
            format!("zq{}{}{}", letter(n / 676), letter(n / 26), letter(n))
        };
        for k in 0..300u32 {
            for r in 0..2 {
                let text = format!(
                    "The {} reached {} on {}; its {} reported {}.",
                    w(k, 0),
                    w(k, 1000),
                    w(k, 2000),
                    w(k, 3000),
                    w(k * 2 + r, 4000)
                );
                let mut d = one_sentence_doc(&format!("d{k}-{r}"), &text);
                d.title = Some(format!("{} {}", w(k, 0), w(k, 1000)));
                let day = k * 7;
                d.published = Some(format!(
                    "{}-{:02}-{:02}",
                    2024 + day / 336,
                    1 + day / 28 % 12,
                    1 + day % 28
                ));
                docs.push(d);
            }
        }
        let mut copy =
            one_sentence_doc("copy", &format!("The {} reached {}.", w(3, 0), w(3, 1000)));
        copy.published = Some("2030-01-01".into());
        docs.push(copy);
        store.insert_documents(&docs).unwrap();
        store
            .conn
            .execute(
                "UPDATE documents SET duplicate_of = 'd3-0' WHERE id = 'copy'",
                [],
            )
            .unwrap();
        let config = annals_stories::Config {
            resident_arrivals: 10,
            ..annals_stories::Config::default()
        };
        let summary = annals_stories::rebuild(&mut store, config.clone()).unwrap();
        assert_eq!(summary.documents, 601);
        let streamed = story_tables(&store);

        let mut inputs = Vec::new();
        store.for_each_story_input(&mut |d| inputs.push(d)).unwrap();
        let whole = annals_stories::analyse(inputs, config);
        assert_eq!(summary.stories, whole.stories.len());
        assert_eq!(summary.clusters, whole.clusters.len());
        let copied = whole
            .stories
            .iter()
            .find(|s| s.docs.iter().any(|d| d.doc_id == "copy"))
            .unwrap();
        assert_eq!(copied.docs.len(), 3);
        store.replace_stories(&whole).unwrap();
        assert_eq!(streamed, story_tables(&store));
        assert!(streamed.len() > 900, "{}", streamed.len());
    }
}
