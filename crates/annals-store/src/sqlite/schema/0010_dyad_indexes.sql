-- annals store, schema version 10: a dyad's events are read from indexes on both sides'
-- columns at once (issue 17).
--
-- Why: a dyad filter ("a and b, in either direction") was written as arms led by one
-- equality, on the source side's code or country, with the target side tested on each
-- index entry (version 9 made that test index-only). The page was quick (the arms walk
-- the listing order and stop at the page), but counting the matches read every index
-- entry of the source actor in both directions: on 100,000 generated documents (12
-- countries) two twelfths of all events to count a dyad that holds two
-- hundred-and-forty-fourths of them, and `annals serve`'s `?dyad=` missed its 50 ms p99.
--
-- Each dyad arm is now two equalities, one per side, each on that side's code or its
-- country (four arms a direction; see `event_sql.rs`), and each combination has an index
-- that starts with both columns, then the listing order, then the other two actor
-- columns (which the arms test to stay disjoint): a page reads each arm in listing order
-- and stops at the page, and a count reads exactly the dyad's entries.
CREATE INDEX events_dyad_code_code ON events
    (source_code, target_code, ingest_seq, sentence, trigger_start, source_country, target_country);
CREATE INDEX events_dyad_code_country ON events
    (source_code, target_country, ingest_seq, sentence, trigger_start, source_country, target_code);
CREATE INDEX events_dyad_country_code ON events
    (source_country, target_code, ingest_seq, sentence, trigger_start, source_code, target_country);
CREATE INDEX events_dyad_country_country ON events
    (source_country, target_country, ingest_seq, sentence, trigger_start, source_code, target_code);
