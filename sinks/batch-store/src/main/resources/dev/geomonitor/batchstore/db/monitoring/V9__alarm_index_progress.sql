-- Alarms indexed into OpenSearch (module alarms, AlarmIndexer) for the Dashboards alarms dashboard: which change of
-- each alarm OpenSearch has. revision grows by one with every write of the alarm's row (in the transaction that
-- changes it, under its row lock), indexed_revision is the revision OpenSearch last accepted. An alarm is due for
-- indexing while revision > indexed_revision; the indexer sends its row with version_type=external and
-- version=revision, so a repeated or stale write is refused by OpenSearch instead of undoing a newer one.
--
-- Per alarm rather than one watermark over alarm_events.event_id: ids come from a sequence in the order transactions
-- start, not the order they commit, so an acknowledgement (the API's transaction) could commit after a later pass had
-- already moved a watermark past its event id, and that change would never be indexed.
ALTER TABLE monitoring.alarms ADD COLUMN revision bigint NOT NULL DEFAULT 1 CHECK (revision >= 1);
ALTER TABLE monitoring.alarms ADD COLUMN indexed_revision bigint NOT NULL DEFAULT 0 CHECK (indexed_revision >= 0);

-- Only the alarms still to index: small however long the history grows.
CREATE INDEX alarms_to_index_idx ON monitoring.alarms (alarm_id) WHERE revision > indexed_revision;
