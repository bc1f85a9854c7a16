package io.gatevault.restore.application;

import io.gatevault.core.changes.CaptureHeartbeat;
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
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the configuration a gateway had at a point in time: the newest verified snapshot at or
 * before the target ({@link ReplayPlanner}, by its watermark and time), then the change log after
 * its watermark replayed in sequence order ({@link ChangeLog}: sealed segments from storage, then
 * the raw changes topic) until the target.
 */
public final class PointInTimeStates {

  private static final Logger logger = LoggerFactory.getLogger(PointInTimeStates.class);

  private static final Pattern SEGMENT_NAME = Pattern.compile("(\\d{1,19})-(\\d{1,19})");

  /**
   * Manifest tag of a change segment: until when the log ending at its last sequence is known
   * complete.
   */
  public static final String COVERED_UNTIL_TAG = "CoveredUntil";

  private final BackupSource backups;
  private final ChangeTail tail;
  private final CaptureHeartbeats heartbeats;

  /** Coverage from storage alone (no capture heartbeats). */
  public PointInTimeStates(BackupSource backups, ChangeTail tail) {
    this(backups, tail, CaptureHeartbeats.none("restore from storage alone"));
  }

  /**
   * @param heartbeats capture's heartbeats, which prove the log complete up to a poll's time
   */
  public PointInTimeStates(BackupSource backups, ChangeTail tail, CaptureHeartbeats heartbeats) {
    this.backups = backups;
    this.tail = tail;
    this.heartbeats = heartbeats;
  }

  /**
   * The state at a target.
   *
   * @param plan where replay started and what it read
   * @param base the base snapshot as stored (without its entities when replay started from a
   *     checkpoint: compose needs only its native document; the entities are {@code state}'s)
   * @param state the replayed state: its entities are the configuration at the target
   * @param result how replay ended (sequences applied, whether the target was reached)
   * @param sources the segments and topic records replay read
   * @param coverage whether the log is known complete up to the target ({@link LogCoverage})
   * @param fallbacks checkpoints that were nearer the target but unusable (damaged, missing) and
   *     why: replay started from an earlier base instead
   */
  public record Reconstruction(
      ReplayPlan plan,
      ConfigSnapshot base,
      String checks,
      ConfigState state,
      ReplayResult result,
      String sources,
      LogCoverage.Verdict coverage,
      List<String> fallbacks) {

    public Reconstruction {
      fallbacks = List.copyOf(fallbacks);
    }

    /** One line for the report: base, replayed range, where it came from. */
    public String describe() {
      return "state at "
          + plan.target().describe()
          + ": base "
          + baseDescription()
          + " + "
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
              : "; the log ends before the target: " + coverage.message())
          + (fallbacks.isEmpty() ? "" : "; " + String.join("; ", fallbacks));
    }

    /**
     * The base replay started from: {@code snapshot <id> (watermark n)} or {@code checkpoint <id>
     * (watermark n, composed on snapshot <id>)}.
     */
    public String baseDescription() {
      return plan.base().kind().name().toLowerCase(java.util.Locale.ROOT)
          + " "
          + plan.base().id()
          + " (watermark "
          + plan.base().watermark()
          + (plan.base().kind() == ReplayBase.Kind.CHECKPOINT
              ? ", composed on snapshot " + plan.base().baseSnapshot()
              : "")
          + ")";
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
    // Read before the log, so a heartbeat never claims a sequence the tail read next could miss.
    Optional<CaptureHeartbeat> heartbeat = heartbeatOf(gatewayId);
    List<ReplayBase> snapshots =
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
    if (snapshots.isEmpty()) {
      throw new IllegalArgumentException(
          "gateway "
              + gatewayId
              + " has no snapshot on "
              + backups.describe()
              + ": take one with `gatevault backup "
              + gatewayId
              + "` (a point in time is rebuilt from a snapshot plus the change log after it)");
    }
    List<ReplayBase> bases = new ArrayList<>(snapshots);
    bases.addAll(ReplayBases.checkpointsOf(stored, snapshots));
    List<String> fallbacks = new ArrayList<>();
    ReplayPlan plan = ReplayPlanner.plan(bases, target);
    ConfigState checkpointed = null;
    while (plan.base().kind() == ReplayBase.Kind.CHECKPOINT) {
      ReplayBase candidate = plan.base();
      try {
        checkpointed = ReplayBases.readCheckpoint(backups, stored, gatewayId, candidate);
        break;
      } catch (BackupUnusableException | IllegalArgumentException damaged) {
        // A checkpoint only shortens replay: an unusable one costs time, never the right state.
        String warning =
            "checkpoint "
                + candidate.id()
                + " (seq "
                + candidate.watermark()
                + ") not used, replayed from an earlier base instead: "
                + damaged.getMessage();
        logger.warn("Point-in-time restore of gateway {}: {}", gatewayId, warning);
        fallbacks.add(warning);
        bases.remove(candidate);
        plan = ReplayPlanner.plan(bases, target);
      }
    }
    Map<String, StoredBackup> byId = new java.util.HashMap<>();
    stored.forEach(backup -> byId.putIfAbsent(backup.artifactId(), backup));
    BackupSource.VerifiedBackup baseBackup = readStored(byId, plan.base().baseSnapshot());
    // From a checkpoint, the snapshot gives only what compose builds on: its entities are not
    // needed, so they are skipped rather than parsed.
    ConfigSnapshot base =
        checkpointed != null
            ? BaseSnapshotDocument.withoutEntities(baseBackup.document())
            : ConfigSnapshot.fromDocument(baseBackup.document());
    ConfigState state =
        checkpointed != null
            ? checkpointed
            : ConfigState.fromSnapshot(
                base, plan.base().id(), plan.base().watermark(), plan.base().at());
    ChangeLog log =
        new ChangeLog(
            gatewayId,
            segmentsOf(stored),
            segment -> unseal(segment, byId),
            tail,
            backups.describe());
    ReplayResult result;
    if (plan.needsNoReplay()) {
      result = new ReplayResult(state.watermark(), state.watermarkTime(), 0, true);
    } else {
      result = state.replay(log.after(state.watermark()), target);
    }
    if (!result.targetReached()) {
      refuseWhenANewerSnapshotProvesChangesAreMissing(gatewayId, stored, result, log);
    }
    LogCoverage.Verdict coverage =
        LogCoverage.decide(target, result, coverageProofs(stored, heartbeat));
    return new Reconstruction(
        plan, base, baseBackup.checks(), state, result, log.describeRead(), coverage, fallbacks);
  }

