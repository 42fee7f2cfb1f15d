-- annals store, schema version 8: the tables a document has many rows in (sentences,
-- blocks, removed lines, mentions, its signature and LSH bands) name it by its ingest order
-- (`doc`, the integer `documents.ingest_seq`) instead of repeating its text id.
--
-- Why: a document id is up to 64 characters (the hex digest when the input has none), and
-- each of those tables repeated it in every row and again in every index entry: on the
-- Wikinews sample the id took more bytes in `sentences` (and its unique index), `mentions`
-- and `lsh_bands` (and `lsh_bands_doc`) than everything else in those rows. An integer of
-- at most a few bytes now stands for it. `ingest_seq` is the key because it never changes
-- once a document is stored (an update in place keeps it) and it already has a unique
-- index, so the foreign keys need no new index on `documents`.
--
-- Mentions also name their actor and resolution through `mention_actors` (below), and
-- sentence and block kinds become small integers (0 body / paragraph, 1 heading, 2 list
-- item; see `kinds.rs`): as 0 and 1 SQLite stores no value bytes at all. A kind the
-- mapping does not know fails the migration (NOT NULL) rather than being guessed.
--
-- This departs from schema 1's convention that child tables carry the text id (so a row
-- read in the sqlite3 shell says its document): join `documents` on `ingest_seq = doc` to
-- see it. `events` keep their `doc_id`: one row per event, far fewer than mentions, and the
-- event queries are shared with the PostgreSQL backend.
--
-- The full-text index is not rebuilt: sentence ids and texts do not change.

DROP TRIGGER sentences_fts_delete;
DROP TRIGGER sentences_fts_update;
DROP TRIGGER documents_delete_sentences;
DROP VIEW sentence_texts;

CREATE TABLE sentences_v8 (
    id         INTEGER PRIMARY KEY,
    doc        INTEGER NOT NULL REFERENCES documents (ingest_seq) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    start_byte INTEGER NOT NULL,
    end_byte   INTEGER NOT NULL,
    kind       INTEGER NOT NULL,   -- 0 body, 1 heading, 2 list item
    UNIQUE (doc, idx)
);
INSERT INTO sentences_v8 (id, doc, idx, start_byte, end_byte, kind)
    SELECT s.id, d.ingest_seq, s.idx, s.start_byte, s.end_byte,
           CASE s.kind WHEN 'body' THEN 0 WHEN 'heading' THEN 1 WHEN 'list_item' THEN 2 END
    FROM sentences s JOIN documents d ON d.id = s.doc_id;
DROP TABLE sentences;
ALTER TABLE sentences_v8 RENAME TO sentences;

