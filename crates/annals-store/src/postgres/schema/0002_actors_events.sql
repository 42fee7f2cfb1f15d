-- annals store on PostgreSQL, schema version 2: actor mentions, coded events, language,
-- near-duplicate links and MinHash signatures (as SQLite's version 2; see there for the
-- meaning of each column).

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
CREATE INDEX events_source_code ON events (source_code);
CREATE INDEX events_target_code ON events (target_code);
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
