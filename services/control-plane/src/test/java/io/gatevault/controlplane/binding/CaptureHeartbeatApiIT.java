package io.gatevault.controlplane.binding;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatevault.core.changes.CaptureHeartbeat;
import io.gatevault.stream.CompactedTopic;
import io.gatevault.stream.GatevaultTopics;
import io.gatevault.testsupport.SharedKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/capture/heartbeats} over real HTTP against a real broker: capture's heartbeats
 * as written to their compacted topic, the newest per gateway, with their age.
 */
class CaptureHeartbeatApiIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static RunningControlPlane controlPlane;
  private static String base;

  @BeforeAll
  static void start() {
    controlPlane = RunningControlPlane.start();
    base = controlPlane.apiBase();
  }

  @AfterAll
  static void stop() {
    if (controlPlane != null) {
      controlPlane.close();
    }
  }

  @Test
  void theNewestHeartbeatOfEachGatewayIsListedWithItsAge() throws Exception {
    String gateway = "gw-" + UUID.randomUUID();
    Instant polled = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
    try (CompactedTopic topic =
        new CompactedTopic(
            Map.of("bootstrap.servers", SharedKafka.bootstrapServers()),
            GatevaultTopics.CAPTURE_HEARTBEATS,
            Duration.ofSeconds(30),
            "capture keeps each gateway's heartbeat",
            "the test fails")) {
      topic.write(
          gateway, new CaptureHeartbeat(gateway, 7, polled.minusSeconds(60)).toJson(), "older");
      topic.write(gateway, new CaptureHeartbeat(gateway, 9, polled).toJson(), "newest");
    }

    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/capture/heartbeats")).GET().build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode listed = null;
    for (JsonNode entry : JSON.readTree(response.body())) {
      if (entry.path("gatewayId").asText().equals(gateway)) {
        listed = entry;
      }
    }
    assertThat(listed).as(response.body()).isNotNull();
    assertThat(listed.path("lastSequence").asLong()).isEqualTo(9);
    assertThat(Instant.parse(listed.path("polledAt").asText())).isEqualTo(polled);
    assertThat(listed.path("ageSeconds").asDouble()).isBetween(30.0, 120.0);
  }
}
