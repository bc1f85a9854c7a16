package io.gatevault.messaging.mapping;

import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.AuditRecord;

/** {@link AuditRecord} on topic gatevault.audit. */
public final class AuditRecordMapper
    implements EventMapper<AuditRecord, io.gatevault.schemas.avro.AuditRecord> {

  @Override
  public Class<AuditRecord> domainType() {
    return AuditRecord.class;
  }

  @Override
  public Class<io.gatevault.schemas.avro.AuditRecord> avroType() {
    return io.gatevault.schemas.avro.AuditRecord.class;
  }

  @Override
  public io.gatevault.schemas.avro.AuditRecord toAvro(AuditRecord audit) {
    return io.gatevault.schemas.avro.AuditRecord.newBuilder()
        .setEnvelope(EventEnvelopeMapper.toAvro(audit.envelope()))
        .setActor(audit.actor())
        .setAction(audit.action())
        .setTarget(audit.target())
        .setOutcome(
            AvroFields.avroSymbol(audit.outcome(), io.gatevault.schemas.avro.AuditOutcome.class))
        .setDetail(audit.detail())
        .setAt(audit.at())
        .build();
  }

  @Override
  public AuditRecord toDomain(io.gatevault.schemas.avro.AuditRecord avro) {
    return new AuditRecord(
        EventEnvelopeMapper.toDomain(avro.getEnvelope(), "AuditRecord.envelope"),
        AvroFields.required(avro.getActor(), "AuditRecord.actor"),
        AvroFields.required(avro.getAction(), "AuditRecord.action"),
        AvroFields.required(avro.getTarget(), "AuditRecord.target"),
        AvroFields.sameSymbol(avro.getOutcome(), AuditOutcome.class, "AuditRecord.outcome"),
        AvroFields.required(avro.getDetail(), "AuditRecord.detail"),
        AvroFields.required(avro.getAt(), "AuditRecord.at"));
  }
}
