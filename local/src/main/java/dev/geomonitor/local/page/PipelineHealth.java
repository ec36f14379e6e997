package dev.geomonitor.local.page;

/**
 * Where the health panel's figures come from. The embedded runner implements it over its own
 * counters and the Kafka admin client; it must be cheap to call (the page polls it every few
 * seconds).
 */
@FunctionalInterface
public interface PipelineHealth {

  HealthSnapshot snapshot();
}
