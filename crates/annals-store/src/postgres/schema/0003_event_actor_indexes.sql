-- annals store (PostgreSQL), schema version 3: events carry their document's ingest order,
-- and each actor column has an index that also gives the listing order (as SQLite's
-- migration 6; see `event_sql.rs` for the query these serve: one arm per actor column,
-- merged in order by a Merge Append that stops at the page's limit).
--
-- `ingest_seq` repeats `documents.ingest_seq`, which never changes once a document is
-- stored. A trigger fills it, so the binary COPY of events and `replace_events` need not
-- know it; it is one primary-key lookup per event row.
ALTER TABLE events ADD COLUMN ingest_seq bigint;
UPDATE events e SET ingest_seq = d.ingest_seq FROM documents d WHERE d.id = e.doc_id;
ALTER TABLE events ALTER COLUMN ingest_seq SET NOT NULL;

CREATE FUNCTION annals_event_ingest_seq() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT d.ingest_seq INTO NEW.ingest_seq FROM documents d WHERE d.id = NEW.doc_id;
    RETURN NEW;
END
$$;

CREATE TRIGGER events_ingest_seq BEFORE INSERT OR UPDATE OF doc_id ON events
    FOR EACH ROW EXECUTE FUNCTION annals_event_ingest_seq();

DROP INDEX events_source;
DROP INDEX events_target;
DROP INDEX events_source_code;
DROP INDEX events_target_code;
CREATE INDEX events_order ON events (ingest_seq, sentence, trigger_start, row_id);
CREATE INDEX events_source_code ON events (source_code, ingest_seq, sentence, trigger_start, row_id);
CREATE INDEX events_source_country ON events (source_country, ingest_seq, sentence, trigger_start, row_id);
CREATE INDEX events_target_code ON events (target_code, ingest_seq, sentence, trigger_start, row_id);
CREATE INDEX events_target_country ON events (target_country, ingest_seq, sentence, trigger_start, row_id);
