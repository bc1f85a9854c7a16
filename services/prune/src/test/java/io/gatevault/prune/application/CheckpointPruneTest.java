package io.gatevault.prune.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.AuditRecord;
import io.gatevault.core.event.DeletionRecord;
import io.gatevault.core.event.EventEnvelope;
import io.gatevault.core.event.GatevaultEvent;
import io.gatevault.core.event.KeyReference;
import io.gatevault.core.event.PruneRequested;
import io.gatevault.core.event.StorageMedium;
import io.gatevault.core.event.VerificationCheck;
import io.gatevault.core.event.VerificationStatus;
import io.gatevault.core.retention.RetentionPolicy;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.ManifestDocument;
import io.gatevault.core.storage.RepositoryLayout;
import io.gatevault.core.storage.Sha256;
import io.gatevault.core.storage.TargetDescription;
import io.gatevault.core.storage.VerificationDocument;
import io.gatevault.storage.FilesystemBackupStore;
import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.Envelopes;
import io.gatevault.stream.EventPublisher;
import io.gatevault.stream.ProcessedEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints under prune, over real target folders: they take no retention slot and go once no
 * retained snapshot is left to compose them on.
 */
class CheckpointPruneTest {

  private static final Instant NOW = Instant.parse("2025-09-30T12:00:00Z");
  private static final Instant LAST_BACKUP = Instant.parse("2025-08-18T14:30:00Z");
  private static final RetentionPolicy SEVEN_DAYS = new RetentionPolicy("default", 7, 0, 0);

  @TempDir Path folder;
  private List<BackupStore> targets;
  private final List<GatevaultEvent> published = new ArrayList<>();
  private final List<String> topics = new ArrayList<>();

  @BeforeEach
  void targets() {
    targets =
        List.of(
            target("disk-a", StorageMedium.FILESYSTEM, false),
            target("disk-b", StorageMedium.FILESYSTEM, false),
            target("usb", StorageMedium.REMOVABLE_MEDIA, true));
  }

  private BackupStore target(String id, StorageMedium medium, boolean offSite) {
    return new FilesystemBackupStore(
        new TargetDescription(id, medium, "eu-west-1", offSite, false), folder.resolve(id));
  }

  private RetentionPruner pruner(Map<String, RetentionPolicy> policies) {
    EventPublisher publisher =
        (topic, key, event) -> {
          topics.add(topic);
          published.add(event);
        };
    Envelopes envelopes = new Envelopes("prune", Clock.fixed(NOW, ZoneOffset.UTC));
    return new RetentionPruner(
        targets,
        policies,
        publisher,
        envelopes,
        new AuditTrail(publisher, envelopes),
        new ProcessedEvents(100));
  }

  private static PruneRequested request(boolean dryRun, String policyName) {
    return new PruneRequested(
        new EventEnvelope(
            UUID.randomUUID().toString(),
            1,
            "PruneRequested",
            "control-plane",
            null,
            null,
            NOW,
            "caddy-prod"),
        UUID.randomUUID().toString(),
        "caddy-prod",
        "alice",
        NOW,
        dryRun,
        policyName);
  }

  /**
   * An artifact on every target, verified: a snapshot of day {@code day} before LAST_BACKUP (its
   * watermark 100 per day newer), or a checkpoint at {@code watermark}.
   */
  private void artifact(String artifactId, ArtifactKind kind, long watermark, Instant createdAt) {
    byte[] sealed = ("sealed " + artifactId).getBytes(StandardCharsets.UTF_8);
    ManifestDocument manifest =
        new ManifestDocument(
            1,
            artifactId,
            "caddy-prod",
            "prod",
            kind == ArtifactKind.CHECKPOINT
                ? "checkpoint-" + watermark
                : "caddy-prod-" + artifactId + "-full.json",
            kind,
            1,
            "AES-256-GCM-STREAM",
            new KeyReference(
                "local",
                "kek",
                1,
                RepositoryLayout.wrappedKey("prod", "caddy-prod", artifactId, 1)),
            10,
            sealed.length,
            Sha256.hex(sealed),
            watermark,
            "daily",
            Map.of("BackupType", kind == ArtifactKind.CHECKPOINT ? "CHECKPOINT" : "FULL"),
            null,
            createdAt);
    for (BackupStore target : targets) {
      target.put(manifest.artifactKey(), sealed);
      target.put(manifest.wrappedKeyKey(), new byte[] {1, 2, 3});
      VerificationDocument record =
          new VerificationDocument(
              1,
              artifactId,
              "caddy-prod",
              "prod",
              VerificationStatus.SUCCESS,
              List.of(new VerificationCheck("checksum", target.describe().targetId(), true, "ok")),
              createdAt.plusSeconds(60));
      target.put(record.key(), record.toJson());
      target.put(manifest.manifestKey(), manifest.toJson());
    }
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

    PruneReport report = pruner(Map.of("default", SEVEN_DAYS)).prune(request(true, null));

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

    PruneReport report = pruner(Map.of("default", SEVEN_DAYS)).prune(request(false, null));

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
    for (BackupStore target : targets) {
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
        published.stream()
            .filter(DeletionRecord.class::isInstance)
            .map(DeletionRecord.class::cast)
            .filter(record -> record.artifactId().startsWith("cp-"))
            .toList();
    assertThat(records).hasSize(36);
    AuditRecord run =
        published.stream()
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

    PruneReport report = pruner(Map.of("default", SEVEN_DAYS)).prune(request(false, null));

    assertThat(report.deletions()).isEmpty();
  }
}
