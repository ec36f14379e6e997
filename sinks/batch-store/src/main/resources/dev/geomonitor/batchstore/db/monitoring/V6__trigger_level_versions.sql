-- Review levels as managed, versioned data. Every change engineers make to the trigger levels of an instrument type or
-- of one instrument is a new row here, with who, when and why; rows are never updated or deleted, so the table is the
-- full history (a baseline reset is a version with the new baseline: the reset history). Version 0 is not stored: it is
-- the job's shipped defaults with its TRIGGER_LEVELS_FILE overrides, mirrored in monitoring.trigger_levels.
--
-- A version applies to readings whose EVENT time is at or after effective_from. The Spark job reloads this table every
-- LEVELS_RELOAD_INTERVAL; a reading can be stamped at most FUTURE_TOLERANCE after its fetch. So a version must not take
-- effect before the running job has certainly loaded it: effective_from >= changed_at + grace, with
--   grace > LEVELS_RELOAD_INTERVAL + FUTURE_TOLERANCE (+ clock skew and commit delay, the rest of the margin)
-- which the job checks against this table's grace at every load. Then no reading stamped at or after effective_from can
-- have been evaluated with the levels before it, and a replay of the raw log applies exactly the levels the live run
-- applied (see README "Review levels").

-- The grace, one row. Changing it is an administrator's act (UPDATE); the job refuses to run with a grace that does
-- not exceed its reload interval plus the future tolerance.
CREATE TABLE monitoring.trigger_level_policy (
  singleton boolean  PRIMARY KEY DEFAULT true CHECK (singleton),
  grace     interval NOT NULL CHECK (grace > interval '0')
);
INSERT INTO monitoring.trigger_level_policy (singleton, grace) VALUES (true, interval '15 minutes');

CREATE TABLE monitoring.trigger_level_versions (
  version_id      bigint           GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  instrument      text             NOT NULL CHECK (instrument IN ('water_standpipe', 'piezometer', 'settlement_marker',
                                                                   'extensometer', 'strain_gauge')),
  -- NULL: the default of the instrument type; else the one instrument this version is for.
  borehole_number text             CHECK (borehole_number IS NULL OR length(btrim(borehole_number)) > 0),
  direction       text             NOT NULL CHECK (direction IN ('RISE', 'FALL', 'BOTH')),
  -- NULL: the instrument's first accepted reading.
  baseline        double precision CHECK (baseline IS NULL OR baseline BETWEEN -1e9 AND 1e9),
  alert           double precision NOT NULL,
  alarm           double precision NOT NULL,
  action          double precision NOT NULL,
  -- Filled by the trigger below when not given: the earliest instant the grace allows.
  effective_from  timestamptz      NOT NULL,
  changed_by      text             NOT NULL CHECK (length(btrim(changed_by)) > 0),
  -- Always the database's clock at the insert (the trigger overrides what the client sends).
  changed_at      timestamptz      NOT NULL,
  reason          text             NOT NULL CHECK (length(btrim(reason)) > 0),
  CHECK (0 < alert AND alert <= alarm AND alarm <= action AND action < 'Infinity')
);
CREATE INDEX trigger_level_versions_scope
  ON monitoring.trigger_level_versions (instrument, borehole_number, effective_from);

CREATE FUNCTION monitoring.trigger_level_versions_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  g interval;
BEGIN
  SELECT grace INTO STRICT g FROM monitoring.trigger_level_policy;
  NEW.changed_at := clock_timestamp();
  IF NEW.effective_from IS NULL THEN
    NEW.effective_from := NEW.changed_at + g;
  ELSIF NEW.effective_from < NEW.changed_at + g THEN
    RAISE EXCEPTION 'effective_from % is inside the grace: a new version takes effect at % (now + %) at the earliest',
        NEW.effective_from, NEW.changed_at + g, g
      USING ERRCODE = 'check_violation',
            HINT = 'the running job must load a version before any reading it applies to; leave effective_from out for the earliest instant';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER trigger_level_versions_stamp BEFORE INSERT ON monitoring.trigger_level_versions
  FOR EACH ROW EXECUTE FUNCTION monitoring.trigger_level_versions_stamp();

CREATE FUNCTION monitoring.trigger_level_versions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'monitoring.trigger_level_versions is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'add a new version instead (it takes effect from its effective_from)';
END $$;

CREATE TRIGGER trigger_level_versions_no_update BEFORE UPDATE OR DELETE ON monitoring.trigger_level_versions
  FOR EACH ROW EXECUTE FUNCTION monitoring.trigger_level_versions_append_only();
CREATE TRIGGER trigger_level_versions_no_truncate BEFORE TRUNCATE ON monitoring.trigger_level_versions
  FOR EACH STATEMENT EXECUTE FUNCTION monitoring.trigger_level_versions_append_only();

-- The exceedances view shows the levels that judged the latest reading: those in force at its event time, resolved as
-- the job resolves them (TriggerLevelHistory): the instrument's latest version, else version 0's override for the
-- instrument, else the type's latest version, else version 0's type default.
CREATE OR REPLACE VIEW monitoring.current_exceedances AS
SELECT l.instrument,
       l.borehole_number,
       l.trigger_status,
       l.ts AS latest_ts,
       monitoring.for_display(l.value)                 AS value,
       monitoring.for_display(l.baseline)              AS baseline,
       monitoring.for_display(l.change_from_baseline)  AS change_from_baseline,
       l.unit,
       monitoring.for_display(l.lat, 6)                AS lat,
       monitoring.for_display(l.lon, 6)                AS lon,
       (SELECT max(a.ts)
          FROM monitoring.alerts a
         WHERE a.instrument = l.instrument
           AND a.borehole_number = l.borehole_number
           AND a.status = l.trigger_status
           AND a.ts <= l.ts) AS since,
       monitoring.for_display(lv.alert)                AS alert,
       monitoring.for_display(lv.alarm)                AS alarm,
       monitoring.for_display(lv.action)               AS action
FROM monitoring.latest_readings l
LEFT JOIN LATERAL (
  SELECT c.alert, c.alarm, c.action
    FROM (SELECT v.alert, v.alarm, v.action, 1 AS rank, v.effective_from, v.version_id
            FROM monitoring.trigger_level_versions v
           WHERE v.instrument = l.instrument AND v.borehole_number = l.borehole_number
             AND v.effective_from <= l.ts
          UNION ALL
          SELECT t.alert, t.alarm, t.action, 2, NULL, NULL
            FROM monitoring.trigger_levels t
           WHERE t.instrument = l.instrument AND t.borehole_number = l.borehole_number
          UNION ALL
          SELECT v.alert, v.alarm, v.action, 3, v.effective_from, v.version_id
            FROM monitoring.trigger_level_versions v
           WHERE v.instrument = l.instrument AND v.borehole_number IS NULL
             AND v.effective_from <= l.ts
          UNION ALL
          SELECT t.alert, t.alarm, t.action, 4, NULL, NULL
            FROM monitoring.trigger_levels t
           WHERE t.instrument = l.instrument AND t.borehole_number IS NULL) c
   ORDER BY c.rank, c.effective_from DESC NULLS LAST, c.version_id DESC NULLS LAST
   LIMIT 1) lv ON true
WHERE l.trigger_status <> 'NORMAL';
