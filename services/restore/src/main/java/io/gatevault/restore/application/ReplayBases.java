package io.gatevault.restore.application;

import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.pitr.Checkpoint;
import io.gatevault.core.pitr.ConfigState;
import io.gatevault.core.pitr.ReplayBase;
import io.gatevault.core.storage.StoredBackup;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints as replay bases. A checkpoint holds the entities at its watermark; the native
 * document a restore composes them into comes from a snapshot, the nearest verified one at or
 * before the checkpoint (the one a replay without checkpoints would have started from), so a
 * checkpoint is usable while such a snapshot is.
 */
final class ReplayBases {

  /** Manifest tag of a checkpoint: when the last change it holds happened. */
  static final String WATERMARK_TIME_TAG = "WatermarkTime";

  private static final Logger log = LoggerFactory.getLogger(ReplayBases.class);

  private ReplayBases() {}

  /**
   * The stored checkpoints as bases, each naming the snapshot it is composed on; a checkpoint
   * without a time or without a verified snapshot at or before it is left out (logged).
   */
  static List<ReplayBase> checkpointsOf(List<StoredBackup> stored, List<ReplayBase> snapshots) {
    List<ReplayBase> checkpoints = new ArrayList<>();
    for (StoredBackup backup : stored) {
      if (backup.manifest().kind() != ArtifactKind.CHECKPOINT) {
        continue;
      }
      long watermark = backup.manifest().watermarkSequence();
      Optional<Instant> at = watermarkTimeOf(backup);
      if (at.isEmpty()) {
        continue;
      }
      Optional<ReplayBase> composedOn =
          snapshots.stream()
              .filter(ReplayBase::verified)
              .filter(snapshot -> snapshot.watermark() <= watermark)
              .filter(snapshot -> !snapshot.at().isAfter(at.get()))
              .max(Comparator.comparingLong(ReplayBase::watermark).thenComparing(ReplayBase::at));
      if (composedOn.isEmpty()) {
        log.info(
            "Checkpoint {} (seq {}) not used: no verified snapshot at or before it to compose a"
                + " configuration on",
            backup.artifactId(),
            watermark);
        continue;
      }
      checkpoints.add(
          ReplayBase.checkpoint(
              backup.artifactId(), composedOn.get().id(), watermark, at.get(), backup.verified()));
    }
    return checkpoints;
  }

  /**
   * Reads and checks a checkpoint: authenticated while unsealed ({@link BackupSource#read}), a
   * checkpoint document, of this gateway, at the watermark its manifest names.
   *
   * @throws BackupUnusableException when no copy passes the integrity checks
   * @throws IllegalArgumentException when the document is not that checkpoint
   */
  static ConfigState readCheckpoint(
      BackupSource backups, List<StoredBackup> stored, String gatewayId, ReplayBase checkpoint) {
    BackupSource.VerifiedBackup read =
        stored.stream()
            .filter(backup -> backup.artifactId().equals(checkpoint.id()))
            .findFirst()
            .map(backups::read)
            .orElseGet(() -> backups.read(checkpoint.id()));
    ConfigState state = Checkpoint.read(read.document());
    if (!state.gatewayId().equals(gatewayId)) {
      throw new IllegalArgumentException(
          "checkpoint "
              + checkpoint.id()
              + " holds gateway "
              + state.gatewayId()
              + ", not "
              + gatewayId);
    }
    if (state.watermark() != checkpoint.watermark()) {
      throw new IllegalArgumentException(
          "checkpoint "
              + checkpoint.id()
              + " holds sequence "
              + state.watermark()
              + " but its manifest says "
              + checkpoint.watermark());
    }
    return state;
  }

  private static Optional<Instant> watermarkTimeOf(StoredBackup backup) {
    String tagged = backup.manifest().tags().get(WATERMARK_TIME_TAG);
    if (tagged == null) {
      log.warn(
          "Checkpoint {} has no {} tag: not used as a replay base",
          backup.artifactId(),
          WATERMARK_TIME_TAG);
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(tagged));
    } catch (DateTimeParseException e) {
      log.warn(
          "Checkpoint {} has an unreadable {} tag '{}': not used as a replay base",
          backup.artifactId(),
          WATERMARK_TIME_TAG,
          tagged);
      return Optional.empty();
    }
  }
}
