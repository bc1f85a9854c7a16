package io.gatevault.allinone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.gatevault.allinone.cli.ExitCodes;
import io.gatevault.core.event.ConfigChange;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change too large for a Kafka record (a 2 MB entity of an http-json gateway) is not on
 * gatevault.changes.raw but sealed at once into a change segment of its own, and a point-in-time
 * restore across it brings back exactly the configuration of that moment, on the embedded stack
 * with the real broker.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OversizedChangePointInTimeIT {

  private static final String GATEWAY = "json-oversized";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private final AtomicReference<String> document = new AtomicReference<>("{\"small\":{\"v\":1}}");
  private HttpServer gateway;
  private E2eFixture fixture;
  private long oversizedSequence;
  private String bigBlob;
  private String atOversized;
  private String afterIt;
  private Instant momentOfOversized;
  private Instant momentAfterIt;

  @BeforeAll
  void captureAnOversizedChangeAndOneAfterIt() throws Exception {
    gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    gateway.createContext(
        "/config",
        exchange -> {
          if ("PUT".equals(exchange.getRequestMethod())) {
            document.set(
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            return;
          }
          byte[] body = document.get().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    gateway.start();
    fixture = new E2eFixture(dir);
    fixture.writeConfigOnThreeTargets(
        """
        gateways:
          - {id: %s, type: http-json, admin-url: "http://127.0.0.1:%d/config", environment: test,
             application: shop, owner: platform-team, poll-interval: 200ms}
        changes: {segment-events: 1000, segment-seconds: 0.25}
        """
            .formatted(GATEWAY, gateway.getAddress().getPort()));
    fixture.startStack();
    fixture.awaitChangesAbove(GATEWAY, 0);
    fixture.backUpAndAwaitVerified(GATEWAY, "before the large entity", "oversized-full");

    // A 2 MB entity appears: one change whose after-image alone is over Kafka's 1 MB records.
    long before = fixture.lastSequence(GATEWAY);
    bigBlob = "2MB-" + "x".repeat(2 * 1024 * 1024);
    ObjectNode withBig = (ObjectNode) JSON.readTree(document.get());
    withBig.putObject("big").put("blob", bigBlob);
    document.set(withBig.toString());
    oversizedSequence = before + 1;
    fixture.awaitVerifiedSegmentEndingAt(GATEWAY, oversizedSequence);
    atOversized = document.get();
    momentOfOversized = Instant.now();
    Thread.sleep(500);

    // A small change after it, which the topic does carry.
    ObjectNode smallChanged = (ObjectNode) JSON.readTree(document.get());
    smallChanged.putObject("small").put("v", 2);
    document.set(smallChanged.toString());
    fixture.awaitChangesAbove(GATEWAY, oversizedSequence);
    fixture.awaitVerifiedSegmentEndingAt(GATEWAY, oversizedSequence + 1);
    afterIt = document.get();
    momentAfterIt = Instant.now();

    // Then the gateway is broken.
    document.set("{\"small\":{\"v\":99}}");
  }

  @AfterAll
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
    if (gateway != null) {
      gateway.stop(0);
    }
  }

  @Test
  void theOversizedChangeIsNotOnTheTopicButInItsOwnSealedVerifiedSegment() throws Exception {
    assertThat(fixture.changes(GATEWAY, Duration.ofSeconds(3)))
        .extracting(ConfigChange::sequence)
        .doesNotContain(oversizedSequence)
        .contains(oversizedSequence + 1);

    String artifactId = null;
    for (JsonNode segment : fixture.segments(GATEWAY)) {
      if (segment.path("tags").path("LastSequence").asLong() == oversizedSequence) {
        artifactId = segment.path("artifactId").asText();
      }
    }
    assertThat(artifactId).as("the segment ending at the oversized change").isNotNull();
    for (String target : E2eFixture.TARGET_IDS) {
      assertThat(fixture.unsealed(target, artifactId))
          .as("segment on " + target)
          .contains("\"sequence\":" + oversizedSequence)
          .contains(bigBlob.substring(0, 64));
    }
  }

  @Test
  void pointInTimeRestoresAtAndAfterTheOversizedChangeBringBackThoseMoments() throws Exception {
    E2eFixture.Run atIt =
        fixture.cliOnline("restore", GATEWAY, "--at", momentOfOversized.toString());
    assertThat(atIt.exit()).as(atIt.out()).isEqualTo(ExitCodes.OK);
    assertThat(JSON.readTree(document.get())).isEqualTo(JSON.readTree(atOversized));

    document.set("{\"small\":{\"v\":99}}");
    E2eFixture.Run after = fixture.cliOnline("restore", GATEWAY, "--at", momentAfterIt.toString());
    assertThat(after.exit()).as(after.out()).isEqualTo(ExitCodes.OK);
    assertThat(JSON.readTree(document.get())).isEqualTo(JSON.readTree(afterIt));
  }
}
