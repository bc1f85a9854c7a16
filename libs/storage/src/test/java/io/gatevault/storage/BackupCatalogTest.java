package io.gatevault.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.event.KeyReference;
import io.gatevault.core.event.StorageMedium;
import io.gatevault.core.event.VerificationCheck;
import io.gatevault.core.event.VerificationStatus;
import io.gatevault.core.storage.BackupCatalog;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.ManifestDocument;
import io.gatevault.core.storage.RepositoryLayout;
import io.gatevault.core.storage.Sha256;
import io.gatevault.core.storage.StoredBackup;
import io.gatevault.core.storage.TargetDescription;
import io.gatevault.core.storage.VerificationDocument;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog rebuilt from real target folders: manifests, objects and verification records. */
class BackupCatalogTest {

  @TempDir Path folder;
  private List<BackupStore> stores;

  @BeforeEach
  void targets() {
    stores =
        List.of(
            store("disk-a", StorageMedium.FILESYSTEM, false),
            store("disk-b", StorageMedium.FILESYSTEM, false),
            store("usb", StorageMedium.REMOVABLE_MEDIA, true));
  }

  private BackupStore store(String id, StorageMedium medium, boolean offSite) {
    return new FilesystemBackupStore(
        new TargetDescription(id, medium, "eu-west-1", offSite, false), folder.resolve(id));
  }

  static ManifestDocument manifest(
      String artifactId, String gatewayId, Instant createdAt, byte[] sealed) {
    return new ManifestDocument(
        1,
        artifactId,
        gatewayId,
        "prod",
        gatewayId + "-" + artifactId + "-full.json",
        ArtifactKind.SNAPSHOT,
        1,
        "AES-256-GCM-STREAM",
        new KeyReference(
            "local", "kek", 1, RepositoryLayout.wrappedKey("prod", gatewayId, artifactId, 1)),
        100,
        sealed.length,
        Sha256.hex(sealed),
        0,
        "daily",
        Map.of("BackupType", "FULL"),
        null,
        createdAt);
  }

  /** Writes an artifact the way replicate does: sealed object, wrapped key, manifest last. */
  static ManifestDocument writeArtifact(
      BackupStore store, String artifactId, String gatewayId, Instant createdAt) {
    byte[] sealed = ("sealed " + artifactId).getBytes(StandardCharsets.UTF_8);
    ManifestDocument manifest = manifest(artifactId, gatewayId, createdAt, sealed);
    store.put(manifest.artifactKey(), sealed);
    store.put(manifest.wrappedKeyKey(), ("key " + artifactId).getBytes(StandardCharsets.UTF_8));
    store.put(manifest.manifestKey(), manifest.toJson());
    return manifest;
  }

  @Test
  void backupsAreFoundOnEveryTargetWithTheirVerificationsNewestFirst() {
    Instant older = Instant.parse("2025-08-17T14:30:00Z");
    Instant newer = Instant.parse("2025-08-18T14:30:00Z");
    for (BackupStore store : stores) {
      writeArtifact(store, "art-old", "caddy-prod", older);
      writeArtifact(store, "art-new", "caddy-prod", newer);
    }
    VerificationDocument record =
        new VerificationDocument(
            1,
            "art-old",
            "caddy-prod",
            "prod",
            VerificationStatus.SUCCESS,
            List.of(new VerificationCheck("checksum", "disk-a", true, "ok")),
            Instant.parse("2025-08-17T14:31:00Z"));
    stores.get(0).put(record.key(), record.toJson());
    stores.get(1).put(record.key(), record.toJson());

    BackupCatalog catalog = BackupCatalog.read(stores, "caddy-prod");

    assertThat(catalog.problems()).isEmpty();
    assertThat(catalog.backups())
        .extracting(StoredBackup::artifactId)
        .containsExactly("art-new", "art-old");
    StoredBackup old = catalog.find("art-old").orElseThrow();
    assertThat(old.verified()).isTrue();
    assertThat(old.verifications()).hasSize(1);
    assertThat(old.replicas())
        .extracting(StoredBackup.Replica::targetId)
        .containsExactly("disk-a", "disk-b", "usb");
    assertThat(old.replicaOn("disk-a").orElseThrow().objectKeys())
        .hasSize(4)
        .endsWith(old.manifest().manifestKey())
        .contains(record.key());
    assertThat(old.replicaOn("usb").orElseThrow().complete()).isTrue();
    assertThat(catalog.find("art-new").orElseThrow().verified()).isFalse();
    assertThat(catalog.find("caddy-prod-art-new-full.json.gvx")).isPresent();
  }

