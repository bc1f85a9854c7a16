package io.gatevault.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.core.event.StorageMedium;
import io.gatevault.storage.s3.S3TargetSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The setting names of gatevault.storage bind as documented, the way the services bind them. */
class StorageSettingsBindingTest {

  @Test
  void anS3TargetBindsFromKebabCaseSettings() {
    Map<String, String> properties =
        Map.ofEntries(
            Map.entry("gatevault.storage.targets[0].id", "disk-a"),
            Map.entry("gatevault.storage.targets[0].path", "/srv/backup-a"),
            Map.entry("gatevault.storage.targets[0].medium", "FILESYSTEM"),
            Map.entry("gatevault.storage.targets[0].region", "site-a"),
            Map.entry("gatevault.storage.targets[1].id", "s3-offsite"),
            Map.entry("gatevault.storage.targets[1].type", "s3"),
            Map.entry("gatevault.storage.targets[1].off-site", "true"),
            Map.entry("gatevault.storage.targets[1].s3.bucket", "gatevault-backups"),
            Map.entry("gatevault.storage.targets[1].s3.prefix", "site-a"),
            Map.entry("gatevault.storage.targets[1].s3.region", "eu-central-1"),
            Map.entry("gatevault.storage.targets[1].s3.endpoint", "http://127.0.0.1:9000"),
            Map.entry("gatevault.storage.targets[1].s3.path-style", "true"),
            Map.entry("gatevault.storage.targets[1].s3.storage-class", "DEEP_ARCHIVE"),
            Map.entry("gatevault.storage.targets[1].s3.sse-kms-key-id", "alias/gatevault"),
            Map.entry("gatevault.storage.targets[1].s3.object-lock-mode", "COMPLIANCE"),
            Map.entry("gatevault.storage.targets[1].s3.object-lock-days", "30"),
            Map.entry("gatevault.storage.targets[1].s3.credentials-profile", "backup"),
            Map.entry("gatevault.storage.targets[1].s3.access-key-env", "GV_KEY"),
            Map.entry("gatevault.storage.targets[1].s3.secret-key-env", "GV_SECRET"));
    StorageSettings settings =
        new Binder(new MapConfigurationPropertySource(properties))
            .bind("gatevault.storage", StorageSettings.class)
            .get();
    assertThat(settings.targets().get(0))
        .isEqualTo(
            new StorageTargetSettings(
                "disk-a",
                null,
                "/srv/backup-a",
                StorageMedium.FILESYSTEM,
                "site-a",
                false,
                false,
                null));
    assertThat(settings.targets().get(1))
        .isEqualTo(
            new StorageTargetSettings(
                "s3-offsite",
                "s3",
                null,
                null,
                null,
                true,
                false,
                new S3TargetSettings(
                    "gatevault-backups",
                    "site-a",
                    "eu-central-1",
                    "http://127.0.0.1:9000",
                    true,
                    "DEEP_ARCHIVE",
                    "alias/gatevault",
                    "COMPLIANCE",
                    30,
                    "backup",
                    "GV_KEY",
                    "GV_SECRET")));
  }
}
