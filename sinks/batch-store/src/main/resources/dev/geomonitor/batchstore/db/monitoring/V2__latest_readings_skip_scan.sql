-- The live page asks for the latest reading of every instrument on each refresh. DISTINCT ON read the whole history;
-- this walks the primary key instead: hop from one (instrument, borehole_number) to the next, then take each one's
-- newest row, so the cost grows with the number of instruments, not with the number of readings.
CREATE OR REPLACE VIEW monitoring.latest_readings AS
WITH RECURSIVE instruments AS (
  (SELECT r.instrument, r.borehole_number
     FROM monitoring.readings r
    ORDER BY r.instrument, r.borehole_number
    LIMIT 1)
  UNION ALL
  SELECT n.instrument, n.borehole_number
    FROM instruments i
    CROSS JOIN LATERAL (
      SELECT r.instrument, r.borehole_number
        FROM monitoring.readings r
       WHERE (r.instrument, r.borehole_number) > (i.instrument, i.borehole_number)
       ORDER BY r.instrument, r.borehole_number
       LIMIT 1) n
)
SELECT l.*
  FROM instruments i
  CROSS JOIN LATERAL (
    SELECT r.*
      FROM monitoring.readings r
     WHERE r.instrument = i.instrument AND r.borehole_number = i.borehole_number
     ORDER BY r.ts DESC
     LIMIT 1) l;
