-- annals store, schema version 9: indexes for every filter of the events listing, actor
-- indexes that answer a dyad by themselves, and smaller rows (issues 17 and 18).
--
-- Why: `annals serve`'s events list missed its 50 ms p99 on 100,000 documents for six of
-- its ten filters. The page itself was quick (the listing walks `events_order` and stops
-- at the page); counting the matches was not: plover, modality, `--since` (date_last) and
-- the confidence floor had no index, so each count read every event, and a dyad's count
-- looked up every event of one side's actor to test the other side. The listing now
-- counts up to a cap (`Store::count_events_up_to`), and every count is read from an index:
--
--   * plover and modality: equality, with the listing order after it (as the actor
--     indexes of version 6), so a page of one is read in order from its index too;
--   * the newest-first order's key, `COALESCE(date_last, '')` descending, then the listing
--     order: a page sorted by date, newest first, is read in order from it (it was a sort
--     of every event: 0.29 s on 100,000 documents), and `--since`, written as a range of
--     that key, is counted from it;
--   * confidence (the floor): a range; a count reads the range;
--   * the four actor indexes carry the other three actor columns, so each arm of an actor
--     or dyad filter (see `event_sql.rs`) is decided inside the index: a dyad's count no
--     longer reads the table for every event of its first actor.
--
-- A count of `--code` is now a range on `cameo` (`cameo >= '04' AND cameo < '05'`), which
-- the existing `events_cameo` serves; `--until` (date_first) already had `events_date`.
CREATE INDEX events_plover ON events (plover, ingest_seq, sentence, trigger_start);
CREATE INDEX events_modality ON events (modality, ingest_seq, sentence, trigger_start);
CREATE INDEX events_date_desc ON events
    (COALESCE(date_last, '') DESC, ingest_seq, sentence, trigger_start);
CREATE INDEX events_confidence ON events (confidence);

DROP INDEX events_source_code;
DROP INDEX events_source_country;
DROP INDEX events_target_code;
DROP INDEX events_target_country;
CREATE INDEX events_source_code ON events
    (source_code, ingest_seq, sentence, trigger_start, source_country, target_code, target_country);
CREATE INDEX events_source_country ON events
    (source_country, ingest_seq, sentence, trigger_start, source_code, target_code, target_country);
CREATE INDEX events_target_code ON events
    (target_code, ingest_seq, sentence, trigger_start, source_code, source_country, target_country);
CREATE INDEX events_target_country ON events
    (target_country, ingest_seq, sentence, trigger_start, source_code, source_country, target_code);

-- Smaller rows (the Wikinews sample had grown to 4.6 times its input with the stories
-- stage's tables):
--
--   * the JSON `record` of events, stories, event clusters and contradictions is written
--     compressed (raw DEFLATE, a BLOB) when that is smaller; TEXT records written before
--     read as before (see `record.rs`) and are compressed when their rows are next written
--     (the stories stage rewrites its tables on every run);
--   * a mention's text is stored as '' when it is exactly its span of the document's clean
--     text (every mention the resolver makes), and read back from that span, as sentence
--     texts have been since version 7. Existing rows are converted here.
UPDATE mentions SET text = ''
WHERE text <> '' AND text = (
    SELECT CAST(substr(CAST(d.clean_text AS BLOB), mentions.start_byte + 1,
                       mentions.end_byte - mentions.start_byte) AS TEXT)
    FROM documents d WHERE d.ingest_seq = mentions.doc);
