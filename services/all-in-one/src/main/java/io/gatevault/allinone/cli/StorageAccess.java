package io.gatevault.allinone.cli;

import io.gatevault.allinone.config.GatevaultConfig;
import io.gatevault.core.event.StorageMedium;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.TargetDescription;
import io.gatevault.storage.FilesystemBackupStore;
import java.util.List;

/**
 * Opens the configured storage targets directly, without Kafka or any service: what the CLI needs
 * to read the catalog from storage alone (disaster recovery, compliance).
 */
final class StorageAccess {

  private StorageAccess() {}

  static List<BackupStore> all(GatevaultConfig config) {
    return config.targets().stream().map(StorageAccess::open).toList();
  }

  static BackupStore named(GatevaultConfig config, String targetId) {
    return config.targets().stream()
        .filter(t -> t.id().equals(targetId))
        .findFirst()
        .map(StorageAccess::open)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "No storage target '"
                        + targetId
                        + "' in the configuration; configured: "
                        + config.targets().stream()
                            .map(GatevaultConfig.TargetSettings::id)
                            .toList()));
  }

  private static BackupStore open(GatevaultConfig.TargetSettings target) {
    return new FilesystemBackupStore(
        new TargetDescription(
            target.id(),
            StorageMedium.valueOf(target.medium()),
            target.region(),
            target.offSite(),
            target.offline()),
        target.path());
  }
}
