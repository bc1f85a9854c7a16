package io.gatevault.allinone.gdpr;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.allinone.config.ConfigLoader;
import io.gatevault.allinone.config.GatevaultConfig;
import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.event.KeyReference;
import io.gatevault.core.event.StorageMedium;
import io.gatevault.core.storage.ManifestDocument;
import io.gatevault.core.storage.RepositoryLayout;
import io.gatevault.core.storage.TargetDescription;
import io.gatevault.storage.FilesystemBackupStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfiguredObjectRetentionTest {

  private static final Instant CREATED = Instant.parse("2026-11-01T10:00:00Z");

  @TempDir Path dir;

  @Test
  void anObjectOnALockedBucketIsRetainedForItsDaysAfterTheBackupPlusADayOfMargin() {
    ConfiguredObjectRetention retention = new ConfiguredObjectRetention(config());
    ManifestDocument manifest = manifest();

    assertThat(retention.retainedUntil(store("vault"), manifest.artifactKey(), manifest))
        .contains(Instant.parse("2026-12-02T10:00:00Z"));
    Instant verifiedAt = Instant.parse("2026-11-05T08:00:00Z");
    assertThat(
            retention.retainedUntil(
                store("vault"),
                RepositoryLayout.verification("prod", "caddy", manifest.artifactId(), verifiedAt),
                manifest))
        .contains(Instant.parse("2026-12-06T08:00:00Z"));
  }

  @Test
  void anObjectOnATargetWithoutObjectLockMayBeDeletedNow() {
    ManifestDocument manifest = manifest();

    assertThat(
            new ConfiguredObjectRetention(config())
                .retainedUntil(store("a"), manifest.artifactKey(), manifest))
        .isEmpty();
  }

  private GatevaultConfig config() {
    return ConfigLoader.parse(
        """
        storage:
          targets:
            - {id: a, path: /tmp/gv/a}
            - {id: b, path: /tmp/gv/b, medium: REMOVABLE_MEDIA}
            - id: vault
              type: s3
              off-site: true
              s3: {bucket: gatevault-vault, region: eu-west-1, object-lock-mode: COMPLIANCE,
                   object-lock-days: 30}
        """,
        "gatevault.yml",
        dir);
  }

  private FilesystemBackupStore store(String id) {
    return new FilesystemBackupStore(
        new TargetDescription(id, StorageMedium.FILESYSTEM, "local", false, false),
        dir.resolve(id));
  }

  private static ManifestDocument manifest() {
    String id = "0198c4a2-0000-0000-0000-000000000001";
    return new ManifestDocument(
        1,
        id,
        "caddy",
        "prod",
        "caddy-20261101-1000-full.json",
        ArtifactKind.SNAPSHOT,
        1,
        "AES256_GCM_HKDF_SEGMENTED/GVX1",
        new KeyReference(
            "local-keystore", "kek", 1, RepositoryLayout.wrappedKey("prod", "caddy", id, 1)),
        10,
        74,
        "0".repeat(64),
        0,
        "daily",
        Map.of(),
        null,
        CREATED);
  }
}
