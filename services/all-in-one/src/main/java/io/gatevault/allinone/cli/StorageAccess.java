package io.gatevault.allinone.cli;

import io.gatevault.allinone.config.GatevaultConfig;
import io.gatevault.core.event.StorageMedium;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.storage.StorageSettings;
import io.gatevault.storage.StorageTargetSettings;
import io.gatevault.storage.StorageTargets;
import io.gatevault.storage.s3.S3TargetSettings;
import io.gatevault.tls.TlsSettings;
import java.util.List;
import java.util.Map;

/**
 * Opens the configured storage targets directly, without Kafka or any service: what the CLI needs
 * to read the catalog from storage alone (disaster recovery, compliance).
 */
public final class StorageAccess {

  private StorageAccess() {}

  /**
   * Every configured target; an S3 target over TLS as its {@code storage.targets[i].tls} (or the
   * {@code tls:} section) says.
   */
  public static List<BackupStore> all(GatevaultConfig config) {
    return StorageTargets.fromWithTls(
            new StorageSettings(config.targets().stream().map(StorageAccess::settings).toList()),
            id -> tlsOf(config, id))
        .all();
  }

  private static TlsSettings tlsOf(GatevaultConfig config, String targetId) {
    for (int i = 0; i < config.targets().size(); i++) {
      if (config.targets().get(i).id().equals(targetId)) {
        return config.tls().forConnection("storage.targets[" + i + "].tls");
      }
    }
    return null;
  }

  static BackupStore named(GatevaultConfig config, String targetId) {
    return config.targets().stream()
        .filter(t -> t.id().equals(targetId))
        .findFirst()
        .map(
            t ->
                all(config).stream()
                    .filter(store -> store.describe().targetId().equals(t.id()))
                    .findFirst()
                    .orElseThrow())
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

  private static StorageTargetSettings settings(GatevaultConfig.TargetSettings t) {
    Map<String, String> s3 = t.s3();
    S3TargetSettings bucket =
        t.type().equals(StorageTargetSettings.S3)
            ? new S3TargetSettings(
                s3.get("bucket"),
                s3.get("prefix"),
                s3.getOrDefault("region", t.region()),
                s3.get("endpoint"),
                Boolean.parseBoolean(s3.getOrDefault("path-style", "false")),
                s3.get("storage-class"),
                s3.get("sse-kms-key-id"),
                s3.get("object-lock-mode"),
                s3.containsKey("object-lock-days")
                    ? Integer.valueOf(s3.get("object-lock-days"))
                    : null,
                s3.get("credentials-profile"),
                s3.get("access-key-env"),
                s3.get("secret-key-env"))
            : null;
    return new StorageTargetSettings(
        t.id(),
        t.type(),
        t.path() == null ? null : t.path().toString(),
        StorageMedium.valueOf(t.medium()),
        t.region(),
        t.offSite(),
        t.offline(),
        bucket);
  }
}
