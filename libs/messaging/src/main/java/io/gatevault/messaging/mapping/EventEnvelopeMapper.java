package io.gatevault.messaging.mapping;

import io.gatevault.core.event.EventEnvelope;

/** Maps the envelope every event carries. */
public final class EventEnvelopeMapper {

  private EventEnvelopeMapper() {}

  public static io.gatevault.schemas.avro.EventEnvelope toAvro(EventEnvelope envelope) {
    return io.gatevault.schemas.avro.EventEnvelope.newBuilder()
        .setEventId(envelope.eventId())
        .setSchemaVersion(envelope.schemaVersion())
        .setEventType(envelope.eventType())
        .setProducer(envelope.producer())
        .setCorrelationId(envelope.correlationId())
        .setCausationId(envelope.causationId())
        .setProducedAt(envelope.producedAt())
        .setGatewayId(envelope.gatewayId())
        .build();
  }

  /**
   * @param field where the envelope sits, e.g. {@code ConfigChange.envelope}, for messages
   */
  public static EventEnvelope toDomain(io.gatevault.schemas.avro.EventEnvelope avro, String field) {
    AvroFields.required(avro, field);
    return new EventEnvelope(
        AvroFields.required(avro.getEventId(), field + ".eventId"),
        avro.getSchemaVersion(),
        AvroFields.required(avro.getEventType(), field + ".eventType"),
        AvroFields.required(avro.getProducer(), field + ".producer"),
        avro.getCorrelationId(),
        avro.getCausationId(),
        AvroFields.required(avro.getProducedAt(), field + ".producedAt"),
        avro.getGatewayId());
  }
}
