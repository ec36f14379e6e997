#!/bin/bash
# One-shot: creates the pipeline's topics if absent. The raw topic keeps everything (retention.ms=-1): it is the log
# that reprocessing replays. Outputs keep 7 days, the dead-letter topic 30.
set -euo pipefail
BOOTSTRAP="${KAFKA_BOOTSTRAP_SERVERS:-kafka:19092}"
PARTITIONS="${TOPIC_PARTITIONS:-3}"
create() {
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
    --topic "$1" --partitions "$PARTITIONS" --replication-factor 1 --config "retention.ms=$2"
}
create "${TOPIC_RAW:-monitoring.raw}" -1
create "${TOPIC_READINGS:-monitoring.readings}" 604800000
create "${TOPIC_AGGREGATES:-monitoring.aggregates}" 604800000
create "${TOPIC_ALERTS:-monitoring.alerts}" 604800000
create "${TOPIC_DLQ:-monitoring.dlq}" 2592000000
/opt/kafka/bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --describe --topic "${TOPIC_RAW:-monitoring.raw}"
