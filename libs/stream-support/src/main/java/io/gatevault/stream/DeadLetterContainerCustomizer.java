package io.gatevault.stream;

import java.time.Duration;
import org.springframework.cloud.stream.config.ListenerContainerCustomizer;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Gives every consumer container an error handler for what fails before the function runs: an
 * undecodable record goes straight to its DLT through {@link UndecodableRecordPublisher}, so it
 * never blocks the records behind it; a transient failure (an unreachable schema registry, a DLT
 * write that failed) is retried with back-off first.
 */
public class DeadLetterContainerCustomizer
    implements ListenerContainerCustomizer<AbstractMessageListenerContainer<?, ?>> {

  private final UndecodableRecordPublisher publisher;
  private final Duration transientBackOffMax;

  public DeadLetterContainerCustomizer(
      UndecodableRecordPublisher publisher, Duration transientBackOffMax) {
    this.publisher = publisher;
    this.transientBackOffMax = transientBackOffMax;
  }

  @Override
  public void configure(
      AbstractMessageListenerContainer<?, ?> container, String destinationName, String group) {
    if (group == null || group.isBlank()) {
      return;
    }
    DefaultErrorHandler handler =
        new DefaultErrorHandler(
            (record, failure) -> publisher.publish(record, failure, group), new FixedBackOff(0, 0));
    // Spring Kafka never retries a DeserializationException; we do when its cause is transient
    // (an unreachable registry), and let the back-off function send the rest straight on.
    handler.removeClassification(DeserializationException.class);
    handler.setBackOffFunction(
        (record, failure) ->
            FailureClassifier.isTransient(failure) ? transientBackOff() : new FixedBackOff(0, 0));
    container.setCommonErrorHandler(handler);
  }

  private BackOff transientBackOff() {
    ExponentialBackOff backOff = new ExponentialBackOff(1000, 2.0);
    backOff.setMaxInterval(transientBackOffMax.toMillis());
    backOff.setMaxElapsedTime(Duration.ofMinutes(2).toMillis());
    return backOff;
  }
}
