package io.gatevault.restore.adapter;

import static io.gatevault.restore.adapter.SealedTargetFolder.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.core.changes.CaptureHeartbeat;
import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.pitr.ReplayException;
import io.gatevault.core.pitr.ReplayTarget;
import io.gatevault.core.storage.ManifestDocument;
import io.gatevault.restore.application.BackupUnusableException;
import io.gatevault.restore.application.CaptureHeartbeats;
import io.gatevault.restore.application.ChangeTail;
import io.gatevault.restore.application.PointInTimeStates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rebuilding a gateway's state at a point in time from a real target folder: snapshots and change
 * segments sealed with a real keyring, read back through {@link StorageBackupSource}.
 */
class PointInTimeFromStorageTest {

  private static final String GATEWAY = "caddy-prod";
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  @TempDir Path folder;
  private SealedTargetFolder target;
  private PointInTimeStates states;

  @BeforeEach
  void targetAndKeyring() {
    target = new SealedTargetFolder(folder, GATEWAY);
    states =
        new PointInTimeStates(target.source(), ChangeTail.none("this test reads storage only"));
  }

  /** A segment of updates of route r1 to upstream "u<sequence>" at T0 + sequence minutes. */
  private void segment(long first, long last) {
    segment(first, last, Map.of());
  }

  private void segment(long first, long last, Map<String, String> tags) {
    target.segmentOfRouteUpdates(first, last, T0, tags);
  }

  private static String upstreamOf(PointInTimeStates.Reconstruction rebuilt) {
    return rebuilt.state().entities().get(0).body();
  }

  @Test
  void theNewestVerifiedSnapshotBeforeTheTargetIsTheBaseAndSegmentsAfterItAreReplayed() {
    target.snapshot("s0", 0, T0, true, route("r1", "base"));
    segment(1, 3);
    target.snapshot("s3", 3, T0.plusSeconds(60 * 3 + 30), true, route("r1", "u3"));
    segment(4, 6);
    // Newer but never verified: passed over.
    target.snapshot("s5", 5, T0.plusSeconds(60 * 5 + 30), false, route("r1", "u5"));

    PointInTimeStates.Reconstruction rebuilt =
        states.reconstruct(GATEWAY, new ReplayTarget.AtSequence(6));

    assertThat(rebuilt.plan().base().id()).isEqualTo("s3");
    assertThat(rebuilt.result().applied()).isEqualTo(3);
    assertThat(upstreamOf(rebuilt)).isEqualTo("{\"upstream\":\"u6\"}");
    assertThat(rebuilt.sources()).isEqualTo("1 sealed segment(s) [4-6]");
    assertThat(rebuilt.plan().passedOver()).isNotEmpty();
  }

  @Test
  void aTimeTargetTakesEveryChangeThatHappenedByThen() {
    target.snapshot("s0", 0, T0, true, route("r1", "base"));
    segment(1, 3);
    segment(4, 6);

    PointInTimeStates.Reconstruction rebuilt =
        states.reconstruct(GATEWAY, new ReplayTarget.AtTime(T0.plusSeconds(60 * 4 + 30)));

    assertThat(rebuilt.plan().base().id()).isEqualTo("s0");
    assertThat(rebuilt.result().watermark()).isEqualTo(4);
    assertThat(rebuilt.result().targetReached()).isTrue();
    assertThat(upstreamOf(rebuilt)).isEqualTo("{\"upstream\":\"u4\"}");
    assertThat(rebuilt.describe()).contains("replayed up to sequence 4").contains("[1-3, 4-6]");
  }

