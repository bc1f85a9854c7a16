package io.gatevault.replicate.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.AuditRecord;
import io.gatevault.core.event.ReplicaWritten;
import io.gatevault.core.storage.RepositoryLayout;
import io.gatevault.messaging.mapping.EventMappers;
import io.gatevault.registry.EmbeddedSchemaRegistry;
import io.gatevault.replicate.ReplicateApplication;
import io.gatevault.storage.s3.S3ProxyServer;
import io.gatevault.stream.GatevaultTopics;
import io.gatevault.stream.testing.TopicProbe;
import io.gatevault.testsupport.SharedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The replicate service against a real broker and registry, an S3 target on S3Proxy (an
 * S3-compatible server) and two folders, one of them in a region the environment's residency rule
 * does not allow: every object of a backup reaches the bucket with the backup's tags, and the
 * folder outside the rule gets nothing, with a FAILURE audit naming the rule.
 */
class ReplicateTagsAndResidencyIT {

  private static final String BUCKET = "gatevault-replicate-it";
  private static final EventMappers MAPPERS = new EventMappers();

  private static Path folder;
  private static S3ProxyServer s3;
  private static S3Client admin;
  private static EmbeddedSchemaRegistry registry;
  private static ConfigurableApplicationContext service;
  private static TopicProbe probe;
  private static KafkaProducer<String, Object> sealedProducer;

  @BeforeAll
  static void start() throws Exception {
    folder = Files.createTempDirectory("replicate-s3-it");
    s3 = S3ProxyServer.start(folder.resolve("s3proxy"));
    admin = s3.client();
    admin.createBucket(b -> b.bucket(BUCKET));
    // The service finds S3Proxy's key through the SDK's default chain (system properties).
    System.setProperty("aws.accessKeyId", S3ProxyServer.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", S3ProxyServer.SECRET_KEY);
    registry =
        EmbeddedSchemaRegistry.builder().bootstrapServers(SharedKafka.bootstrapServers()).build();
    String registryUrl = registry.start();
    List<String> args = new ArrayList<>();
    args.add("--spring.cloud.stream.kafka.binder.brokers=" + SharedKafka.bootstrapServers());
    args.add("--gatevault.registry.url=" + registryUrl);
    args.add("--gatevault.replicate.staging-dir=" + folder.resolve("staging"));
    args.add("--gatevault.replicate.resilience.initial-backoff=20ms");
    // As EmbeddedStack maps residency.prod from gatevault.yml.
    args.add("--gatevault.replicate.residency[prod]=eu-west-1,eu-central-1");
    String bucket = "--gatevault.storage.targets[0].";
    args.add(bucket + "id=bucket-eu");
    args.add(bucket + "type=s3");
    args.add(bucket + "medium=OBJECT_STORE");
    args.add(bucket + "region=eu-west-1");
    args.add(bucket + "off-site=true");
    args.add(bucket + "s3.bucket=" + BUCKET);
    args.add(bucket + "s3.region=" + S3ProxyServer.REGION);
    args.add(bucket + "s3.endpoint=" + s3.endpoint());
    args.add(bucket + "s3.path-style=true");
    String[][] disks = {{"disk-eu", "eu-west-1"}, {"disk-us", "us-east-1"}};
    for (int i = 0; i < disks.length; i++) {
      String at = "--gatevault.storage.targets[" + (i + 1) + "].";
      args.add(at + "id=" + disks[i][0]);
      args.add(at + "type=filesystem");
      args.add(at + "path=" + folder.resolve(disks[i][0]));
      args.add(at + "medium=FILESYSTEM");
      args.add(at + "region=" + disks[i][1]);
    }
    service = ReplicateApplication.builder().run(args.toArray(String[]::new));
    probe = new TopicProbe(SharedKafka.bootstrapServers(), registryUrl);
    sealedProducer = ReplicateBindingIT.sealedArtifactsProducer(registryUrl);
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
    if (admin != null) {
      admin.close();
    }
    if (s3 != null) {
      s3.close();
    }
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  @Test
  void aBackupReachesTheBucketWithItsTagsAndNeverTheTargetOutsideItsResidency() throws Exception {
    String gatewayId = "caddy-" + UUID.randomUUID();
    String artifactId = UUID.randomUUID().toString();
    byte[] ciphertext = new byte[400_000];
    new Random(5).nextBytes(ciphertext);
    for (var event : ReplicateBindingIT.chunks(gatewayId, artifactId, ciphertext, 150 * 1024)) {
      publish(gatewayId, event);
    }
    publish(gatewayId, ReplicateBindingIT.manifest(gatewayId, artifactId, ciphertext));

    List<ReplicaWritten> replicas =
        probe.awaitEvents(
            GatevaultTopics.REPLICAS,
            ReplicaWritten.class,
            replica -> replica.artifactId().equals(artifactId),
            2,
            Duration.ofSeconds(60));
    assertThat(replicas)
        .extracting(ReplicaWritten::targetId)
        .containsExactlyInAnyOrder("bucket-eu", "disk-eu");

    // S3Proxy has no object tagging (501): the tags are in each object's metadata. (This manifest
    // event carries no wrapped key, so there is no key object; ArtifactReplicatorTest covers it.)
    for (String key :
        List.of(
            RepositoryLayout.snapshot("prod", gatewayId, "caddy-prod-20250818-1430-full.json"),
            RepositoryLayout.manifest("prod", gatewayId, artifactId))) {
      Map<String, String> metadata = admin.headObject(h -> h.bucket(BUCKET).key(key)).metadata();
      assertThat(metadata)
          .as(key)
          .containsEntry("tag-environment", "prod")
          .containsEntry("tag-backuptype", "FULL");
    }

    AuditRecord refused =
        probe
            .awaitEvents(
                GatevaultTopics.AUDIT,
                AuditRecord.class,
                audit ->
                    audit.target().equals(artifactId)
                        && audit.outcome() == AuditOutcome.FAILURE
                        && "RESIDENCY".equals(audit.detail().get("failure")),
                1,
                Duration.ofSeconds(30))
            .get(0);
    assertThat(refused.detail())
        .containsEntry("targetId", "disk-us")
        .containsEntry("environment", "prod")
        .containsEntry("region", "us-east-1")
        .containsEntry("rule", "residency.prod = [eu-west-1, eu-central-1]");
    Path outside = folder.resolve("disk-us");
    if (Files.exists(outside)) {
      try (var files = Files.walk(outside)) {
        assertThat(files.filter(Files::isRegularFile).toList()).isEmpty();
      }
    }
  }

  private static void publish(String gatewayId, io.gatevault.core.event.GatevaultEvent event)
      throws Exception {
    sealedProducer
        .send(
            new ProducerRecord<>(
                GatevaultTopics.ARTIFACTS_SEALED, gatewayId, MAPPERS.toAvro(event)))
        .get();
  }
}
