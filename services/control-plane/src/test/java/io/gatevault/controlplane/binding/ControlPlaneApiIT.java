package io.gatevault.controlplane.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatevault.controlplane.ControlPlaneApplication;
import io.gatevault.core.event.Command;
import io.gatevault.core.event.SnapshotRequested;
import io.gatevault.registry.EmbeddedSchemaRegistry;
import io.gatevault.stream.GatevaultTopics;
import io.gatevault.stream.testing.TopicProbe;
import io.gatevault.testsupport.SharedKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
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

  @BeforeAll
  static void start() {
    registry =
        EmbeddedSchemaRegistry.builder().bootstrapServers(SharedKafka.bootstrapServers()).build();
    String registryUrl = registry.start();
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
    probe = new TopicProbe(SharedKafka.bootstrapServers(), registryUrl);
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
