-- On AWS alarm messages are also published to an SNS topic per level (the alarms module's SnsChannel): a delivery's
-- channel may now be SNS, its target the topic's ARN.
ALTER TABLE monitoring.alarm_deliveries DROP CONSTRAINT alarm_deliveries_channel_check;
ALTER TABLE monitoring.alarm_deliveries ADD CONSTRAINT alarm_deliveries_channel_check
  CHECK (channel IN ('EMAIL', 'WEBHOOK', 'SNS'));