  @Test
  void aNewerSnapshotProvesChangesAreMissingWhenTheLogEndsBeforeATimeTarget() {
    target.snapshot("s0", 0, T0, true, route("r1", "base"));
    segment(1, 2);
    target.snapshot("s9", 9, T0.plusSeconds(3600), true, route("r1", "u9"));

    assertThatThrownBy(
            () -> states.reconstruct(GATEWAY, new ReplayTarget.AtTime(T0.plusSeconds(1800))))
        .isInstanceOfSatisfying(
            ReplayException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(ReplayException.Problem.GAP);
              assertThat(e.sequence()).isEqualTo(3);
            })
        .hasMessageContaining("ends at sequence 2")
        .hasMessageContaining("snapshot s9")
        .hasMessageContaining("sequences 3-9 happened and are in no readable segment");
  }

  @Test
  void aSegmentsCoveredUntilTagProvesTheLogCompleteUpToItsTimeAndNoFurther() {
    target.snapshot("s0", 0, T0, true, route("r1", "base"));
    Instant coveredUntil = T0.plusSeconds(60 * 10);
    segment(1, 3, Map.of(PointInTimeStates.COVERED_UNTIL_TAG, coveredUntil.toString()));

    PointInTimeStates.Reconstruction within =
        states.reconstruct(GATEWAY, new ReplayTarget.AtTime(T0.plusSeconds(60 * 8)));
    PointInTimeStates.Reconstruction beyond =
        states.reconstruct(GATEWAY, new ReplayTarget.AtTime(T0.plusSeconds(60 * 12)));

    assertThat(within.result().targetReached()).isFalse();
    assertThat(within.coverage().complete()).isTrue();
    assertThat(within.coverage().knownCompleteUntil()).isEqualTo(coveredUntil);
    assertThat(beyond.coverage().complete()).isFalse();
    assertThat(beyond.coverage().knownCompleteUntil()).isEqualTo(coveredUntil);
    assertThat(upstreamOf(beyond)).as("the newest known state").isEqualTo("{\"upstream\":\"u3\"}");
    assertThat(beyond.describe())
        .contains("log known complete until " + coveredUntil + " (change segment 1-3 tagged")
        .contains("capture behind or down?");
  }

  @Test
  void aSnapshotAtTheLastSequenceCoversTheLogUntilItWasRead() {
    target.snapshot("s0", 0, T0, true, route("r1", "base"));
    segment(1, 3);
    target.snapshot("s3", 3, T0.plusSeconds(60 * 30), true, route("r1", "u3"));

    PointInTimeStates.Reconstruction rebuilt =
        states.reconstruct(GATEWAY, new ReplayTarget.AtTime(T0.plusSeconds(60 * 20)));

    assertThat(rebuilt.coverage().complete()).isTrue();
    assertThat(rebuilt.coverage().knownCompleteUntil()).isEqualTo(T0.plusSeconds(60 * 30));
  }

  @Test
  void aHeartbeatAfterTheTargetProvesItAndAnUnreadableOneFallsBackToStorage() {
    target.snapshot("s0", 0, T0, true, route("r1", "base"));
    segment(1, 3);
    StorageBackupSource storage = target.source();
    ChangeTail none = ChangeTail.none("this test reads storage only");
    CaptureHeartbeats polled =
        new CaptureHeartbeats() {
          @Override
          public Optional<CaptureHeartbeat> latestOf(String gatewayId) {
            return Optional.of(new CaptureHeartbeat(gatewayId, 3, T0.plusSeconds(60 * 20)));
          }

          @Override
          public String describe() {
            return "a heartbeat of this test";
          }
        };
    CaptureHeartbeats unreachable =
        new CaptureHeartbeats() {
          @Override
          public Optional<CaptureHeartbeat> latestOf(String gatewayId) {
            throw new IllegalStateException("broker not reachable");
          }

          @Override
          public String describe() {
            return "an unreachable broker";
          }
        };
    ReplayTarget target = new ReplayTarget.AtTime(T0.plusSeconds(60 * 15));

    PointInTimeStates.Reconstruction proven =
        new PointInTimeStates(storage, none, polled).reconstruct(GATEWAY, target);
    PointInTimeStates.Reconstruction unproven =
        new PointInTimeStates(storage, none, unreachable).reconstruct(GATEWAY, target);

    assertThat(proven.coverage().complete()).isTrue();
    assertThat(proven.coverage().message()).contains("capture heartbeat");
    assertThat(unproven.coverage().complete()).isFalse();
    assertThat(unproven.coverage().message())
        .contains("log known complete only up to its last change (sequence 3");
  }

  @Test
  void aDamagedSegmentIsRefusedAtItsIntegrityCheck() {
    target.snapshot("s0", 0, T0, true, route("r1", "base"));
    segment(1, 3);
    ManifestDocument damaged =
        target.seal(
            "seg-4-6",
            "4-6",
            ArtifactKind.CHANGE_SEGMENT,
            "not what the manifest says".getBytes(StandardCharsets.UTF_8),
            6,
            T0.plusSeconds(400),
            true,
            Map.of());
    target.damage(damaged);

    assertThatThrownBy(() -> states.reconstruct(GATEWAY, new ReplayTarget.AtSequence(5)))
        .isInstanceOf(BackupUnusableException.class)
        .hasMessageContaining("seg-4-6")
        .hasMessageContaining("has no usable copy");
  }

  @Test
  void aGatewayWithoutSnapshotIsRefusedSayingHowToTakeOne() {
    segment(1, 3);

    assertThatThrownBy(() -> states.reconstruct(GATEWAY, new ReplayTarget.AtSequence(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gateway caddy-prod has no snapshot on storage targets [disk-a]")
        .hasMessageContaining("gatevault backup caddy-prod");
  }
}
