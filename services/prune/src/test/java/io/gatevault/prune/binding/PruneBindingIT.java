package io.gatevault.prune.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.event.AuditRecord;
import io.gatevault.core.event.DeletionRecord;
import io.gatevault.core.event.EventEnvelope;
import io.gatevault.core.event.KeyReference;
import io.gatevault.core.event.PruneRequested;
import io.gatevault.core.event.StorageMedium;
import io.gatevault.core.event.VerificationCheck;
import io.gatevault.core.event.VerificationStatus;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.ManifestDocument;
import io.gatevault.core.storage.RepositoryLayout;
import io.gatevault.core.storage.Sha256;
import io.gatevault.core.storage.TargetDescription;
import io.gatevault.core.storage.VerificationDocument;
import io.gatevault.prune.PruneApplication;
import io.gatevault.registry.EmbeddedSchemaRegistry;
import io.gatevault.storage.FilesystemBackupStore;
import io.gatevault.stream.GatevaultTopics;
import io.gatevault.stream.testing.TopicProbe;
import io.gatevault.testsupport.SharedKafka;
import java.io.IOException;
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

/** The prune service against a real broker, schema registry and target folders. */
class PruneBindingIT {

  private static final String[][] TARGETS = {
    {"disk-a", "FILESYSTEM", "false"},
    {"disk-b", "FILESYSTEM", "false"},
    {"usb-offsite", "REMOVABLE_MEDIA", "true"}
  };

  private static EmbeddedSchemaRegistry registry;
  private static ConfigurableApplicationContext service;
  private static TopicProbe probe;
  private static Path folder;
  private static List<BackupStore> stores;

  @BeforeAll
  static void start() throws IOException {
    folder = Files.createTempDirectory("prune-it");
    registry =
        EmbeddedSchemaRegistry.builder().bootstrapServers(SharedKafka.bootstrapServers()).build();
    String registryUrl = registry.start();
    List<String> args = new ArrayList<>();
    stores = new ArrayList<>();
    for (int i = 0; i < TARGETS.length; i++) {
      String at = "--gatevault.storage.targets[" + i + "].";
      Path path = folder.resolve(TARGETS[i][0]);
      args.add(at + "id=" + TARGETS[i][0]);
      args.add(at + "path=" + path);
      args.add(at + "medium=" + TARGETS[i][1]);
      args.add(at + "region=eu-west-1");
      args.add(at + "off-site=" + TARGETS[i][2]);
      stores.add(
          new FilesystemBackupStore(
              new TargetDescription(
                  TARGETS[i][0],
                  StorageMedium.valueOf(TARGETS[i][1]),
                  "eu-west-1",
                  Boolean.parseBoolean(TARGETS[i][2]),
                  false),
              path));
    }
    args.add("--gatevault.retention.daily=3");
    args.add("--gatevault.retention.weekly=0");
    args.add("--gatevault.retention.monthly=0");
    args.add("--spring.cloud.stream.kafka.binder.brokers=" + SharedKafka.bootstrapServers());
    args.add("--gatevault.registry.url=" + registryUrl);
    service = PruneApplication.builder().run(args.toArray(String[]::new));
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
  void aDryRunListsWhatWouldGoThenARealRunDeletesItAndRecordsEveryObject() {
    String gatewayId = "caddy-" + UUID.randomUUID();
    List<ManifestDocument> backups = writeVerifiedDailies(gatewayId, 5);

    PruneRequested dryRun = request(gatewayId, true);
    probe.publish(GatevaultTopics.COMMANDS, gatewayId, dryRun);
    // 2 expired backups x 3 targets x 4 objects
    List<DeletionRecord> planned = deletions(dryRun, 24);
    assertThat(planned).hasSize(24).allMatch(DeletionRecord::dryRun);
    assertThat(stores.get(0).exists(backups.get(4).manifestKey())).isTrue();
    AuditRecord plan =
        probe
            .awaitEvents(
                GatevaultTopics.AUDIT,
                AuditRecord.class,
                audit ->
                    audit.action().equals("prune.dry-run")
                        && dryRun.envelope().eventId().equals(audit.envelope().causationId()),
                1,
                Duration.ofSeconds(30))
            .get(0);
    assertThat(plan.detail()).containsEntry("backupsRemoved", "2").containsKey("remove.art-4");

    PruneRequested real = request(gatewayId, false);
    probe.publish(GatevaultTopics.COMMANDS, gatewayId, real);
    List<DeletionRecord> deleted = deletions(real, 24);
    assertThat(deleted).hasSize(24).noneMatch(DeletionRecord::dryRun);
    assertThat(deleted).allMatch(record -> record.requestedBy().equals("alice"));
    for (BackupStore store : stores) {
      assertThat(store.list(RepositoryLayout.manifestsPrefix("prod", gatewayId))).hasSize(3);
      assertThat(store.exists(backups.get(4).artifactKey())).isFalse();
    }
  }

  private List<DeletionRecord> deletions(PruneRequested cause, int count) {
    return probe.awaitEvents(
        GatevaultTopics.DELETIONS,
        DeletionRecord.class,
        record -> cause.envelope().eventId().equals(record.envelope().causationId()),
        count,
        Duration.ofSeconds(60));
  }

  private static List<ManifestDocument> writeVerifiedDailies(String gatewayId, int days) {
    Instant last = Instant.parse("2025-08-18T14:30:00Z");
    List<ManifestDocument> manifests = new ArrayList<>();
    for (int day = 0; day < days; day++) {
      String artifactId = "art-" + day;
      Instant createdAt = last.minus(Duration.ofDays(day));
      byte[] sealed = (gatewayId + artifactId).getBytes(StandardCharsets.UTF_8);
      ManifestDocument manifest =
          new ManifestDocument(
              1,
              artifactId,
              gatewayId,
              "prod",
              gatewayId + "-day" + day + "-full.json",
              ArtifactKind.SNAPSHOT,
              1,
              "AES-256-GCM-STREAM",
              new KeyReference(
                  "local", "kek", 1, RepositoryLayout.wrappedKey("prod", gatewayId, artifactId, 1)),
              10,
              sealed.length,
              Sha256.hex(sealed),
              0,
              "daily",
              Map.of(),
              null,
              createdAt);
      VerificationDocument verified =
          new VerificationDocument(
              1,
              artifactId,
              gatewayId,
              "prod",
              VerificationStatus.SUCCESS,
              List.of(new VerificationCheck("checksum", null, true, "ok")),
              createdAt.plusSeconds(60));
      for (BackupStore store : stores) {
        store.put(manifest.artifactKey(), sealed);
        store.put(manifest.wrappedKeyKey(), new byte[] {9});
        store.put(verified.key(), verified.toJson());
        store.put(manifest.manifestKey(), manifest.toJson());
      }
      manifests.add(manifest);
    }
    return manifests;
  }

  private static PruneRequested request(String gatewayId, boolean dryRun) {
    return new PruneRequested(
        new EventEnvelope(
            UUID.randomUUID().toString(),
            EventEnvelope.CURRENT_SCHEMA_VERSION,
            "PruneRequested",
            "test",
            null,
            null,
            Instant.now(),
            gatewayId),
        UUID.randomUUID().toString(),
        gatewayId,
        "alice",
        Instant.now(),
        dryRun,
        null);
  }
}
