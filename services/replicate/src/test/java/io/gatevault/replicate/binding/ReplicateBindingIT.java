package io.gatevault.replicate.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.event.ArtifactManifest;
import io.gatevault.core.event.BinaryContent;
import io.gatevault.core.event.EventEnvelope;
import io.gatevault.core.event.GatevaultEvent;
import io.gatevault.core.event.KeyReference;
import io.gatevault.core.event.ReplicaWritten;
import io.gatevault.core.event.SealedArtifact;
import io.gatevault.core.storage.RepositoryLayout;
import io.gatevault.core.storage.Sha256;
import io.gatevault.messaging.mapping.EventMappers;
import io.gatevault.messaging.serde.AvroSerdeConfig;
import io.gatevault.messaging.serde.ConfluentAvroSerializer;
import io.gatevault.registry.EmbeddedSchemaRegistry;
import io.gatevault.replicate.ReplicateApplication;
import io.gatevault.stream.GatevaultTopics;
import io.gatevault.stream.testing.TopicProbe;
import io.gatevault.testsupport.SharedKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The replicate service against a real broker, schema registry and target folders. */
class ReplicateBindingIT {

  private static EmbeddedSchemaRegistry registry;
  private static ConfigurableApplicationContext service;
  private static TopicProbe probe;
  private static Path folder;
  private static KafkaProducer<String, Object> sealedProducer;
  private static final EventMappers MAPPERS = new EventMappers();

  @BeforeAll
  static void start() throws IOException {
    folder = Files.createTempDirectory("replicate-it");
    registry =
        EmbeddedSchemaRegistry.builder().bootstrapServers(SharedKafka.bootstrapServers()).build();
    String registryUrl = registry.start();
    List<String> args = new ArrayList<>(storageArgs(folder, 3));
    args.add("--spring.cloud.stream.kafka.binder.brokers=" + SharedKafka.bootstrapServers());
    args.add("--gatevault.registry.url=" + registryUrl);
    args.add("--gatevault.replicate.resilience.initial-backoff=20ms");
    args.add("--gatevault.replicate.resilience.catch-up-interval=1s");
    // Catch-up rounds against the unplugged target open its breaker; let a trial through soon.
    args.add("--gatevault.replicate.resilience.open-duration=2s");
    service = ReplicateApplication.builder().run(args.toArray(String[]::new));
    probe = new TopicProbe(SharedKafka.bootstrapServers(), registryUrl);
    sealedProducer = sealedArtifactsProducer(registryUrl);
  }

