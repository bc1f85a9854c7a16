package io.gatevault.allinone.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatevault.allinone.config.ConfigLoader;
import io.gatevault.allinone.config.GatevaultConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default really is durable: stop it, start it again on the same data directory, and
 * the schema ids, subjects and topic records are all still there.
 */
class EmbeddedStackRestartIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void restartingTheStackKeepsSchemaIdsAndTopicData() throws Exception {
    int registryPort = 0;
    int controlPort = 0;
    GatevaultConfig config =
        ConfigLoader.parse(
            """
            data-dir: data
            registry: {port: %d}
            control-plane: {port: %d}
            services: [control-plane]
            """
                .formatted(registryPort, controlPort),
            "test.yml",
            dir);
    Progress quiet = new Progress(new PrintStream(new ByteArrayOutputStream()), 9);

    JsonNode subjectsBefore;
    Map<String, Integer> idsBefore;
    String bootstrapBefore;
    try (EmbeddedStack stack = new EmbeddedStack(config, quiet).start()) {
      bootstrapBefore = stack.bootstrapServers();
      HttpResponse<String> accepted =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(stack.controlPlaneUrl() + "/api/v1/gateways/edge-1/backups"))
                  .header("Content-Type", "application/json")
                  .header("Idempotency-Key", "restart-test")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"type\":\"FULL\",\"requestedBy\":\"restart-test\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
      subjectsBefore = getJson(stack.registryUrl() + "/subjects");
      assertThat(subjectsBefore).isNotEmpty();
      idsBefore = latestIds(stack.registryUrl(), subjectsBefore);
      assertThat(commandRecords(stack.bootstrapServers())).isNotEmpty();
    }

    try (EmbeddedStack stack = new EmbeddedStack(config, quiet).start()) {
      assertThat(stack.bootstrapServers()).isEqualTo(bootstrapBefore);
      JsonNode subjectsAfter = getJson(stack.registryUrl() + "/subjects");
      assertThat(subjectsAfter).isEqualTo(subjectsBefore);
      assertThat(latestIds(stack.registryUrl(), subjectsAfter)).isEqualTo(idsBefore);
      List<ConsumerRecord<byte[], byte[]>> commands = commandRecords(stack.bootstrapServers());
      assertThat(commands).isNotEmpty();
      assertThat(commands.get(0).value()[0]).as("Confluent magic byte").isZero();
    }
  }

  private Map<String, Integer> latestIds(String registryUrl, JsonNode subjects) throws Exception {
    Map<String, Integer> ids = new java.util.TreeMap<>();
    for (JsonNode subject : subjects) {
      JsonNode latest = getJson(registryUrl + "/subjects/" + subject.asText() + "/versions/latest");
      ids.put(subject.asText(), latest.path("id").asInt());
    }
    return ids;
  }

  private JsonNode getJson(String url) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url + " -> " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static List<ConsumerRecord<byte[], byte[]>> commandRecords(String bootstrap) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "restart-test-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(Set.of("gatevault.commands"));
      List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
      long deadline = System.currentTimeMillis() + 20_000;
      while (records.isEmpty() && System.currentTimeMillis() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      }
      return records;
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
