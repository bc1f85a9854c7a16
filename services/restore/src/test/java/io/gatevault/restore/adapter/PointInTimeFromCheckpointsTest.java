package io.gatevault.restore.adapter;

import static io.gatevault.restore.adapter.SealedTargetFolder.route;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.pitr.Checkpoint;
import io.gatevault.core.pitr.ConfigState;
import io.gatevault.core.pitr.ReplayBase;
import io.gatevault.core.pitr.ReplayTarget;
import io.gatevault.core.storage.ManifestDocument;
import io.gatevault.restore.application.ChangeTail;
import io.gatevault.restore.application.PointInTimeStates;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints as replay bases, from a real target folder: snapshots, segments and checkpoints
 * sealed with a real keyring and read back through {@link StorageBackupSource}. The nearest usable
 * base wins; a damaged checkpoint costs replay time, never the right state.
 */
class PointInTimeFromCheckpointsTest {

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
    target.segmentOfRouteUpdates(first, last, T0, Map.of());
  }

  private static String upstreamOf(PointInTimeStates.Reconstruction rebuilt) {
    return rebuilt.state().entities().get(0).body();
  }

  /**
   * A checkpoint as capture writes it: the state at {@code watermark} (route r1 at upstream
   * "u<watermark>"), sealed as a CHECKPOINT artifact tagged with its WatermarkTime.
   */
  private ManifestDocument checkpoint(String artifactId, long watermark, boolean verified) {
    return checkpoint(artifactId, watermark, watermark, verified);
  }

  private ManifestDocument checkpoint(
      String artifactId, long watermark, long holdsSequence, boolean verified) {
    Instant at = T0.plusSeconds(60 * holdsSequence);
    ConfigState state =
        ConfigState.fromSnapshot(
            new ConfigSnapshot(
                GATEWAY,
                "caddy",
                List.of(route("r1", "u" + holdsSequence)),
                "{\"routes\":[]}",
                null),
            "change-feed",
            holdsSequence,
            at);
    return target.seal(
        artifactId,
        "checkpoint-" + watermark,
        ArtifactKind.CHECKPOINT,
        Checkpoint.write(state),
        watermark,
        at.plusSeconds(5),
        verified,
        Map.of(
            "WatermarkTime",
            T0.plusSeconds(60 * watermark).toString(),
            "BackupType",
            "CHECKPOINT"));
  }

  private void logOfTwentyChangesWithACheckpointAtTen() {
    target.snapshot("s0", 0, T0, true, route("r1", "base"));
    segment(1, 10);
    segment(11, 20);
  }

  @Test
  void replayStartsFromTheNearestCheckpointAndNamesIt() {
    logOfTwentyChangesWithACheckpointAtTen();
    checkpoint("cp-10", 10, true);

    PointInTimeStates.Reconstruction rebuilt =
        states.reconstruct(GATEWAY, new ReplayTarget.AtSequence(15));

    assertThat(rebuilt.plan().base().kind()).isEqualTo(ReplayBase.Kind.CHECKPOINT);
    assertThat(rebuilt.plan().base().id()).isEqualTo("cp-10");
    assertThat(rebuilt.plan().base().baseSnapshot()).isEqualTo("s0");
    assertThat(rebuilt.result().applied()).isEqualTo(5);
    assertThat(upstreamOf(rebuilt)).isEqualTo("{\"upstream\":\"u15\"}");
    assertThat(rebuilt.base().gatewayId()).isEqualTo(GATEWAY);
    // What compose builds on: the snapshot's native document; its entities are the checkpoint's.
    assertThat(rebuilt.base().nativeConfig()).isEqualTo("{\"routes\":[]}");
    assertThat(rebuilt.base().entities()).isEmpty();
    assertThat(rebuilt.sources()).isEqualTo("1 sealed segment(s) [11-20]");
    assertThat(rebuilt.describe())
        .contains("base checkpoint cp-10 (watermark 10, composed on snapshot s0) + 5 change(s)");
    assertThat(rebuilt.fallbacks()).isEmpty();
  }

  @Test
  void aTimeTargetAfterACheckpointStartsFromIt() {
    logOfTwentyChangesWithACheckpointAtTen();
    checkpoint("cp-10", 10, true);

    PointInTimeStates.Reconstruction rebuilt =
        states.reconstruct(GATEWAY, new ReplayTarget.AtTime(T0.plusSeconds(60 * 12 + 30)));

    assertThat(rebuilt.plan().base().id()).isEqualTo("cp-10");
    assertThat(rebuilt.result().watermark()).isEqualTo(12);
    assertThat(upstreamOf(rebuilt)).isEqualTo("{\"upstream\":\"u12\"}");
  }

  @Test
  void aTargetBeforeTheCheckpointStartsFromTheSnapshot() {
    logOfTwentyChangesWithACheckpointAtTen();
    checkpoint("cp-10", 10, true);

    PointInTimeStates.Reconstruction rebuilt =
        states.reconstruct(GATEWAY, new ReplayTarget.AtTime(T0.plusSeconds(60 * 9 + 30)));

    assertThat(rebuilt.plan().base().id()).isEqualTo("s0");
    assertThat(upstreamOf(rebuilt)).isEqualTo("{\"upstream\":\"u9\"}");
  }

  @Test
  void aDamagedCheckpointFallsBackToTheSnapshotWithAWarning() {
    logOfTwentyChangesWithACheckpointAtTen();
    ManifestDocument damaged = checkpoint("cp-10", 10, true);
    target.damage(damaged);

    PointInTimeStates.Reconstruction rebuilt =
        states.reconstruct(GATEWAY, new ReplayTarget.AtSequence(15));

    assertThat(rebuilt.plan().base().id()).isEqualTo("s0");
    assertThat(rebuilt.result().applied()).isEqualTo(15);
    assertThat(upstreamOf(rebuilt)).isEqualTo("{\"upstream\":\"u15\"}");
    assertThat(rebuilt.fallbacks())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("checkpoint cp-10 (seq 10) not used, replayed from an earlier base instead")
        .contains("cp-10");
    assertThat(rebuilt.describe()).contains("base snapshot s0").contains("checkpoint cp-10");
  }

  @Test
  void aCheckpointHoldingAnotherSequenceThanItsManifestIsNotUsed() {
    logOfTwentyChangesWithACheckpointAtTen();
    checkpoint("cp-10", 10, 8, true);

    PointInTimeStates.Reconstruction rebuilt =
        states.reconstruct(GATEWAY, new ReplayTarget.AtSequence(15));

    assertThat(rebuilt.plan().base().id()).isEqualTo("s0");
    assertThat(upstreamOf(rebuilt)).isEqualTo("{\"upstream\":\"u15\"}");
    assertThat(rebuilt.fallbacks())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("holds sequence 8 but its manifest says 10");
  }

  @Test
  void anUnverifiedCheckpointIsPassedOver() {
    logOfTwentyChangesWithACheckpointAtTen();
    checkpoint("cp-10", 10, false);

    PointInTimeStates.Reconstruction rebuilt =
        states.reconstruct(GATEWAY, new ReplayTarget.AtSequence(15));

    assertThat(rebuilt.plan().base().id()).isEqualTo("s0");
    assertThat(rebuilt.plan().passedOver())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("checkpoint cp-10")
        .contains("not verified");
  }

  @Test
  void theNewerOfACheckpointAndASnapshotIsTheBase() {
    logOfTwentyChangesWithACheckpointAtTen();
    checkpoint("cp-10", 10, true);
    target.snapshot("s12", 12, T0.plusSeconds(60 * 12 + 30), true, route("r1", "u12"));
    checkpoint("cp-16", 16, true);

    assertThat(states.reconstruct(GATEWAY, new ReplayTarget.AtSequence(14)).plan().base().id())
        .isEqualTo("s12");
    PointInTimeStates.Reconstruction rebuilt =
        states.reconstruct(GATEWAY, new ReplayTarget.AtSequence(18));
    assertThat(rebuilt.plan().base().id()).isEqualTo("cp-16");
    assertThat(rebuilt.plan().base().baseSnapshot()).isEqualTo("s12");
    assertThat(upstreamOf(rebuilt)).isEqualTo("{\"upstream\":\"u18\"}");
  }
}
