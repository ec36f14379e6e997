-- Persistence and hysteresis on the absolute levels, as part of each version (and of version 0's mirror).
--   persistence: how many consecutive readings, in event-time order, must be at or beyond a level before the status
--                rises to it, and below its clearing point before it falls from it (1: each reading on its own);
--   hysteresis:  the clearing band, in the levels' unit: a status held at a level falls from it only once the change
--                is below level - hysteresis (0: no band). Below the alert level, so every level can clear.
-- Existing rows keep what they meant: persistence 1, no band. The append-only triggers of V6 fire on row changes only,
-- so adding columns with defaults leaves the history as it was.
ALTER TABLE monitoring.trigger_level_versions
  ADD COLUMN persistence integer          NOT NULL DEFAULT 1 CHECK (persistence BETWEEN 1 AND 96),
  ADD COLUMN hysteresis  double precision NOT NULL DEFAULT 0,
  ADD CONSTRAINT trigger_level_versions_hysteresis CHECK (hysteresis >= 0 AND hysteresis < alert);

ALTER TABLE monitoring.trigger_levels
  ADD COLUMN persistence integer          NOT NULL DEFAULT 1 CHECK (persistence BETWEEN 1 AND 96),
  ADD COLUMN hysteresis  double precision NOT NULL DEFAULT 0,
  ADD CONSTRAINT trigger_levels_hysteresis CHECK (hysteresis >= 0 AND hysteresis < alert);
