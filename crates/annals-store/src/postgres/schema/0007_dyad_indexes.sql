-- annals store (PostgreSQL), schema version 7: a dyad's events are read from indexes on
-- both sides' columns at once (as SQLite's version 10; see there for why, and
-- `event_sql.rs` for the arms these serve: two equalities each, one per side).
--
-- Each index starts with a source column and a target column (code or country), then the
-- listing order, so a page's arm is an ordered index scan that stops at the page and a
-- capped count reads only the dyad's entries; it INCLUDEs the other two actor columns,
-- which the arms test to stay disjoint, so the count is an index-only scan.
CREATE INDEX events_dyad_code_code ON events
    (source_code, target_code, ingest_seq, sentence, trigger_start, row_id)
    INCLUDE (source_country, target_country);
CREATE INDEX events_dyad_code_country ON events
    (source_code, target_country, ingest_seq, sentence, trigger_start, row_id)
    INCLUDE (source_country, target_code);
CREATE INDEX events_dyad_country_code ON events
    (source_country, target_code, ingest_seq, sentence, trigger_start, row_id)
    INCLUDE (source_code, target_country);
CREATE INDEX events_dyad_country_country ON events
    (source_country, target_country, ingest_seq, sentence, trigger_start, row_id)
    INCLUDE (source_code, target_code);
