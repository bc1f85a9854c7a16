package io.gatevault.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counts dead-lettered records as {@value #METRIC}, tagged topic, group and reason. */
public final class DeadLetterMetrics {

  public static final String METRIC = "gatevault.deadletter.records";

  private final MeterRegistry registry;

  public DeadLetterMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Counts one record of {@code topic} that consumer group {@code group} dead-lettered. */
  public void recordDeadLetter(String topic, String group, DeadLetterReason reason) {
    Counter.builder(METRIC)
        .description("Records sent to a dead-letter topic")
        .tag("topic", topic)
        .tag("group", group)
        .tag("reason", reason.label())
        .register(registry)
        .increment();
  }

  /** How many records of {@code topic} group {@code group} dead-lettered for {@code reason}. */
  public double count(String topic, String group, DeadLetterReason reason) {
    Counter counter =
        registry
            .find(METRIC)
            .tag("topic", topic)
            .tag("group", group)
            .tag("reason", reason.label())
            .counter();
    return counter == null ? 0 : counter.count();
  }
}
