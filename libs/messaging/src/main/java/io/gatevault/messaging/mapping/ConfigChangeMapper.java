package io.gatevault.messaging.mapping;

import io.gatevault.core.event.ChangeOperation;
import io.gatevault.core.event.ChangeSource;
import io.gatevault.core.event.ConfigChange;

/** {@link ConfigChange} on topic gatevault.changes.raw. */
public final class ConfigChangeMapper
    implements EventMapper<ConfigChange, io.gatevault.schemas.avro.ConfigChange> {

  @Override
  public Class<ConfigChange> domainType() {
    return ConfigChange.class;
  }

  @Override
  public Class<io.gatevault.schemas.avro.ConfigChange> avroType() {
    return io.gatevault.schemas.avro.ConfigChange.class;
  }

  @Override
  public io.gatevault.schemas.avro.ConfigChange toAvro(ConfigChange change) {
    return io.gatevault.schemas.avro.ConfigChange.newBuilder()
        .setEnvelope(EventEnvelopeMapper.toAvro(change.envelope()))
        .setGatewayId(change.gatewayId())
        .setSequence(change.sequence())
        .setOp(AvroFields.avroSymbol(change.op(), io.gatevault.schemas.avro.ChangeOperation.class))
        .setEntityType(change.entityType())
        .setEntityId(change.entityId())
        .setNaturalKey(change.naturalKey())
        .setBefore(change.before())
        .setAfter(change.after())
        .setSource(
            io.gatevault.schemas.avro.ChangeSource.newBuilder()
                .setFeed(change.source().feed())
                .setReference(change.source().reference())
                .setActor(change.source().actor())
                .build())
        .setOccurredAt(change.occurredAt())
        .setCapturedAt(change.capturedAt())
        .build();
  }

  @Override
  public ConfigChange toDomain(io.gatevault.schemas.avro.ConfigChange avro) {
    io.gatevault.schemas.avro.ChangeSource source =
        AvroFields.required(avro.getSource(), "ConfigChange.source");
    return new ConfigChange(
        EventEnvelopeMapper.toDomain(avro.getEnvelope(), "ConfigChange.envelope"),
        AvroFields.required(avro.getGatewayId(), "ConfigChange.gatewayId"),
        avro.getSequence(),
        AvroFields.sameSymbol(avro.getOp(), ChangeOperation.class, "ConfigChange.op"),
        AvroFields.required(avro.getEntityType(), "ConfigChange.entityType"),
        AvroFields.required(avro.getEntityId(), "ConfigChange.entityId"),
        avro.getNaturalKey(),
        avro.getBefore(),
        avro.getAfter(),
        new ChangeSource(
            AvroFields.required(source.getFeed(), "ConfigChange.source.feed"),
            source.getReference(),
            source.getActor()),
        AvroFields.required(avro.getOccurredAt(), "ConfigChange.occurredAt"),
        AvroFields.required(avro.getCapturedAt(), "ConfigChange.capturedAt"));
  }
}
