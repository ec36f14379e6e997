-- The shared schema readers use. Its base views (readings, aggregates, alerts, rejections, batch_ledger) point at the
-- tables of the ACTIVE pipeline version; BatchStore.activate re-points them all in one transaction. Until a version is
-- active they are empty relations of the right shape, so the analysis views below can be defined on top of them once,
-- here, and never need to change when the active version does.

CREATE TABLE monitoring.pipeline_state (
  singleton      boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  active_version text CHECK (active_version ~ '^v[1-9][0-9]*$'),
  activated_at   timestamptz
);
INSERT INTO monitoring.pipeline_state (singleton) VALUES (true);

-- Every switch of the views, for the record of which version readers saw when.
CREATE TABLE monitoring.activations (
  version      text        NOT NULL,
  activated_at timestamptz NOT NULL
);

-- Mirror of the TriggerLevelCatalog in force (type defaults have a NULL borehole_number).
CREATE TABLE monitoring.trigger_levels (
  instrument      text             NOT NULL,
  borehole_number text,
  direction       text             NOT NULL CHECK (direction IN ('RISE', 'FALL', 'BOTH')),
  baseline        double precision,
  alert           double precision NOT NULL,
  alarm           double precision NOT NULL,
  action          double precision NOT NULL,
  synced_at       timestamptz      NOT NULL DEFAULT now(),
  CHECK (0 < alert AND alert <= alarm AND alarm <= action)
);
CREATE UNIQUE INDEX trigger_levels_key ON monitoring.trigger_levels (instrument, coalesce(borehole_number, ''));

-- Placeholders with exactly the columns and types of the pipeline tables (same order): activate() replaces them.
CREATE VIEW monitoring.readings AS
SELECT NULL::text AS instrument, NULL::text AS borehole_number, NULL::timestamptz AS ts, NULL::text AS reading_id,
       NULL::text AS pipeline_version, NULL::text AS axis, NULL::double precision AS value, NULL::text AS unit,
       NULL::text AS quantity, NULL::double precision AS surface_level, NULL::double precision AS northing,
       NULL::double precision AS easting, NULL::double precision AS lat, NULL::double precision AS lon,
       NULL::double precision AS depth_below_surface, NULL::double precision AS baseline,
       NULL::double precision AS change_from_baseline, NULL::double precision AS change_since_previous,
       NULL::text AS trigger_status, NULL::text AS api_version, NULL::timestamptz AS fetched_at
WHERE false;

CREATE VIEW monitoring.aggregates AS
SELECT NULL::text AS instrument, NULL::text AS borehole_number, NULL::text AS window_size,
       NULL::timestamptz AS window_start, NULL::text AS aggregate_id, NULL::text AS pipeline_version,
       NULL::timestamptz AS window_end, NULL::bigint AS count, NULL::double precision AS min,
       NULL::double precision AS max, NULL::double precision AS mean, NULL::double precision AS first,
       NULL::double precision AS last, NULL::double precision AS rate_per_hour, NULL::text AS unit,
       NULL::double precision AS lat, NULL::double precision AS lon
WHERE false;

CREATE VIEW monitoring.alerts AS
SELECT NULL::text AS instrument, NULL::text AS borehole_number, NULL::timestamptz AS ts, NULL::text AS status,
       NULL::text AS alert_id, NULL::text AS pipeline_version, NULL::text AS previous_status,
       NULL::double precision AS value, NULL::double precision AS baseline,
       NULL::double precision AS change_from_baseline, NULL::double precision AS level, NULL::text AS unit,
       NULL::double precision AS lat, NULL::double precision AS lon, NULL::text AS reading_id
WHERE false;

CREATE VIEW monitoring.rejections AS
SELECT NULL::text AS source_topic, NULL::integer AS source_partition, NULL::bigint AS source_offset,
       NULL::text AS stage, NULL::text[] AS codes, NULL::jsonb AS reasons, NULL::text AS source, NULL::text AS key,
       NULL::text AS value, NULL::text AS value_base64, NULL::boolean AS value_truncated,
       NULL::timestamptz AS rejected_at
WHERE false;

CREATE VIEW monitoring.batch_ledger AS
SELECT NULL::text AS query_name, NULL::bigint AS batch_id, NULL::timestamptz AS committed_at, NULL::bigint AS rows_in,
       NULL::bigint AS accepted, NULL::bigint AS rejected, NULL::bigint AS duplicates, NULL::bigint AS readings,
       NULL::bigint AS aggregates, NULL::bigint AS alerts, NULL::bigint AS rejections
WHERE false;

-- Batch analysis, defined on the stable views so they follow the active version.

-- Days are UTC days, like every timestamp the source API serves.
CREATE VIEW monitoring.daily_summary AS
SELECT (r.ts AT TIME ZONE 'UTC')::date                  AS day,
       r.instrument,
       r.borehole_number,
       count(*)                                        AS count,
       min(r.value)                                    AS min,
       max(r.value)                                    AS max,
       avg(r.value)                                    AS mean,
       (array_agg(r.value ORDER BY r.ts DESC))[1]      AS last,
       max(r.ts)                                       AS last_ts,
       min(r.unit)                                     AS unit
FROM monitoring.readings r
GROUP BY 1, r.instrument, r.borehole_number;

-- Each status an instrument entered, when it left it and how long it stayed; the latest one is still ongoing.
CREATE VIEW monitoring.exceedance_history AS
SELECT a.instrument,
       a.borehole_number,
       a.status,
       a.previous_status,
       a.ts                         AS entered_at,
       lead(a.ts) OVER w            AS left_at,
       lead(a.ts) OVER w - a.ts     AS duration,
       lead(a.ts) OVER w IS NULL    AS ongoing,
       a.value,
       a.level,
       a.change_from_baseline,
       a.unit,
       a.alert_id
FROM monitoring.alerts a
WINDOW w AS (PARTITION BY a.instrument, a.borehole_number ORDER BY a.ts, a.status);

CREATE VIEW monitoring.latest_readings AS
SELECT DISTINCT ON (r.instrument, r.borehole_number) r.*
FROM monitoring.readings r
ORDER BY r.instrument, r.borehole_number, r.ts DESC;

-- Instruments whose latest reading is above NORMAL, with the levels in force (an instrument's own override first)
-- and since when it has been in that status.
CREATE VIEW monitoring.current_exceedances AS
SELECT l.instrument,
       l.borehole_number,
       l.trigger_status,
       l.ts AS latest_ts,
       l.value,
       l.baseline,
       l.change_from_baseline,
       l.unit,
       l.lat,
       l.lon,
       (SELECT max(a.ts)
          FROM monitoring.alerts a
         WHERE a.instrument = l.instrument
           AND a.borehole_number = l.borehole_number
           AND a.status = l.trigger_status
           AND a.ts <= l.ts) AS since,
       lv.alert,
       lv.alarm,
       lv.action
FROM monitoring.latest_readings l
LEFT JOIN LATERAL (
  SELECT t.alert, t.alarm, t.action
    FROM monitoring.trigger_levels t
   WHERE t.instrument = l.instrument
     AND (t.borehole_number = l.borehole_number OR t.borehole_number IS NULL)
   ORDER BY t.borehole_number NULLS LAST
   LIMIT 1) lv ON true
WHERE l.trigger_status <> 'NORMAL';
