-- Readings older than their series' horizon (WATERMARK_DELAY behind the series' latest reading) are published and
-- alerted but counted in no window (docs/data-contracts.md, "beyond the horizon"). The ledger counts them per output
-- partition, so the number of readings the aggregates leave out is visible per batch, in the progress line and on the
-- page, instead of nowhere.

ALTER TABLE ${flyway:defaultSchema}.batch_partitions
  ADD COLUMN beyond_horizon bigint NOT NULL DEFAULT 0 CHECK (beyond_horizon >= 0);

CREATE OR REPLACE VIEW ${flyway:defaultSchema}.batch_ledger AS
SELECT query_name,
       batch_id,
       max(committed_at)                                                        AS committed_at,
       sum(rows_in)::bigint                                                     AS rows_in,
       sum(accepted)::bigint                                                    AS accepted,
       sum(rejected)::bigint                                                    AS rejected,
       coalesce(sum(duplicates), sum(rows_in) - sum(accepted) - sum(rejected))::bigint AS duplicates,
       sum(readings)::bigint                                                    AS readings,
       sum(aggregates)::bigint                                                  AS aggregates,
       sum(alerts)::bigint                                                      AS alerts,
       sum(rejections)::bigint                                                  AS rejections,
       sum(beyond_horizon)::bigint                                              AS beyond_horizon
FROM ${flyway:defaultSchema}.batch_partitions
GROUP BY query_name, batch_id;

-- The monitoring view of the active version gains the column now; a version activated later gets it from the
-- activation itself.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM monitoring.pipeline_state
             WHERE 'pipeline_' || active_version = '${flyway:defaultSchema}') THEN
    CREATE OR REPLACE VIEW monitoring.batch_ledger AS
    SELECT query_name, batch_id, committed_at, rows_in, accepted, rejected, duplicates, readings, aggregates, alerts,
           rejections, beyond_horizon
    FROM ${flyway:defaultSchema}.batch_ledger;
  END IF;
END $$;
