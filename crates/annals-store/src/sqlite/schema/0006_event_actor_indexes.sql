-- annals store, schema version 6: events carry their document's ingest order, and each
-- actor column has an index that also gives the listing order.
--
-- Why: events are listed in document ingest order (then sentence, trigger, row), and an
-- actor or dyad filter matches any of four columns. The listing query now runs one arm per
-- column (see `event_sql.rs`), each an equality on one of the indexes below, which hand
-- back rows already in listing order; SQLite merges the arms and stops at the page's limit.
-- Before, the `OR` over the columns used no index and every matching event was joined to
-- its document and sorted: 0.7 s for a dyad and 1.3 s for an actor + month on 100,000
-- documents.
--
-- `ingest_seq` repeats `documents.ingest_seq` (which never changes once a document is
-- stored; an update in place keeps it). The writer sets it on every insert.
ALTER TABLE events ADD COLUMN ingest_seq INTEGER NOT NULL DEFAULT 0;
UPDATE events SET ingest_seq = (SELECT d.ingest_seq FROM documents d WHERE d.id = events.doc_id);

DROP INDEX events_source;
DROP INDEX events_target;
CREATE INDEX events_order ON events (ingest_seq, sentence, trigger_start);
CREATE INDEX events_source_code ON events (source_code, ingest_seq, sentence, trigger_start);
CREATE INDEX events_source_country ON events (source_country, ingest_seq, sentence, trigger_start);
CREATE INDEX events_target_code ON events (target_code, ingest_seq, sentence, trigger_start);
CREATE INDEX events_target_country ON events (target_country, ingest_seq, sentence, trigger_start);
