-- Alarm management (module alarms): the lifecycle of alarms computed from monitoring.alerts and from the watch on
-- silent or flat instruments, the audit trail of every transition, and the notifications and their deliveries.
-- These tables live in the monitoring schema, not in a pipeline version: alarms are about people (who was told, who
-- acknowledged) and must survive a reprocessing run. Alert ids carry no pipeline version, so a new version replaying
-- the same alerts finds them processed and changes nothing.

-- One row per alarm. kind LEVEL comes from trigger-level alerts; STALE, FLATLINE and RATE from the instrument watch.
-- state: RAISED (active, not acknowledged) -> ACKNOWLEDGED -> CLEARED (condition gone) -> CLOSED.
CREATE TABLE monitoring.alarms (
  alarm_id         bigserial   PRIMARY KEY,
  kind             text        NOT NULL CHECK (kind IN ('LEVEL', 'STALE', 'FLATLINE', 'RATE')),
  series_key       text        NOT NULL,
  instrument       text        NOT NULL,
  borehole_number  text        NOT NULL,
  state            text        NOT NULL CHECK (state IN ('RAISED', 'ACKNOWLEDGED', 'CLEARED', 'CLOSED')),
  -- The worst level the alarm reached (ALERT, ALARM, ACTION for LEVEL alarms; STALE or FLATLINE otherwise) and the
  -- level the instrument is at now (NORMAL once cleared).
  level            text        NOT NULL,
  current_status   text        NOT NULL,
  -- Processing time: when people were (or will be) told; escalation deadlines run from level_since.
  raised_at        timestamptz NOT NULL,
  level_since      timestamptz NOT NULL,
  -- Event time of the reading that raised it, and of the latest on-time alert applied.
  raised_ts        timestamptz,
  last_ts          timestamptz,
  raised_alert_id  text,
  late             boolean     NOT NULL DEFAULT false,
  value            double precision,
  unit             text,
  acknowledged_at  timestamptz,
  acknowledged_by  text,
  ack_comment      text,
  escalation_step  integer     NOT NULL DEFAULT 0 CHECK (escalation_step >= 0),
  escalated_at     timestamptz,
  -- Reminders of an acknowledged alarm that is still active (per level: remind_every).
  reminders        integer     NOT NULL DEFAULT 0 CHECK (reminders >= 0),
  reminded_at      timestamptz,
  cleared_at       timestamptz,
  all_clear_at     timestamptz,
  -- Grows each time the alarm comes back after its all-clear was sent: notifications are de-duplicated per episode.
  episode          integer     NOT NULL DEFAULT 1 CHECK (episode >= 1),
  closed_at        timestamptz,
  updated_at       timestamptz NOT NULL
);

-- At most one alarm of a kind is open per series: a re-crossing reopens it instead of raising a second one.
CREATE UNIQUE INDEX alarms_one_open_per_series ON monitoring.alarms (kind, series_key) WHERE state <> 'CLOSED';
CREATE INDEX alarms_state_idx ON monitoring.alarms (state, level_since);
CREATE INDEX alarms_instrument_idx ON monitoring.alarms (instrument, borehole_number, raised_at);

-- The audit trail: every transition and every human action, never updated or deleted.
CREATE TABLE monitoring.alarm_events (
  event_id    bigserial   PRIMARY KEY,
  alarm_id    bigint      NOT NULL REFERENCES monitoring.alarms (alarm_id),
  at          timestamptz NOT NULL,
  event       text        NOT NULL CHECK (event IN ('RAISED', 'LEVEL_CHANGED', 'LATE_CROSSING', 'ESCALATED',
                                                    'ACKNOWLEDGED', 'COMMENTED', 'CLEARED', 'RERAISED', 'ALL_CLEAR',
                                                    'CLOSED')),
  from_state  text,
  to_state    text        NOT NULL,
  level       text,
  actor       text        NOT NULL,
  comment     text,
  alert_id    text,
  ts          timestamptz
);
CREATE INDEX alarm_events_alarm_idx ON monitoring.alarm_events (alarm_id, event_id);

-- Alerts already applied: the alarm processor inserts an alert's id in the transaction that applies it, so a replay
-- (or a second processor) finds it and changes nothing.
CREATE TABLE monitoring.alarm_processed_alerts (
  alert_id     text        PRIMARY KEY,
  alarm_id     bigint      REFERENCES monitoring.alarms (alarm_id),
  processed_at timestamptz NOT NULL
);

-- What the instrument watch last saw of each instrument (processing time), for STALE and FLATLINE.
CREATE TABLE monitoring.instrument_watch (
  instrument      text        NOT NULL,
  borehole_number text        NOT NULL,
  latest_ts       timestamptz NOT NULL,
  last_seen_at    timestamptz NOT NULL,
  PRIMARY KEY (instrument, borehole_number)
);

-- Messages about alarms: one per (alarm, episode, kind, level, step), so a transition applied twice never tells anyone
-- twice. SUPPRESSED rows are messages the per-alarm rate limit held back: recorded, not sent.
CREATE TABLE monitoring.alarm_notifications (
  notification_id bigserial   PRIMARY KEY,
  alarm_id        bigint      NOT NULL REFERENCES monitoring.alarms (alarm_id),
  dedupe_key      text        NOT NULL UNIQUE,
  message         text        NOT NULL CHECK (message IN ('RAISE', 'ESCALATE', 'REMINDER', 'ALL_CLEAR')),
  level           text        NOT NULL,
  step            integer     NOT NULL DEFAULT 0,
  status          text        NOT NULL CHECK (status IN ('QUEUED', 'ROUTED', 'UNROUTED', 'SUPPRESSED')),
  payload         jsonb       NOT NULL,
  created_at      timestamptz NOT NULL
);
CREATE INDEX alarm_notifications_status_idx ON monitoring.alarm_notifications (status, notification_id);
CREATE INDEX alarm_notifications_alarm_idx ON monitoring.alarm_notifications (alarm_id, created_at);

-- One row per message and recipient (an e-mail address or a webhook URL). A failed attempt is retried with backoff;
-- after the last attempt the row stays FAILED with the error: nothing is dropped silently.
CREATE TABLE monitoring.alarm_deliveries (
  delivery_id     bigserial   PRIMARY KEY,
  notification_id bigint      NOT NULL REFERENCES monitoring.alarm_notifications (notification_id),
  channel         text        NOT NULL CHECK (channel IN ('EMAIL', 'WEBHOOK')),
  target          text        NOT NULL,
  status          text        NOT NULL CHECK (status IN ('PENDING', 'SENT', 'FAILED')),
  attempts        integer     NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_error      text,
  sent_at         timestamptz,
  created_at      timestamptz NOT NULL,
  UNIQUE (notification_id, channel, target)
);
CREATE INDEX alarm_deliveries_due_idx ON monitoring.alarm_deliveries (status, next_attempt_at);
