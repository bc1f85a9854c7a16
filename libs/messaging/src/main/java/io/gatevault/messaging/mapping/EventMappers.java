package io.gatevault.messaging.mapping;

import io.gatevault.core.event.GatevaultEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Maps any domain event to its Avro record and back, picking the mapper by type, so a consumer of a
 * topic with several record types (e.g. gatevault.artifacts.sealed) needs one entry point.
 */
public final class EventMappers {

  private final List<EventMapper<?, ?>> mappers;
  private final Map<Class<?>, EventMapper<?, ?>> byAvroType = new LinkedHashMap<>();

  /** All Gatevault events. */
  public EventMappers() {
    this(
        List.of(
            new ConfigChangeMapper(),
            new SnapshotChunkMapper(),
            new SealedArtifactMapper(),
            new ArtifactManifestMapper(),
            new ReplicaWrittenMapper(),
            new VerificationResultMapper(),
            new DeletionRecordMapper(),
            new CommandMapper(),
            new AuditRecordMapper()));
  }

  EventMappers(List<EventMapper<?, ?>> mappers) {
    this.mappers = List.copyOf(mappers);
    for (EventMapper<?, ?> mapper : this.mappers) {
      if (byAvroType.put(mapper.avroType(), mapper) != null) {
        throw new IllegalArgumentException(
            "Two mappers for Avro type " + mapper.avroType().getName() + ": keep one");
      }
    }
  }

  public SpecificRecord toAvro(GatevaultEvent event) {
    if (event == null) {
      throw new IllegalArgumentException("EventMappers.toAvro needs an event, but got null");
    }
    for (EventMapper<?, ?> mapper : mappers) {
      if (mapper.domainType().isInstance(event)) {
        return toAvroWith(mapper, event);
      }
    }
    throw new IllegalArgumentException(
        "No mapper for domain event " + event.getClass().getName() + "; " + known());
  }

  /**
   * @throws IllegalArgumentException when the record's type has no mapper or the record breaks the
   *     contract; the message names the type, the event id when readable, and the field
   */
  public GatevaultEvent toDomain(SpecificRecord record) {
    if (record == null) {
      throw new IllegalArgumentException("EventMappers.toDomain needs a record, but got null");
    }
    EventMapper<?, ?> mapper = byAvroType.get(record.getClass());
    if (mapper == null) {
      throw new IllegalArgumentException(
          "No mapper for Avro record " + record.getClass().getName() + "; " + known());
    }
    try {
      return toDomainWith(mapper, record);
    } catch (IllegalArgumentException invalid) {
      throw new IllegalArgumentException(
          "Cannot map Avro "
              + record.getSchema().getName()
              + eventIdOf(record)
              + " to the domain: "
              + invalid.getMessage(),
          invalid);
    }
  }

  /** The Avro record class events of this domain type are written as. */
  public Class<? extends SpecificRecord> avroTypeOf(Class<? extends GatevaultEvent> domainType) {
    for (EventMapper<?, ?> mapper : mappers) {
      if (mapper.domainType().isAssignableFrom(domainType)) {
        return mapper.avroType();
      }
    }
    throw new IllegalArgumentException(
        "No mapper for domain event " + domainType.getName() + "; " + known());
  }

  private static <D extends GatevaultEvent, A extends SpecificRecord> A toAvroWith(
      EventMapper<D, A> mapper, GatevaultEvent event) {
    return mapper.toAvro(mapper.domainType().cast(event));
  }

  private static <D extends GatevaultEvent, A extends SpecificRecord> D toDomainWith(
      EventMapper<D, A> mapper, SpecificRecord record) {
    return mapper.toDomain(mapper.avroType().cast(record));
  }

  /** Read generically so a message about any event type can name the event's id. */
  private static String eventIdOf(SpecificRecord record) {
    Schema.Field envelopeField = record.getSchema().getField("envelope");
    if (envelopeField != null
        && record.get(envelopeField.pos())
            instanceof io.gatevault.schemas.avro.EventEnvelope envelope
        && envelope.getEventId() != null) {
      return " (eventId " + envelope.getEventId() + ")";
    }
    return "";
  }

  private String known() {
    return "known: "
        + mappers.stream()
            .map(mapper -> mapper.domainType().getSimpleName())
            .collect(Collectors.joining(", "));
  }
}
