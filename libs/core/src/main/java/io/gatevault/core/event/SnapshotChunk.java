package io.gatevault.core.event;

import java.time.Instant;
import java.util.Map;

/**
 * One ordered piece of a plaintext snapshot.
 *
 * @param snapshotId shared by all chunks of the snapshot
 * @param chunkIndex zero-based position, below {@code chunkCount}
 * @param payload this chunk's bytes, at most {@link BinaryContent#MAX_CHUNK_BYTES}
 * @param totalSize size of the whole snapshot document
 * @param sha256 lower-case hex SHA-256 of the whole snapshot document
 * @param watermarkSequence change-log sequence the snapshot is consistent with
 * @param tags descriptive tags copied into the artifact manifest
 * @param capturedAt when the snapshot was read from the gateway
 * @param name file name of the snapshot document ({@code
 *     <gatewayId>-<yyyyMMdd>-<HHmm>-<full|incremental>.json}, capture time in UTC), or null when
 *     the producer predates naming
 * @param version backup version of the gateway (1, 2, ...), or {@link #UNNUMBERED} when the
 *     producer predates numbering
 * @param description free-text description of the deployment state, or null
 * @param environment environment of the gateway (e.g. prod), or null when the producer predates it
 */
public record SnapshotChunk(
    EventEnvelope envelope,
    String snapshotId,
    String gatewayId,
    BackupType backupType,
    int chunkIndex,
    int chunkCount,
    BinaryContent payload,
    long totalSize,
    String sha256,
    long watermarkSequence,
    Map<String, String> tags,
    Instant capturedAt,
    String name,
    int version,
    String description,
    String environment)
    implements GatevaultEvent {

  /** The version of a snapshot whose producer did not number snapshots. */
  public static final int UNNUMBERED = 0;

  /**
   * A chunk without name, version, description or environment: the fields of the first schema
   * release, for producers and tests that do not know the newer ones.
   */
  public SnapshotChunk(
      EventEnvelope envelope,
      String snapshotId,
      String gatewayId,
      BackupType backupType,
      int chunkIndex,
      int chunkCount,
      BinaryContent payload,
      long totalSize,
      String sha256,
      long watermarkSequence,
      Map<String, String> tags,
      Instant capturedAt) {
    this(
        envelope,
        snapshotId,
        gatewayId,
        backupType,
        chunkIndex,
        chunkCount,
        payload,
        totalSize,
        sha256,
        watermarkSequence,
        tags,
        capturedAt,
        null,
        UNNUMBERED,
        null,
        null);
  }

  public SnapshotChunk {
    Require.present(envelope, "SnapshotChunk.envelope");
    Require.nonBlank(snapshotId, "SnapshotChunk.snapshotId");
    Require.nonBlank(gatewayId, "SnapshotChunk.gatewayId");
    Require.sameGateway(envelope, gatewayId, "SnapshotChunk");
    Require.present(backupType, "SnapshotChunk.backupType");
    Require.present(payload, "SnapshotChunk.payload");
    Require.chunk(chunkIndex, chunkCount, payload, "SnapshotChunk");
    if (totalSize < payload.size()) {
      throw new IllegalArgumentException(
          "SnapshotChunk.totalSize "
              + totalSize
              + " is smaller than this chunk's "
              + payload.size()
              + " bytes");
    }
    Require.sha256Hex(sha256, "SnapshotChunk.sha256");
    Require.notNegative(watermarkSequence, "SnapshotChunk.watermarkSequence");
    tags = Require.stringMap(tags, "SnapshotChunk.tags");
    Require.present(capturedAt, "SnapshotChunk.capturedAt");
    Require.nullOrNonBlank(name, "SnapshotChunk.name");
    if (name != null && (name.contains("/") || name.contains("\\"))) {
      throw new IllegalArgumentException(
          "SnapshotChunk.name must be a file name without path separators, but was '" + name + "'");
    }
    Require.notNegative(version, "SnapshotChunk.version");
    Require.nullOrNonBlank(description, "SnapshotChunk.description");
    Require.nullOrNonBlank(environment, "SnapshotChunk.environment");
  }

  /** The version as shown to people: {@code v3}, or {@code unnumbered}. */
  public String versionLabel() {
    return version == UNNUMBERED ? "unnumbered" : "v" + version;
  }
}
