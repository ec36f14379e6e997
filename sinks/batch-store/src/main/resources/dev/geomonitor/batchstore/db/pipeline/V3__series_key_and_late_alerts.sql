-- Event-time semantics (docs/data-contracts.md):
-- 1. The series key includes the axis (settlement x/y/z served under one point name), so the natural keys are the ids
--    (instrument:borehole_number[:axis]:...), not (instrument, borehole_number, ...). The former keys stay as plain
--    indexes: they serve "an instrument over a time range" and the latest-reading skip scan as before.
-- 2. Alerts of late readings are marked, with how far behind the series' latest reading they arrived.

ALTER TABLE ${flyway:defaultSchema}.readings
  DROP CONSTRAINT readings_pkey,
  DROP CONSTRAINT readings_reading_id_key,
  ADD CONSTRAINT readings_pkey PRIMARY KEY (reading_id);
CREATE INDEX readings_instrument_ts_idx
  ON ${flyway:defaultSchema}.readings (instrument, borehole_number, ts);

ALTER TABLE ${flyway:defaultSchema}.aggregates
  DROP CONSTRAINT aggregates_pkey,
  DROP CONSTRAINT aggregates_aggregate_id_key,
  ADD CONSTRAINT aggregates_pkey PRIMARY KEY (aggregate_id);
CREATE INDEX aggregates_instrument_window_idx
  ON ${flyway:defaultSchema}.aggregates (instrument, borehole_number, window_size, window_start);

ALTER TABLE ${flyway:defaultSchema}.alerts
  DROP CONSTRAINT alerts_pkey,
  DROP CONSTRAINT alerts_alert_id_key,
  ADD CONSTRAINT alerts_pkey PRIMARY KEY (alert_id);
CREATE INDEX alerts_instrument_ts_idx
  ON ${flyway:defaultSchema}.alerts (instrument, borehole_number, ts, status);
ALTER TABLE ${flyway:defaultSchema}.alerts
  ADD COLUMN late boolean NOT NULL DEFAULT false,
  ADD COLUMN late_by text;

-- Upgrading the version readers see: its monitoring.alerts view gains the two columns now (monitoring V4 ran first and
-- could not add them yet). A version activated later gets them from the activation itself.
DO $$
BEGIN
  IF (SELECT 'pipeline_' || active_version FROM monitoring.pipeline_state) = '${flyway:defaultSchema}' THEN
    CREATE OR REPLACE VIEW monitoring.alerts AS
    SELECT instrument, borehole_number, ts, status, alert_id, pipeline_version, previous_status, value, baseline,
           change_from_baseline, level, unit, lat, lon, reading_id, late, late_by
      FROM ${flyway:defaultSchema}.alerts;
  END IF;
END $$;
