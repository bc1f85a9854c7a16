package io.gatevault.restore.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.event.KeyReference;
import io.gatevault.core.event.StorageMedium;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.ManifestDocument;
import io.gatevault.core.storage.RepositoryLayout;
import io.gatevault.core.storage.TargetDescription;
import io.gatevault.crypto.EncryptionContext;
import io.gatevault.crypto.EnvelopeSealer;
import io.gatevault.crypto.EnvelopeUnsealer;
import io.gatevault.crypto.RawAesKeyring;
import io.gatevault.crypto.SealedBytes;
import io.gatevault.crypto.WrappingKeyReference;
import io.gatevault.restore.application.BackupSource;
import io.gatevault.restore.application.BackupUnusableException;
import io.gatevault.storage.FilesystemBackupStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backups read back from real target folders and opened with a real keyring. */
class StorageBackupSourceTest {

  private static final byte[] DOCUMENT =
      "{\"formatVersion\":1,\"gateway\":\"caddy-prod\"}".getBytes(StandardCharsets.UTF_8);

  @TempDir Path folder;
  private BackupStore diskA;
  private BackupStore diskB;
  private RawAesKeyring keyring;

  @BeforeEach
  void targetsAndKeyring() throws Exception {
    diskA =
        new FilesystemBackupStore(
            new TargetDescription("disk-a", StorageMedium.FILESYSTEM, "eu", false, false),
            folder.resolve("disk-a"));
    diskB =
        new FilesystemBackupStore(
            new TargetDescription("usb", StorageMedium.REMOVABLE_MEDIA, "eu", true, false),
            folder.resolve("usb"));
    keyring = new RawAesKeyring(new WrappingKeyReference("local-keystore", "kek", 1), aesKey());
  }

  private static SecretKey aesKey() throws Exception {
    KeyGenerator generator = KeyGenerator.getInstance("AES");
    generator.init(256);
    return generator.generateKey();
  }

  private ManifestDocument seal(String artifactId, BackupStore... copies) {
    SealedBytes sealed =
        new EnvelopeSealer(keyring)
            .seal(DOCUMENT, new EncryptionContext("caddy-prod", "prod", artifactId));
    ManifestDocument manifest =
        new ManifestDocument(
            1,
            artifactId,
            "caddy-prod",
            "prod",
            "caddy-prod-" + artifactId + "-full.json",
            ArtifactKind.SNAPSHOT,
            1,
            EnvelopeSealer.CIPHER,
            new KeyReference(
                "local-keystore",
                "kek",
                1,
                RepositoryLayout.wrappedKey("prod", "caddy-prod", artifactId, 1)),
            DOCUMENT.length,
            sealed.ciphertext().length,
            sealed.envelope().ciphertextSha256(),
            0,
            "daily",
            Map.of("BackupType", "FULL"),
            null,
            Instant.parse("2025-08-18T14:30:00Z"));
    for (BackupStore store : copies) {
      store.put(manifest.artifactKey(), sealed.ciphertext());
      store.put(manifest.wrappedKeyKey(), sealed.envelope().wrappedDataKey().bytes());
      store.put(manifest.manifestKey(), manifest.toJson());
    }
    return manifest;
  }

  private StorageBackupSource source() {
    return new StorageBackupSource(List.of(diskA, diskB), () -> new EnvelopeUnsealer(keyring));
  }

  @Test
  void intactBackupIsReadDecryptedAndItsChecksNamed() {
    seal("a1", diskA, diskB);

    BackupSource.VerifiedBackup backup = source().read("a1");

    assertThat(backup.document()).isEqualTo(DOCUMENT);
    assertThat(backup.gatewayId()).isEqualTo("caddy-prod");
    assertThat(backup.checks())
        .contains("disk-a")
        .contains("SHA-256 matches")
        .contains("every segment authenticated");
  }

  @Test
  void backupIsFoundByItsNameToo() {
    seal("a1", diskA);

    assertThat(source().read("caddy-prod-a1-full.json").backupId()).isEqualTo("a1");
  }

  @Test
  void damagedCopyIsSkippedAndAHealthyOneUsed() {
    ManifestDocument manifest = seal("a2", diskB);
    diskA.put(manifest.artifactKey(), "tampered".getBytes(StandardCharsets.UTF_8));
    diskA.put(manifest.wrappedKeyKey(), diskB.get(manifest.wrappedKeyKey()));
    diskA.put(manifest.manifestKey(), manifest.toJson());

    BackupSource.VerifiedBackup backup = source().read("a2");

    assertThat(backup.document()).isEqualTo(DOCUMENT);
    assertThat(backup.checks())
        .contains("usb")
        .contains("skipped damaged copies")
        .contains("disk-a");
  }

  @Test
  void backupWithNoIntactCopyIsRefusedAsDamagedNamingEachTarget() {
    ManifestDocument manifest = seal("a3", diskA);
    byte[] sealed = diskA.get(manifest.artifactKey());
    sealed[sealed.length - 1] ^= 1;
    diskB.put(manifest.artifactKey(), sealed);
    diskB.put(manifest.wrappedKeyKey(), diskA.get(manifest.wrappedKeyKey()));
    diskB.put(manifest.manifestKey(), manifest.toJson());
    diskA.delete(manifest.artifactKey());
    diskA.put(manifest.artifactKey(), "x".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> source().read("a3"))
        .isInstanceOf(BackupUnusableException.class)
        .satisfies(
            e ->
                assertThat(((BackupUnusableException) e).reason())
                    .isEqualTo(BackupUnusableException.Reason.DAMAGED))
        .hasMessageContaining("disk-a: SHA-256")
        .hasMessageContaining("usb: SHA-256")
        .hasMessageContaining("Restore another backup");
  }

  @Test
  void backupSealedUnderAnotherKeyIsRefusedNamingTheKey() throws Exception {
    seal("a4", diskA);
    RawAesKeyring other =
        new RawAesKeyring(new WrappingKeyReference("local-keystore", "kek", 1), aesKey());
    StorageBackupSource source =
        new StorageBackupSource(List.of(diskA), () -> new EnvelopeUnsealer(other));

    assertThatThrownBy(() -> source.read("a4"))
        .isInstanceOf(BackupUnusableException.class)
        .hasMessageContaining("disk-a")
        .hasMessageContaining("kek");
  }

  @Test
  void unknownBackupIsNotFound() {
    assertThatThrownBy(() -> source().read("nope"))
        .isInstanceOf(BackupUnusableException.class)
        .satisfies(
            e ->
                assertThat(((BackupUnusableException) e).reason())
                    .isEqualTo(BackupUnusableException.Reason.NOT_FOUND))
        .hasMessageContaining("nope")
        .hasMessageContaining("disk-a");
  }

  @Test
  void unverifiedBackupIsNotOfferedAsTheNewest() {
    seal("a5", diskA);

    assertThat(source().newestBackupOf("caddy-prod")).isEmpty();
  }
}
