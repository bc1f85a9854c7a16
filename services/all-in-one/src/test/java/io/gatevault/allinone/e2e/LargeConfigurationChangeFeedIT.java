package io.gatevault.allinone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatevault.core.event.ChangeOperation;
import io.gatevault.core.event.ConfigChange;
import io.gatevault.stream.GatevaultTopics;
import io.gatevault.stream.ReadToEnd;
import io.gatevault.testsupport.CaddyProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway whose configuration is larger than Kafka's 1 MB record limit keeps its change feed: a
 * real Caddy with 3 MB of routes (random text, so compression cannot shrink it under the limit),
 * capture's first poll records the whole configuration as its feed state on
 * gatevault.capture.changes (in chunks), the stack is stopped, a route changes while capture is
 * down, and the restarted capture diffs against the state it reads back: one change, the next
 * sequence, nothing read again as a snapshot.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LargeConfigurationChangeFeedIT {

  private static final String GATEWAY = "caddy-large";
  private static final int ROUTES = 3000;
  private static final int BODY_CHARS = 1000;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private E2eFixture fixture;
  private CaddyProcess caddy;

  @BeforeAll
  void startCaddyWithThreeMegabytesOfRoutes() throws Exception {
    fixture = new E2eFixture(dir);
    int sitePort = fixture.sitePort(CaddyProcess.freePort());
    caddy = CaddyProcess.start(largeConfiguration(sitePort));
    fixture.writeConfig(
        """
        data-dir: data
        kafka: {port: %d}
        registry: {port: %d}
        control-plane: {port: %d}
        gateways:
          - {id: %s, type: caddy, admin-url: "%s", environment: test, application: shop,
             owner: platform-team, poll-interval: 500ms}
        changes: {segment-events: 100000, segment-seconds: 3600}
        """
            .formatted(
                CaddyProcess.freePort(),
                CaddyProcess.freePort(),
                CaddyProcess.freePort(),
                GATEWAY,
                caddy.adminUrl()));
  }

  @AfterAll
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
    if (caddy != null) {
      caddy.close();
    }
  }

  @Test
  void aChangeMadeWhileCaptureWasDownIsTheOnlyChangeAfterTheRestart() throws Exception {
    int configurationChars = caddy.config().length();
    assertThat(configurationChars).isGreaterThan(3_000_000);
    fixture.startStack();
    long firstRead = awaitFirstReadComplete();
    assertThat(firstRead).isGreaterThanOrEqualTo(ROUTES);
    List<String> stateRecords = feedStateRecordsOf(GATEWAY);
    assertThat(stateRecords)
        .as("the 3 MB state is written as chunks and a head, never as one record")
        .anyMatch(record -> record.startsWith("head"))
        .anyMatch(record -> record.startsWith("chunk"))
        .noneMatch(record -> record.startsWith("whole"));
    System.out.printf(
        "LargeConfigurationChangeFeedIT: %d-character configuration, first read %d changes, feed"
            + " state records %s%n",
        configurationChars, firstRead, stateRecords);

    fixture.stopStack();
    ObjectNode running = (ObjectNode) JSON.readTree(caddy.config());
    running.remove("admin");
    ObjectNode route = ShopRoutes.route(running, "r7");
    ((ObjectNode) route.path("handle").get(0)).put("body", "changed while capture was down");
    caddy.load(running.toString());
    fixture.startStack();

    List<ConfigChange> afterRestart = fixture.awaitChangesAbove(GATEWAY, firstRead);
    Thread.sleep(2_000); // a few more polls: nothing else may follow
    afterRestart = fixture.awaitChangesAbove(GATEWAY, firstRead);
    assertThat(afterRestart.get(0).sequence()).isEqualTo(firstRead + 1);
    assertThat(afterRestart)
        .as("the restarted capture diffed against the 3 MB state it read back")
        .hasSize(1)
        .allSatisfy(
            change -> {
              assertThat(change.op()).isEqualTo(ChangeOperation.UPDATE);
              assertThat(change.after()).contains("changed while capture was down");
            });
  }

  /** The sequence of the first poll's last change, once no more arrive. */
  private long awaitFirstReadComplete() throws InterruptedException {
    long seen = -1;
    Instant deadline = Instant.now().plus(E2eFixture.WAIT);
    while (Instant.now().isBefore(deadline)) {
      long now = fixture.lastSequence(GATEWAY);
      if (now > 0 && now == seen) {
        return now;
      }
      seen = now;
      Thread.sleep(2_000);
    }
    throw new AssertionError("capture's first read did not settle; last sequence " + seen);
  }

  /** What each record of the gateway's feed state is: head, chunk or whole, in topic order. */
  private List<String> feedStateRecordsOf(String gatewayId) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.stack().bootstrapServers());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<String> kinds = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(GatevaultTopics.CAPTURE_CHANGES).stream()
              .map(info -> new TopicPartition(info.topic(), info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      ReadToEnd.read(
          consumer,
          GatevaultTopics.CAPTURE_CHANGES,
          Duration.ofSeconds(30),
          (ConsumerRecord<String, byte[]> record) -> {
            if (record.key() == null || record.value() == null) {
              return;
            }
            // The header names are CompactedTopic's record format (libs/stream-support).
            if (record.key().equals(gatewayId)) {
              kinds.add(
                  record.headers().lastHeader("gatevault-chunked") != null ? "head" : "whole");
            } else if (record.key().startsWith(gatewayId + "#chunk/")) {
              kinds.add("chunk " + record.value().length + " bytes");
            }
          });
    }
    return kinds;
  }

  /** ROUTES routes answering a random text each, about 3 MB of JSON. */
  private static String largeConfiguration(int sitePort) {
    ObjectNode config = JSON.createObjectNode();
    ObjectNode shop =
        config.putObject("apps").putObject("http").putObject("servers").putObject("shop");
    shop.putArray("listen").add("127.0.0.1:" + sitePort);
    shop.putObject("automatic_https").put("disable", true);
    ArrayNode routes = shop.putArray("routes");
    Random random = new Random(42);
    for (int i = 0; i < ROUTES; i++) {
      StringBuilder body = new StringBuilder(BODY_CHARS);
      for (int c = 0; c < BODY_CHARS; c++) {
        body.append((char) ('a' + random.nextInt(26)));
      }
      ObjectNode route = routes.addObject();
      route.put("@id", "r" + i);
      route.putArray("match").addObject().putArray("path").add("/r" + i);
      route
          .putArray("handle")
          .addObject()
          .put("handler", "static_response")
          .put("body", body.toString());
    }
    return config.toString();
  }
}
