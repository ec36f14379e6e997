-- The live page lists the newest alerts of the whole site (ORDER BY ts DESC LIMIT n).
CREATE INDEX alerts_ts_idx ON ${flyway:defaultSchema}.alerts (ts);
