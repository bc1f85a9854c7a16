package io.gatevault.capture.adapter;

import io.gatevault.capture.application.PollHeartbeats;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;

/**
 * Capture's heartbeat age per gateway as the gauge {@value #METRIC} (seconds since the newest
 * successful poll began, tag gateway; NaN until the first poll succeeds). It grows while polls fail
 * or capture is stuck: alert when it exceeds a few poll intervals (infra/prometheus/alerts.yml).
 */
public final class HeartbeatAgeMetrics {

  public static final String METRIC = "gatevault.capture.heartbeat.age";

  private HeartbeatAgeMetrics() {}

  /** Registers one gauge per gateway whose change feed is on. */
  public static void register(
      MeterRegistry registry,
      PollHeartbeats heartbeats,
      Collection<String> gatewayIds,
      Clock clock) {
    for (String gatewayId : gatewayIds) {
      Gauge.builder(
              METRIC,
              heartbeats,
              beats ->
                  beats
                      .latest(gatewayId)
                      .map(
                          beat ->
                              Duration.between(beat.polledAt(), clock.instant()).toMillis()
                                  / 1000.0)
                      .orElse(Double.NaN))
          .description("Seconds since the newest successful change-feed poll of the gateway began")
          .baseUnit("seconds")
          .tag("gateway", gatewayId)
          .register(registry);
    }
  }
}
