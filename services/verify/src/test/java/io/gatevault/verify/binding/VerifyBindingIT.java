package io.gatevault.verify.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.event.ArtifactManifest;
import io.gatevault.core.event.EventEnvelope;
import io.gatevault.core.event.KeyReference;
import io.gatevault.core.event.ReplicaWritten;
import io.gatevault.core.event.StorageMedium;
import io.gatevault.core.event.VerificationResult;
import io.gatevault.core.event.VerificationStatus;
import io.gatevault.core.storage.ManifestDocument;
import io.gatevault.core.storage.RepositoryLayout;
import io.gatevault.core.storage.TargetDescription;
import io.gatevault.crypto.EncryptionContext;
import io.gatevault.crypto.EnvelopeSealer;
import io.gatevault.crypto.KeystoreGenerator;
import io.gatevault.crypto.KeystoreLoader;
import io.gatevault.crypto.KeystoreSettings;
import io.gatevault.crypto.SealedBytes;
import io.gatevault.registry.EmbeddedSchemaRegistry;
import io.gatevault.storage.FilesystemBackupStore;
import io.gatevault.stream.GatevaultTopics;
import io.gatevault.stream.testing.TopicProbe;
import io.gatevault.testsupport.SharedKafka;
import io.gatevault.verify.VerifyApplication;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The verify service against a real broker, schema registry, keystore and filesystem targets. */
class VerifyBindingIT {

  private static final String[] TARGETS = {"disk-a", "disk-b", "usb-offsite"};

  private static EmbeddedSchemaRegistry registry;
  private static ConfigurableApplicationContext service;
  private static TopicProbe probe;
  private static Path root;
  private static Path keystore;
  private static final List<FilesystemBackupStore> stores = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    root = Files.createTempDirectory("verify-it");
    keystore = root.resolve("keys/keyring.p12");
    Path passphrase = root.resolve("keys/keyring.pass");
    new KeystoreGenerator().create(keystore, "it-passphrase".toCharArray(), "gatevault-kek");
    Files.writeString(passphrase, "it-passphrase");
    registry =
        EmbeddedSchemaRegistry.builder().bootstrapServers(SharedKafka.bootstrapServers()).build();
    String registryUrl = registry.start();
    List<String> args = new ArrayList<>();
    args.add("--spring.cloud.stream.kafka.binder.brokers=" + SharedKafka.bootstrapServers());
    args.add("--gatevault.registry.url=" + registryUrl);
    args.add("--gatevault.keyring.keystore-path=" + keystore);
    args.add("--gatevault.keyring.password-file=" + passphrase);
    args.add("--gatevault.verify.work-dir=" + root.resolve("work"));
    for (int i = 0; i < TARGETS.length; i++) {
      boolean offSite = i == 2;
      StorageMedium medium = offSite ? StorageMedium.REMOVABLE_MEDIA : StorageMedium.FILESYSTEM;
      String prefix = "--gatevault.storage.targets[" + i + "].";
      args.add(prefix + "id=" + TARGETS[i]);
      args.add(prefix + "type=filesystem");
      args.add(prefix + "path=" + root.resolve(TARGETS[i]));
      args.add(prefix + "medium=" + medium);
      args.add(prefix + "region=eu-central-1");
      args.add(prefix + "off-site=" + offSite);
      args.add(prefix + "offline=false");
      stores.add(
          new FilesystemBackupStore(
              new TargetDescription(TARGETS[i], medium, "eu-central-1", offSite, false),
              root.resolve(TARGETS[i])));
    }
    service = VerifyApplication.builder().run(args.toArray(String[]::new));
    probe = new TopicProbe(SharedKafka.bootstrapServers(), registryUrl);
  }

  @AfterAll
  static void stop() {
    if (probe != null) {
      probe.close();
    }
    if (service != null) {
      service.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void anArtifactIsVerifiedOnceAllTargetsReportedEvenWhenAReportComesTwice() {
    ManifestDocument manifest = storeArtifact();
    ReplicaWritten first = replica(manifest, TARGETS[0]);
    probe.publish(GatevaultTopics.REPLICAS, manifest.artifactId(), first);
    probe.publish(GatevaultTopics.REPLICAS, manifest.artifactId(), first);
    probe.publish(GatevaultTopics.REPLICAS, manifest.artifactId(), replica(manifest, TARGETS[1]));
    probe.publish(GatevaultTopics.REPLICAS, manifest.artifactId(), replica(manifest, TARGETS[2]));

    List<VerificationResult> results =
        probe.awaitEvents(
            GatevaultTopics.VERIFICATIONS,
            VerificationResult.class,
            result -> result.artifactId().equals(manifest.artifactId()),
            3,
            Duration.ofSeconds(45));

    assertThat(results)
        .extracting(VerificationResult::status)
        .containsExactly(VerificationStatus.STARTED, VerificationStatus.SUCCESS);
    assertThat(results.get(1).checks()).hasSize(3);
    assertThat(stores.get(2).list(manifest.verificationsPrefix())).hasSize(1);
  }

  private static ManifestDocument storeArtifact() {
    String artifactId = UUID.randomUUID().toString();
    String gateway = "caddy-" + UUID.randomUUID().toString().substring(0, 8);
    var keyring =
        new KeystoreLoader(Map.of("P", "it-passphrase")::get)
            .loadKeyring(new KeystoreSettings(keystore, "P", null, "gatevault-kek", 1));
    SealedBytes sealed =
        new EnvelopeSealer(keyring)
            .seal(
                "{\"apps\":{}}".getBytes(StandardCharsets.UTF_8),
                new EncryptionContext(gateway, "prod", artifactId));
    ManifestDocument document =
        ManifestDocument.from(
            new ArtifactManifest(
                envelope("ArtifactManifest", gateway),
                artifactId,
                gateway,
                "prod",
                gateway + "-20250818-1430-full.json.gvx",
                ArtifactKind.SNAPSHOT,
                1,
                EnvelopeSealer.CIPHER,
                new KeyReference(
                    "local-keystore",
                    "gatevault-kek",
                    1,
                    RepositoryLayout.wrappedKey("prod", gateway, artifactId, 1)),
                sealed.envelope().plaintextSize(),
                sealed.envelope().ciphertextSize(),
                sealed.envelope().ciphertextSha256(),
                0,
                "daily",
                Map.of(),
                null,
                Instant.now()));
    for (FilesystemBackupStore store : stores) {
      store.put(document.artifactKey(), sealed.ciphertext());
      store.put(document.wrappedKeyKey(), sealed.envelope().wrappedDataKey().bytes());
      store.put(document.manifestKey(), document.toJson());
    }
    return document;
  }

  private static ReplicaWritten replica(ManifestDocument manifest, String targetId) {
    return new ReplicaWritten(
        envelope("ReplicaWritten", manifest.gatewayId()),
        manifest.artifactId(),
        targetId,
        StorageMedium.FILESYSTEM,
        "eu-central-1",
        false,
        false,
        "file:///backups/" + manifest.artifactKey(),
        manifest.sha256(),
        manifest.ciphertextSize(),
        Instant.now());
  }

  private static EventEnvelope envelope(String type, String gatewayId) {
    return new EventEnvelope(
        UUID.randomUUID().toString(),
        EventEnvelope.CURRENT_SCHEMA_VERSION,
        type,
        "test",
        null,
        null,
        Instant.now(),
        gatewayId);
  }
}
