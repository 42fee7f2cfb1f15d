-- annals store, schema version 2: actor mentions and coded events.
--
-- Both tables are derived from a document's clean text by the actor resolver and the event
-- coder; re-ingesting a changed document deletes and rewrites them (ON DELETE CASCADE and
-- the writer's explicit delete), so they never outlive the text they point into.

-- One row per (mention, actor): a mention standing for several actors ("the two
-- countries") has one row per actor; an unresolved mention has one row with code NULL.
CREATE TABLE mentions (
    doc_id           TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    idx              INTEGER NOT NULL,   -- order within the document
    sentence         INTEGER NOT NULL,   -- 0-based sentence index (sentences.idx)
    start_byte       INTEGER NOT NULL,
    end_byte         INTEGER NOT NULL,
    text             TEXT    NOT NULL,
    code             TEXT,
    country          TEXT,
    sector           TEXT,
    name             TEXT,
    wikidata         TEXT,
    via              TEXT    NOT NULL,   -- 'name', 'phrase', 'role', ..., 'unresolved'
    antecedent_start INTEGER,
    antecedent_end   INTEGER,
    PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;

CREATE INDEX mentions_code ON mentions (code);
CREATE INDEX mentions_unresolved ON mentions (text) WHERE code IS NULL;

-- One row per event. `record` is the event exactly as `annals code --format jsonl` emits
-- it (the DESIGN.md contract), so exports and the API return it unchanged; the other
-- columns repeat the fields queries filter and sort on.
CREATE TABLE events (
    event_id       TEXT    NOT NULL PRIMARY KEY,
    doc_id         TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    sentence       INTEGER NOT NULL,   -- 1-based, as in the record
    trigger_start  INTEGER NOT NULL,
    trigger_end    INTEGER NOT NULL,
    cameo          TEXT    NOT NULL,
    cameo_root     TEXT    NOT NULL,
    plover         TEXT,
    source_code    TEXT,
    source_country TEXT,
    target_code    TEXT,
    target_country TEXT,
    modality       TEXT    NOT NULL,
    attribution    TEXT,               -- attribution code, else its text
    date_value     TEXT,
    date_basis     TEXT    NOT NULL,
    -- First and last day the date covers (YYYY-MM-DD), so --since/--until compare text.
    date_first     TEXT,
    date_last      TEXT,
    historical     INTEGER NOT NULL,
    goldstein      REAL    NOT NULL,
    quad_class     INTEGER NOT NULL,
    confidence     REAL    NOT NULL,
    record         TEXT    NOT NULL
);

CREATE INDEX events_doc ON events (doc_id, sentence);
CREATE INDEX events_cameo ON events (cameo);
CREATE INDEX events_source ON events (source_country, target_country);
CREATE INDEX events_target ON events (target_country);
CREATE INDEX events_date ON events (date_first);

-- What ingest learns about a document besides its events: its language (ISO 639-1, NULL
-- when undetermined) and, for a near-duplicate (a syndicated copy of a wire story), the
-- earlier document it copies with the estimated Jaccard similarity of their word shingles.
ALTER TABLE documents ADD COLUMN language TEXT;
ALTER TABLE documents ADD COLUMN duplicate_of TEXT;
ALTER TABLE documents ADD COLUMN similarity REAL;

-- MinHash signatures and their LSH band keys, so near-duplicates are found by index
-- lookups and ingest memory stays flat however many documents are stored.
CREATE TABLE doc_signatures (
    doc_id    TEXT NOT NULL PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    signature BLOB NOT NULL
) WITHOUT ROWID;

CREATE TABLE lsh_bands (
    band   INTEGER NOT NULL,
    key    INTEGER NOT NULL,   -- 64-bit band hash, stored as a signed integer
    doc_id TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    PRIMARY KEY (band, key, doc_id)
) WITHOUT ROWID;

CREATE INDEX lsh_bands_doc ON lsh_bands (doc_id);
CREATE INDEX documents_duplicate_of ON documents (duplicate_of) WHERE duplicate_of IS NOT NULL;
