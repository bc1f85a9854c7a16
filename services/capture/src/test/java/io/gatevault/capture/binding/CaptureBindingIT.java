package io.gatevault.capture.binding;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.gatevault.capture.CaptureApplication;
import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.AuditRecord;
import io.gatevault.core.event.BackupType;
import io.gatevault.core.event.EventEnvelope;
import io.gatevault.core.event.SnapshotChunk;
import io.gatevault.core.event.SnapshotRequested;
import io.gatevault.registry.EmbeddedSchemaRegistry;
import io.gatevault.stream.GatevaultTopics;
import io.gatevault.stream.testing.TopicProbe;
import io.gatevault.testsupport.SharedKafka;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The capture service against a real broker, registry and HTTP gateway. */
class CaptureBindingIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final DateTimeFormatter NAME_MINUTE =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmm").withZone(ZoneOffset.UTC);
  private static final byte[] CONFIG =
      "{\"routes\":[{\"path\":\"/orders\",\"upstream\":\"http://orders:8080\"}]}"
          .getBytes(StandardCharsets.UTF_8);

  private static HttpServer gateway;
  private static EmbeddedSchemaRegistry registry;
  private static ConfigurableApplicationContext capture;
  private static TopicProbe probe;

  @BeforeAll
  static void start() throws Exception {
    gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    gateway.createContext("/config", exchange -> respond(exchange, 200, CONFIG));
    gateway.createContext(
        "/html", exchange -> respond(exchange, 200, "<html>login</html>".getBytes()));
    gateway.start();
    String base = "http://127.0.0.1:" + gateway.getAddress().getPort();
    registry =
        EmbeddedSchemaRegistry.builder().bootstrapServers(SharedKafka.bootstrapServers()).build();
    String registryUrl = registry.start();
    capture =
        CaptureApplication.builder()
            .run(
                "--spring.cloud.stream.kafka.binder.brokers=" + SharedKafka.bootstrapServers(),
                "--gatevault.registry.url=" + registryUrl,
                "--gatevault.capture.gateways[0].id=json-gw",
                "--gatevault.capture.gateways[0].type=http-json",
                "--gatevault.capture.gateways[0].admin-url=" + base + "/config",
                "--gatevault.capture.gateways[0].environment=test",
                "--gatevault.capture.gateways[0].application=orders",
                "--gatevault.capture.gateways[0].owner=team-orders",
                "--gatevault.capture.gateways[1].id=html-gw",
                "--gatevault.capture.gateways[1].type=http-json",
                "--gatevault.capture.gateways[1].admin-url=" + base + "/html",
                "--gatevault.capture.gateways[1].environment=test",
                "--gatevault.capture.gateways[1].application=orders",
                "--gatevault.capture.gateways[1].owner=team-orders");
    probe = new TopicProbe(SharedKafka.bootstrapServers(), registryUrl);
  }

  private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, byte[] body)
      throws java.io.IOException {
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  @AfterAll
  static void stop() {
    if (probe != null) {
      probe.close();
    }
    if (capture != null) {
      capture.close();
    }
    if (registry != null) {
      registry.close();
    }
    if (gateway != null) {
      gateway.stop(0);
    }
  }

  @Test
  void snapshotRequestOfAKnownGatewayPublishesItsConfigurationAsChunksWithTags() throws Exception {
    SnapshotRequested request = snapshotRequest("json-gw");
    probe.publish(GatevaultTopics.COMMANDS, "json-gw", request);

    List<SnapshotChunk> chunks =
        probe.awaitEvents(
            GatevaultTopics.SNAPSHOTS_RAW,
            SnapshotChunk.class,
            chunk -> request.envelope().eventId().equals(chunk.envelope().causationId()),
            1,
            WAIT);
    assertThat(chunks).hasSize(1);
    SnapshotChunk chunk = chunks.get(0);
    assertThat(chunk.chunkCount()).isEqualTo(1);
    byte[] document = chunk.payload().toByteArray();
    ConfigSnapshot snapshot = ConfigSnapshot.fromDocument(document);
    assertThat(snapshot.nativeConfig()).isEqualTo(new String(CONFIG, StandardCharsets.UTF_8));
    assertThat(snapshot.gatewayId()).isEqualTo("json-gw");
    assertThat(chunk.sha256())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(document)));
    assertThat(chunk.tags())
        .containsEntry("Environment", "test")
        .containsEntry("Application", "orders")
        .containsEntry("Owner", "team-orders")
        .containsEntry("BackupType", "FULL")
        .containsEntry(
            "BackupDate", request.requestedAt().atOffset(ZoneOffset.UTC).toLocalDate().toString())
        .containsEntry("Version", "v" + chunk.version());
    assertThat(chunk.name())
        .startsWith("json-gw-" + NAME_MINUTE.format(request.requestedAt()) + "-full")
        .matches("json-gw-\\d{8}-\\d{4}-full(-v\\d+)?\\.json");
    assertThat(chunk.version()).isPositive();
    assertThat(chunk.description()).isEqualTo("nightly");
    assertThat(chunk.environment()).isEqualTo("test");
    assertThat(auditOf(request)).extracting(AuditRecord::outcome).isEqualTo(AuditOutcome.SUCCESS);
  }

  @Test
  void eachSnapshotOfAGatewayGetsTheNextVersion() {
    SnapshotRequested first = snapshotRequest("json-gw");
    probe.publish(GatevaultTopics.COMMANDS, "json-gw", first);
    int firstVersion = chunkOf(first).version();
    SnapshotRequested second = snapshotRequest("json-gw");
    probe.publish(GatevaultTopics.COMMANDS, "json-gw", second);

    SnapshotChunk secondChunk = chunkOf(second);
    assertThat(secondChunk.version()).isEqualTo(firstVersion + 1);
    assertThat(secondChunk.tags()).containsEntry("Version", "v" + (firstVersion + 1));
  }

  private SnapshotChunk chunkOf(SnapshotRequested request) {
    List<SnapshotChunk> chunks =
        probe.awaitEvents(
            GatevaultTopics.SNAPSHOTS_RAW,
            SnapshotChunk.class,
            chunk -> request.envelope().eventId().equals(chunk.envelope().causationId()),
            1,
            WAIT);
    assertThat(chunks).hasSize(1);
    return chunks.get(0);
  }

  @Test
  void snapshotRequestOfAnUnknownGatewayIsAuditedAsFailureNamingTheFix() {
    SnapshotRequested request = snapshotRequest("no-such-gw");
    probe.publish(GatevaultTopics.COMMANDS, "no-such-gw", request);

    AuditRecord audit = auditOf(request);
    assertThat(audit.outcome()).isEqualTo(AuditOutcome.FAILURE);
    assertThat(audit.detail().get("reason"))
        .contains("does not know gateway 'no-such-gw'")
        .contains("gatevault.capture.gateways");
  }

  @Test
  void gatewayAnsweringWithSomethingOtherThanJsonIsAuditedAsFailureWithUrlAndAdvice() {
    SnapshotRequested request = snapshotRequest("html-gw");
    probe.publish(GatevaultTopics.COMMANDS, "html-gw", request);

    AuditRecord audit = auditOf(request);
    assertThat(audit.outcome()).isEqualTo(AuditOutcome.FAILURE);
    assertThat(audit.detail().get("reason"))
        .contains("html-gw")
        .contains("/html")
        .contains("not JSON");
  }

  private AuditRecord auditOf(SnapshotRequested request) {
    List<AuditRecord> audits =
        probe.awaitEvents(
            GatevaultTopics.AUDIT,
            AuditRecord.class,
            audit -> request.envelope().eventId().equals(audit.envelope().causationId()),
            1,
            WAIT);
    assertThat(audits).as("audit record caused by %s", request.commandId()).hasSize(1);
    return audits.get(0);
  }

  static SnapshotRequested snapshotRequest(String gatewayId) {
    String commandId = UUID.randomUUID().toString();
    return new SnapshotRequested(
        new EventEnvelope(
            UUID.randomUUID().toString(),
            EventEnvelope.CURRENT_SCHEMA_VERSION,
            "Command",
            "test",
            null,
            null,
            Instant.now(),
            gatewayId),
        commandId,
        gatewayId,
        "alice",
        Instant.now(),
        BackupType.FULL,
        "nightly",
        Map.of());
  }

  static byte[] join(List<SnapshotChunk> chunks) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    chunks.stream()
        .sorted(Comparator.comparingInt(SnapshotChunk::chunkIndex))
        .forEach(chunk -> out.writeBytes(chunk.payload().toByteArray()));
    return out.toByteArray();
  }
}
