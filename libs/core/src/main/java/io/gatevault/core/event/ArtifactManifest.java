package io.gatevault.core.event;

import java.time.Instant;
import java.util.Map;

/**
 * Plaintext metadata of one sealed artifact, also stored beside it so the catalog can be rebuilt
 * from storage alone.
 *
 * @param name file name in the repository, e.g. {@code kong-prod-20250818-1430-full.json.gvx}
 * @param version manifest version: 1 when sealed, incremented when rotation re-wraps the key
 * @param cipher encryption scheme, e.g. {@code AES-256-GCM-STREAM}
 * @param sha256 lower-case hex SHA-256 of the whole ciphertext
 * @param watermarkSequence change-log sequence the artifact is consistent with
 * @param description free text from the request, or null
 * @param wrappedDataKey the data key wrapped by the keyring of {@code keyReference} (ciphertext,
 *     never key material in the clear), or null when the producer predates this field
 */
public record ArtifactManifest(
    EventEnvelope envelope,
    String artifactId,
    String gatewayId,
    String environment,
    String name,
    ArtifactKind kind,
    int version,
    String cipher,
    KeyReference keyReference,
    long plaintextSize,
    long ciphertextSize,
    String sha256,
    long watermarkSequence,
    String retentionClass,
    Map<String, String> tags,
    String description,
    Instant createdAt,
    BinaryContent wrappedDataKey)
    implements GatevaultEvent {

  /** A manifest without the wrapped data key: the first release's signature. */
  public ArtifactManifest(
      EventEnvelope envelope,
      String artifactId,
      String gatewayId,
      String environment,
      String name,
      ArtifactKind kind,
      int version,
      String cipher,
      KeyReference keyReference,
      long plaintextSize,
      long ciphertextSize,
      String sha256,
      long watermarkSequence,
      String retentionClass,
      Map<String, String> tags,
      String description,
      Instant createdAt) {
    this(
        envelope,
        artifactId,
        gatewayId,
        environment,
        name,
        kind,
        version,
        cipher,
        keyReference,
        plaintextSize,
        ciphertextSize,
        sha256,
        watermarkSequence,
        retentionClass,
        tags,
        description,
        createdAt,
        null);
  }

  public ArtifactManifest {
    Require.present(envelope, "ArtifactManifest.envelope");
    Require.nonBlank(artifactId, "ArtifactManifest.artifactId");
    Require.nonBlank(gatewayId, "ArtifactManifest.gatewayId");
    Require.sameGateway(envelope, gatewayId, "ArtifactManifest");
    Require.nonBlank(environment, "ArtifactManifest.environment");
    Require.nonBlank(name, "ArtifactManifest.name");
    Require.present(kind, "ArtifactManifest.kind");
    Require.atLeast(1, version, "ArtifactManifest.version");
    Require.nonBlank(cipher, "ArtifactManifest.cipher");
    Require.present(keyReference, "ArtifactManifest.keyReference");
    Require.notNegative(plaintextSize, "ArtifactManifest.plaintextSize");
    Require.notNegative(ciphertextSize, "ArtifactManifest.ciphertextSize");
    Require.sha256Hex(sha256, "ArtifactManifest.sha256");
    Require.notNegative(watermarkSequence, "ArtifactManifest.watermarkSequence");
    Require.nonBlank(retentionClass, "ArtifactManifest.retentionClass");
    tags = Require.stringMap(tags, "ArtifactManifest.tags");
    Require.present(createdAt, "ArtifactManifest.createdAt");
    if (wrappedDataKey != null && wrappedDataKey.size() == 0) {
      throw new IllegalArgumentException(
          "ArtifactManifest.wrappedDataKey must be null or non-empty, but was empty");
    }
  }
}
