package io.gatevault.restore.application;

import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.pitr.ConfigState;
import io.gatevault.core.pitr.ReplayBase;
import io.gatevault.core.pitr.ReplayException;
import io.gatevault.core.pitr.ReplayPlan;
import io.gatevault.core.pitr.ReplayPlanner;
import io.gatevault.core.pitr.ReplayResult;
import io.gatevault.core.pitr.ReplayTarget;
import io.gatevault.core.storage.ManifestDocument;
import io.gatevault.core.storage.StoredBackup;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Rebuilds the configuration a gateway had at a point in time: the newest verified snapshot at or
 * before the target ({@link ReplayPlanner}, by its watermark and time), then the change log after
 * its watermark replayed in sequence order ({@link ChangeLog}: sealed segments from storage, then
 * the raw changes topic) until the target.
 */
public final class PointInTimeStates {

  private static final Pattern SEGMENT_NAME = Pattern.compile("(\\d{1,19})-(\\d{1,19})");

  private final BackupSource backups;
  private final ChangeTail tail;

  public PointInTimeStates(BackupSource backups, ChangeTail tail) {
    this.backups = backups;
    this.tail = tail;
  }

  /**
   * The state at a target.
   *
   * @param plan where replay started and what it read
   * @param base the base snapshot as stored
   * @param state the replayed state: its entities are the configuration at the target
   * @param result how replay ended (sequences applied, whether the target was reached)
   * @param sources the segments and topic records replay read
   */
  public record Reconstruction(
      ReplayPlan plan,
      ConfigSnapshot base,
      String checks,
      ConfigState state,
      ReplayResult result,
      String sources) {

    /** One line for the report: base, replayed range, where it came from. */
    public String describe() {
      return "state at "
          + plan.target().describe()
          + ": base snapshot "
          + plan.base().id()
          + " (watermark "
          + plan.base().watermark()
          + ") + "
          + result.applied()
          + " change(s) replayed up to sequence "
          + result.watermark()
          + " ("
          + result.watermarkTime()
          + ") from "
          + sources
          + "; "
          + state.size()
          + " entities"
          + (result.targetReached()
              ? ""
              : "; the log ends before the target: this is the newest state it holds");
    }
  }

  /**
   * Rebuilds the state of {@code gatewayId} at {@code target}.
   *
   * @throws IllegalArgumentException when no verified snapshot is at or before the target
   * @throws io.gatevault.core.pitr.ReplayException when the log has a gap or ends before an exact
   *     sequence
   * @throws BackupUnusableException when the base or a segment is missing or damaged
   */
  public Reconstruction reconstruct(String gatewayId, ReplayTarget target) {
    List<StoredBackup> stored = backups.storedOf(gatewayId);
    List<ReplayBase> bases =
        stored.stream()
            .filter(backup -> backup.manifest().kind() == ArtifactKind.SNAPSHOT)
            .map(
                backup ->
                    ReplayBase.snapshot(
                        backup.artifactId(),
                        backup.manifest().watermarkSequence(),
                        backup.createdAt(),
                        backup.verified()))
            .toList();
    if (bases.isEmpty()) {
      throw new IllegalArgumentException(
          "gateway "
              + gatewayId
              + " has no snapshot on "
              + backups.describe()
              + ": take one with `gatevault backup "
              + gatewayId
              + "` (a point in time is rebuilt from a snapshot plus the change log after it)");
    }
    ReplayPlan plan = ReplayPlanner.plan(bases, target);
    BackupSource.VerifiedBackup baseBackup = backups.read(plan.base().id());
    ConfigSnapshot base = ConfigSnapshot.fromDocument(baseBackup.document());
    ConfigState state =
        ConfigState.fromSnapshot(base, plan.base().id(), plan.base().watermark(), plan.base().at());
    ChangeLog log =
        new ChangeLog(gatewayId, segmentsOf(stored), this::unseal, tail, backups.describe());
    ReplayResult result;
    if (plan.needsNoReplay()) {
      result = new ReplayResult(state.watermark(), state.watermarkTime(), 0, true);
    } else {
      result = state.replay(log.after(state.watermark()), target);
    }
    if (!result.targetReached()) {
      refuseWhenANewerSnapshotProvesChangesAreMissing(gatewayId, stored, result, log);
    }
    return new Reconstruction(plan, base, baseBackup.checks(), state, result, log.describeRead());
  }

  /**
   * The log ended before a time target. That is the newest state only if no change after it is
   * known: a snapshot consistent with a later sequence proves those changes happened, and since
   * their times are unknown the state at the target cannot be told apart from a stale one.
   */
  private void refuseWhenANewerSnapshotProvesChangesAreMissing(
      String gatewayId, List<StoredBackup> stored, ReplayResult result, ChangeLog log) {
    stored.stream()
        .filter(backup -> backup.manifest().kind() == ArtifactKind.SNAPSHOT)
        .filter(backup -> backup.manifest().watermarkSequence() > result.watermark())
        .max(java.util.Comparator.comparingLong(b -> b.manifest().watermarkSequence()))
        .ifPresent(
            newer -> {
              long from = result.watermark() + 1;
              long to = newer.manifest().watermarkSequence();
              throw new ReplayException(
                  ReplayException.Problem.GAP,
                  from,
                  "the change log of gateway "
                      + gatewayId
                      + " read from "
                      + log.describeRead()
                      + " ends at sequence "
                      + result.watermark()
                      + ", but snapshot "
                      + newer.artifactId()
                      + " (taken "
                      + newer.createdAt()
                      + ") is consistent with sequence "
                      + to
                      + ": sequences "
                      + from
                      + "-"
                      + to
                      + " happened and are in no readable segment on "
                      + backups.describe()
                      + ", so whether any of them happened by the target is unknown. Find"
                      + " the segments covering "
                      + from
                      + "-"
                      + to
                      + " (another target, or Kafka while within retention), or restore with"
                      + " --seq");
            });
  }

  private List<ChangeLog.Segment> segmentsOf(List<StoredBackup> stored) {
    Map<String, ChangeLog.Segment> byRange =
        stored.stream()
            .filter(backup -> backup.manifest().kind() == ArtifactKind.CHANGE_SEGMENT)
            .map(StoredBackup::manifest)
            .map(PointInTimeStates::segmentOf)
            .collect(
                Collectors.toMap(
                    ChangeLog.Segment::range, segment -> segment, (first, second) -> first));
    return List.copyOf(byRange.values());
  }

  private static ChangeLog.Segment segmentOf(ManifestDocument manifest) {
    Matcher range = SEGMENT_NAME.matcher(manifest.name());
    if (!range.matches()) {
      throw new IllegalArgumentException(
          "change segment artifact "
              + manifest.artifactId()
              + " is named '"
              + manifest.name()
              + "', not <firstSequence>-<lastSequence>");
    }
    return new ChangeLog.Segment(
        manifest.artifactId(), Long.parseLong(range.group(1)), Long.parseLong(range.group(2)));
  }

  private List<io.gatevault.core.pitr.LoggedChange> unseal(ChangeLog.Segment segment) {
    BackupSource.VerifiedBackup read = backups.read(segment.artifactId());
    return ChangeSegmentDocument.decode(segment.range(), read.document());
  }
}
