package io.gatevault.restore.adapter;

import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.event.KeyReference;
import io.gatevault.core.storage.BackupCatalog;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.ManifestDocument;
import io.gatevault.core.storage.Sha256;
import io.gatevault.core.storage.StoredBackup;
import io.gatevault.crypto.EncryptionContext;
import io.gatevault.crypto.EnvelopeUnsealer;
import io.gatevault.crypto.WrappedDataKey;
import io.gatevault.crypto.rotation.WrappedKeyObjects;
import io.gatevault.restore.application.BackupSource;
import io.gatevault.restore.application.BackupUnusableException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Backups from the storage targets ({@code gatevault.storage.targets}), opened with the keyring
 * ({@code gatevault.keyring.*}). A backup is read from the first target whose copy passes every
 * check: the ciphertext's SHA-256 equals the manifest's, the data key unwraps under the artifact's
 * encryption context, and every segment authenticates. Damaged copies are skipped and named; when
 * none passes, the backup is refused as damaged.
 */
public class StorageBackupSource implements BackupSource {

  private final List<BackupStore> stores;
  private final Supplier<EnvelopeUnsealer> unsealer;

  /**
   * @param unsealer opens sealed artifacts; a supplier so a missing keyring setting is reported by
   *     the restore that needs it, naming the setting
   */
  public StorageBackupSource(List<BackupStore> stores, Supplier<EnvelopeUnsealer> unsealer) {
    this.stores = List.copyOf(stores);
    this.unsealer = unsealer;
  }

  @Override
  public Optional<String> newestBackupOf(String gatewayId) {
    return BackupCatalog.read(stores, gatewayId).forGateway(gatewayId).stream()
        .filter(StoredBackup::verified)
        .filter(backup -> backup.manifest().kind() == ArtifactKind.SNAPSHOT)
        .max(Comparator.comparing(StoredBackup::createdAt))
        .map(StoredBackup::artifactId);
  }

  @Override
  public List<StoredBackup> storedOf(String gatewayId) {
    return BackupCatalog.read(stores, gatewayId).forGateway(gatewayId);
  }

  @Override
  public String describe() {
    return "storage targets " + stores.stream().map(s -> s.describe().targetId()).toList();
  }

  @Override
  public VerifiedBackup read(String backupId) {
    if (stores.isEmpty()) {
      throw new BackupUnusableException(
          backupId,
          BackupUnusableException.Reason.NOT_FOUND,
          "backup "
              + backupId
              + " cannot be looked up: no storage target is configured (gatevault.storage.targets)",
          null);
    }
    StoredBackup backup =
        BackupCatalog.read(stores)
            .find(backupId)
            .orElseThrow(
                () ->
                    new BackupUnusableException(
                        backupId,
                        BackupUnusableException.Reason.NOT_FOUND,
                        "no storage target holds a backup with id or name "
                            + backupId
                            + " (looked on "
                            + stores.stream().map(s -> s.describe().targetId()).toList()
                            + ")",
                        null));
    return read(backup);
  }

  @Override
  public VerifiedBackup read(StoredBackup backup) {
    ManifestDocument manifest = backup.manifest();
    List<String> problems = new ArrayList<>();
    for (StoredBackup.Replica replica : backup.replicas()) {
      Optional<BackupStore> store =
          stores.stream()
              .filter(s -> s.describe().targetId().equals(replica.targetId()))
              .findFirst();
      if (store.isEmpty() || !replica.complete()) {
        problems.add(replica.targetId() + ": copy incomplete");
        continue;
      }
      try {
        byte[] sealed = store.get().get(manifest.artifactKey());
        String sha256 = Sha256.hex(sealed);
        if (!sha256.equals(manifest.sha256())) {
          problems.add(
              replica.targetId()
                  + ": SHA-256 of "
                  + manifest.artifactKey()
                  + " is "
                  + sha256
                  + ", the manifest says "
                  + manifest.sha256());
          continue;
        }
        KeyReference key = manifest.keyReference();
        // Newest key object first: after a key rotation the manifest's version may be retired.
        List<WrappedDataKey> wrapped = WrappedKeyObjects.newestFirst(store.get(), manifest);
        byte[] document =
            unsealer
                .get()
                .unsealToBytes(
                    sealed,
                    wrapped,
                    new EncryptionContext(
                        manifest.gatewayId(), manifest.environment(), manifest.artifactId()));
        return new VerifiedBackup(
            manifest.artifactId(),
            manifest.gatewayId(),
            document,
            "copy on target "
                + replica.targetId()
                + ": SHA-256 matches the manifest, data key unwrapped (sealed under "
                + key.keyId()
                + " v"
                + key.keyVersion()
                + ")"
                + ", every segment authenticated"
                + (problems.isEmpty() ? "" : " (skipped damaged copies: " + problems + ")"));
      } catch (RuntimeException e) {
        problems.add(replica.targetId() + ": " + e.getMessage());
      }
    }
    throw new BackupUnusableException(
        manifest.artifactId(),
        BackupUnusableException.Reason.DAMAGED,
        "backup "
            + manifest.artifactId()
            + " ("
            + manifest.name()
            + ") has no usable copy: "
            + (problems.isEmpty() ? "no replica found" : String.join("; ", problems))
            + ". Restore another backup, or repair the copies from a healthy target",
        null);
  }
}
