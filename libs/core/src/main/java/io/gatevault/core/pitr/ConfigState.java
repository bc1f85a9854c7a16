package io.gatevault.core.pitr;

import io.gatevault.core.changes.EntityImage;
import io.gatevault.core.config.ConfigEntity;
import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.event.ChangeOperation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A gateway's configuration being rebuilt by replay: entities by key, plus the watermark (the last
 * change-log sequence the state holds). Built from a snapshot (its watermark is the sequence the
 * snapshot is consistent with) or from a {@link Checkpoint}; changes are applied strictly one
 * sequence after the other, as an idempotent upsert or delete by entity key.
 *
 * <p>Entities are kept as their images (canonical JSON text) and decoded only when {@link
 * #entities()} is asked for: replaying a million changes then costs a map update each, not a JSON
 * parse. Not thread-safe: one replay owns one state.
 */
public final class ConfigState {

  /** Sequence recorded for entities that came from the base rather than from a replayed change. */
  static final long FROM_BASE = -1;

  private record Slot(String image, long sequence) {}

  private final String gatewayId;
  private final String gatewayType;
  private final String baseSnapshot;
  private final HashMap<String, Slot> byKey;
  private long watermark;
  private Instant watermarkTime;

  private ConfigState(
      String gatewayId,
      String gatewayType,
      String baseSnapshot,
      HashMap<String, Slot> byKey,
      long watermark,
      Instant watermarkTime) {
    if (gatewayId == null || gatewayId.isBlank()) {
      throw new IllegalArgumentException("ConfigState.gatewayId must not be blank");
    }
    if (gatewayType == null || gatewayType.isBlank()) {
      throw new IllegalArgumentException("ConfigState.gatewayType must not be blank");
    }
    if (baseSnapshot == null || baseSnapshot.isBlank()) {
      throw new IllegalArgumentException(
          "ConfigState needs the id of the snapshot it comes from (its native document is the"
              + " base a gateway document is composed on)");
    }
    if (watermark < -1) {
      throw new IllegalArgumentException(
          "A watermark is a sequence, or -1 before the first change, got " + watermark);
    }
    this.gatewayId = gatewayId;
    this.gatewayType = gatewayType;
    this.baseSnapshot = baseSnapshot;
    this.byKey = byKey;
    this.watermark = watermark;
    this.watermarkTime = Objects.requireNonNull(watermarkTime, "watermarkTime");
  }

  /**
   * The state a snapshot holds.
   *
   * @param snapshotId the snapshot's id (artifact id or name), kept so a checkpoint names its base
   * @param watermark the last sequence the snapshot is consistent with, -1 when none came before
   * @param takenAt when the snapshot was taken
   */
  public static ConfigState fromSnapshot(
      ConfigSnapshot snapshot, String snapshotId, long watermark, Instant takenAt) {
    HashMap<String, Slot> byKey = new HashMap<>(capacityFor(snapshot.entities().size()));
    for (ConfigEntity entity : snapshot.entities()) {
      byKey.put(entity.key(), new Slot(EntityImage.encode(entity), FROM_BASE));
    }
    return new ConfigState(
        snapshot.gatewayId(), snapshot.gatewayType(), snapshotId, byKey, watermark, takenAt);
  }

  /** A state from images by key, for {@link Checkpoint#read}. */
  static ConfigState fromImages(
      String gatewayId,
      String gatewayType,
      String baseSnapshot,
      Map<String, String> imagesByKey,
      long watermark,
      Instant watermarkTime) {
    HashMap<String, Slot> byKey = new HashMap<>(capacityFor(imagesByKey.size()));
    imagesByKey.forEach((key, image) -> byKey.put(key, new Slot(image, FROM_BASE)));
    return new ConfigState(gatewayId, gatewayType, baseSnapshot, byKey, watermark, watermarkTime);
  }

  /**
   * Applies one change: it must be the next sequence after the watermark.
   *
   * @throws ReplayException GAP when sequences are missing, STALE when the change is at or below
   *     the watermark
   */
  public void apply(LoggedChange change) {
    long expected = watermark + 1;
    if (change.sequence() != expected) {
      if (change.sequence() < expected) {
        throw new ReplayException(
            ReplayException.Problem.STALE,
            change.sequence(),
            "Change "
                + change.sequence()
                + " of gateway "
                + gatewayId
                + " is at or below the state's watermark "
                + watermark
                + ": it is already in the state or the log is out of order. Start replay at"
                + " sequence "
                + expected
                + " and feed the log in sequence order.");
      }
      throw new ReplayException(
          ReplayException.Problem.GAP,
          change.sequence(),
          "The change log of gateway "
              + gatewayId
              + " has a gap: the state is at "
              + watermark
              + ", the next change is "
              + change.sequence()
              + ", so sequences "
              + expected
              + (change.sequence() - 1 == expected ? "" : ".." + (change.sequence() - 1))
              + " are missing. Find the missing segment (or the Kafka records) before restoring"
              + " to this point.");
    }
    if (change.op() == ChangeOperation.DELETE) {
      byKey.remove(change.entityKey());
    } else {
      byKey.put(change.entityKey(), new Slot(change.after(), change.sequence()));
    }
    watermark = change.sequence();
    watermarkTime = change.occurredAt();
  }

  /**
   * Applies changes in the order given until the target: stops before the first change the target
   * excludes, or when the changes run out.
   *
   * @throws ReplayException GAP or STALE as {@link #apply}; INCOMPLETE when the target is an exact
   *     sequence the changes do not reach
   */
  public ReplayResult replay(Iterator<LoggedChange> changes, ReplayTarget target) {
    long applied = 0;
    boolean reached = false;
    if (target instanceof ReplayTarget.AtSequence at && at.sequence() <= watermark) {
      if (at.sequence() < watermark) {
        throw new ReplayException(
            ReplayException.Problem.STALE,
            at.sequence(),
            "Target "
                + target.describe()
                + " is before this state's watermark "
                + watermark
                + ": start from an older snapshot or checkpoint");
      }
      return new ReplayResult(watermark, watermarkTime, 0, true);
    }
    while (changes.hasNext()) {
      LoggedChange change = changes.next();
      if (!target.includes(change)) {
        reached = true;
        break;
      }
      apply(change);
      applied++;
      if (target instanceof ReplayTarget.AtSequence at && watermark == at.sequence()) {
        reached = true;
        break;
      }
    }
    if (!reached && target instanceof ReplayTarget.AtSequence at) {
      throw new ReplayException(
          ReplayException.Problem.INCOMPLETE,
          watermark,
          "The change log of gateway "
              + gatewayId
              + " ends at sequence "
              + watermark
              + ", before the target "
              + at.sequence()
              + ": the later changes are not in the segments or Kafka records read");
    }
    return new ReplayResult(watermark, watermarkTime, applied, reached);
  }

  /**
   * The entities of the state, decoded from their images and sorted by {@link ConfigEntity#ORDER}.
   *
   * @throws ReplayException BAD_IMAGE naming the change whose after-image is not a valid image of
   *     the entity it names
   */
  public List<ConfigEntity> entities() {
    List<ConfigEntity> entities = new ArrayList<>(byKey.size());
    for (Map.Entry<String, Slot> entry : byKey.entrySet()) {
      Slot slot = entry.getValue();
      ConfigEntity entity;
      try {
        entity = EntityImage.decode(slot.image());
      } catch (IllegalArgumentException bad) {
        throw badImage(entry.getKey(), slot, bad.getMessage(), bad);
      }
      if (!entity.key().equals(entry.getKey())) {
        throw badImage(entry.getKey(), slot, "the image is of " + entity.key(), null);
      }
      entities.add(entity);
    }
    entities.sort(ConfigEntity.ORDER);
    return entities;
  }

  private ReplayException badImage(String key, Slot slot, String why, Throwable cause) {
    String where =
        slot.sequence() == FROM_BASE
            ? "from base " + baseSnapshot
            : "from change " + slot.sequence();
    return new ReplayException(
        ReplayException.Problem.BAD_IMAGE,
        slot.sequence(),
        "Entity " + key + " of gateway " + gatewayId + " (" + where + ") has a bad image: " + why,
        cause);
  }

  /** Images by key, sorted by key (for checkpoints). */
  SortedMap<String, String> images() {
    TreeMap<String, String> sorted = new TreeMap<>();
    byKey.forEach((key, slot) -> sorted.put(key, slot.image()));
    return Collections.unmodifiableSortedMap(sorted);
  }

  /** How many entities the state holds. */
  public int size() {
    return byKey.size();
  }

  /** The last sequence the state holds (-1 before the first change). */
  public long watermark() {
    return watermark;
  }

  /** When the change at the watermark happened, or the base's time. */
  public Instant watermarkTime() {
    return watermarkTime;
  }

  public String gatewayId() {
    return gatewayId;
  }

  public String gatewayType() {
    return gatewayType;
  }

  /** The snapshot this state was built from (through any number of checkpoints). */
  public String baseSnapshot() {
    return baseSnapshot;
  }

  /** Initial capacity that holds this many entries without rehashing. */
  private static int capacityFor(int entries) {
    return (int) Math.min(Integer.MAX_VALUE - 8, entries * 4L / 3 + 16);
  }
}
