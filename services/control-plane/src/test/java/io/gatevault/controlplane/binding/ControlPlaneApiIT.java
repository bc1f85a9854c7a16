package io.gatevault.controlplane.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatevault.controlplane.ControlPlaneApplication;
import io.gatevault.controlplane.application.CatalogEvents;
import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.BinaryContent;
import io.gatevault.core.event.Command;
import io.gatevault.core.event.GatevaultEvent;
import io.gatevault.core.event.SealedArtifact;
import io.gatevault.core.event.SnapshotRequested;
import io.gatevault.core.event.VerificationStatus;
import io.gatevault.messaging.mapping.EventMappers;
import io.gatevault.messaging.serde.AvroSerdeConfig;
import io.gatevault.messaging.serde.ConfluentAvroSerializer;
import io.gatevault.registry.EmbeddedSchemaRegistry;
import io.gatevault.stream.GatevaultTopics;
import io.gatevault.stream.testing.TopicProbe;
import io.gatevault.testsupport.SharedKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The control plane's REST API over real HTTP, a real broker and schema registry. */
class ControlPlaneApiIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static EmbeddedSchemaRegistry registry;
  private static ConfigurableApplicationContext controlPlane;
  private static TopicProbe probe;
  private static String base;
  private static String registryUrl;

  @BeforeAll
  static void start() {
    registry =
        EmbeddedSchemaRegistry.builder().bootstrapServers(SharedKafka.bootstrapServers()).build();
    registryUrl = registry.start();
    startControlPlane();
    probe = new TopicProbe(SharedKafka.bootstrapServers(), registryUrl);
  }

  private static void startControlPlane() {
    controlPlane =
        ControlPlaneApplication.builder()
            .run(
                "--server.port=0",
                "--spring.cloud.stream.kafka.binder.brokers=" + SharedKafka.bootstrapServers(),
                "--gatevault.registry.url=" + registryUrl);
    base =
        "http://127.0.0.1:"
            + controlPlane.getEnvironment().getProperty("local.server.port")
            + "/api/v1";
  }

  @AfterAll
  static void stop() {
    if (probe != null) {
      probe.close();
    }
    if (controlPlane != null) {
      controlPlane.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void backupRequestIsAcceptedPublishedAsCommandAndAudited() throws Exception {
    String gatewayId = "gw-" + UUID.randomUUID();
    HttpResponse<String> response =
        post(
            "/gateways/" + gatewayId + "/backups",
            "{\"type\":\"FULL\",\"description\":\"before upgrade\",\"requestedBy\":\"alice\"}",
            null);

    assertThat(response.statusCode()).isEqualTo(202);
    String commandId = response.body().replaceAll(".*\"commandId\":\"([^\"]+)\".*", "$1");
    List<Command> commands =
        probe.awaitEvents(
            GatevaultTopics.COMMANDS,
            Command.class,
            command -> command.commandId().equals(commandId),
            1,
            Duration.ofSeconds(60));
    assertThat(commands).hasSize(1);
    assertThat(commands.get(0)).isInstanceOf(SnapshotRequested.class);
    assertThat(commands.get(0).gatewayId()).isEqualTo(gatewayId);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(get("/audit?limit=1000").body())
                    .contains("snapshot.request")
                    .contains(commandId));
  }

  @Test
  void aKeyRotationRunIsRecordedOnTheAuditTopicOncePerRun() throws Exception {
    String rotationId = "rot-" + UUID.randomUUID();
    String run =
        "{\"rotationId\":\""
            + rotationId
            + "\",\"runId\":\"run-1\",\"fromKey\":\"gatevault-kek v1 (keyring local-keystore)\","
            + "\"toKey\":\"kek-2 v2 (keyring local-keystore)\",\"backups\":3,"
            + "\"keyObjectsWritten\":9,\"keyObjectsRetired\":9,\"resumed\":false,"
            + "\"complete\":true,\"requestedBy\":\"carol\"}";

    HttpResponse<String> first = post("/audit/key-rotations", run, null);
    HttpResponse<String> retried = post("/audit/key-rotations", run, null);
    HttpResponse<String> invalid =
        post("/audit/key-rotations", "{\"rotationId\":\"\",\"requestedBy\":\"carol\"}", null);

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(first.body()).contains("\"outcome\":\"SUCCESS\"").isEqualTo(retried.body());
    assertThat(invalid.statusCode()).isEqualTo(400);
    List<io.gatevault.core.event.AuditRecord> records =
        probe.awaitEvents(
            GatevaultTopics.AUDIT,
            io.gatevault.core.event.AuditRecord.class,
            record -> record.target().equals("rotation/" + rotationId),
            2,
            Duration.ofSeconds(60));
    assertThat(records).hasSize(2);
    assertThat(records.get(0).envelope().eventId()).isEqualTo(records.get(1).envelope().eventId());
    assertThat(records.get(0).action()).isEqualTo("keys.rotate");
    assertThat(records.get(0).actor()).isEqualTo("carol");
    assertThat(records.get(0).outcome()).isEqualTo(AuditOutcome.SUCCESS);
    assertThat(records.get(0).detail())
        .containsEntry("toKey", "kek-2 v2 (keyring local-keystore)")
        .containsEntry("keyObjectsWritten", "9");
  }

  @Test
  void sameIdempotencyKeyGivesTheSameCommandId() throws Exception {
    String body = "{\"type\":\"INCREMENTAL\",\"requestedBy\":\"bob\"}";
    String key = UUID.randomUUID().toString();
    String first = post("/gateways/kong-prod/backups", body, key).body();
    String second = post("/gateways/kong-prod/backups", body, key).body();

    assertThat(first).contains("commandId").isEqualTo(second);
  }

  @Test
  void invalidBackupRequestIsRejectedWith400NamingTheFields() throws Exception {
    HttpResponse<String> missing = post("/gateways/kong-prod/backups", "{\"type\":\"FULL\"}", null);
    HttpResponse<String> badType =
        post("/gateways/kong-prod/backups", "{\"type\":\"WEEKLY\",\"requestedBy\":\"a\"}", null);

    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).contains("\"field\":\"requestedBy\"");
    assertThat(badType.statusCode()).isEqualTo(400);
    assertThat(badType.body()).contains("\"field\":\"type\"").contains("FULL or INCREMENTAL");
  }

  @Test
  void restoreWithBothATimeAndASequenceIsRejected() throws Exception {
    HttpResponse<String> response =
        post(
            "/gateways/kong-prod/restores",
            "{\"atTime\":\"2025-01-01T00:00:00Z\",\"atSequence\":5,\"requestedBy\":\"a\"}",
            null);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("exclusive");
  }

  @Test
  void pruneAndHealthAnswer() throws Exception {
    assertThat(
            post(
                    "/prune",
                    "{\"gatewayId\":\"kong-prod\",\"dryRun\":true,\"requestedBy\":\"a\"}",
                    null)
                .statusCode())
        .isEqualTo(202);
    assertThat(get("/health").body()).contains("\"status\":\"UP\"");
  }

  @Test
  void theCatalogShowsSealedBackupsWithReplicasVerificationAndDeletionsNewestFirst()
      throws Exception {
    String gatewayId = "caddy-" + UUID.randomUUID();
    String older = UUID.randomUUID().toString();
    String newer = UUID.randomUUID().toString();
    String olderName = gatewayId + "-20250818-1430-full.json.gvx";
    String newerName = gatewayId + "-20250818-1530-full.json.gvx";
    publishSealed(
        gatewayId,
        new SealedArtifact(
            CatalogEvents.envelope("SealedArtifact", gatewayId),
            older,
            gatewayId,
            ArtifactKind.SNAPSHOT,
            0,
            1,
            BinaryContent.copyOf(new byte[] {1, 2, 3}),
            CatalogEvents.SHA,
            CatalogEvents.AT));
    publishSealed(
        gatewayId, CatalogEvents.manifest(older, gatewayId, olderName, 1, CatalogEvents.AT));
    publishSealed(
        gatewayId,
        CatalogEvents.manifest(newer, gatewayId, newerName, 2, CatalogEvents.AT.plusSeconds(3600)));
    probe.publish(GatevaultTopics.REPLICAS, older, CatalogEvents.replica(older, "disk-a", false));
    probe.publish(GatevaultTopics.REPLICAS, older, CatalogEvents.replica(older, "tape", true));
    probe.publish(
        GatevaultTopics.VERIFICATIONS,
        older,
        CatalogEvents.verification(
            older, VerificationStatus.PARTIAL, CatalogEvents.AT.plusSeconds(60)));
    probe.publish(GatevaultTopics.DELETIONS, older, CatalogEvents.deletion(older, "disk-a", false));

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              HttpResponse<String> list = get("/backups?gateway=" + gatewayId + "&limit=10");
              assertThat(list.statusCode()).isEqualTo(200);
              assertThat(list.body())
                  .contains("\"count\":2")
                  .containsSubsequence(newerName, olderName);
            });
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(get("/backups/" + olderName).body())
                    .contains("\"status\":\"PARTIAL\"")
                    .contains("\"state\":\"PARTIAL\""));
    String shown = get("/backups/" + olderName.replace(".gvx", "")).body();
    assertThat(shown)
        .contains("\"artifactId\":\"" + older + "\"")
        .contains("\"version\":1")
        .contains("\"versionLabel\":\"v1\"")
        .contains("\"type\":\"FULL\"")
        .contains("\"retentionClass\":\"daily\"")
        .contains("\"description\":\"before release 4.2\"")
        .contains("\"Owner\":\"platform\"")
        .contains("\"targetId\":\"tape\"")
        .contains("\"offSite\":true")
        .contains("\"sha256\":\"" + CatalogEvents.SHA + "\"");
    assertThat(get("/backups/" + newer).body()).contains("\"status\":\"PENDING\"");
    assertThat(get("/backups?limit=1000").body()).contains(newerName).contains(olderName);
  }

  @Test
  void anErasuresReplacementIsListedVerifiedTheOldBackupDeletedAndARestartKeepsBoth()
      throws Exception {
    String gatewayId = "caddy-" + UUID.randomUUID();
    String old = UUID.randomUUID().toString();
    String replacement = UUID.randomUUID().toString();
    String oldName = gatewayId + "-20250818-1430-full.json.gvx";
    String newName = gatewayId + "-20250818-1430-full-erased-0a1b2c3d.json.gvx";
    String erasureId = "gdpr-" + "0123456789abcdef".repeat(2);
    publishSealed(gatewayId, CatalogEvents.manifest(old, gatewayId, oldName, 1, CatalogEvents.AT));
    probe.publish(GatevaultTopics.REPLICAS, old, CatalogEvents.replica(old, "disk-a", false));
    probe.publish(GatevaultTopics.REPLICAS, old, CatalogEvents.replica(old, "tape", true));
    String copy =
        "{\"targetId\":\"%s\",\"medium\":\"FILESYSTEM\",\"region\":\"eu-central-1\","
            + "\"offSite\":%s,\"offline\":false,\"location\":\"/backups/%s/%s\","
            + "\"verified\":true,\"detail\":\"read back after the erasure, subject not found\"}";
    String run =
        "{\"erasureId\":\""
            + erasureId
            + "\",\"runId\":\"run-1\",\"subjectDigest\":\""
            + "ab".repeat(32)
            + "\",\"reason\":\"Art. 17 request #4711\",\"result\":\"COMPLETE\","
            + "\"artifacts\":[{\"gatewayId\":\""
            + gatewayId
            + "\",\"oldArtifactId\":\""
            + old
            + "\",\"newArtifactId\":\""
            + replacement
            + "\",\"outcome\":\"ERASED\",\"deletedCopies\":["
            + "{\"targetId\":\"disk-a\",\"location\":\"/backups/disk-a/old\"},"
            + "{\"targetId\":\"tape\",\"location\":\"/backups/tape/old\"}],"
            + "\"replacement\":{\"artifactId\":\""
            + replacement
            + "\",\"name\":\""
            + newName
            + "\",\"environment\":\"prod\",\"kind\":\"SNAPSHOT\","
            + "\"created\":\"2025-08-19T10:00:00Z\",\"size\":900,\"plaintextSize\":800,"
            + "\"sha256\":\""
            + "cd".repeat(32)
            + "\",\"cipher\":\"AES-256-GCM-STREAM\",\"retentionClass\":\"daily\","
            + "\"tags\":{\"Supersedes\":\""
            + old
            + "\",\"Erasure\":\""
            + erasureId
            + "\",\"Version\":\"v1\"},\"verifiedAt\":\"2025-08-19T10:00:05Z\","
            + "\"copies\":["
            + String.format(copy, "disk-a", false, "disk-a", newName)
            + ","
            + String.format(copy, "tape", true, "tape", newName)
            + "]}}],\"checked\":0,\"rescanClean\":true,\"requestedBy\":\"dpo\"}";

    HttpResponse<String> first = post("/audit/erasures", run, null);
    HttpResponse<String> retried = post("/audit/erasures", run, null);
    HttpResponse<String> noCopies =
        post(
            "/audit/erasures",
            run.replaceFirst("\"copies\":\\[.*\\]\\}\\}\\]", "\"copies\":[]}}]"),
            null);

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(retried.body()).isEqualTo(first.body());
    assertThat(noCopies.statusCode()).isEqualTo(400);
    assertThat(noCopies.body()).contains("copies");
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertReplacedInTheCatalog(gatewayId, old, oldName, newName));
    assertThat(get("/backups/" + replacement).body())
        .contains("\"checkName\":\"erasure-read-back\"")
        .contains("\"Supersedes\":\"" + old + "\"")
        .contains("\"targetId\":\"tape\"")
        .contains("\"versionLabel\":\"v1\"");

    // The catalog is memory only: a restarted control plane rebuilds it from the topics.
    controlPlane.close();
    startControlPlane();
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(() -> assertReplacedInTheCatalog(gatewayId, old, oldName, newName));
  }

  private static void assertReplacedInTheCatalog(
      String gatewayId, String old, String oldName, String newName) throws Exception {
    HttpResponse<String> list = get("/backups?gateway=" + gatewayId + "&limit=10");
    assertThat(list.body()).contains("\"count\":2").containsSubsequence(newName, oldName);
    assertThat(get("/backups/" + newName).body())
        .contains("\"status\":\"SUCCESS\"")
        .contains("\"supersededBy\":null")
        .contains("\"state\":\"NONE\"");
    assertThat(get("/backups/" + old).body())
        .contains("\"state\":\"DELETED\"")
        .contains("\"policy\":\"gdpr-erasure\"")
        .containsPattern("\"supersededBy\":\"[0-9a-f-]{36}\"");
  }

  @Test
  void anUnknownBackupAnswers404WithAProblemSayingWhereToLook() throws Exception {
    HttpResponse<String> response = get("/backups/no-such-backup.json");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body())
        .contains("no-such-backup.json")
        .contains("GET /api/v1/backups lists the backups");
  }

  @Test
  void anInvalidListQueryIsRejectedNamingTheParameter() throws Exception {
    HttpResponse<String> response = get("/backups?limit=0");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"field\":\"limit\"");
  }

  @Test
  void restoreProgressListsTheStepsTheRestoreServiceAudited() throws Exception {
    HttpResponse<String> accepted =
        post(
            "/gateways/caddy-prod/restores",
            "{\"backupId\":\"art-1\",\"dryRun\":false,\"requestedBy\":\"alice\"}",
            null);
    String commandId = accepted.body().replaceAll(".*\"commandId\":\"([^\"]+)\".*", "$1");
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(get("/restores/" + commandId).body())
                    .contains("\"status\":\"REQUESTED\""));

    for (String step : List.of("locate", "integrity-check", "apply")) {
      probe.publish(
          GatevaultTopics.AUDIT,
          "restore",
          CatalogEvents.audit(
              "restore.step",
              "restore",
              AuditOutcome.SUCCESS,
              Map.of("commandId", commandId, "step", step, "outcome", "SUCCESS", "message", "ok"),
              Instant.now()));
    }
    probe.publish(
        GatevaultTopics.AUDIT,
        "restore",
        CatalogEvents.audit(
            "restore.completed",
            "restore",
            AuditOutcome.SUCCESS,
            Map.of("commandId", commandId, "outcome", "SUCCESS", "message", "restored"),
            Instant.now()));

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(get("/restores/" + commandId).body())
                    .contains("\"status\":\"SUCCEEDED\"")
                    .contains("\"requestedBy\":\"alice\"")
                    .containsSubsequence("locate", "integrity-check", "apply"));
    assertThat(get("/restores/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
  }

  /**
   * Publishes to gatevault.artifacts.sealed as encrypt must: the topic carries two record types
   * (sealed chunks and manifests), so each needs its own subject (TopicRecordNameStrategy); under
   * the default TopicNameStrategy the second type is refused as incompatible with the first.
   */
  private static void publishSealed(String gatewayId, GatevaultEvent event) throws Exception {
    ConfluentAvroSerializer serializer = new ConfluentAvroSerializer();
    serializer.configure(
        Map.of(
            AvroSerdeConfig.SCHEMA_REGISTRY_URL,
            registryUrl,
            AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY,
            "TopicRecordNameStrategy"),
        false);
    try (KafkaProducer<String, Object> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()),
            new StringSerializer(),
            serializer)) {
      producer
          .send(
              new ProducerRecord<>(
                  GatevaultTopics.ARTIFACTS_SEALED, gatewayId, new EventMappers().toAvro(event)))
          .get();
    }
  }

  private static HttpResponse<String> post(String path, String json, String idempotencyKey)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