CREATE TABLE blocks_v8 (
    doc        INTEGER NOT NULL REFERENCES documents (ingest_seq) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    start_byte INTEGER NOT NULL,
    end_byte   INTEGER NOT NULL,
    kind       INTEGER NOT NULL,   -- 0 paragraph, 1 heading, 2 list item
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;
INSERT INTO blocks_v8 (doc, idx, start_byte, end_byte, kind)
    SELECT d.ingest_seq, b.idx, b.start_byte, b.end_byte,
           CASE b.kind WHEN 'paragraph' THEN 0 WHEN 'heading' THEN 1 WHEN 'list_item' THEN 2 END
    FROM blocks b JOIN documents d ON d.id = b.doc_id;
DROP TABLE blocks;
ALTER TABLE blocks_v8 RENAME TO blocks;

CREATE TABLE removed_lines_v8 (
    doc     INTEGER NOT NULL REFERENCES documents (ingest_seq) ON DELETE CASCADE,
    idx     INTEGER NOT NULL,
    line    INTEGER NOT NULL,   -- 1-based line number in raw_text
    text    TEXT    NOT NULL,
    reason  TEXT    NOT NULL,   -- 'promo', 'link_list', 'repeated', 'trailing_promo'
    detail  TEXT    NOT NULL,
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;
INSERT INTO removed_lines_v8 (doc, idx, line, text, reason, detail)
    SELECT d.ingest_seq, r.idx, r.line, r.text, r.reason, r.detail
    FROM removed_lines r JOIN documents d ON d.id = r.doc_id;
DROP TABLE removed_lines;
ALTER TABLE removed_lines_v8 RENAME TO removed_lines;

-- Who a mention stands for and how it was resolved, once per distinct combination: most
-- mentions share a handful of them (on the Wikinews sample 71% are 'unresolved' with no
-- actor, and 20,511 rows used 625 combinations), so each mention row holds a small integer
-- instead of repeating the via name and up to five actor fields. Rows are only added (by
-- the writer, which looks a combination up before adding it).
CREATE TABLE mention_actors (
    id       INTEGER PRIMARY KEY,
    via      TEXT NOT NULL,   -- 'name', 'phrase', 'role', ..., 'unresolved'
    code     TEXT,
    country  TEXT,
    sector   TEXT,
    name     TEXT,
    wikidata TEXT
);
CREATE INDEX mention_actors_lookup ON mention_actors (via, code, name);
INSERT INTO mention_actors (via, code, country, sector, name, wikidata)
    SELECT DISTINCT via, code, country, sector, name, wikidata FROM mentions
    ORDER BY via, code, name, country, sector, wikidata;

CREATE TABLE mentions_v8 (
    doc              INTEGER NOT NULL REFERENCES documents (ingest_seq) ON DELETE CASCADE,
    idx              INTEGER NOT NULL,   -- order within the document
    sentence         INTEGER NOT NULL,   -- 0-based sentence index (sentences.idx)
    start_byte       INTEGER NOT NULL,
    end_byte         INTEGER NOT NULL,
    text             TEXT    NOT NULL,
    actor            INTEGER NOT NULL REFERENCES mention_actors (id),
    antecedent_start INTEGER,
    antecedent_end   INTEGER,
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;
INSERT INTO mentions_v8 (doc, idx, sentence, start_byte, end_byte, text, actor,
                         antecedent_start, antecedent_end)
    SELECT d.ingest_seq, m.idx, m.sentence, m.start_byte, m.end_byte, m.text, a.id,
           m.antecedent_start, m.antecedent_end
    FROM mentions m
    JOIN documents d ON d.id = m.doc_id
    JOIN mention_actors a ON a.via = m.via AND a.code IS m.code AND a.country IS m.country
                         AND a.sector IS m.sector AND a.name IS m.name
                         AND a.wikidata IS m.wikidata;
DROP TABLE mentions;
ALTER TABLE mentions_v8 RENAME TO mentions;

-- An INTEGER PRIMARY KEY is the rowid itself: no separate index on the key at all.
CREATE TABLE doc_signatures_v8 (
    doc       INTEGER PRIMARY KEY REFERENCES documents (ingest_seq) ON DELETE CASCADE,
    signature BLOB NOT NULL
);
INSERT INTO doc_signatures_v8 (doc, signature)
    SELECT d.ingest_seq, g.signature
    FROM doc_signatures g JOIN documents d ON d.id = g.doc_id;
DROP TABLE doc_signatures;
ALTER TABLE doc_signatures_v8 RENAME TO doc_signatures;

CREATE TABLE lsh_bands_v8 (
    band   INTEGER NOT NULL,
    key    INTEGER NOT NULL,   -- 64-bit band hash, stored as a signed integer
    doc    INTEGER NOT NULL REFERENCES documents (ingest_seq) ON DELETE CASCADE,
    PRIMARY KEY (band, key, doc)
) WITHOUT ROWID;
INSERT INTO lsh_bands_v8 (band, key, doc)
    SELECT l.band, l.key, d.ingest_seq
    FROM lsh_bands l JOIN documents d ON d.id = l.doc_id;
DROP TABLE lsh_bands;
ALTER TABLE lsh_bands_v8 RENAME TO lsh_bands;
-- Replacing a document deletes its bands by document.
CREATE INDEX lsh_bands_doc ON lsh_bands (doc);

CREATE VIEW sentence_texts (id, text) AS
    SELECT s.id,
           CAST(substr(CAST(d.clean_text AS BLOB), s.start_byte + 1,
                       s.end_byte - s.start_byte) AS TEXT)
    FROM sentences s JOIN documents d ON d.ingest_seq = s.doc;

CREATE TRIGGER sentences_fts_delete AFTER DELETE ON sentences BEGIN
    INSERT INTO sentences_fts (sentences_fts, rowid, text)
    SELECT 'delete', old.id,
           CAST(substr(CAST(d.clean_text AS BLOB), old.start_byte + 1,
                       old.end_byte - old.start_byte) AS TEXT)
    FROM documents d WHERE d.ingest_seq = old.doc;
END;

CREATE TRIGGER sentences_fts_update AFTER UPDATE ON sentences BEGIN
    INSERT INTO sentences_fts (sentences_fts, rowid, text)
    SELECT 'delete', old.id,
           CAST(substr(CAST(d.clean_text AS BLOB), old.start_byte + 1,
                       old.end_byte - old.start_byte) AS TEXT)
    FROM documents d WHERE d.ingest_seq = old.doc;
    INSERT INTO sentences_fts (rowid, text) SELECT id, text FROM sentence_texts WHERE id = new.id;
END;

CREATE TRIGGER documents_delete_sentences BEFORE DELETE ON documents BEGIN
    DELETE FROM sentences WHERE doc = old.ingest_seq;
END;
