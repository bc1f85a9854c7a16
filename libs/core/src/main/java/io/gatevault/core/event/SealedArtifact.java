package io.gatevault.core.event;

import java.time.Instant;

/**
 * One ordered chunk of an artifact's ciphertext; the {@link ArtifactManifest} with the same
 * artifactId describes the whole.
 *
 * @param chunkSha256 lower-case hex SHA-256 of this chunk's ciphertext
 */
public record SealedArtifact(
    EventEnvelope envelope,
    String artifactId,
    String gatewayId,
    ArtifactKind kind,
    int chunkIndex,
    int chunkCount,
    BinaryContent ciphertext,
    String chunkSha256,
    Instant sealedAt)
    implements GatevaultEvent {

  public SealedArtifact {
    Require.present(envelope, "SealedArtifact.envelope");
    Require.nonBlank(artifactId, "SealedArtifact.artifactId");
    Require.nonBlank(gatewayId, "SealedArtifact.gatewayId");
    Require.sameGateway(envelope, gatewayId, "SealedArtifact");
    Require.present(kind, "SealedArtifact.kind");
    Require.present(ciphertext, "SealedArtifact.ciphertext");
    Require.chunk(chunkIndex, chunkCount, ciphertext, "SealedArtifact");
    Require.sha256Hex(chunkSha256, "SealedArtifact.chunkSha256");
    Require.present(sealedAt, "SealedArtifact.sealedAt");
  }
}
