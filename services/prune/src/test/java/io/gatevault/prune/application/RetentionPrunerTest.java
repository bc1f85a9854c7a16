package io.gatevault.prune.application;

import static io.gatevault.prune.application.PruneTargets.LAST_BACKUP;
import static io.gatevault.prune.application.PruneTargets.SEVEN_DAYS;
import static io.gatevault.prune.application.PruneTargets.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.AuditRecord;
import io.gatevault.core.event.DeletionRecord;
import io.gatevault.core.retention.RetentionPolicy;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.ManifestDocument;
import io.gatevault.core.storage.RepositoryLayout;
import io.gatevault.core.storage.TargetDescription;
import io.gatevault.stream.GatevaultTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prune over real target folders; events go to an in-memory publisher. */
class RetentionPrunerTest {

  @TempDir Path folder;
  private PruneTargets prune;

  @BeforeEach
  void targets() {
    prune = new PruneTargets(folder);
  }

  /**
   * Ten daily backups ending on LAST_BACKUP (capture stopped weeks before "now"), on all targets.
   */
  private List<ManifestDocument> tenDailyBackups(boolean verified) {
    List<ManifestDocument> manifests = new ArrayList<>();
    for (int day = 0; day < 10; day++) {
      manifests.add(
          prune.storeOnEveryTarget(
              "art-" + day,
              "caddy-prod-day" + day + "-full.json",
              ArtifactKind.SNAPSHOT,
              0,
              Map.of("BackupType", "FULL"),
              LAST_BACKUP.minus(Duration.ofDays(day)),
              verified));
    }
    return manifests;
  }

  @Test
  void aDryRunReportsWhatWouldGoAndWhyAndDeletesNothing() {
    tenDailyBackups(true);
    int objectsBefore = prune.targets().get(0).list("").size();

    PruneReport report = prune.pruner(Map.of("default", SEVEN_DAYS)).prune(request(true, null));

    assertThat(report.decision().remove())
        .extracting(v -> v.backup().id())
        .containsExactly("art-7", "art-8", "art-9");
    // 3 backups x 3 targets x 4 objects (snapshot, key, verification record, manifest)
    assertThat(report.deletions()).hasSize(36);
    assertThat(report.deletions().get(0).reason()).startsWith("expired:");
    for (BackupStore target : prune.targets()) {
      assertThat(target.list("")).hasSize(objectsBefore);
    }
    List<DeletionRecord> records = prune.events(DeletionRecord.class);
    assertThat(records).hasSize(36).allMatch(DeletionRecord::dryRun);
    AuditRecord summary = prune.events(AuditRecord.class).get(0);
    assertThat(summary.action()).isEqualTo("prune.dry-run");
    assertThat(summary.actor()).isEqualTo("alice");
    assertThat(summary.detail())
        .containsEntry("backupsRemoved", "3")
        .containsEntry("objectsWouldBeDeleted", "36")
        .containsKey("remove.art-9");
  }

  @Test
  void aRealRunDeletesEveryObjectOfRemovedBackupsOnEveryTargetAndRecordsEach() {
    List<ManifestDocument> manifests = tenDailyBackups(true);

    PruneReport report = prune.pruner(Map.of("default", SEVEN_DAYS)).prune(request(false, null));

    assertThat(report.failures()).isEmpty();
    for (BackupStore target : prune.targets()) {
      for (ManifestDocument manifest : manifests.subList(7, 10)) {
        assertThat(target.list(RepositoryLayout.gatewayPrefix("prod", "caddy-prod")))
            .noneMatch(
                key -> key.contains(manifest.artifactId()) || key.equals(manifest.artifactKey()));
      }
      for (ManifestDocument manifest : manifests.subList(0, 7)) {
        assertThat(target.exists(manifest.manifestKey())).isTrue();
        assertThat(target.exists(manifest.artifactKey())).isTrue();
      }
    }
    List<DeletionRecord> records = prune.events(DeletionRecord.class);
    assertThat(records).hasSize(36).noneMatch(DeletionRecord::dryRun);
    DeletionRecord record = records.get(0);
    assertThat(record.requestedBy()).isEqualTo("alice");
    assertThat(record.policy()).isEqualTo("default (daily 7, weekly 0, monthly 0)");
    assertThat(record.reason()).contains("expired").contains("art-0");
    assertThat(record.location()).startsWith("file:");
    assertThat(record.deletedAt()).isEqualTo(PruneTargets.NOW);
    assertThat(prune.topics()).contains(GatevaultTopics.DELETIONS);
    assertThat(prune.events(AuditRecord.class))
        .filteredOn(audit -> audit.action().equals("backup.delete"))
        .hasSize(36)
        .allMatch(audit -> audit.outcome() == AuditOutcome.SUCCESS);
  }

