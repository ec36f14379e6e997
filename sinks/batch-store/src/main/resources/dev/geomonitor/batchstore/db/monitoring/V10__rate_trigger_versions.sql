-- Rate-of-change triggers ("more than 5 mm in 24 h") as managed, versioned data, next to the absolute review levels of
-- V6. Version 0 is not stored: it is the alarms file's `rate` section (ALARMS_FILE, else the built-in defaults). Every
-- later change engineers make to the rate trigger of an instrument type (borehole_number NULL) or of one instrument is
-- a new row here, with who, when and why; rows are never updated or deleted, so the table is the full history.
--
-- A table of its own rather than rate columns on monitoring.trigger_level_versions: a rate trigger changes on its own
-- schedule (an engineer tightening "5 mm in 24 h" does not restate the Alert/Alarm/Action levels, and the reverse), is
-- read by the alarm processor only (not by the Spark job), and may be switched off for a scope, which a levels row
-- cannot express without making its levels nullable. It keeps the same discipline: append-only, changed_at stamped by
-- the database, effective_from at least the grace of monitoring.trigger_level_policy ahead.
--
-- A version applies to the rate check of a series whose newest reading is stamped (EVENT time) at or after
-- effective_from. The alarm processor loads this table at the start of every pass; the grace makes sure that no
-- reading it applies to is judged before a pass has loaded it, and that no reading already judged is re-ruled.
CREATE TABLE monitoring.rate_trigger_versions (
  version_id      bigint           GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  instrument      text             NOT NULL CHECK (instrument IN ('water_standpipe', 'piezometer', 'settlement_marker',
                                                                   'extensometer', 'strain_gauge')),
  -- NULL: the rate trigger of the instrument type; else the one instrument this version is for.
  borehole_number text             CHECK (borehole_number IS NULL OR length(btrim(borehole_number)) > 0),
  -- The rule; all three NULL: no rate trigger for this scope from effective_from (switched off).
  -- A RATE alarm is raised when the value moved by more than change (either way) within `within` before the newest
  -- reading, and clears when the change is back below clear_below (hysteresis).
  change          double precision,
  within          interval,
  clear_below     double precision,
  -- Filled by the stamp trigger when not given: the earliest instant the grace allows.
  effective_from  timestamptz      NOT NULL,
  changed_by      text             NOT NULL CHECK (length(btrim(changed_by)) > 0),
  -- Always the database's clock at the insert (the stamp trigger overrides what the client sends).
  changed_at      timestamptz      NOT NULL,
  reason          text             NOT NULL CHECK (length(btrim(reason)) > 0),
  CONSTRAINT rate_trigger_versions_rule_all_or_none
    CHECK ((change IS NULL) = (within IS NULL) AND (change IS NULL) = (clear_below IS NULL)),
  CONSTRAINT rate_trigger_versions_rule_valid
    CHECK (change IS NULL OR (0 < change AND change < 'Infinity' AND within > interval '0'
                               AND 0 < clear_below AND clear_below <= change))
);
CREATE INDEX rate_trigger_versions_scope
  ON monitoring.rate_trigger_versions (instrument, borehole_number, effective_from);

-- The grace check and the changed_at stamp are exactly those of the levels (V6): the function reads only
-- effective_from and changed_at of the new row and the one grace of monitoring.trigger_level_policy.
CREATE TRIGGER rate_trigger_versions_stamp BEFORE INSERT ON monitoring.rate_trigger_versions
  FOR EACH ROW EXECUTE FUNCTION monitoring.trigger_level_versions_stamp();

-- V6's append-only function names its own table in the message; this one names the table it guards.
CREATE FUNCTION monitoring.rate_trigger_versions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%.% is append-only: % refused', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'add a new version instead (it takes effect from its effective_from)';
END $$;

CREATE TRIGGER rate_trigger_versions_no_update BEFORE UPDATE OR DELETE ON monitoring.rate_trigger_versions
  FOR EACH ROW EXECUTE FUNCTION monitoring.rate_trigger_versions_append_only();
CREATE TRIGGER rate_trigger_versions_no_truncate BEFORE TRUNCATE ON monitoring.rate_trigger_versions
  FOR EACH STATEMENT EXECUTE FUNCTION monitoring.rate_trigger_versions_append_only();

-- Privileges: the AWS users get SELECT on every monitoring table from deploy-handlers' DatabaseUsers, which runs after
-- every migration (GRANT SELECT ON ALL TABLES IN SCHEMA monitoring); that is all the alarm notifier needs to read the
-- versions. Versions are added through the local runner's API or by the migration owner; no AWS role writes here.
