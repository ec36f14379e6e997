-- Analysis views round what they show; the tables (and the base views readings, aggregates, alerts, which mirror
-- them) keep full precision. An average of readings such as 15.7972 otherwise prints as 15.797199999999998, and a
-- change from baseline computed in binary floating point as 0.8500000000000085.
-- Three decimals are a millimetre of water level, a pascal of pore pressure and a thousandth of a millimetre of
-- displacement: finer than any of these instruments reads. Positions keep six decimals of a degree (about 0.1 m).
-- The columns stay double precision, so CREATE OR REPLACE keeps every view's shape and its readers unchanged.

CREATE FUNCTION monitoring.for_display(value double precision, digits integer DEFAULT 3)
  RETURNS double precision
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT round(value::numeric, digits)::double precision $$;

COMMENT ON FUNCTION monitoring.for_display(double precision, integer) IS
  'A value rounded for display in the analysis views (3 decimals unless told); tables keep full precision.';

CREATE OR REPLACE VIEW monitoring.daily_summary AS
SELECT (r.ts AT TIME ZONE 'UTC')::date                                        AS day,
       r.instrument,
       r.borehole_number,
       count(*)                                                              AS count,
       monitoring.for_display(min(r.value))                                  AS min,
       monitoring.for_display(max(r.value))                                  AS max,
       monitoring.for_display(avg(r.value))                                  AS mean,
       monitoring.for_display((array_agg(r.value ORDER BY r.ts DESC))[1])    AS last,
       max(r.ts)                                                             AS last_ts,
       min(r.unit)                                                           AS unit
FROM monitoring.readings r
GROUP BY 1, r.instrument, r.borehole_number;

CREATE OR REPLACE VIEW monitoring.exceedance_history AS
SELECT a.instrument,
       a.borehole_number,
       a.status,
       a.previous_status,
       a.ts                                            AS entered_at,
       lead(a.ts) OVER w                               AS left_at,
       lead(a.ts) OVER w - a.ts                        AS duration,
       lead(a.ts) OVER w IS NULL                       AS ongoing,
       monitoring.for_display(a.value)                 AS value,
       monitoring.for_display(a.level)                 AS level,
       monitoring.for_display(a.change_from_baseline)  AS change_from_baseline,
       a.unit,
       a.alert_id
FROM monitoring.alerts a
WINDOW w AS (PARTITION BY a.instrument, a.borehole_number ORDER BY a.ts, a.status);

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
  SELECT t.alert, t.alarm, t.action
    FROM monitoring.trigger_levels t
   WHERE t.instrument = l.instrument
     AND (t.borehole_number = l.borehole_number OR t.borehole_number IS NULL)
   ORDER BY t.borehole_number NULLS LAST
   LIMIT 1) lv ON true
WHERE l.trigger_status <> 'NORMAL';
