package io.gatevault.restore.adapter;

import io.gatevault.core.changes.EntityImage;
import io.gatevault.core.config.ConfigEntity;
import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.event.KeyReference;
import io.gatevault.core.event.StorageMedium;
import io.gatevault.core.event.VerificationCheck;
import io.gatevault.core.event.VerificationStatus;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.ManifestDocument;
import io.gatevault.core.storage.RepositoryLayout;
import io.gatevault.core.storage.TargetDescription;
import io.gatevault.core.storage.VerificationDocument;
import io.gatevault.crypto.EncryptionContext;
import io.gatevault.crypto.EnvelopeSealer;
import io.gatevault.crypto.EnvelopeUnsealer;
import io.gatevault.crypto.RawAesKeyring;
import io.gatevault.crypto.SealedBytes;
import io.gatevault.crypto.WrappingKeyReference;
import io.gatevault.storage.FilesystemBackupStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.crypto.KeyGenerator;

/**
 * A real storage target (a filesystem folder, target {@code disk-a}) and a real keyring, where the
 * restore tests and benchmark seal a gateway's artifacts as the pipeline stores them: ciphertext,
 * wrapped data key, manifest and, for a verified artifact, its verification record. {@link
 * #source()} reads them back as the restore service does.
 */
final class SealedTargetFolder {

  static final String ENVIRONMENT = "prod";

  private final String gatewayId;
  private final BackupStore disk;
  private final RawAesKeyring keyring;

  /**
   * @param folder where target {@code disk-a} is created
   * @param gatewayId the gateway every sealed artifact belongs to
   */
  SealedTargetFolder(Path folder, String gatewayId) {
    this.gatewayId = gatewayId;
    this.disk =
        new FilesystemBackupStore(
            new TargetDescription("disk-a", StorageMedium.FILESYSTEM, "eu", false, false),
            folder.resolve("disk-a"));
    try {
      KeyGenerator generator = KeyGenerator.getInstance("AES");
      generator.init(256);
      this.keyring =
          new RawAesKeyring(
              new WrappingKeyReference("local-keystore", "kek", 1), generator.generateKey());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("This JVM cannot generate an AES-256 key", e);
    }
  }

  BackupStore disk() {
    return disk;
  }

  RawAesKeyring keyring() {
    return keyring;
  }

  /** The folder as the restore service reads it: catalog, integrity checks, unsealing. */
  StorageBackupSource source() {
    return new StorageBackupSource(List.of(disk), () -> new EnvelopeUnsealer(keyring));
  }

  /** Route {@code id} whose body names its upstream. */
  static ConfigEntity route(String id, String upstream) {
    return new ConfigEntity(
        "route", id, id, List.of(), null, "{\"upstream\":\"" + upstream + "\"}");
  }

  /** A snapshot of a Caddy gateway holding {@code routes}, sealed as a SNAPSHOT artifact. */
  void snapshot(
      String artifactId,
      long watermark,
      Instant takenAt,
      boolean verified,
      ConfigEntity... routes) {
    ConfigSnapshot snapshot =
        new ConfigSnapshot(gatewayId, "caddy", List.of(routes), "{\"routes\":[]}", null);
    seal(
        artifactId,
        gatewayId + "-" + artifactId + "-full.json",
        ArtifactKind.SNAPSHOT,
        snapshot.toDocument(),
        watermark,
        takenAt,
        verified,
        Map.of());
  }

  /**
   * A verified segment {@code seg-<first>-<last>} of updates of route r1 to upstream
   * "u&lt;sequence&gt;", change {@code n} at {@code t0} + n minutes.
   */
  void segmentOfRouteUpdates(long first, long last, Instant t0, Map<String, String> tags) {
    StringBuilder lines = new StringBuilder();
    for (long sequence = first; sequence <= last; sequence++) {
      lines
          .append("{\"after\":")
          .append(quoted(EntityImage.encode(route("r1", "u" + sequence))))
          .append(",\"entityId\":\"r1\",\"entityType\":\"route\",\"occurredAt\":\"")
          .append(t0.plusSeconds(60 * sequence))
          .append("\",\"op\":\"UPDATE\",\"sequence\":")
          .append(sequence)
          .append("}\n");
    }
    seal(
        "seg-" + first + "-" + last,
        first + "-" + last,
        ArtifactKind.CHANGE_SEGMENT,
        lines.toString().getBytes(StandardCharsets.UTF_8),
        last,
        t0.plusSeconds(60 * last + 1),
        true,
        tags);
  }

  /** {@code text} as a JSON string, {@code null} for null. */
  static String quoted(String text) {
    if (text == null) {
      return "null";
    }
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /**
   * Seals {@code plaintext} and stores it with its wrapped key and manifest; when {@code verified},
   * also a SUCCESS verification record a second after {@code createdAt}.
   */
  ManifestDocument seal(
      String artifactId,
      String name,
      ArtifactKind kind,
      byte[] plaintext,
      long watermark,
      Instant createdAt,
      boolean verified,
      Map<String, String> tags) {
    SealedBytes sealed =
        new EnvelopeSealer(keyring)
            .seal(plaintext, new EncryptionContext(gatewayId, ENVIRONMENT, artifactId));
    ManifestDocument manifest =
        new ManifestDocument(
            1,
            artifactId,
            gatewayId,
            ENVIRONMENT,
            name,
            kind,
            1,
            EnvelopeSealer.CIPHER,
            new KeyReference(
                "local-keystore",
                "kek",
                1,
                RepositoryLayout.wrappedKey(ENVIRONMENT, gatewayId, artifactId, 1)),
            plaintext.length,
            sealed.ciphertext().length,
            sealed.envelope().ciphertextSha256(),
            watermark,
            "daily",
            tags,
            null,
            createdAt);
    disk.put(manifest.artifactKey(), sealed.ciphertext());
    disk.put(manifest.wrappedKeyKey(), sealed.envelope().wrappedDataKey().bytes());
    disk.put(manifest.manifestKey(), manifest.toJson());
    if (verified) {
      Instant verifiedAt = createdAt.plusSeconds(1);
      disk.put(
          RepositoryLayout.verification(ENVIRONMENT, gatewayId, artifactId, verifiedAt),
          new VerificationDocument(
                  1,
                  artifactId,
                  gatewayId,
                  ENVIRONMENT,
                  VerificationStatus.SUCCESS,
                  List.of(new VerificationCheck("unseal", "disk-a", true, "ok")),
                  verifiedAt)
              .toJson());
    }
    return manifest;
  }

  /** Flips one bit in the middle of the stored ciphertext of {@code manifest}'s artifact. */
  void damage(ManifestDocument manifest) {
    byte[] bytes = disk.get(manifest.artifactKey());
    bytes[bytes.length / 2] ^= 0x01;
    disk.delete(manifest.artifactKey());
    disk.put(manifest.artifactKey(), bytes);
  }
}
