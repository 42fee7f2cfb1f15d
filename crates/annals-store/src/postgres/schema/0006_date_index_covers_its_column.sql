-- annals store (PostgreSQL), schema version 6: the newest-first index also carries
-- `date_last` itself, so a count of `--since` is an index-only scan (issue 17).
--
-- Why: `--since` is written as a range of the newest-first order's key,
-- `COALESCE(date_last, '')`, which `events_date_desc` (version 5) indexes. PostgreSQL
-- matches the expression, but decides whether an index can answer a query alone from the
-- plain columns the query reads: the expression reads `date_last`, which the index did not
-- hold, so every event counted was also read from the table. On 100,000 generated
-- documents the planner preferred a sequential scan for the capped count, and the events
-- list's `?since=` missed its 50 ms p99 (71 and 82 ms; 53 ms for the count alone). With
-- `date_last` as an INCLUDE column the same range is read from the index alone (as the
-- PostgreSQL manual suggests for expression indexes); the table is read only for rows the
-- visibility map does not yet show as visible to all.
--
DROP INDEX events_date_desc;
CREATE INDEX events_date_desc ON events
    ((COALESCE(date_last, '')) DESC, ingest_seq, sentence, trigger_start, row_id)
    INCLUDE (date_last);
-- Statistics of the indexed expression (the planner's estimate of how many events a
-- `--since` range holds); a database upgraded with data gets them now, not at the next
-- automatic analyze.
ANALYZE events;
