//! Writing the stories stage's output (see `schema/0005_stories.sql`): all at once
//! (`write_output`), or part by part as the stage hands finished stories out
//! (`clear`, then `write_part` for each part), inside the caller's transaction.

use annals_stories::{Contradiction, EventCluster, Story, StoryDoc, StoryOutput, StoryPart};
use rusqlite::{params, types::Type, types::Value, Connection};

use super::record::StoredRecord;
use super::to_sql_int;

/// `value` as JSON, in its stored form (see `record.rs`).
fn json<T: serde::Serialize>(value: &T) -> rusqlite::Result<Value> {
    serde_json::to_string(value)
        .map(|j| super::record::encode(&j))
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
}

/// Remove every stored story, cluster and contradiction.
pub(super) fn clear(conn: &Connection) -> rusqlite::Result<()> {
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
    Ok(())
}

/// Replace the stored output with `out`.
pub(super) fn write_output(conn: &Connection, out: &StoryOutput) -> rusqlite::Result<()> {
    clear(conn)?;
    for (seq, s) in out.stories.iter().enumerate() {
        story(conn, seq, s)?;
    }
    for (seq, c) in out.clusters.iter().enumerate() {
        cluster(conn, seq, c)?;
    }
    for (seq, c) in out.contradictions.iter().enumerate() {
        contradiction(conn, seq, c)?;
    }
    Ok(())
}

/// Add one part of the output to what is stored.
pub(super) fn write_part(conn: &Connection, part: &StoryPart) -> rusqlite::Result<()> {
    for (seq, s) in &part.stories {
        story(conn, *seq, s)?;
    }
    for (story_id, doc) in &part.copies {
        copy(conn, story_id, doc)?;
    }
    for (seq, c) in &part.clusters {
        cluster(conn, *seq, c)?;
    }
    for (seq, c) in &part.contradictions {
        contradiction(conn, *seq, c)?;
    }
    Ok(())
}

fn member(conn: &Connection, story_id: &str, d: &StoryDoc) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO story_docs (doc_id, story_id, copy_of, score) \
         VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![d.doc_id, story_id, d.copy_of, d.score])?;
    Ok(())
}

fn story(conn: &Connection, seq: usize, s: &Story) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO stories (story_id, seq, n_docs, n_sources, first_published, \
         last_published, actors, record) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
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
        member(conn, &s.story_id, d)?;
    }
    Ok(())
}

/// Add a near-duplicate to a story written in an earlier part: its record gains the entry
/// (a copy moves neither the story's dates nor its sources).
fn copy(conn: &Connection, story_id: &str, d: &StoryDoc) -> rusqlite::Result<()> {
    let record: StoredRecord = conn
        .prepare_cached("SELECT record FROM stories WHERE story_id = ?1")?
        .query_row([story_id], |r| r.get(0))?;
    let mut s: Story = serde_json::from_str(&record.0)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, Type::Blob, Box::new(e)))?;
    s.docs.push(d.clone());
    conn.prepare_cached("UPDATE stories SET n_docs = ?2, record = ?3 WHERE story_id = ?1")?
        .execute(params![story_id, to_sql_int(s.docs.len()), json(&s)?])?;
    member(conn, story_id, d)
}

fn cluster(conn: &Connection, seq: usize, c: &EventCluster) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO event_clusters (cluster_id, seq, story_id, cameo, cameo_root, actor_a, \
         actor_b, n_sources, best_date, modality, record) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
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
    let mut mention = conn.prepare_cached(
        "INSERT OR IGNORE INTO cluster_mentions (event_id, cluster_id, doc_id, sentence) \
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for m in &c.mentions {
        mention.execute(params![
            m.event_id,
            c.cluster_id,
            m.doc_id,
            to_sql_int(m.sentence)
        ])?;
    }
    Ok(())
}

fn contradiction(conn: &Connection, seq: usize, c: &Contradiction) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO contradictions (contradiction_id, seq, cluster_id, story_id, \
         kind, a_doc, a_sentence, b_doc, b_sentence, record) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
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
    Ok(())
}
