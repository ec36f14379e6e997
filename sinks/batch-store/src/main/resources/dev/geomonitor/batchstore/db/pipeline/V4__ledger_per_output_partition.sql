-- The Spark job writes each micro-batch from its executors: every output partition of a batch commits its own slice of
-- rows in its own transaction, together with its own ledger row keyed (query_name, batch_id, output_partition). A
-- replayed batch rebuilds the same partitions (after the stateful operator a row's partition is the hash of its key
-- modulo the shuffle partitions frozen in the checkpoint), so each partition is skipped or written exactly once.
--
-- The per-partition rows live in batch_partitions; batch_ledger becomes the per-batch view readers already use (same
-- columns, one row per batch, counts summed over its partitions). Rows written before this migration (a whole batch in
-- one transaction) are kept as output_partition -1, meaning "the whole batch": a replay of such a batch is skipped.

ALTER TABLE ${flyway:defaultSchema}.batch_ledger RENAME TO batch_partitions;
ALTER TABLE ${flyway:defaultSchema}.batch_partitions RENAME CONSTRAINT batch_ledger_pkey TO batch_partitions_old_pkey;
ALTER TABLE ${flyway:defaultSchema}.batch_partitions
  ADD COLUMN output_partition integer NOT NULL DEFAULT -1 CHECK (output_partition >= -1);
ALTER TABLE ${flyway:defaultSchema}.batch_partitions ALTER COLUMN output_partition DROP DEFAULT;
ALTER TABLE ${flyway:defaultSchema}.batch_partitions
  DROP CONSTRAINT batch_partitions_old_pkey,
  ADD CONSTRAINT batch_partitions_pkey PRIMARY KEY (query_name, batch_id, output_partition);

-- Per partition, duplicates are NULL: a partition's tally (raw records read) and the readings they became may sit in
-- different partitions, so duplicates exist per batch only: rows_in - accepted - rejected over all its partitions.
CREATE VIEW ${flyway:defaultSchema}.batch_ledger AS
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
       sum(rejections)::bigint                                                  AS rejections
FROM ${flyway:defaultSchema}.batch_partitions
GROUP BY query_name, batch_id;

-- The monitoring view of the active version followed the renamed table; point it at the per-batch view again.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM monitoring.pipeline_state
             WHERE 'pipeline_' || active_version = '${flyway:defaultSchema}') THEN
    CREATE OR REPLACE VIEW monitoring.batch_ledger AS
    SELECT query_name, batch_id, committed_at, rows_in, accepted, rejected, duplicates, readings, aggregates, alerts,
           rejections
    FROM ${flyway:defaultSchema}.batch_ledger;
  END IF;
END $$;
