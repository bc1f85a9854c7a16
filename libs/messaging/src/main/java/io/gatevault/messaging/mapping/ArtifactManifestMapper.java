package io.gatevault.messaging.mapping;

import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.event.ArtifactManifest;
import io.gatevault.core.event.BinaryContent;
import io.gatevault.core.event.KeyReference;

/** {@link ArtifactManifest} on topic gatevault.artifacts.sealed. */
public final class ArtifactManifestMapper
    implements EventMapper<ArtifactManifest, io.gatevault.schemas.avro.ArtifactManifest> {

  @Override
  public Class<ArtifactManifest> domainType() {
    return ArtifactManifest.class;
  }

  @Override
  public Class<io.gatevault.schemas.avro.ArtifactManifest> avroType() {
    return io.gatevault.schemas.avro.ArtifactManifest.class;
  }

  @Override
  public io.gatevault.schemas.avro.ArtifactManifest toAvro(ArtifactManifest manifest) {
    KeyReference key = manifest.keyReference();
    return io.gatevault.schemas.avro.ArtifactManifest.newBuilder()
        .setEnvelope(EventEnvelopeMapper.toAvro(manifest.envelope()))
        .setArtifactId(manifest.artifactId())
        .setGatewayId(manifest.gatewayId())
        .setEnvironment(manifest.environment())
        .setName(manifest.name())
        .setKind(
            AvroFields.avroSymbol(manifest.kind(), io.gatevault.schemas.avro.ArtifactKind.class))
        .setVersion(manifest.version())
        .setCipher(manifest.cipher())
        .setKeyReference(
            io.gatevault.schemas.avro.KeyReference.newBuilder()
                .setKeyringId(key.keyringId())
                .setKeyId(key.keyId())
                .setKeyVersion(key.keyVersion())
                .setWrappedKeyObject(key.wrappedKeyObject())
                .build())
        .setPlaintextSize(manifest.plaintextSize())
        .setCiphertextSize(manifest.ciphertextSize())
        .setSha256(manifest.sha256())
        .setWatermarkSequence(manifest.watermarkSequence())
        .setRetentionClass(manifest.retentionClass())
        .setTags(manifest.tags())
        .setDescription(manifest.description())
        .setCreatedAt(manifest.createdAt())
        .setWrappedDataKey(
            manifest.wrappedDataKey() == null ? null : manifest.wrappedDataKey().asReadOnlyBuffer())
        .build();
  }

  @Override
  public ArtifactManifest toDomain(io.gatevault.schemas.avro.ArtifactManifest avro) {
    io.gatevault.schemas.avro.KeyReference key =
        AvroFields.required(avro.getKeyReference(), "ArtifactManifest.keyReference");
    return new ArtifactManifest(
        EventEnvelopeMapper.toDomain(avro.getEnvelope(), "ArtifactManifest.envelope"),
        AvroFields.required(avro.getArtifactId(), "ArtifactManifest.artifactId"),
        AvroFields.required(avro.getGatewayId(), "ArtifactManifest.gatewayId"),
        AvroFields.required(avro.getEnvironment(), "ArtifactManifest.environment"),
        AvroFields.required(avro.getName(), "ArtifactManifest.name"),
        AvroFields.sameSymbol(avro.getKind(), ArtifactKind.class, "ArtifactManifest.kind"),
        avro.getVersion(),
        AvroFields.required(avro.getCipher(), "ArtifactManifest.cipher"),
        new KeyReference(
            AvroFields.required(key.getKeyringId(), "ArtifactManifest.keyReference.keyringId"),
            AvroFields.required(key.getKeyId(), "ArtifactManifest.keyReference.keyId"),
            key.getKeyVersion(),
            AvroFields.required(
                key.getWrappedKeyObject(), "ArtifactManifest.keyReference.wrappedKeyObject")),
        avro.getPlaintextSize(),
        avro.getCiphertextSize(),
        AvroFields.required(avro.getSha256(), "ArtifactManifest.sha256"),
        avro.getWatermarkSequence(),
        AvroFields.required(avro.getRetentionClass(), "ArtifactManifest.retentionClass"),
        AvroFields.required(avro.getTags(), "ArtifactManifest.tags"),
        avro.getDescription(),
        AvroFields.required(avro.getCreatedAt(), "ArtifactManifest.createdAt"),
        avro.getWrappedDataKey() == null ? null : BinaryContent.copyOf(avro.getWrappedDataKey()));
  }
}
