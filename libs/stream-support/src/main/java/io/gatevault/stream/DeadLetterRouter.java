package io.gatevault.stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.binder.kafka.utils.DlqDestinationResolver;

/**
 * Chooses the dead-letter topic for a record the binder gives up on ({@code <topic>.<group>.dlt},
 * the group being this service's name), counts it, and leaves the reason for {@link
 * DeadLetterValueSerializer} to write as the {@value DeadLetterReason#HEADER} header next to the
 * binder's {@code x-exception-*} and {@code x-original-*} headers.
 */
public class DeadLetterRouter implements DlqDestinationResolver {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterRouter.class);

  private final String group;
  private final DeadLetterMetrics metrics;

  public DeadLetterRouter(String group, DeadLetterMetrics metrics) {
    this.group = group;
    this.metrics = metrics;
  }

  @Override
  public String apply(ConsumerRecord<?, ?> record, Exception failure) {
    DeadLetterReason reason = FailureClassifier.reasonFor(failure);
    String deadLetterTopic = DeadLetterTopics.nameFor(record.topic(), group);
    PendingDeadLetterReason.set(reason);
    metrics.recordDeadLetter(record.topic(), group, reason);
    log.warn(
        "Dead-lettering {}-{}@{} (key {}) to {}: {} ({})",
        record.topic(),
        record.partition(),
        record.offset(),
        record.key(),
        deadLetterTopic,
        reason.label(),
        rootMessage(failure));
    return deadLetterTopic;
  }

  static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
