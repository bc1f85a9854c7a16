package io.gatevault.allinone.restore;

import io.gatevault.core.event.ArtifactKind;
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
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Backups read from one storage target alone, for a restore without Kafka, registry or control
 * plane (disaster recovery). The manifest and key objects come from that target only; the sealed
 * artifact is streamed from it through a SHA-256 digest into the unsealer, whose plaintext goes to
 * an owner-only temporary file that becomes the restore's input only after the last segment's tag
 * verified and the ciphertext's SHA-256 matched the manifest. The file is deleted before {@link
 * #read} returns, whatever happened.
 */
public final class SingleTargetBackupSource implements BackupSource {

  private final BackupStore target;
  private final EnvelopeUnsealer unsealer;
  private final Path workDirectory;

  /**
   * @param workDirectory where the temporary plaintext file is written (owner-only); it should not
   *     be a backup target
   */
  public SingleTargetBackupSource(
      BackupStore target, EnvelopeUnsealer unsealer, Path workDirectory) {
    this.target = target;
    this.unsealer = unsealer;
    this.workDirectory = workDirectory;
  }

  @Override
  public Optional<String> newestBackupOf(String gatewayId) {
    return BackupCatalog.read(List.of(target), gatewayId).forGateway(gatewayId).stream()
        .filter(StoredBackup::verified)
        .filter(backup -> backup.manifest().kind() == ArtifactKind.SNAPSHOT)
        .max(Comparator.comparing(StoredBackup::createdAt))
        .map(StoredBackup::artifactId);
  }

  @Override
  public List<StoredBackup> storedOf(String gatewayId) {
    return BackupCatalog.read(List.of(target), gatewayId).forGateway(gatewayId);
  }

  @Override
  public String describe() {
    return "storage target " + target.describe().targetId() + " (alone)";
  }

  @Override
  public VerifiedBackup read(String backupId) {
    String targetId = target.describe().targetId();
    StoredBackup backup =
        BackupCatalog.read(List.of(target))
            .find(backupId)
            .orElseThrow(
                () ->
                    new BackupUnusableException(
                        backupId,
                        BackupUnusableException.Reason.NOT_FOUND,
                        "target "
                            + targetId
                            + " holds no backup with id or name "
                            + backupId
                            + "; list what it holds with `gatevault catalog rebuild --from "
                            + targetId
                            + "`",
                        null));
    return read(backup);
  }

  @Override
  public VerifiedBackup read(StoredBackup backup) {
    String targetId = target.describe().targetId();
    ManifestDocument manifest = backup.manifest();
    if (backup.replicaOn(targetId).map(r -> !r.complete()).orElse(true)) {
      throw damaged(manifest, "the copy on target " + targetId + " is incomplete", null);
    }
    try {
      return new VerifiedBackup(
          manifest.artifactId(),
          manifest.gatewayId(),
          unsealThroughTemporaryFile(manifest),
          "copy on target "
              + targetId
              + " (read from this target alone): SHA-256 matches the manifest, data key"
              + " unwrapped (sealed under "
              + manifest.keyReference().keyId()
              + " v"
              + manifest.keyReference().keyVersion()
              + "), every segment authenticated before the plaintext was used");
    } catch (BackupUnusableException e) {
      throw e;
    } catch (RuntimeException e) {
      throw damaged(manifest, e.getMessage() == null ? e.toString() : e.getMessage(), e);
    }
  }

  private byte[] unsealThroughTemporaryFile(ManifestDocument manifest) {
    String targetId = target.describe().targetId();
    List<WrappedDataKey> keys = WrappedKeyObjects.newestFirst(target, manifest);
    if (keys.isEmpty()) {
      throw damaged(
          manifest, "target " + targetId + " holds no key object for it (keys/ is empty)", null);
    }
    EncryptionContext context =
        new EncryptionContext(manifest.gatewayId(), manifest.environment(), manifest.artifactId());
    Path directory;
    try {
      Files.createDirectories(workDirectory);
      // createTempDirectory makes it owner-only (rwx------) on POSIX file systems.
      directory = Files.createTempDirectory(workDirectory, "restore-");
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create a temporary folder under "
              + workDirectory
              + " for the restore's plaintext: "
              + e.getMessage(),
          e);
    }
    Path plaintext = directory.resolve(manifest.artifactId() + ".json");
    try {
      MessageDigest digest = Sha256.newDigest();
      try (InputStream sealed =
          new DigestInputStream(target.open(manifest.artifactKey()), digest)) {
        unsealer.unsealToFile(sealed, plaintext, keys, context);
        // Bytes after the last segment would not change the plaintext but do change the copy.
        sealed.transferTo(OutputStream.nullOutputStream());
      }
      String sha256 = Sha256.hex(digest);
      if (!sha256.equals(manifest.sha256())) {
        throw damaged(
            manifest,
            "SHA-256 of "
                + manifest.artifactKey()
                + " on target "
                + targetId
                + " is "
                + sha256
                + ", the manifest says "
                + manifest.sha256(),
            null);
      }
      return Files.readAllBytes(plaintext);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "reading " + manifest.artifactKey() + " from target " + targetId + " failed", e);
    } finally {
      deleteQuietly(plaintext);
      deleteQuietly(directory);
    }
  }

  private BackupUnusableException damaged(ManifestDocument manifest, String why, Throwable cause) {
    String targetId = target.describe().targetId();
    return new BackupUnusableException(
        manifest.artifactId(),
        BackupUnusableException.Reason.DAMAGED,
        "backup "
            + manifest.artifactId()
            + " ("
            + manifest.name()
            + ") on target "
            + targetId
            + " is not usable: "
            + why
            + ". Restore it --from another target, or another backup",
        cause);
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // The folder is owner-only; a leftover is reported, never fatal to the restore's result.
      System.err.println("warning: could not delete " + path + ": " + e.getMessage());
    }
  }
}
