-- The outputs of one pipeline version. Flyway runs this once per version schema (pipeline_v1, pipeline_v2...):
-- every name is qualified with the schema Flyway was configured for, so the same file builds any version.
-- Column names are the JSON field names of the domain records (EnrichedReading, WindowAggregate, StatusAlert,
-- DeadLetter); readers never use these tables directly but the stable views in the monitoring schema.

CREATE TABLE ${flyway:defaultSchema}.readings (
  instrument             text             NOT NULL,
  borehole_number        text             NOT NULL,
  ts                     timestamptz      NOT NULL,
  reading_id             text             NOT NULL,
  pipeline_version       text             NOT NULL,
  axis                   text,
  value                  double precision NOT NULL,
  unit                   text             NOT NULL,
  quantity               text             NOT NULL,
  surface_level          double precision,
  northing               double precision NOT NULL,
  easting                double precision NOT NULL,
  lat                    double precision NOT NULL,
  lon                    double precision NOT NULL,
  depth_below_surface    double precision,
  baseline               double precision,
  change_from_baseline   double precision,
  change_since_previous  double precision,
  trigger_status         text             NOT NULL
    CHECK (trigger_status IN ('NORMAL', 'ALERT', 'ALARM', 'ACTION')),
  api_version            text             NOT NULL,
  fetched_at             timestamptz      NOT NULL,
  -- The primary key also serves "latest reading of an instrument" and "an instrument over a time range".
  PRIMARY KEY (instrument, borehole_number, ts),
  UNIQUE (reading_id)
);

-- Site-wide time ranges (daily summaries, "everything in the last hour").
CREATE INDEX readings_ts_idx ON ${flyway:defaultSchema}.readings (ts);

CREATE TABLE ${flyway:defaultSchema}.aggregates (
  instrument       text             NOT NULL,
  borehole_number  text             NOT NULL,
  window_size      text             NOT NULL,
  window_start     timestamptz      NOT NULL,
  aggregate_id     text             NOT NULL,
  pipeline_version text             NOT NULL,
  window_end       timestamptz      NOT NULL,
  count            bigint           NOT NULL CHECK (count > 0),
  min              double precision NOT NULL,
  max              double precision NOT NULL,
  mean             double precision NOT NULL,
  first            double precision NOT NULL,
  last             double precision NOT NULL,
  rate_per_hour    double precision,
  unit             text,
  lat              double precision,
  lon              double precision,
  CHECK (window_end > window_start),
  -- Also serves the chart query: one instrument, one window size, a time range.
  PRIMARY KEY (instrument, borehole_number, window_size, window_start),
  UNIQUE (aggregate_id)
);

CREATE TABLE ${flyway:defaultSchema}.alerts (
  instrument           text             NOT NULL,
  borehole_number      text             NOT NULL,
  ts                   timestamptz      NOT NULL,
  status               text             NOT NULL CHECK (status IN ('NORMAL', 'ALERT', 'ALARM', 'ACTION')),
  alert_id             text             NOT NULL,
  pipeline_version     text             NOT NULL,
  previous_status      text             CHECK (previous_status IN ('NORMAL', 'ALERT', 'ALARM', 'ACTION')),
  value                double precision NOT NULL,
  baseline             double precision NOT NULL,
  change_from_baseline double precision NOT NULL,
  level                double precision NOT NULL,
  unit                 text,
  lat                  double precision,
  lon                  double precision,
  reading_id           text,
  PRIMARY KEY (instrument, borehole_number, ts, status),
  UNIQUE (alert_id)
);

-- Keyed by where the rejected record came from, so a replayed micro-batch cannot count a rejection twice.
CREATE TABLE ${flyway:defaultSchema}.rejections (
  source_topic     text        NOT NULL,
  source_partition integer     NOT NULL,
  source_offset    bigint      NOT NULL,
  stage            text        NOT NULL,
  codes            text[]      NOT NULL,
  reasons          jsonb       NOT NULL,
  source           text,
  key              text,
  value            text,
  value_base64     text,
  value_truncated  boolean     NOT NULL,
  rejected_at      timestamptz NOT NULL,
  PRIMARY KEY (source_topic, source_partition, source_offset)
);

CREATE INDEX rejections_rejected_at_idx ON ${flyway:defaultSchema}.rejections (rejected_at);

-- One row per committed micro-batch of a streaming query: inserting it first, in the batch's own transaction, is what
-- makes a replayed batch a no-op. Counts the Spark job does not know are NULL.
CREATE TABLE ${flyway:defaultSchema}.batch_ledger (
  query_name   text        NOT NULL,
  batch_id     bigint      NOT NULL CHECK (batch_id >= 0),
  committed_at timestamptz NOT NULL DEFAULT now(),
  rows_in      bigint,
  accepted     bigint,
  rejected     bigint,
  duplicates   bigint,
  readings     bigint      NOT NULL,
  aggregates   bigint      NOT NULL,
  alerts       bigint      NOT NULL,
  rejections   bigint      NOT NULL,
  PRIMARY KEY (query_name, batch_id)
);
