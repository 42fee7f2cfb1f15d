-- annals store on PostgreSQL, schema version 1: documents, their removed lines, layout
-- blocks and sentences, and a full-text index over sentence text.
--
-- The same tables and column names as the SQLite schema (src/sqlite/schema/), so a query
-- written for one reads the other. Differences, and why:
--   * every text column is COLLATE "C": ids, codes and texts compare and sort by code
--     point as in SQLite (id-prefix lookups are range scans, listings tie-break the same);
--   * counts and offsets are bigint;
--   * ingest order comes from a sequence, so concurrent writers never compute the same
--     number (writers also take an advisory lock per batch, see src/postgres/write.rs);
--   * the full-text index is a generated tsvector column with a GIN index, in a text
--     search configuration that, like the SQLite index (porter, remove_diacritics), stems
--     English words and ignores diacritics ("Erdogan" finds "Erdoğan").

CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE TEXT SEARCH CONFIGURATION annals_english (COPY = english);
ALTER TEXT SEARCH CONFIGURATION annals_english
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;

CREATE SEQUENCE documents_ingest_seq;

CREATE TABLE documents (
    id           text COLLATE "C" NOT NULL PRIMARY KEY,
    ingest_seq   bigint NOT NULL UNIQUE DEFAULT nextval('documents_ingest_seq'),
    url          text COLLATE "C",
    title        text COLLATE "C",
    published    text COLLATE "C",
    publisher    text COLLATE "C",
    source       text COLLATE "C",
    raw_text     text COLLATE "C" NOT NULL,
    clean_text   text COLLATE "C" NOT NULL,
    -- BLAKE3 hex digest of clean_text.
    content_hash text COLLATE "C" NOT NULL,
    n_chars      bigint NOT NULL,
    ingested_at  text COLLATE "C" NOT NULL,
    updated_at   text COLLATE "C"
);

CREATE INDEX documents_content_hash ON documents (content_hash);

CREATE TABLE removed_lines (
    doc_id text COLLATE "C" NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    idx    bigint NOT NULL,
    line   bigint NOT NULL,
    text   text COLLATE "C" NOT NULL,
    reason text COLLATE "C" NOT NULL,
    detail text COLLATE "C" NOT NULL,
    PRIMARY KEY (doc_id, idx)
);

CREATE TABLE blocks (
    doc_id     text COLLATE "C" NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    idx        bigint NOT NULL,
    start_byte bigint NOT NULL,
    end_byte   bigint NOT NULL,
    kind       text COLLATE "C" NOT NULL,
    PRIMARY KEY (doc_id, idx)
);

CREATE TABLE sentences (
    id         bigserial PRIMARY KEY,
    doc_id     text COLLATE "C" NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    idx        bigint NOT NULL,
    start_byte bigint NOT NULL,
    end_byte   bigint NOT NULL,
    kind       text COLLATE "C" NOT NULL,
    text       text COLLATE "C" NOT NULL,
    tsv        tsvector GENERATED ALWAYS AS (to_tsvector('annals_english', text)) STORED,
    UNIQUE (doc_id, idx)
);

CREATE INDEX sentences_tsv ON sentences USING gin (tsv);