  /**
   * gatevault.artifacts.sealed carries two record types (SealedArtifact, ArtifactManifest), so its
   * producer registers schemas per topic and record (TopicRecordNameStrategy); under the default
   * TopicNameStrategy the registry refuses the second type as incompatible with the first.
   */
  static KafkaProducer<String, Object> sealedArtifactsProducer(String registryUrl) {
    ConfluentAvroSerializer serializer = new ConfluentAvroSerializer();
    serializer.configure(
        Map.of(
            AvroSerdeConfig.SCHEMA_REGISTRY_URL,
            registryUrl,
            AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY,
            "TopicRecordNameStrategy"),
        false);
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()),
        new StringSerializer(),
        serializer);
  }

  private static void publishSealed(String gatewayId, GatevaultEvent event) {
    try {
      sealedProducer
          .send(
              new ProducerRecord<>(
                  GatevaultTopics.ARTIFACTS_SEALED, gatewayId, MAPPERS.toAvro(event)))
          .get();
    } catch (Exception e) {
      throw new IllegalStateException(
          "could not publish to " + GatevaultTopics.ARTIFACTS_SEALED, e);
    }
  }

  static List<String> storageArgs(Path folder, int count) {
    List<String> args = new ArrayList<>();
    args.add("--gatevault.replicate.staging-dir=" + folder.resolve("staging"));
    String[][] targets = {
      {"disk-a", "FILESYSTEM", "false"},
      {"disk-b", "FILESYSTEM", "false"},
      {"usb-offsite", "REMOVABLE_MEDIA", "true"}
    };
    for (int i = 0; i < count; i++) {
      String at = "--gatevault.storage.targets[" + i + "].";
      args.add(at + "id=" + targets[i][0]);
      args.add(at + "type=filesystem");
      args.add(at + "path=" + folder.resolve(targets[i][0]));
      args.add(at + "medium=" + targets[i][1]);
      args.add(at + "region=eu-west-1");
      args.add(at + "off-site=" + targets[i][2]);
    }
    return args;
  }

  @AfterAll
  static void stop() {
    if (sealedProducer != null) {
      sealedProducer.close();
    }
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
  void aSealedArtifactIsWrittenToEveryTargetOnceEvenWhenDeliveredTwice() {
    String gatewayId = "caddy-" + UUID.randomUUID();
    String artifactId = UUID.randomUUID().toString();
    byte[] ciphertext = new byte[2_000_000];
    new Random(7).nextBytes(ciphertext);
    List<SealedArtifact> chunks = chunks(gatewayId, artifactId, ciphertext, 900 * 1024);
    ArtifactManifest manifest = manifest(gatewayId, artifactId, ciphertext);
    for (int round = 0; round < 2; round++) {
      chunks.forEach(chunk -> publishSealed(gatewayId, chunk));
      publishSealed(gatewayId, manifest);
    }

    List<ReplicaWritten> replicas =
        probe.awaitEvents(
            GatevaultTopics.REPLICAS,
            ReplicaWritten.class,
            replica -> replica.artifactId().equals(artifactId),
            3,
            Duration.ofSeconds(60));
    assertThat(replicas)
        .extracting(ReplicaWritten::targetId)
        .containsExactlyInAnyOrder("disk-a", "disk-b", "usb-offsite");
    assertThat(replicas).allMatch(replica -> replica.sha256().equals(Sha256.hex(ciphertext)));
    String snapshot =
        RepositoryLayout.snapshot("prod", gatewayId, "caddy-prod-20250818-1430-full.json");
    for (String target : List.of("disk-a", "disk-b", "usb-offsite")) {
      assertThat(folder.resolve(target).resolve(snapshot)).hasBinaryContent(ciphertext);
      assertThat(
              folder
                  .resolve(target)
                  .resolve(RepositoryLayout.manifest("prod", gatewayId, artifactId)))
          .exists();
    }
    // The second delivery produced nothing new.
    assertThat(
            probe.awaitEvents(
                GatevaultTopics.REPLICAS,
                ReplicaWritten.class,
                replica -> replica.artifactId().equals(artifactId),
                4,
                Duration.ofSeconds(3)))
        .hasSize(3);
  }

  @Test
  void aTargetThatWasDownGetsItsReplicaFromCatchUpOnceItIsBack() throws IOException {
    String gatewayId = "caddy-" + UUID.randomUUID();
    String artifactId = UUID.randomUUID().toString();
    byte[] ciphertext = new byte[300_000];
    new Random(11).nextBytes(ciphertext);
    Path usb = folder.resolve("usb-offsite");
    Path away = folder.resolve("usb-offsite.unplugged");
    // Unplugged: the folder is gone and a file stands in its place, so every write fails.
    Files.move(usb, away);
    Files.writeString(usb, "unplugged");
    try {
      chunks(gatewayId, artifactId, ciphertext, 100 * 1024)
          .forEach(chunk -> publishSealed(gatewayId, chunk));
      publishSealed(gatewayId, manifest(gatewayId, artifactId, ciphertext));
      List<ReplicaWritten> healthy =
          probe.awaitEvents(
              GatevaultTopics.REPLICAS,
              ReplicaWritten.class,
              replica -> replica.artifactId().equals(artifactId),
              3,
              Duration.ofSeconds(8));
      assertThat(healthy)
          .extracting(ReplicaWritten::targetId)
          .containsExactlyInAnyOrder("disk-a", "disk-b");
      assertThat(folder.resolve("staging").resolve(artifactId).resolve("pending-targets"))
          .hasContent("usb-offsite");
    } finally {
      Files.delete(usb);
      Files.move(away, usb);
    }

    List<ReplicaWritten> replicas =
        probe.awaitEvents(
            GatevaultTopics.REPLICAS,
            ReplicaWritten.class,
            replica -> replica.artifactId().equals(artifactId),
            3,
            Duration.ofSeconds(60));
    assertThat(replicas)
        .extracting(ReplicaWritten::targetId)
        .containsExactlyInAnyOrder("disk-a", "disk-b", "usb-offsite");
    assertThat(
            usb.resolve(
                RepositoryLayout.snapshot("prod", gatewayId, "caddy-prod-20250818-1430-full.json")))
        .hasBinaryContent(ciphertext);
    assertThat(folder.resolve("staging").resolve(artifactId)).doesNotExist();
  }

  @Test
  void fewerThanThreeTargetsStopStartUpNamingTheRule() throws IOException {
    Path other = Files.createTempDirectory("replicate-two-targets");
    List<String> args = new ArrayList<>(storageArgs(other, 2));
    args.add("--gatevault.stream.enabled=false");
    args.add("--spring.cloud.stream.function.autodetect=false");
    args.add("--spring.cloud.function.definition=");
    assertThatThrownBy(
            () -> ReplicateApplication.builder().run(args.toArray(String[]::new)).close())
        .rootCause()
        .hasMessageContaining("3-2-1 rule needs at least 3 targets")
        .hasMessageContaining("found 2");
  }

  static List<SealedArtifact> chunks(
      String gatewayId, String artifactId, byte[] ciphertext, int chunkSize) {
    int count = (ciphertext.length + chunkSize - 1) / chunkSize;
    List<SealedArtifact> chunks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] chunk =
          Arrays.copyOfRange(
              ciphertext, i * chunkSize, Math.min(ciphertext.length, (i + 1) * chunkSize));
      chunks.add(
          new SealedArtifact(
              envelope("SealedArtifact", gatewayId),
              artifactId,
              gatewayId,
              ArtifactKind.SNAPSHOT,
              i,
              count,
              BinaryContent.copyOf(chunk),
              Sha256.hex(chunk),
              Instant.now()));
    }
    return chunks;
  }

  static ArtifactManifest manifest(String gatewayId, String artifactId, byte[] ciphertext) {
    return new ArtifactManifest(
        envelope("ArtifactManifest", gatewayId),
        artifactId,
        gatewayId,
        "prod",
        "caddy-prod-20250818-1430-full.json",
        ArtifactKind.SNAPSHOT,
        1,
        "AES-256-GCM-STREAM",
        new KeyReference(
            "local", "kek", 1, RepositoryLayout.wrappedKey("prod", gatewayId, artifactId, 1)),
        ciphertext.length - 64,
        ciphertext.length,
        Sha256.hex(ciphertext),
        0,
        "daily",
        Map.of("Environment", "prod", "BackupType", "FULL"),
        "before the rollout",
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
