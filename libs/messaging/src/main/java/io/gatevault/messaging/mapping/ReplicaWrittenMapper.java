package io.gatevault.messaging.mapping;

import io.gatevault.core.event.ReplicaWritten;
import io.gatevault.core.event.StorageMedium;

/** {@link ReplicaWritten} on topic gatevault.replicas. */
public final class ReplicaWrittenMapper
    implements EventMapper<ReplicaWritten, io.gatevault.schemas.avro.ReplicaWritten> {

  @Override
  public Class<ReplicaWritten> domainType() {
    return ReplicaWritten.class;
  }

  @Override
  public Class<io.gatevault.schemas.avro.ReplicaWritten> avroType() {
    return io.gatevault.schemas.avro.ReplicaWritten.class;
  }

  @Override
  public io.gatevault.schemas.avro.ReplicaWritten toAvro(ReplicaWritten replica) {
    return io.gatevault.schemas.avro.ReplicaWritten.newBuilder()
        .setEnvelope(EventEnvelopeMapper.toAvro(replica.envelope()))
        .setArtifactId(replica.artifactId())
        .setTargetId(replica.targetId())
        .setMedium(
            AvroFields.avroSymbol(replica.medium(), io.gatevault.schemas.avro.StorageMedium.class))
        .setRegion(replica.region())
        .setOffSite(replica.offSite())
        .setOffline(replica.offline())
        .setLocation(replica.location())
        .setSha256(replica.sha256())
        .setSizeBytes(replica.sizeBytes())
        .setWrittenAt(replica.writtenAt())
        .build();
  }

  @Override
  public ReplicaWritten toDomain(io.gatevault.schemas.avro.ReplicaWritten avro) {
    return new ReplicaWritten(
        EventEnvelopeMapper.toDomain(avro.getEnvelope(), "ReplicaWritten.envelope"),
        AvroFields.required(avro.getArtifactId(), "ReplicaWritten.artifactId"),
        AvroFields.required(avro.getTargetId(), "ReplicaWritten.targetId"),
        AvroFields.sameSymbol(avro.getMedium(), StorageMedium.class, "ReplicaWritten.medium"),
        AvroFields.required(avro.getRegion(), "ReplicaWritten.region"),
        avro.getOffSite(),
        avro.getOffline(),
        AvroFields.required(avro.getLocation(), "ReplicaWritten.location"),
        AvroFields.required(avro.getSha256(), "ReplicaWritten.sha256"),
        avro.getSizeBytes(),
        AvroFields.required(avro.getWrittenAt(), "ReplicaWritten.writtenAt"));
  }
}
