-- annals store (PostgreSQL), schema version 5: indexes for every filter of the events
-- listing, and actor indexes that answer a dyad by themselves (as SQLite's version 9; see
-- there for why). The listing counts up to a cap (`Store::count_events_up_to`), and each
-- count is now an index scan:
--
--   * plover and modality: equality, then the listing order, so a page of one is read in
--     order from its index;
--   * the newest-first order's key, `COALESCE(date_last, '')` descending, then the listing
--     order: a page by date, newest first, is read in order from it, and `--since` (a
--     range of that key) is counted from it;
--   * confidence (the floor): a range;
--   * the actor indexes INCLUDE the other three actor columns, so every arm of an actor or
--     dyad filter is decided by an index-only scan instead of a heap fetch per event of its
--     first actor.
--
-- A count of `--code` is now a range on `cameo`, which `events_cameo` serves.
CREATE INDEX events_plover ON events (plover, ingest_seq, sentence, trigger_start, row_id);
CREATE INDEX events_modality ON events (modality, ingest_seq, sentence, trigger_start, row_id);
CREATE INDEX events_date_desc ON events
    ((COALESCE(date_last, '')) DESC, ingest_seq, sentence, trigger_start, row_id);
CREATE INDEX events_confidence ON events (confidence);

DROP INDEX events_source_code;
DROP INDEX events_source_country;
DROP INDEX events_target_code;
DROP INDEX events_target_country;
CREATE INDEX events_source_code ON events (source_code, ingest_seq, sentence, trigger_start, row_id)
    INCLUDE (source_country, target_code, target_country);
CREATE INDEX events_source_country ON events (source_country, ingest_seq, sentence, trigger_start, row_id)
    INCLUDE (source_code, target_code, target_country);
CREATE INDEX events_target_code ON events (target_code, ingest_seq, sentence, trigger_start, row_id)
    INCLUDE (source_code, source_country, target_country);
CREATE INDEX events_target_country ON events (target_country, ingest_seq, sentence, trigger_start, row_id)
    INCLUDE (source_code, source_country, target_code);