  @Test
  void theManifestIsDeletedLastOnEachTarget() {
    tenDailyBackups(true);
    PruneReport report = prune.pruner(Map.of("default", SEVEN_DAYS)).prune(request(false, null));
    List<PruneReport.Deletion> onDiskA =
        report.deletions().stream()
            .filter(d -> d.artifactId().equals("art-9") && d.targetId().equals("disk-a"))
            .toList();
    assertThat(onDiskA.get(onDiskA.size() - 1).key()).contains("/manifests/");
  }

  @Test
  void nothingIsDeletedWhileNoBackupIsVerified() {
    tenDailyBackups(false);
    PruneReport report = prune.pruner(Map.of("default", SEVEN_DAYS)).prune(request(false, null));
    assertThat(report.deletions()).isEmpty();
    assertThat(prune.events(DeletionRecord.class)).isEmpty();
    assertThat(prune.targets().get(0).list("")).hasSize(30);
  }

  @Test
  void pruningAgainRemovesNothingMoreEvenLongAfterCaptureStopped() {
    tenDailyBackups(true);
    RetentionPruner pruner = prune.pruner(Map.of("default", SEVEN_DAYS));
    pruner.prune(request(false, null));
    prune.published().clear();
    PruneReport again = pruner.prune(request(false, null));
    assertThat(again.deletions()).isEmpty();
    assertThat(prune.targets().get(2).list(RepositoryLayout.manifestsPrefix("prod", "caddy-prod")))
        .hasSize(7);
  }

  @Test
  void aNamedPolicyIsUsedWhenRequestedAndAnUnknownOneIsRefused() {
    tenDailyBackups(true);
    RetentionPruner pruner =
        prune.pruner(Map.of("default", SEVEN_DAYS, "short", new RetentionPolicy("short", 2, 0, 0)));

    PruneReport refused = pruner.prune(request(true, "nonexistent"));
    assertThat(refused.refusal())
        .contains("no retention policy named 'nonexistent'")
        .contains("short");
    AuditRecord audit = prune.events(AuditRecord.class).get(0);
    assertThat(audit.outcome()).isEqualTo(AuditOutcome.FAILURE);

    PruneReport shortRun = pruner.prune(request(true, "short"));
    assertThat(shortRun.decision().remove()).hasSize(8);
  }

  @Test
  void anObjectThatCannotBeDeletedIsReportedAndTheRestOfThatCopyStaysForTheNextPrune() {
    List<ManifestDocument> manifests = tenDailyBackups(true);
    BackupStore diskB = prune.targets().get(1);
    // disk-b refuses to delete wrapped keys, as a read-only or failing medium would.
    prune.replaceTargets(
        List.of(
            prune.targets().get(0), new RefusingDeletes(diskB, "/keys/"), prune.targets().get(2)));
    ManifestDocument oldest = manifests.get(9);

    PruneReport report = prune.pruner(Map.of("default", SEVEN_DAYS)).prune(request(false, null));

    assertThat(report.failures())
        .hasSize(3)
        .allMatch(failure -> failure.contains("disk-b") && failure.contains("medium is read-only"));
    assertThat(diskB.exists(oldest.manifestKey())).isTrue();
    assertThat(prune.targets().get(0).exists(oldest.manifestKey())).isFalse();
    assertThat(prune.targets().get(2).exists(oldest.manifestKey())).isFalse();
    assertThat(prune.events(AuditRecord.class))
        .filteredOn(audit -> audit.outcome() == AuditOutcome.FAILURE)
        .extracting(AuditRecord::action)
        .containsExactly("backup.delete", "backup.delete", "backup.delete", "prune.run");
  }

  /** A real store whose deletes of some keys fail, as on a failing or read-only medium. */
  private record RefusingDeletes(BackupStore store, String keyPart) implements BackupStore {
    @Override
    public TargetDescription describe() {
      return store.describe();
    }

    @Override
    public io.gatevault.core.storage.ObjectStat put(
        String key, java.io.InputStream source, String expectedSha256) {
      return store.put(key, source, expectedSha256);
    }

    @Override
    public java.io.InputStream open(String key) {
      return store.open(key);
    }

    @Override
    public boolean exists(String key) {
      return store.exists(key);
    }

    @Override
    public java.util.Optional<io.gatevault.core.storage.ObjectStat> stat(String key) {
      return store.stat(key);
    }

    @Override
    public List<String> list(String prefix) {
      return store.list(prefix);
    }

    @Override
    public boolean delete(String key) {
      if (key.contains(keyPart)) {
        throw new io.gatevault.core.storage.StorageUnavailableException(
            describe().targetId(), key, "medium is read-only", null);
      }
      return store.delete(key);
    }

    @Override
    public String location(String key) {
      return store.location(key);
    }
  }
}
