-- Alerts of late readings carry late/late_by (pipeline V3). Before any version is active the placeholder gains the two
-- columns; when one is active and already migrated, the view is rebuilt on it with them (activation does the same).
DO $$
DECLARE
  active text;
  has_late boolean;
BEGIN
  SELECT active_version INTO active FROM monitoring.pipeline_state;
  IF active IS NULL THEN
    CREATE OR REPLACE VIEW monitoring.alerts AS
    SELECT NULL::text AS instrument, NULL::text AS borehole_number, NULL::timestamptz AS ts, NULL::text AS status,
           NULL::text AS alert_id, NULL::text AS pipeline_version, NULL::text AS previous_status,
           NULL::double precision AS value, NULL::double precision AS baseline,
           NULL::double precision AS change_from_baseline, NULL::double precision AS level, NULL::text AS unit,
           NULL::double precision AS lat, NULL::double precision AS lon, NULL::text AS reading_id,
           NULL::boolean AS late, NULL::text AS late_by
    WHERE false;
  ELSE
    SELECT EXISTS (SELECT 1 FROM information_schema.columns
                    WHERE table_schema = 'pipeline_' || active AND table_name = 'alerts' AND column_name = 'late')
      INTO has_late;
    IF has_late THEN
      EXECUTE format(
        'CREATE OR REPLACE VIEW monitoring.alerts AS SELECT instrument, borehole_number, ts, status, alert_id,'
        ' pipeline_version, previous_status, value, baseline, change_from_baseline, level, unit, lat, lon, reading_id,'
        ' late, late_by FROM %I.alerts', 'pipeline_' || active);
    END IF;
  END IF;
END $$;
