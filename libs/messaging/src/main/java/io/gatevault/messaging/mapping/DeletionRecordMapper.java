package io.gatevault.messaging.mapping;

import io.gatevault.core.event.DeletionRecord;

/** {@link DeletionRecord} on topic gatevault.deletions. */
public final class DeletionRecordMapper
    implements EventMapper<DeletionRecord, io.gatevault.schemas.avro.DeletionRecord> {

  @Override
  public Class<DeletionRecord> domainType() {
    return DeletionRecord.class;
  }

  @Override
  public Class<io.gatevault.schemas.avro.DeletionRecord> avroType() {
    return io.gatevault.schemas.avro.DeletionRecord.class;
  }

  @Override
  public io.gatevault.schemas.avro.DeletionRecord toAvro(DeletionRecord deletion) {
    return io.gatevault.schemas.avro.DeletionRecord.newBuilder()
        .setEnvelope(EventEnvelopeMapper.toAvro(deletion.envelope()))
        .setArtifactId(deletion.artifactId())
        .setTargetId(deletion.targetId())
        .setLocation(deletion.location())
        .setDeletedAt(deletion.deletedAt())
        .setReason(deletion.reason())
        .setPolicy(deletion.policy())
        .setRequestedBy(deletion.requestedBy())
        .setDryRun(deletion.dryRun())
        .build();
  }

  @Override
  public DeletionRecord toDomain(io.gatevault.schemas.avro.DeletionRecord avro) {
    return new DeletionRecord(
        EventEnvelopeMapper.toDomain(avro.getEnvelope(), "DeletionRecord.envelope"),
        AvroFields.required(avro.getArtifactId(), "DeletionRecord.artifactId"),
        AvroFields.required(avro.getTargetId(), "DeletionRecord.targetId"),
        AvroFields.required(avro.getLocation(), "DeletionRecord.location"),
        AvroFields.required(avro.getDeletedAt(), "DeletionRecord.deletedAt"),
        AvroFields.required(avro.getReason(), "DeletionRecord.reason"),
        AvroFields.required(avro.getPolicy(), "DeletionRecord.policy"),
        AvroFields.required(avro.getRequestedBy(), "DeletionRecord.requestedBy"),
        avro.getDryRun());
  }
}
