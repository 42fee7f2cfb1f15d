-- annals store on PostgreSQL, schema version 2: indexes for events by full actor code.
--
-- `events --actor RUSGOV` and dyads of full codes test source_code / target_code; the
-- version 1 indexes cover countries only, so those queries scanned every event.
CREATE INDEX events_source_code ON events (source_code);
CREATE INDEX events_target_code ON events (target_code);
