package io.gatevault.messaging.mapping;

import io.gatevault.core.event.VerificationCheck;
import io.gatevault.core.event.VerificationResult;
import io.gatevault.core.event.VerificationStatus;
import java.util.ArrayList;
import java.util.List;

/** {@link VerificationResult} on topic gatevault.verifications. */
public final class VerificationResultMapper
    implements EventMapper<VerificationResult, io.gatevault.schemas.avro.VerificationResult> {

  @Override
  public Class<VerificationResult> domainType() {
    return VerificationResult.class;
  }

  @Override
  public Class<io.gatevault.schemas.avro.VerificationResult> avroType() {
    return io.gatevault.schemas.avro.VerificationResult.class;
  }

  @Override
  public io.gatevault.schemas.avro.VerificationResult toAvro(VerificationResult result) {
    return io.gatevault.schemas.avro.VerificationResult.newBuilder()
        .setEnvelope(EventEnvelopeMapper.toAvro(result.envelope()))
        .setArtifactId(result.artifactId())
        .setStatus(
            AvroFields.avroSymbol(
                result.status(), io.gatevault.schemas.avro.VerificationStatus.class))
        .setChecks(
            result.checks().stream()
                .map(
                    check ->
                        io.gatevault.schemas.avro.VerificationCheck.newBuilder()
                            .setCheckName(check.checkName())
                            .setTargetId(check.targetId())
                            .setPassed(check.passed())
                            .setDetail(check.detail())
                            .build())
                .toList())
        .setVerifiedAt(result.verifiedAt())
        .build();
  }

  @Override
  public VerificationResult toDomain(io.gatevault.schemas.avro.VerificationResult avro) {
    List<io.gatevault.schemas.avro.VerificationCheck> avroChecks =
        AvroFields.required(avro.getChecks(), "VerificationResult.checks");
    List<VerificationCheck> checks = new ArrayList<>(avroChecks.size());
    for (int i = 0; i < avroChecks.size(); i++) {
      String field = "VerificationResult.checks[" + i + "]";
      io.gatevault.schemas.avro.VerificationCheck check =
          AvroFields.required(avroChecks.get(i), field);
      checks.add(
          new VerificationCheck(
              AvroFields.required(check.getCheckName(), field + ".checkName"),
              check.getTargetId(),
              check.getPassed(),
              AvroFields.required(check.getDetail(), field + ".detail")));
    }
    return new VerificationResult(
        EventEnvelopeMapper.toDomain(avro.getEnvelope(), "VerificationResult.envelope"),
        AvroFields.required(avro.getArtifactId(), "VerificationResult.artifactId"),
        AvroFields.sameSymbol(
            avro.getStatus(), VerificationStatus.class, "VerificationResult.status"),
        checks,
        AvroFields.required(avro.getVerifiedAt(), "VerificationResult.verifiedAt"));
  }
}
