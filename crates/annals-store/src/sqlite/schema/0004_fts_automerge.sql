-- annals store, schema version 4: the full-text index merges its segments less eagerly.
--
-- FTS5 merges the segments of a level into one of the next level once `automerge` of them
-- have piled up (default 4). Every merge rewrites the postings it reads, so with 8 each
-- posting is rewritten about half as often over an ingest — the ingest writer's CPU a
-- document fell by about a tenth (0.75 → 0.68 ms, 10,000-document bench) — while a query
-- reads at most 8 rather than 4 segments per level (a few levels for millions of
-- sentences). `INSERT INTO sentences_fts (sentences_fts) VALUES ('optimize')` still merges
-- everything into one segment for a database that is done growing.
INSERT INTO sentences_fts (sentences_fts, rank) VALUES ('automerge', 8);
