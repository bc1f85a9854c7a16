package io.gatevault.core.pitr;

import java.time.Instant;
import java.util.Objects;

/**
 * Something a replay can start from: a verified snapshot, or a checkpoint written from one.
 *
 * @param kind snapshot or checkpoint
 * @param id the artifact's id (snapshot name or artifact id; for a checkpoint its own id)
 * @param baseSnapshot the snapshot whose native document a composed configuration builds on: the
 *     snapshot itself, or the one a checkpoint descends from
 * @param watermark the last change-log sequence it holds (-1: none)
 * @param at when it was taken (a snapshot) or when its last change happened (a checkpoint)
 * @param verified whether verification passed; unverified bases are never chosen
 */
public record ReplayBase(
    Kind kind, String id, String baseSnapshot, long watermark, Instant at, boolean verified) {

  /** What kind of base. */
  public enum Kind {
    SNAPSHOT,
    CHECKPOINT
  }

  public ReplayBase {
    Objects.requireNonNull(kind, "kind");
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("A replay base needs an id");
    }
    if (kind == Kind.SNAPSHOT) {
      baseSnapshot = baseSnapshot == null ? id : baseSnapshot;
      if (!baseSnapshot.equals(id)) {
        throw new IllegalArgumentException(
            "Snapshot " + id + " is its own base, got base " + baseSnapshot);
      }
    } else if (baseSnapshot == null || baseSnapshot.isBlank()) {
      throw new IllegalArgumentException("Checkpoint " + id + " must name its base snapshot");
    }
    if (watermark < -1) {
      throw new IllegalArgumentException("Watermark of " + id + " must be >= -1");
    }
    Objects.requireNonNull(at, "at");
  }

  /** A verified snapshot or not. */
  public static ReplayBase snapshot(String id, long watermark, Instant takenAt, boolean verified) {
    return new ReplayBase(Kind.SNAPSHOT, id, id, watermark, takenAt, verified);
  }

  /** A checkpoint (checkpoints are verified like any artifact; pass the outcome). */
  public static ReplayBase checkpoint(
      String id, String baseSnapshot, long watermark, Instant at, boolean verified) {
    return new ReplayBase(Kind.CHECKPOINT, id, baseSnapshot, watermark, at, verified);
  }
}