  private Optional<CaptureHeartbeat> heartbeatOf(String gatewayId) {
    try {
      return heartbeats.latestOf(gatewayId);
    } catch (RuntimeException e) {
      // Unknown coverage is reported as such (PARTIAL for a target past the log), not a failure.
      logger.warn(
          "Capture heartbeat of gateway {} not read ({}): coverage from storage alone",
          gatewayId,
          e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * What proves the log complete up to a time: the heartbeat, each segment's {@value
   * #COVERED_UNTIL_TAG} tag and each snapshot (consistent with its watermark when it was read).
   */
  private List<LogCoverage.Proof> coverageProofs(
      List<StoredBackup> stored, Optional<CaptureHeartbeat> heartbeat) {
    List<LogCoverage.Proof> proofs = new ArrayList<>();
    heartbeat.ifPresent(
        beat ->
            proofs.add(
                new LogCoverage.Proof(
                    beat.lastSequence(),
                    beat.polledAt(),
                    "capture heartbeat of " + beat.polledAt() + " from " + heartbeats.describe())));
    for (StoredBackup backup : stored) {
      ManifestDocument manifest = backup.manifest();
      if (manifest.kind() == ArtifactKind.SNAPSHOT) {
        proofs.add(
            new LogCoverage.Proof(
                manifest.watermarkSequence(),
                manifest.createdAt(),
                "snapshot " + manifest.artifactId() + " read at " + manifest.createdAt()));
      } else if (manifest.kind() == ArtifactKind.CHANGE_SEGMENT
          && manifest.tags().containsKey(COVERED_UNTIL_TAG)) {
        try {
          Instant coveredUntil = Instant.parse(manifest.tags().get(COVERED_UNTIL_TAG));
          proofs.add(
              new LogCoverage.Proof(
                  manifest.watermarkSequence(),
                  coveredUntil,
                  "change segment " + manifest.name() + " tagged CoveredUntil " + coveredUntil));
        } catch (DateTimeParseException e) {
          logger.warn(
              "Change segment {} has an unreadable {} tag '{}': not used as coverage",
              manifest.artifactId(),
              COVERED_UNTIL_TAG,
              manifest.tags().get(COVERED_UNTIL_TAG));
        }
      }
    }
    return proofs;
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

  private List<io.gatevault.core.pitr.LoggedChange> unseal(
      ChangeLog.Segment segment, Map<String, StoredBackup> byId) {
    BackupSource.VerifiedBackup read = readStored(byId, segment.artifactId());
    return ChangeSegmentDocument.decode(segment.range(), read.document());
  }

  /** Reads an artifact of the catalog already read, looking it up only when it is not there. */
  private BackupSource.VerifiedBackup readStored(Map<String, StoredBackup> byId, String id) {
    StoredBackup known = byId.get(id);
    return known != null ? backups.read(known) : backups.read(id);
  }
}
