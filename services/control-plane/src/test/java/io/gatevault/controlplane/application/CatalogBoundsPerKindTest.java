package io.gatevault.controlplane.application;

import static io.gatevault.controlplane.application.CatalogEvents.AT;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.event.ArtifactManifest;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Change segments and checkpoints in the bounded catalog. */
class CatalogBoundsPerKindTest {

  private static ArtifactManifest of(
      String artifactId, String name, ArtifactKind kind, int minute) {
    ArtifactManifest base =
        CatalogEvents.manifest(
            artifactId,
            "caddy-prod",
            name,
            AT.plusSeconds(60L * minute),
            Map.of(
                "BackupType",
                switch (kind) {
                  case SNAPSHOT -> "FULL";
                  case CHANGE_SEGMENT -> "INCREMENTAL";
                  case CHECKPOINT -> "CHECKPOINT";
                },
                "Watermark",
                Integer.toString(minute),
                "Entities",
                "42"));
    return new ArtifactManifest(
        base.envelope(),
        base.artifactId(),
        base.gatewayId(),
        base.environment(),
        base.name(),
        kind,
        base.version(),
        base.cipher(),
        base.keyReference(),
        base.plaintextSize(),
        base.ciphertextSize(),
        base.sha256(),
        minute,
        base.retentionClass(),
        base.tags(),
        base.description(),
        base.createdAt(),
        base.wrappedDataKey());
  }

  @Test
  void manyChangeSegmentsNeverPushSnapshotsOrCheckpointsOut() {
    BackupCatalogView catalog = new BackupCatalogView(3);
    catalog.onManifest(of("snap-1", "caddy-prod-full.json", ArtifactKind.SNAPSHOT, 0));
    catalog.onManifest(of("cp-100", "checkpoint-100", ArtifactKind.CHECKPOINT, 1));
    for (int i = 0; i < 50; i++) {
      catalog.onManifest(of("seg-" + i, i + "-" + i, ArtifactKind.CHANGE_SEGMENT, 2 + i));
    }

    assertThat(catalog.find("snap-1")).isPresent();
    assertThat(catalog.find("cp-100")).isPresent();
    assertThat(catalog.newest(Optional.empty(), 100, true, true))
        .extracting(BackupCatalogEntry::artifactId)
        .containsExactly("seg-49", "seg-48", "seg-47", "cp-100", "snap-1");
  }

  @Test
  void snapshotsAndCheckpointsHaveTheirOwnBound() {
    BackupCatalogView catalog = new BackupCatalogView(2);
    catalog.onManifest(of("snap-1", "a.json", ArtifactKind.SNAPSHOT, 0));
    catalog.onManifest(of("cp-1", "checkpoint-1", ArtifactKind.CHECKPOINT, 1));
    catalog.onManifest(of("snap-2", "b.json", ArtifactKind.SNAPSHOT, 2));

    assertThat(catalog.find("snap-1")).isEmpty();
    assertThat(catalog.find("cp-1")).isPresent();
    assertThat(catalog.find("snap-2")).isPresent();
  }

  @Test
  void checkpointsAreListedOnlyWhenAskedWithTheirOwnType() {
    BackupCatalogView catalog = new BackupCatalogView(100);
    catalog.onManifest(of("snap-1", "a.json", ArtifactKind.SNAPSHOT, 0));
    catalog.onManifest(of("seg-1", "1-5", ArtifactKind.CHANGE_SEGMENT, 1));
    catalog.onManifest(of("cp-5", "checkpoint-5", ArtifactKind.CHECKPOINT, 2));

    assertThat(catalog.newest(Optional.empty(), 100, false))
        .extracting(BackupCatalogEntry::artifactId)
        .containsExactly("snap-1");
    assertThat(catalog.newest(Optional.empty(), 100, false, true))
        .extracting(BackupCatalogEntry::artifactId)
        .containsExactly("cp-5", "snap-1");
    assertThat(catalog.find("cp-5").orElseThrow().type())
        .isEqualTo(BackupCatalogView.CHECKPOINT_TYPE);
  }
}
