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
    Instant capturedAt)
    implements GatevaultEvent {

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
  }
}
