package io.gatevault.core.event;

import java.time.Instant;

/**
 * Metadata every event carries.
 *
 * @param eventId unique id; deterministic (see {@code io.gatevault.core.id.DeterministicId}) for
 *     events derived from another event or a request, so redelivery de-duplicates
 * @param schemaVersion the schema release the event is written with, from 1
 * @param eventType simple name of the event, e.g. {@code ConfigChange}
 * @param producer name of the producing service, e.g. {@code capture}
 * @param correlationId id shared by all events of one operation, or null
 * @param causationId eventId of the direct cause, or null
 * @param producedAt when the producer created the event
 * @param gatewayId gateway the event concerns, or null
 */
public record EventEnvelope(
    String eventId,
    int schemaVersion,
    String eventType,
    String producer,
    String correlationId,
    String causationId,
    Instant producedAt,
    String gatewayId) {

  /** The schema release producers in this build write. */
  public static final int CURRENT_SCHEMA_VERSION = 1;

  public EventEnvelope {
    Require.nonBlank(eventId, "EventEnvelope.eventId");
    Require.atLeast(1, schemaVersion, "EventEnvelope.schemaVersion");
    Require.nonBlank(eventType, "EventEnvelope.eventType");
    Require.nonBlank(producer, "EventEnvelope.producer");
    Require.nullOrNonBlank(correlationId, "EventEnvelope.correlationId");
    Require.nullOrNonBlank(causationId, "EventEnvelope.causationId");
    Require.present(producedAt, "EventEnvelope.producedAt");
    Require.nullOrNonBlank(gatewayId, "EventEnvelope.gatewayId");
  }
}
