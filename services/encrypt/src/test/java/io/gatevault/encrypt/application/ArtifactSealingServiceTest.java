package io.gatevault.encrypt.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.core.event.ArtifactManifest;
import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.AuditRecord;
import io.gatevault.core.event.BackupType;
import io.gatevault.core.event.BinaryContent;
import io.gatevault.core.event.EventEnvelope;
import io.gatevault.core.event.GatevaultEvent;
import io.gatevault.core.event.SealedArtifact;
import io.gatevault.crypto.EncryptionContext;
import io.gatevault.crypto.EnvelopeSealer;
import io.gatevault.crypto.EnvelopeUnsealer;
import io.gatevault.crypto.KeystoreGenerator;
import io.gatevault.crypto.KeystoreLoader;
import io.gatevault.crypto.KeystoreSettings;
import io.gatevault.crypto.RawAesKeyring;
import io.gatevault.crypto.WrappedDataKey;
import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.Envelopes;
import io.gatevault.stream.EventPublisher;
import io.gatevault.stream.GatevaultTopics;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sealing with the real keyring and sealer; the Kafka side is covered by EncryptBindingIT. */
class ArtifactSealingServiceTest {

  private static final Instant AT = Instant.parse("2025-08-18T14:30:00Z");

  @TempDir Path dir;

  private final List<Published> published = new ArrayList<>();
  private RawAesKeyring keyring;
  private ArtifactSealingService service;

  record Published(String topic, String key, GatevaultEvent event) {}

  @BeforeEach
  void setUp() {
    Path keystore = dir.resolve("keyring.p12");
    new KeystoreGenerator().create(keystore, "passphrase-1".toCharArray(), "gatevault-kek");
    keyring =
        new KeystoreLoader(Map.of("PASS", "passphrase-1")::get)
            .loadKeyring(new KeystoreSettings(keystore, "PASS", null, "gatevault-kek", 3));
    EventPublisher publisher =
        (topic, key, event) -> published.add(new Published(topic, key, event));
    Envelopes envelopes = new Envelopes("encrypt", Clock.fixed(AT, ZoneOffset.UTC));
    service =
        new ArtifactSealingService(
            new EnvelopeSealer(keyring),
            publisher,
            envelopes,
            new AuditTrail(publisher, envelopes));
  }

  @Test
  void aLargeSnapshotIsPublishedAsChunksAndAManifestThatOpenWithTheKeyring() throws Exception {
    byte[] document = new byte[2 * 1024 * 1024 + 7];
    new Random(1).nextBytes(document);

    ArtifactManifest manifest = service.seal(snapshot("snap-1", document, Map.of()));

    List<SealedArtifact> chunks = events(SealedArtifact.class);
    assertThat(chunks).hasSize(3);
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    for (SealedArtifact chunk : chunks) {
      assertThat(chunk.ciphertext().size()).isLessThanOrEqualTo(BinaryContent.MAX_CHUNK_BYTES);
      assertThat(chunk.chunkSha256()).isEqualTo(sha256(chunk.ciphertext().toByteArray()));
      assertThat(chunk.artifactId()).isEqualTo(manifest.artifactId());
      joined.writeBytes(chunk.ciphertext().toByteArray());
    }
    byte[] ciphertext = joined.toByteArray();
    assertThat(published).last().extracting(Published::event).isInstanceOf(AuditRecord.class);
    assertThat(published.get(3).event()).isEqualTo(manifest);
    assertThat(published.subList(0, 4))
        .allSatisfy(
            p -> {
              assertThat(p.topic()).isEqualTo(GatevaultTopics.ARTIFACTS_SEALED);
              assertThat(p.key()).isEqualTo("caddy-1");
            });
    assertThat(manifest.sha256()).isEqualTo(sha256(ciphertext));
    assertThat(manifest.ciphertextSize()).isEqualTo(ciphertext.length);
    assertThat(manifest.plaintextSize()).isEqualTo(document.length);
    assertThat(manifest.cipher()).isEqualTo("AES256_GCM_HKDF_SEGMENTED/GVX1");
    assertThat(manifest.name()).isEqualTo("caddy-prod-20250818-1430-full.json");
    assertThat(manifest.environment()).isEqualTo("prod");
    assertThat(manifest.description()).isEqualTo("before the release");
    assertThat(manifest.retentionClass()).isEqualTo("daily");
    assertThat(manifest.keyReference().keyId()).isEqualTo("gatevault-kek");
    assertThat(manifest.keyReference().keyVersion()).isEqualTo(3);
    assertThat(manifest.keyReference().wrappedKeyObject())
        .endsWith("/keys/" + manifest.artifactId() + ".3.key");

    byte[] opened =
        new EnvelopeUnsealer(keyring)
            .unsealToBytes(
                ciphertext,
                new WrappedDataKey(manifest.wrappedDataKey().toByteArray(), keyring.reference()),
                new EncryptionContext("caddy-1", "prod", manifest.artifactId()));
    assertThat(opened).isEqualTo(document);
  }

  @Test
  void theArtifactIdFollowsFromTheSnapshotIdAlone() {
    ArtifactManifest first = service.seal(snapshot("snap-2", new byte[10], Map.of()));
    ArtifactManifest second = service.seal(snapshot("snap-2", new byte[10], Map.of()));

    assertThat(first.artifactId())
        .isEqualTo(second.artifactId())
        .isEqualTo(ArtifactSealingService.artifactIdOf("snap-2"));
    assertThat(first.sha256()).isNotEqualTo(second.sha256());
    assertThat(first.envelope().eventId()).isNotEqualTo(second.envelope().eventId());
  }

  @Test
  void aRetentionClassTagIsKept() {
    ArtifactManifest manifest =
        service.seal(snapshot("snap-3", new byte[10], Map.of("RetentionClass", "monthly")));

    assertThat(manifest.retentionClass()).isEqualTo("monthly");
  }

  @Test
  void sealingIsAuditedWithSizesAndChecksum() {
    ArtifactManifest manifest = service.seal(snapshot("snap-4", new byte[10], Map.of()));

    AuditRecord audit = events(AuditRecord.class).get(0);
    assertThat(audit.action()).isEqualTo("artifact.sealed");
    assertThat(audit.outcome()).isEqualTo(AuditOutcome.SUCCESS);
    assertThat(audit.target()).isEqualTo(manifest.artifactId());
    assertThat(audit.detail())
        .containsEntry("sha256", manifest.sha256())
        .containsEntry("snapshotId", "snap-4")
        .containsEntry("keyVersion", "3");
  }

  private <T> List<T> events(Class<T> type) {
    return published.stream()
        .map(Published::event)
        .filter(type::isInstance)
        .map(type::cast)
        .toList();
  }

  private static AssembledSnapshot snapshot(String id, byte[] document, Map<String, String> tags) {
    return new AssembledSnapshot(
        id,
        "caddy-1",
        BackupType.FULL,
        document,
        sha256(document),
        5,
        tags,
        AT,
        new EventEnvelope("evt-" + id, 1, "SnapshotChunk", "capture", null, null, AT, "caddy-1"),
        "caddy-prod-20250818-1430-full.json",
        4,
        "before the release",
        "prod");
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
