package io.gatevault.allinone.gdpr;

import io.gatevault.allinone.config.GatevaultConfig;
import io.gatevault.allinone.restore.SingleTargetBackupSource;
import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.config.RedactedSecret;
import io.gatevault.core.config.SensitiveField;
import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.storage.BackupCatalog;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.StoredBackup;
import io.gatevault.crypto.EnvelopeUnsealer;
import io.gatevault.crypto.KeystoreLoader;
import io.gatevault.crypto.KeystoreSettings;
import io.gatevault.gateways.GatewayAdapters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the newest verified backup of each gateway holds, by classification: read from storage,
 * unsealed in memory with the configured keystore, classified by the gateway type's rules. Only
 * entity keys, paths and kinds leave this class, never a value.
 */
final class BackupContents {

  /**
   * @param backupName the backup inspected, or null when none could be
   * @param createdAt when it was taken
   * @param fields the sensitive fields found
   * @param redactedSecrets references of secrets the backup left out
   * @param reason why nothing was inspected (null when something was)
   */
  record Inspection(
      String backupName,
      Instant createdAt,
      List<SensitiveField> fields,
      List<String> redactedSecrets,
      String reason) {

    static Inspection notInspected(String reason) {
      return new Inspection(null, null, List.of(), List.of(), reason);
    }
  }

  private BackupContents() {}

  /** Per gateway of the configuration, its newest verified backup classified (or why not). */
  static Map<String, Inspection> inspect(GatevaultConfig config, List<BackupStore> stores) {
    Map<String, Inspection> inspections = new LinkedHashMap<>();
    BackupCatalog catalog;
    try {
      catalog = BackupCatalog.read(stores);
    } catch (RuntimeException e) {
      for (GatevaultConfig.GatewaySettings gateway : config.gateways()) {
        inspections.put(
            gateway.id(), Inspection.notInspected("storage not readable: " + e.getMessage()));
      }
      return inspections;
    }
    Optional<EnvelopeUnsealer> unsealer;
    String keyProblem;
    try {
      unsealer = unsealer(config);
      keyProblem =
          "the key provider is "
              + config.keyring().provider()
              + " or its keystore is missing: this command opens backups with the local keystore"
              + " only";
    } catch (RuntimeException e) {
      unsealer = Optional.empty();
      keyProblem = "the keystore could not be opened: " + e.getMessage();
    }
    for (GatevaultConfig.GatewaySettings gateway : config.gateways()) {
      Optional<StoredBackup> newest =
          catalog.forGateway(gateway.id()).stream()
              .filter(StoredBackup::verified)
              .filter(backup -> backup.manifest().kind() == ArtifactKind.SNAPSHOT)
              .max(Comparator.comparing(StoredBackup::createdAt));
      if (newest.isEmpty()) {
        inspections.put(
            gateway.id(), Inspection.notInspected("no verified backup of this gateway in storage"));
      } else if (unsealer.isEmpty()) {
        inspections.put(gateway.id(), Inspection.notInspected(keyProblem));
      } else {
        inspections.put(gateway.id(), inspect(gateway, newest.get(), stores, unsealer.get()));
      }
    }
    return inspections;
  }

  private static Inspection inspect(
      GatevaultConfig.GatewaySettings gateway,
      StoredBackup backup,
      List<BackupStore> stores,
      EnvelopeUnsealer unsealer) {
    String failures = "";
    Path work;
    try {
      work = Files.createTempDirectory("gatevault-gdpr-record");
    } catch (IOException e) {
      return Inspection.notInspected("no temporary folder: " + e.getMessage());
    }
    try {
      for (BackupStore store : stores) {
        if (backup.replicaOn(store.describe().targetId()).isEmpty()) {
          continue;
        }
        try {
          byte[] document =
              new SingleTargetBackupSource(store, unsealer, work)
                  .read(backup.artifactId())
                  .document();
          ConfigSnapshot snapshot = ConfigSnapshot.fromDocument(document);
          List<SensitiveField> fields =
              GatewayAdapters.sensitiveDataRules(snapshot.gatewayType())
                  .classifier()
                  .classify(snapshot);
          return new Inspection(
              backup.manifest().name(),
              backup.createdAt(),
              fields,
              snapshot.redactedSecrets().stream().map(RedactedSecret::reference).toList(),
              null);
        } catch (RuntimeException e) {
          failures += store.describe().targetId() + ": " + e.getMessage() + "; ";
        }
      }
    } finally {
      try {
        Files.deleteIfExists(work);
      } catch (IOException leftBehind) {
        // An empty temporary folder; the plaintext file inside is always deleted by the source.
      }
    }
    return Inspection.notInspected(
        "backup " + backup.manifest().name() + " could not be read: " + failures);
  }

  private static Optional<EnvelopeUnsealer> unsealer(GatevaultConfig config) {
    GatevaultConfig.KeyringSettings keyring = config.keyring();
    if (!keyring.usesKeystore() || !Files.exists(keyring.keystore())) {
      return Optional.empty();
    }
    String passwordEnv = keyring.passwordEnv().isBlank() ? null : keyring.passwordEnv();
    return Optional.of(
        new EnvelopeUnsealer(
            new KeystoreLoader()
                .loadKeyring(
                    new KeystoreSettings(
                        keyring.keystore(),
                        passwordEnv,
                        passwordEnv == null ? keyring.passwordFile() : null,
                        keyring.keyAlias(),
                        keyring.keyVersion()))));
  }
}
