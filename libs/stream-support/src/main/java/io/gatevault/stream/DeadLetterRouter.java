package io.gatevault.stream;

import io.gatevault.core.event.AuditOutcome;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
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

  private ObjectProvider<AuditTrail> auditTrail;

  /** Also records every dead-lettered record in the audit trail (not for audit records). */
  void auditWith(ObjectProvider<AuditTrail> auditTrail) {
    this.auditTrail = auditTrail;
  }

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
    audit(record, deadLetterTopic, reason, failure);
    return deadLetterTopic;
  }

  /**
   * The most telling message in a failure's chain: the first of Gatevault's own exceptions (they
   * say what is wrong and what to do), else the root cause, which the framework wrappers hide.
   */
  static String rootMessage(Throwable failure) {
    Throwable root = failure;
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getClass().getName().startsWith("io.gatevault.") && t.getMessage() != null) {
        return t.getClass().getSimpleName() + ": " + t.getMessage();
      }
      root = t;
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  private void audit(
      ConsumerRecord<?, ?> record, String deadLetterTopic, DeadLetterReason reason, Exception e) {
    AuditTrail trail = auditTrail == null ? null : auditTrail.getIfAvailable();
    if (trail == null || GatevaultTopics.AUDIT.equals(record.topic())) {
      return;
    }
    try {
      trail.record(
          "record.dead-lettered",
          record.topic() + "-" + record.partition() + "@" + record.offset(),
          AuditOutcome.FAILURE,
          null,
          null,
          Map.of(
              "reason", reason.label(),
              "error", rootMessage(e),
              "deadLetterTopic", deadLetterTopic,
              "key", String.valueOf(record.key())));
    } catch (RuntimeException auditFailure) {
      log.warn("Could not audit the dead-lettered record: {}", auditFailure.getMessage());
    }
  }
}
