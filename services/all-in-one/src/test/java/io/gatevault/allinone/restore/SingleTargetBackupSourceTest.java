package io.gatevault.allinone.restore;

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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backups read from one real target folder alone and opened with a real keyring. */
class SingleTargetBackupSourceTest {

  private static final byte[] DOCUMENT =
      "{\"formatVersion\":1,\"gateway\":\"caddy-prod\"}".getBytes(StandardCharsets.UTF_8);

  @TempDir Path folder;
  private BackupStore offsite;
  private BackupStore local;
  private RawAesKeyring keyring;
  private Path work;

  @BeforeEach
  void targetsAndKeyring() throws Exception {
    offsite =
        new FilesystemBackupStore(
            new TargetDescription("offsite", StorageMedium.FILESYSTEM, "site-b", true, false),
            folder.resolve("offsite"));
    local =
        new FilesystemBackupStore(
            new TargetDescription("local", StorageMedium.FILESYSTEM, "site-a", false, false),
            folder.resolve("local"));
    keyring = new RawAesKeyring(new WrappingKeyReference("local-keystore", "kek", 1), aesKey());
    work = folder.resolve("restore-work");
  }

  private static SecretKey aesKey() throws Exception {
    KeyGenerator generator = KeyGenerator.getInstance("AES");
    generator.init(256);
    return generator.generateKey();
  }

  /** Seals the document as encrypt does and writes it to {@code store} as replicate does. */
  private ManifestDocument seal(String artifactId, BackupStore store) {
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
    store.put(manifest.artifactKey(), sealed.ciphertext());
    store.put(manifest.wrappedKeyKey(), sealed.envelope().wrappedDataKey().bytes());
    store.put(manifest.manifestKey(), manifest.toJson());
    return manifest;
  }

  private SingleTargetBackupSource from(BackupStore store) {
    return new SingleTargetBackupSource(store, new EnvelopeUnsealer(keyring), work);
  }

  private List<Path> plaintextLeftBehind() throws IOException {
    if (!Files.exists(work)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(work)) {
      return files.filter(path -> !path.equals(work)).toList();
    }
  }

  @Test
  void anIntactBackupIsReadFromThatTargetAloneAndNoPlaintextStaysOnDisk() throws Exception {
    seal("a1", offsite);

    BackupSource.VerifiedBackup backup = from(offsite).read("caddy-prod-a1-full.json");

    assertThat(backup.document()).isEqualTo(DOCUMENT);
    assertThat(backup.backupId()).isEqualTo("a1");
    assertThat(backup.checks())
        .contains("copy on target offsite (read from this target alone)")
        .contains("SHA-256 matches the manifest")
        .contains("every segment authenticated before the plaintext was used");
    assertThat(plaintextLeftBehind()).isEmpty();
  }

  @Test
  void aBackupOnAnotherTargetOnlyIsNotFoundOnThisOneAndTheMessageSaysWhereToLook() {
    seal("a2", local);

    assertThatThrownBy(() -> from(offsite).read("a2"))
        .isInstanceOfSatisfying(
            BackupUnusableException.class,
            e -> assertThat(e.reason()).isEqualTo(BackupUnusableException.Reason.NOT_FOUND))
        .hasMessageContaining("target offsite holds no backup with id or name a2")
        .hasMessageContaining("gatevault catalog rebuild --from offsite");
  }

  @Test
  void aFlippedBitIsRefusedAsDamagedNamingTheTargetAndNoPlaintextStaysOnDisk() throws Exception {
    ManifestDocument manifest = seal("a3", offsite);
    byte[] damaged = offsite.get(manifest.artifactKey());
    damaged[damaged.length / 2] ^= 0x01;
    offsite.delete(manifest.artifactKey());
    offsite.put(manifest.artifactKey(), damaged);

    assertThatThrownBy(() -> from(offsite).read("a3"))
        .isInstanceOfSatisfying(
            BackupUnusableException.class,
            e -> assertThat(e.reason()).isEqualTo(BackupUnusableException.Reason.DAMAGED))
        .hasMessageContaining("on target offsite is not usable")
        .hasMessageContaining("Restore it --from another target");
    assertThat(plaintextLeftBehind()).isEmpty();
  }

  @Test
  void bytesAppendedAfterTheLastSegmentAreRefused() throws Exception {
    ManifestDocument manifest = seal("a4", offsite);
    byte[] stored = offsite.get(manifest.artifactKey());
    byte[] extended = Arrays.copyOf(stored, stored.length + 7);
    offsite.delete(manifest.artifactKey());
    offsite.put(manifest.artifactKey(), extended);

    assertThatThrownBy(() -> from(offsite).read("a4"))
        .isInstanceOf(BackupUnusableException.class)
        .hasMessageContaining("on target offsite is not usable");
    assertThat(plaintextLeftBehind()).isEmpty();
  }

  @Test
  void anotherKeyringIsRefusedWithoutReleasingPlaintext() throws Exception {
    seal("a5", offsite);
    RawAesKeyring other =
        new RawAesKeyring(new WrappingKeyReference("local-keystore", "kek", 1), aesKey());

    assertThatThrownBy(
            () ->
                new SingleTargetBackupSource(offsite, new EnvelopeUnsealer(other), work).read("a5"))
        .isInstanceOfSatisfying(
            BackupUnusableException.class,
            e -> assertThat(e.reason()).isEqualTo(BackupUnusableException.Reason.DAMAGED))
        .hasMessageContaining("on target offsite is not usable");
    assertThat(plaintextLeftBehind()).isEmpty();
  }

  @Test
  void aCopyWithoutItsKeyObjectIsRefusedAsIncomplete() {
    ManifestDocument manifest = seal("a6", offsite);
    offsite.delete(manifest.wrappedKeyKey());

    assertThatThrownBy(() -> from(offsite).read("a6"))
        .isInstanceOf(BackupUnusableException.class)
        .hasMessageContaining("the copy on target offsite is incomplete");
  }

  @Test
  void theNewestVerifiedBackupIsNotInventedFromAnUnverifiedOne() {
    seal("a7", offsite);

    assertThat(from(offsite).newestBackupOf("caddy-prod")).isEmpty();
  }
}
