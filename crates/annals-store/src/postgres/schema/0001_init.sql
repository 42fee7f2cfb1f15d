-- annals store on PostgreSQL, schema version 1: documents, their removed lines, layout
-- blocks and sentences, a full-text index over sentence text, actor mentions, coded
-- events, near-duplicate links and MinHash signatures (SQLite reached the same tables in
-- its versions 1 and 2; see there for the meaning of each column).
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

-- Actor mentions and coded events.

CREATE TABLE mentions (
    doc_id           text COLLATE "C" NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    idx              bigint NOT NULL,
    sentence         bigint NOT NULL,
    start_byte       bigint NOT NULL,
    end_byte         bigint NOT NULL,
    text             text COLLATE "C" NOT NULL,
    code             text COLLATE "C",
    country          text COLLATE "C",
    sector           text COLLATE "C",
    name             text COLLATE "C",
    wikidata         text COLLATE "C",
    via              text COLLATE "C" NOT NULL,
    antecedent_start bigint,
    antecedent_end   bigint,
    PRIMARY KEY (doc_id, idx)
);

CREATE INDEX mentions_code ON mentions (code);
CREATE INDEX mentions_unresolved ON mentions (text) WHERE code IS NULL;

CREATE TABLE events (
    event_id       text COLLATE "C" NOT NULL PRIMARY KEY,
    -- Insertion order: the last tie-break of listings (SQLite's rowid).
    row_id         bigserial NOT NULL UNIQUE,
    doc_id         text COLLATE "C" NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    sentence       bigint NOT NULL,
    trigger_start  bigint NOT NULL,
    trigger_end    bigint NOT NULL,
    cameo          text COLLATE "C" NOT NULL,
    cameo_root     text COLLATE "C" NOT NULL,
    plover         text COLLATE "C",
    source_code    text COLLATE "C",
    source_country text COLLATE "C",
    target_code    text COLLATE "C",
    target_country text COLLATE "C",
    modality       text COLLATE "C" NOT NULL,
    attribution    text COLLATE "C",
    date_value     text COLLATE "C",
    date_basis     text COLLATE "C" NOT NULL,
    date_first     text COLLATE "C",
    date_last      text COLLATE "C",
    historical     boolean NOT NULL,
    goldstein      double precision NOT NULL,
    quad_class     bigint NOT NULL,
    confidence     double precision NOT NULL,
    record         text COLLATE "C" NOT NULL
);

CREATE INDEX events_doc ON events (doc_id, sentence);
CREATE INDEX events_cameo ON events (cameo);
CREATE INDEX events_source ON events (source_country, target_country);
CREATE INDEX events_target ON events (target_country);
CREATE INDEX events_date ON events (date_first);

ALTER TABLE documents ADD COLUMN language text COLLATE "C";
ALTER TABLE documents ADD COLUMN duplicate_of text COLLATE "C";
ALTER TABLE documents ADD COLUMN similarity double precision;

CREATE TABLE doc_signatures (
    doc_id    text COLLATE "C" NOT NULL PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    signature bytea NOT NULL
);

CREATE TABLE lsh_bands (
    band   bigint NOT NULL,
    key    bigint NOT NULL,
    doc_id text COLLATE "C" NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    PRIMARY KEY (band, key, doc_id)
);

CREATE INDEX lsh_bands_doc ON lsh_bands (doc_id);
CREATE INDEX documents_duplicate_of ON documents (duplicate_of) WHERE duplicate_of IS NOT NULL;
