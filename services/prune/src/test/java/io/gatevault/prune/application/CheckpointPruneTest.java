package io.gatevault.prune.application;

import static io.gatevault.prune.application.PruneTargets.LAST_BACKUP;
import static io.gatevault.prune.application.PruneTargets.SEVEN_DAYS;
import static io.gatevault.prune.application.PruneTargets.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.AuditRecord;
import io.gatevault.core.event.DeletionRecord;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.RepositoryLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints under prune, over real target folders: they take no retention slot and go once no
 * retained snapshot is left to compose them on.
 */
class CheckpointPruneTest {

  @TempDir Path folder;
  private PruneTargets prune;

  @BeforeEach
  void targets() {
    prune = new PruneTargets(folder);
  }

  /**
   * An artifact on every target, verified: a snapshot of day {@code day} before LAST_BACKUP (its
   * watermark 100 per day newer), or a checkpoint at {@code watermark}.
   */
  private void artifact(String artifactId, ArtifactKind kind, long watermark, Instant createdAt) {
    boolean checkpoint = kind == ArtifactKind.CHECKPOINT;
    prune.storeOnEveryTarget(
        artifactId,
        checkpoint ? "checkpoint-" + watermark : "caddy-prod-" + artifactId + "-full.json",
        kind,
        watermark,
        Map.of("BackupType", checkpoint ? "CHECKPOINT" : "FULL"),
        createdAt,
        true);
  }

  /** Ten daily snapshots (day 0 newest, watermark 900) and a checkpoint between each two. */
  private void tenDaysWithCheckpoints() {
    for (int day = 0; day < 10; day++) {
      long watermark = 100L * (9 - day);
      Instant createdAt = LAST_BACKUP.minus(Duration.ofDays(day));
      artifact("snap-" + day, ArtifactKind.SNAPSHOT, watermark, createdAt);
      artifact(
          "cp-" + (watermark + 50),
          ArtifactKind.CHECKPOINT,
          watermark + 50,
          createdAt.plus(Duration.ofHours(12)));
    }
  }

  @Test
  void checkpointsDoNotTakeRetentionSlots() {
    tenDaysWithCheckpoints();

    PruneReport report = prune.pruner(Map.of("default", SEVEN_DAYS)).prune(request(true, null));

    assertThat(report.decision().keep())
        .extracting(v -> v.backup().id())
        .allMatch(id -> id.startsWith("snap-"))
        .hasSize(7);
    assertThat(report.decision().remove())
        .extracting(v -> v.backup().id())
        .containsExactly("snap-7", "snap-8", "snap-9");
  }

  @Test
  void checkpointsOlderThanTheOldestRetainedSnapshotAreDeletedWithTheirReason() {
    tenDaysWithCheckpoints();

    PruneReport report = prune.pruner(Map.of("default", SEVEN_DAYS)).prune(request(false, null));

    // snap-6 (watermark 300) is the oldest kept: checkpoints 50, 150 and 250 cannot be composed.
    assertThat(report.deletions())
        .filteredOn(deletion -> deletion.artifactId().startsWith("cp-"))
        .extracting(PruneReport.Deletion::artifactId)
        .containsOnly("cp-50", "cp-150", "cp-250");
    assertThat(report.deletions())
        .filteredOn(deletion -> deletion.artifactId().equals("cp-250"))
        .hasSize(12)
        .allSatisfy(
            deletion ->
                assertThat(deletion.reason())
                    .isEqualTo(
                        "checkpoint at sequence 250 is older than the oldest retained verified"
                            + " snapshot snap-6 (sequence 300): no retained snapshot is left to"
                            + " compose it on"));
    for (BackupStore target : prune.targets()) {
      assertThat(target.list("v1/prod/caddy-prod/checkpoints/"))
          .containsExactlyInAnyOrder(
              RepositoryLayout.checkpoint("prod", "caddy-prod", 350),
              RepositoryLayout.checkpoint("prod", "caddy-prod", 450),
              RepositoryLayout.checkpoint("prod", "caddy-prod", 550),
              RepositoryLayout.checkpoint("prod", "caddy-prod", 650),
              RepositoryLayout.checkpoint("prod", "caddy-prod", 750),
              RepositoryLayout.checkpoint("prod", "caddy-prod", 850),
              RepositoryLayout.checkpoint("prod", "caddy-prod", 950));
    }
    List<DeletionRecord> records =
        prune.published().stream()
            .filter(DeletionRecord.class::isInstance)
            .map(DeletionRecord.class::cast)
            .filter(record -> record.artifactId().startsWith("cp-"))
            .toList();
    assertThat(records).hasSize(36);
    AuditRecord run =
        prune.published().stream()
            .filter(AuditRecord.class::isInstance)
            .map(AuditRecord.class::cast)
            .filter(record -> record.action().equals(RetentionPruner.ACTION_RUN))
            .findFirst()
            .orElseThrow();
    assertThat(run.outcome()).isEqualTo(AuditOutcome.SUCCESS);
    assertThat(run.detail()).containsEntry("checkpointsRemoved", "3").containsKey("remove.cp-150");
  }

  @Test
  void noCheckpointIsDeletedWhileNoVerifiedSnapshotIsRetained() {
    artifact("cp-50", ArtifactKind.CHECKPOINT, 50, LAST_BACKUP);

    PruneReport report = prune.pruner(Map.of("default", SEVEN_DAYS)).prune(request(false, null));

    assertThat(report.deletions()).isEmpty();
  }
}
