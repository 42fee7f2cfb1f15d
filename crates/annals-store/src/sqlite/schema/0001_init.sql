-- annals store, schema version 1: documents, their removed lines, layout blocks and
-- sentences, and a full-text index over sentence text.
--
-- Conventions, so the file stays readable from the sqlite3 shell, DuckDB or Datasette:
--   * child tables carry the document id (`doc_id`, text) rather than a surrogate key, so a
--     row says which document it belongs to and the id can serve as the distribution key of
--     a sharded PostgreSQL later;
--   * enumerations are stored as their stable text names ('heading', 'promo', ...);
--   * byte offsets into `documents.clean_text` are `start_byte` / `end_byte` (half-open);
--     `end` is a reserved word in both SQLite and PostgreSQL, hence the suffix;
--   * timestamps are ISO-8601 UTC text.

CREATE TABLE documents (
    id           TEXT    NOT NULL PRIMARY KEY,
    -- Ingest order; stays fixed when a document is updated in place. An explicit column
    -- because the implicit rowid of a table keyed by text may be renumbered by VACUUM.
    ingest_seq   INTEGER NOT NULL UNIQUE,
    url          TEXT,
    title        TEXT,
    published    TEXT,
    publisher    TEXT,
    source       TEXT,
    raw_text     TEXT    NOT NULL,
    clean_text   TEXT    NOT NULL,
    -- BLAKE3 hex digest of clean_text.
    content_hash TEXT    NOT NULL,
    -- Characters (not bytes) of clean_text, kept so listing never reads the text itself.
    n_chars      INTEGER NOT NULL,
    ingested_at  TEXT    NOT NULL,
    -- Set when a later ingest replaced the content under the same id.
    updated_at   TEXT
);

CREATE INDEX documents_content_hash ON documents (content_hash);

-- Lines of the raw text that boilerplate removal left out, in the order they were removed.
CREATE TABLE removed_lines (
    doc_id  TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    idx     INTEGER NOT NULL,
    line    INTEGER NOT NULL,   -- 1-based line number in raw_text
    text    TEXT    NOT NULL,
    reason  TEXT    NOT NULL,   -- 'promo', 'link_list', 'repeated', 'trailing_promo'
    detail  TEXT    NOT NULL,
    PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;

-- Layout units of the clean text.
CREATE TABLE blocks (
    doc_id     TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    start_byte INTEGER NOT NULL,
    end_byte   INTEGER NOT NULL,
    kind       TEXT    NOT NULL,   -- 'paragraph', 'heading', 'list_item'
    PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;

-- Sentences of the clean text. `text` repeats clean_text[start_byte..end_byte] so the
-- full-text index can read it and a query needs no substr() over byte offsets.
-- `id` is the rowid the full-text index points at (an INTEGER PRIMARY KEY, so VACUUM keeps it).
CREATE TABLE sentences (
    id         INTEGER PRIMARY KEY,
    doc_id     TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    start_byte INTEGER NOT NULL,
    end_byte   INTEGER NOT NULL,
    kind       TEXT    NOT NULL,   -- 'body', 'heading', 'list_item'
    text       TEXT    NOT NULL,
    UNIQUE (doc_id, idx)
);

-- Full-text index over sentences.text, as an external-content FTS5 table: the text is
-- stored once (in `sentences`) yet snippet() and highlight() still work, which a
-- contentless table cannot do. The triggers below keep the index in step with the table,
-- whoever writes it; `INSERT INTO sentences_fts(sentences_fts) VALUES ('rebuild')` rebuilds
-- it from scratch. Porter stemming lets "sanction" find "sanctions"; remove_diacritics
-- lets "Erdogan" find "Erdoğan".
CREATE VIRTUAL TABLE sentences_fts USING fts5 (
    text,
    content = 'sentences',
    content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER sentences_fts_insert AFTER INSERT ON sentences BEGIN
    INSERT INTO sentences_fts (rowid, text) VALUES (new.id, new.text);
END;

CREATE TRIGGER sentences_fts_delete AFTER DELETE ON sentences BEGIN
    INSERT INTO sentences_fts (sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

CREATE TRIGGER sentences_fts_update AFTER UPDATE ON sentences BEGIN
    INSERT INTO sentences_fts (sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO sentences_fts (rowid, text) VALUES (new.id, new.text);
END;
