package io.gatevault.controlplane.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.core.event.Command;
import io.gatevault.core.event.RestoreRequested;
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

/**
 * {@code POST /api/v1/gateways/{gatewayId}/restores} with a selection (onlyTypes, onlyTags,
 * onlyNames), over real HTTP, a real broker and schema registry: the selection reaches the restore
 * command on gatevault.commands, and a wrong one is refused naming the entry.
 */
class SelectiveRestoreRequestIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static RunningControlPlane controlPlane;
  private static TopicProbe probe;
  private static String base;

  @BeforeAll
  static void start() {
    controlPlane = RunningControlPlane.start();
    base = controlPlane.apiBase();
    probe = new TopicProbe(SharedKafka.bootstrapServers(), controlPlane.registryUrl());
  }

  @AfterAll
  static void stop() {
    if (probe != null) {
      probe.close();
    }
    if (controlPlane != null) {
      controlPlane.close();
    }
  }

  @Test
  void aSelectionInTheRequestBodyIsCarriedByTheRestoreCommand() throws Exception {
    String gatewayId = "gw-" + UUID.randomUUID();

    HttpResponse<String> response =
        post(
            "/gateways/" + gatewayId + "/restores",
            """
            {"atTime":"2026-11-26T13:00:00Z","dryRun":false,"requestedBy":"alice",
             "onlyTypes":["route"],"onlyTags":["server:shop"],"onlyNames":["hello","api-*"]}
            """);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    RestoreRequested command = awaitRestoreCommand(commandIdOf(response));
    assertThat(command.onlyTypes()).containsExactly("route");
    assertThat(command.onlyTags()).containsExactly("server:shop");
    assertThat(command.onlyNames()).containsExactly("hello", "api-*");
    assertThat(command.isSelective()).isTrue();
    assertThat(command.dryRun()).isFalse();
  }

  @Test
  void aRequestWithoutSelectionRestoresEverything() throws Exception {
    String gatewayId = "gw-" + UUID.randomUUID();

    HttpResponse<String> response =
        post("/gateways/" + gatewayId + "/restores", "{\"atSequence\":7,\"requestedBy\":\"bob\"}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    RestoreRequested command = awaitRestoreCommand(commandIdOf(response));
    assertThat(command.isSelective()).isFalse();
    assertThat(command.onlyTypes()).isEmpty();
    assertThat(command.onlyTags()).isEmpty();
    assertThat(command.onlyNames()).isEmpty();
  }

  @Test
  void aBlankNameGlobIsRejectedWith400NamingTheEntry() throws Exception {
    HttpResponse<String> response =
        post(
            "/gateways/caddy-prod/restores",
            "{\"requestedBy\":\"a\",\"onlyNames\":[\"hello\",\" \"]}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .contains("onlyNames[1]")
        .contains("must be a name glob such as api-*, not blank");
  }

  @Test
  void aBlankTypeAndTooLongATagAreRejectedTogether() throws Exception {
    HttpResponse<String> response =
        post(
            "/gateways/caddy-prod/restores",
            "{\"requestedBy\":\"a\",\"onlyTypes\":[\"\"],\"onlyTags\":[\""
                + "t".repeat(257)
                + "\"]}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .contains("onlyTypes[0]")
        .contains("must be an entity type such as route, not blank")
        .contains("onlyTags[0]")
        .contains("must be at most 256 characters");
  }

  private static RestoreRequested awaitRestoreCommand(String commandId) {
    List<Command> commands =
        probe.awaitEvents(
            GatevaultTopics.COMMANDS,
            Command.class,
            command -> command.commandId().equals(commandId),
            1,
            Duration.ofSeconds(60));
    assertThat(commands).hasSize(1);
    assertThat(commands.get(0)).isInstanceOf(RestoreRequested.class);
    return (RestoreRequested) commands.get(0);
  }

  private static String commandIdOf(HttpResponse<String> response) {
    return response.body().replaceAll(".*\"commandId\":\"([^\"]+)\".*", "$1");
  }

  private static HttpResponse<String> post(String path, String json) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
