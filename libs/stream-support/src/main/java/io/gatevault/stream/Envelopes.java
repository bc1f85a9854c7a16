package io.gatevault.stream;

import io.gatevault.core.event.EventEnvelope;
import io.gatevault.core.id.DeterministicId;
import java.time.Clock;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * Makes the envelopes of the events this service produces: producer is the service name, the event
 * id is derived ({@link DeterministicId#EVENTS}) from the event type and the given parts, so
 * handling the same input twice yields the same ids and downstream consumers drop the duplicate.
 */
public final class Envelopes {

  private final String serviceName;
  private final Clock clock;

  public Envelopes(String serviceName, Clock clock) {
    this.serviceName = serviceName;
    this.clock = clock;
  }

  /**
   * An envelope for an event of {@code eventType} caused by {@code cause} (or null), whose id is
   * derived from {@code idParts}.
   */
  public EventEnvelope derived(
      String eventType, EventEnvelope cause, String gatewayId, String... idParts) {
    String eventId =
        DeterministicId.EVENTS.deriveString(
            Stream.concat(Stream.of(eventType, serviceName), Arrays.stream(idParts))
                .toArray(String[]::new));
    String correlationId = cause == null ? null : correlationOf(cause);
    return new EventEnvelope(
        eventId,
        EventEnvelope.CURRENT_SCHEMA_VERSION,
        eventType,
        serviceName,
        correlationId,
        cause == null ? null : cause.eventId(),
        clock.instant(),
        gatewayId);
  }

  public String serviceName() {
    return serviceName;
  }

  public Clock clock() {
    return clock;
  }

  private static String correlationOf(EventEnvelope cause) {
    return cause.correlationId() != null ? cause.correlationId() : cause.eventId();
  }
}
