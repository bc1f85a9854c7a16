package io.gatevault.encrypt.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.core.event.ArtifactManifest;
import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.AuditRecord;
import io.gatevault.core.event.BackupType;
import io.gatevault.core.event.BinaryContent;
import io.gatevault.core.event.EventEnvelope;
import io.gatevault.core.event.SealedArtifact;
import io.gatevault.core.event.SnapshotChunk;
import io.gatevault.crypto.KeystoreGenerator;
import io.gatevault.encrypt.EncryptApplication;
import io.gatevault.encrypt.application.ArtifactSealingService;
import io.gatevault.registry.EmbeddedSchemaRegistry;
import io.gatevault.stream.GatevaultTopics;
import io.gatevault.stream.testing.TopicProbe;
import io.gatevault.testsupport.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The encrypt service's binding against a real broker and schema registry. */
class EncryptBindingIT {

  private static EmbeddedSchemaRegistry registry;
  private static ConfigurableApplicationContext encrypt;
  private static TopicProbe probe;

  private static Path keys;

  @BeforeAll
  static void start() throws Exception {
    keys = Files.createTempDirectory("encrypt-it-keys");
    Path keystore = keys.resolve("keyring.p12");
    Path passphrase = keys.resolve("keyring.pass");
    Files.writeString(passphrase, "it-passphrase\n");
    new KeystoreGenerator().create(keystore, "it-passphrase".toCharArray(), "gatevault-kek");
    registry =
        EmbeddedSchemaRegistry.builder().bootstrapServers(SharedKafka.bootstrapServers()).build();
    String registryUrl = registry.start();
    encrypt =
        EncryptApplication.builder()
            .run(
                "--spring.cloud.stream.kafka.binder.brokers=" + SharedKafka.bootstrapServers(),
                "--gatevault.registry.url=" + registryUrl,
                "--gatevault.keyring.keystore-path=" + keystore,
                "--gatevault.keyring.password-file=" + passphrase);
    probe = new TopicProbe(SharedKafka.bootstrapServers(), registryUrl);
  }

  @AfterAll
  static void stop() {
    if (probe != null) {
      probe.close();
    }
    if (encrypt != null) {
      encrypt.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void chunksArrivingOutOfOrderAndTwiceAreAssembledOnceWithTheirChecksum() throws Exception {
    String gatewayId = "gw-" + UUID.randomUUID();
    byte[] document = "{\"routes\":[\"a\",\"b\",\"c\"]}".getBytes(StandardCharsets.UTF_8);
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(document));
    String snapshotId = UUID.randomUUID().toString();
    SnapshotChunk second = chunk(gatewayId, snapshotId, 1, document, 10, document.length, sha256);
    SnapshotChunk first = chunk(gatewayId, snapshotId, 0, document, 0, 10, sha256);
    probe.publish(GatevaultTopics.SNAPSHOTS_RAW, gatewayId, second);
    probe.publish(GatevaultTopics.SNAPSHOTS_RAW, gatewayId, second);
    probe.publish(GatevaultTopics.SNAPSHOTS_RAW, gatewayId, first);
    probe.publish(GatevaultTopics.SNAPSHOTS_RAW, gatewayId, first);

    List<AuditRecord> audits =
        probe.awaitEvents(
            GatevaultTopics.AUDIT,
            AuditRecord.class,
            audit ->
                audit.action().equals("snapshot.assembled")
                    && snapshotId.equals(audit.detail().get("snapshotId")),
            2,
            Duration.ofSeconds(20));
    assertThat(audits).hasSize(1);
    assertThat(audits.get(0).action()).isEqualTo("snapshot.assembled");
    assertThat(audits.get(0).outcome()).isEqualTo(AuditOutcome.SUCCESS);
    assertThat(audits.get(0).detail()).containsEntry("sha256", sha256).containsEntry("chunks", "2");
  }

  @Test
  void anAssembledSnapshotIsSealedIntoChunksAndAManifestWithItsWrappedKey() throws Exception {
    String gatewayId = "gw-" + UUID.randomUUID();
    byte[] document = "{\"apps\":{\"http\":{\"servers\":{}}}}".getBytes(StandardCharsets.UTF_8);
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(document));
    String snapshotId = UUID.randomUUID().toString();
    probe.publish(
        GatevaultTopics.SNAPSHOTS_RAW,
        gatewayId,
        chunk(gatewayId, snapshotId, 0, document, 0, document.length, sha256, 1));

    String artifactId = ArtifactSealingService.artifactIdOf(snapshotId);
    List<ArtifactManifest> manifests =
        probe.awaitEvents(
            GatevaultTopics.ARTIFACTS_SEALED,
            ArtifactManifest.class,
            manifest -> artifactId.equals(manifest.artifactId()),
            1,
            Duration.ofSeconds(30));
    List<SealedArtifact> chunks =
        probe.awaitEvents(
            GatevaultTopics.ARTIFACTS_SEALED,
            SealedArtifact.class,
            chunk -> artifactId.equals(chunk.artifactId()),
            1,
            Duration.ofSeconds(5));
    assertThat(manifests).hasSize(1);
    assertThat(chunks).hasSize(1);
    ArtifactManifest manifest = manifests.get(0);
    assertThat(manifest.cipher()).isEqualTo("AES256_GCM_HKDF_SEGMENTED/GVX1");
    assertThat(manifest.wrappedDataKey()).isNotNull();
    assertThat(manifest.plaintextSize()).isEqualTo(document.length);
    byte[] ciphertext = chunks.get(0).ciphertext().toByteArray();
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ciphertext)))
        .isEqualTo(manifest.sha256());
    assertThat(new String(ciphertext, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("GVX1");
    List<AuditRecord> sealed =
        probe.awaitEvents(
            GatevaultTopics.AUDIT,
            AuditRecord.class,
            audit -> audit.action().equals("artifact.sealed") && artifactId.equals(audit.target()),
            1,
            Duration.ofSeconds(10));
    assertThat(sealed)
        .singleElement()
        .extracting(AuditRecord::outcome)
        .isEqualTo(AuditOutcome.SUCCESS);
  }

  private static SnapshotChunk chunk(
      String gatewayId,
      String snapshotId,
      int index,
      byte[] document,
      int from,
      int to,
      String sha256) {
    return chunk(gatewayId, snapshotId, index, document, from, to, sha256, 2);
  }

  private static SnapshotChunk chunk(
      String gatewayId,
      String snapshotId,
      int index,
      byte[] document,
      int from,
      int to,
      String sha256,
      int count) {
    byte[] piece = java.util.Arrays.copyOfRange(document, from, to);
    return new SnapshotChunk(
        new EventEnvelope(
            UUID.randomUUID().toString(),
            EventEnvelope.CURRENT_SCHEMA_VERSION,
            "SnapshotChunk",
            "test",
            null,
            null,
            Instant.now(),
            gatewayId),
        snapshotId,
        gatewayId,
        BackupType.FULL,
        index,
        count,
        BinaryContent.copyOf(piece),
        document.length,
        sha256,
        0,
        Map.of(),
        Instant.now());
  }
}
