-- annals store: stories, event clusters and contradictions (the annals-stories stage).
--
-- The stage rebuilds all of them from the documents and events in ingest order, so these
-- tables are derived data: each run replaces them in one transaction. `record` holds the
-- stage's output object as JSON (what `annals story` prints); the other columns repeat what
-- queries filter and sort on. Ids are content-derived and stable across runs.

CREATE TABLE stories (
    story_id        TEXT    NOT NULL PRIMARY KEY,
    seq             INTEGER NOT NULL,   -- order of the story's first document
    n_docs          INTEGER NOT NULL,
    n_sources       INTEGER NOT NULL,   -- documents that are not near-duplicate copies
    first_published TEXT,
    last_published  TEXT,
    actors          TEXT    NOT NULL,   -- its sides, space-separated, most frequent first
    record          TEXT    NOT NULL
);

CREATE TABLE story_docs (
    doc_id   TEXT NOT NULL PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    story_id TEXT NOT NULL REFERENCES stories (story_id) ON DELETE CASCADE,
    copy_of  TEXT,                      -- the original, for a near-duplicate
    score    REAL NOT NULL
);

CREATE INDEX story_docs_story ON story_docs (story_id);

CREATE TABLE event_clusters (
    cluster_id TEXT    NOT NULL PRIMARY KEY,
    seq        INTEGER NOT NULL,        -- order of the cluster's first mention
    story_id   TEXT    NOT NULL REFERENCES stories (story_id) ON DELETE CASCADE,
    cameo      TEXT    NOT NULL,
    cameo_root TEXT    NOT NULL,
    actor_a    TEXT    NOT NULL,
    actor_b    TEXT    NOT NULL,
    n_sources  INTEGER NOT NULL,
    best_date  TEXT,
    modality   TEXT    NOT NULL,
    record     TEXT    NOT NULL
);

CREATE INDEX event_clusters_story ON event_clusters (story_id);

CREATE TABLE cluster_mentions (
    event_id   TEXT    NOT NULL,
    cluster_id TEXT    NOT NULL REFERENCES event_clusters (cluster_id) ON DELETE CASCADE,
    doc_id     TEXT    NOT NULL,
    sentence   INTEGER NOT NULL,        -- 1-based, as in the event record
    PRIMARY KEY (event_id, cluster_id)
) WITHOUT ROWID;

CREATE INDEX cluster_mentions_cluster ON cluster_mentions (cluster_id);

CREATE TABLE contradictions (
    contradiction_id TEXT    NOT NULL PRIMARY KEY,
    seq              INTEGER NOT NULL,
    cluster_id       TEXT    NOT NULL REFERENCES event_clusters (cluster_id) ON DELETE CASCADE,
    story_id         TEXT    NOT NULL,
    kind             TEXT    NOT NULL,  -- 'date', 'quantity', 'modality', 'direction', 'actor'
    a_doc            TEXT    NOT NULL,
    a_sentence       INTEGER NOT NULL,
    b_doc            TEXT    NOT NULL,
    b_sentence       INTEGER NOT NULL,
    record           TEXT    NOT NULL
);

CREATE INDEX contradictions_kind ON contradictions (kind);
CREATE INDEX contradictions_story ON contradictions (story_id);