  @Test
  void aReplicaWithoutItsSealedObjectIsIncomplete() {
    ManifestDocument manifest = writeArtifact(stores.get(0), "art-1", "caddy-prod", Instant.now());
    stores.get(0).delete(manifest.artifactKey());
    StoredBackup backup = BackupCatalog.read(stores).find("art-1").orElseThrow();
    assertThat(backup.replicaOn("disk-a").orElseThrow().complete()).isFalse();
  }

  @Test
  void aBackupAnotherOneSupersedesIsNeitherListedNorFoundButReportedApart() {
    Instant at = Instant.parse("2025-08-18T14:30:00Z");
    writeArtifact(stores.get(0), "art-old", "caddy-prod", at);
    byte[] sealed = "sealed art-new".getBytes(StandardCharsets.UTF_8);
    ManifestDocument base = manifest("art-new", "caddy-prod", at, sealed);
    ManifestDocument replacement =
        new ManifestDocument(
            base.formatVersion(),
            base.artifactId(),
            base.gatewayId(),
            base.environment(),
            base.name(),
            base.kind(),
            base.version(),
            base.cipher(),
            base.keyReference(),
            base.plaintextSize(),
            base.ciphertextSize(),
            base.sha256(),
            base.watermarkSequence(),
            base.retentionClass(),
            Map.of("BackupType", "FULL", BackupCatalog.SUPERSEDES_TAG, "art-old"),
            null,
            at);
    stores.get(0).put(replacement.artifactKey(), sealed);
    stores.get(0).put(replacement.wrappedKeyKey(), "key".getBytes(StandardCharsets.UTF_8));
    stores.get(0).put(replacement.manifestKey(), replacement.toJson());

    BackupCatalog catalog = BackupCatalog.read(stores);

    assertThat(catalog.backups()).extracting(StoredBackup::artifactId).containsExactly("art-new");
    assertThat(catalog.find("art-old")).isEmpty();
    assertThat(catalog.superseded())
        .extracting(StoredBackup::artifactId)
        .containsExactly("art-old");
    // Its objects are still claimed by its manifest: no orphans reported while it is being erased.
    assertThat(catalog.problems()).isEmpty();
  }

  @Test
  void otherGatewaysAreLeftOut() {
    writeArtifact(stores.get(0), "art-1", "caddy-prod", Instant.now());
    writeArtifact(stores.get(0), "art-2", "kong-prod", Instant.now());
    assertThat(BackupCatalog.read(stores, "kong-prod").backups())
        .extracting(StoredBackup::artifactId)
        .containsExactly("art-2");
    assertThat(BackupCatalog.read(stores).backups()).hasSize(2);
  }

  @Test
  void damagedManifestsAndOrphansAreReportedNotHidden() {
    writeArtifact(stores.get(0), "art-1", "caddy-prod", Instant.now());
    String damaged = RepositoryLayout.manifest("prod", "caddy-prod", "art-2");
    stores.get(0).put(damaged, "{ not json".getBytes(StandardCharsets.UTF_8));
    String orphan = RepositoryLayout.snapshot("prod", "caddy-prod", "lost.json");
    stores.get(1).put(orphan, new byte[] {1});
    stores.get(2).put("v1/notes.txt", new byte[] {1});

    BackupCatalog catalog = BackupCatalog.read(stores, null);

    assertThat(catalog.backups()).extracting(StoredBackup::artifactId).containsExactly("art-1");
    assertThat(catalog.problems())
        .anySatisfy(
            p -> {
              assertThat(p.targetId()).isEqualTo("disk-a");
              assertThat(p.key()).isEqualTo(damaged);
              assertThat(p.description()).contains("not a valid Gatevault manifest");
            })
        .anySatisfy(
            p -> {
              assertThat(p.key()).isEqualTo(orphan);
              assertThat(p.description()).contains("no manifest");
            })
        .anySatisfy(p -> assertThat(p.key()).isEqualTo("v1/notes.txt"));
  }
}
