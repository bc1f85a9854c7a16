package io.gatevault.core.pitr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayPlannerTest {

  static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  private final List<ReplayBase> bases =
      List.of(
          ReplayBase.snapshot("snap-100", 100, T0.plusSeconds(100), true),
          ReplayBase.checkpoint("cp-150", "snap-100", 150, T0.plusSeconds(150), true),
          ReplayBase.checkpoint("cp-180", "snap-100", 180, T0.plusSeconds(180), false),
          ReplayBase.snapshot("snap-200", 200, T0.plusSeconds(200), true),
          ReplayBase.snapshot("snap-300", 300, T0.plusSeconds(300), false),
          ReplayBase.checkpoint("cp-350", "snap-300", 350, T0.plusSeconds(350), true));

  @Test
  void theNewestVerifiedCheckpointBeforeTheTargetBoundsTheReplay() {
    ReplayPlan plan = ReplayPlanner.plan(bases, new ReplayTarget.AtSequence(190));

    assertThat(plan.base().id()).isEqualTo("cp-150");
    assertThat(plan.firstSequence()).isEqualTo(151);
    assertThat(plan.lastSequence()).isEqualTo(190);
    assertThat(plan.passedOver())
        .containsExactly("checkpoint cp-180 (seq 180, " + T0.plusSeconds(180) + "): not verified");
    assertThat(plan.describe())
        .contains("checkpoint cp-150")
        .contains("replay from seq 151 to 190");
  }

  @Test
  void aCheckpointWhoseSnapshotIsNotVerifiedIsPassedOver() {
    ReplayPlan plan = ReplayPlanner.plan(bases, new ReplayTarget.AtTime(T0.plusSeconds(400)));

    assertThat(plan.base().id()).isEqualTo("snap-200");
    assertThat(plan.lastSequence()).isEqualTo(Long.MAX_VALUE);
    assertThat(plan.passedOver())
        .containsExactly(
            "checkpoint cp-350 (seq 350, "
                + T0.plusSeconds(350)
                + "): its snapshot snap-300 is not verified",
            "snapshot snap-300 (seq 300, " + T0.plusSeconds(300) + "): not verified");
  }

  @Test
  void aTargetAtASnapshotsWatermarkNeedsNoReplayAndPrefersTheSnapshot() {
    List<ReplayBase> withTwin =
        List.of(
            ReplayBase.snapshot("snap-200", 200, T0.plusSeconds(200), true),
            ReplayBase.checkpoint("cp-200", "snap-200", 200, T0.plusSeconds(200), true));

    ReplayPlan plan = ReplayPlanner.plan(withTwin, new ReplayTarget.AtSequence(200));

    assertThat(plan.base().id()).isEqualTo("snap-200");
    assertThat(plan.needsNoReplay()).isTrue();
  }

  @Test
  void aTargetBeforeEveryVerifiedBaseIsRefusedNamingTheOldest() {
    assertThatThrownBy(() -> ReplayPlanner.plan(bases, new ReplayTarget.AtSequence(50)))
        .hasMessageContaining("No verified snapshot or checkpoint at or before seq 50")
        .hasMessageContaining("the oldest verified one is snapshot snap-100");
  }
}
