-- annals store, schema version 7: a smaller file (the Wikinews sample took 11.5 times its
-- input). Where the bytes went (`SELECT name, sum(pgsize) FROM dbstat GROUP BY name`) and
-- what this step does about each:
--
--   * Sentence text was stored twice: in `documents.clean_text` and again in
--     `sentences.text` (for the full-text index). `sentences` now keeps only the span; the
--     view `sentence_texts` cuts each sentence out of its document's clean text (byte
--     offsets, hence the BLOB casts), and the full-text index reads its external content
--     from the view, so snippet() and highlight() still work. The writer indexes new
--     sentences from the view once per batch; the delete trigger takes a sentence out of the
--     index with the text cut from the document, which is why a document's sentences must
--     be deleted before its clean text changes or the document goes (the store's writer
--     does; the `documents_delete_sentences` trigger does it for any other DELETE).
--   * `doc_signatures` was a WITHOUT ROWID table: its 1 KB rows overflowed the B-tree's
--     local payload limit (~1 KB on 4 KB pages), so every signature took a 4 KB overflow
--     page. It is now an ordinary rowid table (4,061 bytes local), about four rows a page.
--   * `mentions_code` served no query (nothing looks mentions up by code; EXPLAIN QUERY
--     PLAN of every mention query shows it unused) and `mentions_unresolved` only the
--     curation list (`unresolved_mentions`), which now scans the table: both are dropped.
--   * `documents.raw_text` may now hold a BLOB: X'' (empty) when the raw text equals the
--     clean text, else the raw text compressed with raw DEFLATE. TEXT rows written before
--     are read as before (those equal to their clean text become X'', at the end). The raw text is kept because removed lines
--     are numbered by its lines and `annals show` can show the text as it arrived.
DROP TRIGGER sentences_fts_delete;
DROP TRIGGER sentences_fts_update;
DROP TABLE sentences_fts;
ALTER TABLE sentences DROP COLUMN text;

CREATE VIEW sentence_texts (id, text) AS
    SELECT s.id,
           CAST(substr(CAST(d.clean_text AS BLOB), s.start_byte + 1,
                       s.end_byte - s.start_byte) AS TEXT)
    FROM sentences s JOIN documents d ON d.id = s.doc_id;

CREATE VIRTUAL TABLE sentences_fts USING fts5 (
    text,
    content = 'sentence_texts',
    content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO sentences_fts (sentences_fts, rank) VALUES ('automerge', 8);
INSERT INTO sentences_fts (sentences_fts) VALUES ('rebuild');

CREATE TRIGGER sentences_fts_delete AFTER DELETE ON sentences BEGIN
    INSERT INTO sentences_fts (sentences_fts, rowid, text)
    SELECT 'delete', old.id,
           CAST(substr(CAST(d.clean_text AS BLOB), old.start_byte + 1,
                       old.end_byte - old.start_byte) AS TEXT)
    FROM documents d WHERE d.id = old.doc_id;
END;

CREATE TRIGGER sentences_fts_update AFTER UPDATE ON sentences BEGIN
    INSERT INTO sentences_fts (sentences_fts, rowid, text)
    SELECT 'delete', old.id,
           CAST(substr(CAST(d.clean_text AS BLOB), old.start_byte + 1,
                       old.end_byte - old.start_byte) AS TEXT)
    FROM documents d WHERE d.id = old.doc_id;
    INSERT INTO sentences_fts (rowid, text) SELECT id, text FROM sentence_texts WHERE id = new.id;
END;

CREATE TRIGGER documents_delete_sentences BEFORE DELETE ON documents BEGIN
    DELETE FROM sentences WHERE doc_id = old.id;
END;

CREATE TABLE doc_signatures_new (
    doc_id    TEXT NOT NULL PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    signature BLOB NOT NULL
);
INSERT INTO doc_signatures_new (doc_id, signature) SELECT doc_id, signature FROM doc_signatures;
DROP TABLE doc_signatures;
ALTER TABLE doc_signatures_new RENAME TO doc_signatures;

DROP INDEX mentions_code;
DROP INDEX mentions_unresolved;

-- Raw texts equal to their clean text are stored as X'' from now on; those already stored
-- become so too (the rest stay TEXT until their document is written again).
UPDATE documents SET raw_text = X'' WHERE raw_text = clean_text;
