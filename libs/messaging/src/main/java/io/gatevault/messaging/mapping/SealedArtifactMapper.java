package io.gatevault.messaging.mapping;

import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.event.BinaryContent;
import io.gatevault.core.event.SealedArtifact;

/** {@link SealedArtifact} chunks on topic gatevault.artifacts.sealed. */
public final class SealedArtifactMapper
    implements EventMapper<SealedArtifact, io.gatevault.schemas.avro.SealedArtifact> {

  @Override
  public Class<SealedArtifact> domainType() {
    return SealedArtifact.class;
  }

  @Override
  public Class<io.gatevault.schemas.avro.SealedArtifact> avroType() {
    return io.gatevault.schemas.avro.SealedArtifact.class;
  }

  @Override
  public io.gatevault.schemas.avro.SealedArtifact toAvro(SealedArtifact sealed) {
    return io.gatevault.schemas.avro.SealedArtifact.newBuilder()
        .setEnvelope(EventEnvelopeMapper.toAvro(sealed.envelope()))
        .setArtifactId(sealed.artifactId())
        .setGatewayId(sealed.gatewayId())
        .setKind(AvroFields.avroSymbol(sealed.kind(), io.gatevault.schemas.avro.ArtifactKind.class))
        .setChunkIndex(sealed.chunkIndex())
        .setChunkCount(sealed.chunkCount())
        .setCiphertext(sealed.ciphertext().asReadOnlyBuffer())
        .setChunkSha256(sealed.chunkSha256())
        .setSealedAt(sealed.sealedAt())
        .build();
  }

  @Override
  public SealedArtifact toDomain(io.gatevault.schemas.avro.SealedArtifact avro) {
    return new SealedArtifact(
        EventEnvelopeMapper.toDomain(avro.getEnvelope(), "SealedArtifact.envelope"),
        AvroFields.required(avro.getArtifactId(), "SealedArtifact.artifactId"),
        AvroFields.required(avro.getGatewayId(), "SealedArtifact.gatewayId"),
        AvroFields.sameSymbol(avro.getKind(), ArtifactKind.class, "SealedArtifact.kind"),
        avro.getChunkIndex(),
        avro.getChunkCount(),
        BinaryContent.copyOf(
            AvroFields.required(avro.getCiphertext(), "SealedArtifact.ciphertext")),
        AvroFields.required(avro.getChunkSha256(), "SealedArtifact.chunkSha256"),
        AvroFields.required(avro.getSealedAt(), "SealedArtifact.sealedAt"));
  }
}
