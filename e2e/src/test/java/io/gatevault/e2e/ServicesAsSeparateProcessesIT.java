package io.gatevault.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gatevault.core.config.CanonicalJson;
import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.AuditRecord;
import io.gatevault.core.event.BackupType;
import io.gatevault.core.event.EventEnvelope;
import io.gatevault.core.event.SnapshotChunk;
import io.gatevault.core.event.SnapshotRequested;
import io.gatevault.crypto.KeystoreGenerator;
import io.gatevault.e2e.harness.ProcessHarness;
import io.gatevault.e2e.harness.ProcessHarness.StartedProcess;
import io.gatevault.e2e.harness.ServiceJars;
import io.gatevault.e2e.harness.StandaloneBroker;
import io.gatevault.stream.GatevaultTopics;
import io.gatevault.stream.testing.TopicProbe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distributed shape, without containers: the standalone broker, the schema registry, capture
 * and encrypt each run as their own JVM process on 127.0.0.1, configured only through their command
 * lines - as docker-compose.yml runs them. A snapshot request travels command topic - capture - (a
 * real HTTP gateway) - raw snapshot topic - encrypt - audit topic.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ServicesAsSeparateProcessesIT {

  private static final String GATEWAY_ID = "e2e-json-gw";
  private static final String GATEWAY_CONFIG =
      "{\"routes\":[{\"path\":\"/orders\",\"upstream\":\"http://orders:8080\"}],"
          + "\"plugins\":[{\"name\":\"rate-limiting\",\"config\":{\"minute\":60}}]}";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(60);
  // Small heaps and the C1 compiler only: four JVMs share two cores, start-up dominates.
  private static final List<String> SERVICE_JVM_OPTIONS =
      List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
  private static final Pattern SPRING_STARTED = Pattern.compile("Started \\w+Application in ");

  @TempDir static Path brokerData;

  private static ProcessHarness harness;
  private static StandaloneBroker broker;
  private static HttpServer gateway;
  private static String registryUrl;
  private static StartedProcess capture;
  private static StartedProcess encrypt;
  private static TopicProbe probe;

  @BeforeAll
  static void startEverythingAsProcesses() throws Exception {
    harness = new ProcessHarness();
    broker = StandaloneBroker.start(harness, brokerData);
    gateway = startGateway();
    registryUrl = startRegistry();

    String brokers = broker.bootstrapServers();
    capture =
        harness.startJar(
            "capture",
            ServiceJars.executableJar("capture"),
            SERVICE_JVM_OPTIONS,
            List.of(
                "--spring.cloud.stream.kafka.binder.brokers=" + brokers,
                "--gatevault.registry.url=" + registryUrl,
                "--gatevault.capture.gateways[0].id=" + GATEWAY_ID,
                "--gatevault.capture.gateways[0].type=http-json",
                "--gatevault.capture.gateways[0].admin-url=http://127.0.0.1:"
                    + gateway.getAddress().getPort()
                    + "/config/",
                "--gatevault.capture.gateways[0].environment=e2e",
                "--gatevault.capture.gateways[0].application=orders",
                "--gatevault.capture.gateways[0].owner=team-orders"),
            Map.of());
    // encrypt seals what it assembles, under a key-encryption key of its own.
    Path keys = Files.createTempDirectory("gatevault-e2e-keys-");
    Files.writeString(keys.resolve("keyring.pass"), "e2e-keystore-passphrase");
    new KeystoreGenerator()
        .create(
            keys.resolve("keyring.p12"), "e2e-keystore-passphrase".toCharArray(), "gatevault-kek");
    encrypt =
        harness.startJar(
            "encrypt",
            ServiceJars.executableJar("encrypt"),
            SERVICE_JVM_OPTIONS,
            List.of(
                "--spring.cloud.stream.kafka.binder.brokers=" + brokers,
                "--gatevault.registry.url=" + registryUrl,
                "--gatevault.keyring.keystore-path=" + keys.resolve("keyring.p12"),
                "--gatevault.keyring.password-file=" + keys.resolve("keyring.pass"),
                "--gatevault.keyring.key-alias=gatevault-kek"),
            Map.of());
    // Both start side by side; each provisions the topics before its bindings start.
    awaitLog(capture, SPRING_STARTED);
    awaitLog(encrypt, SPRING_STARTED);
    probe = harness.closeWithHarness(new TopicProbe(brokers, registryUrl));
  }

  @AfterAll
  static void stopEverything() {
    if (harness != null) {
      harness.close(); // services, registry, broker: newest first, each by its PID
    }
    if (gateway != null) {
      gateway.stop(0);
    }
  }

  @Test
  void snapshotRequestFlowsThroughCaptureAndEncryptRunningAsSeparateProcesses() {
    assertThat(List.of(capture.pid(), encrypt.pid(), broker.pid().orElseThrow()))
        .doesNotHaveDuplicates()
        .doesNotContain(ProcessHandle.current().pid());

    SnapshotRequested request = snapshotRequest();
    probe.publish(GatevaultTopics.COMMANDS, GATEWAY_ID, request);

    List<SnapshotChunk> chunks =
        probe.awaitEvents(
            GatevaultTopics.SNAPSHOTS_RAW,
            SnapshotChunk.class,
            chunk -> request.envelope().eventId().equals(chunk.envelope().causationId()),
            1,
            EVENT_TIMEOUT);
    assertThat(chunks)
        .as("capture's snapshot chunks; capture log:%n%s", capture.output())
        .isNotEmpty();
    SnapshotChunk chunk = chunks.get(0);
    assertThat(chunk.envelope().producer()).isEqualTo("capture");
    // Capture sends the canonical snapshot document, which carries the gateway's own config.
    ConfigSnapshot document = ConfigSnapshot.fromDocument(chunk.payload().toByteArray());
    assertThat(document.gatewayId()).isEqualTo(GATEWAY_ID);
    assertThat(CanonicalJson.parse(document.nativeConfig()))
        .isEqualTo(CanonicalJson.parse(GATEWAY_CONFIG));

    List<AuditRecord> encryptAudits =
        probe.awaitEvents(
            GatevaultTopics.AUDIT,
            AuditRecord.class,
            audit ->
                "encrypt".equals(audit.envelope().producer())
                    && chunk.snapshotId().equals(audit.target()),
            1,
            EVENT_TIMEOUT);
    assertThat(encryptAudits)
        .as(
            "encrypt's audit record for snapshot %s; encrypt log:%n%s",
            chunk.snapshotId(), encrypt.output())
        .hasSize(1);
    AuditRecord audit = encryptAudits.get(0);
    assertThat(audit.outcome()).isEqualTo(AuditOutcome.SUCCESS);
    assertThat(audit.envelope().gatewayId()).isEqualTo(GATEWAY_ID);
  }

  private static SnapshotRequested snapshotRequest() {
    return new SnapshotRequested(
        new EventEnvelope(
            UUID.randomUUID().toString(),
            EventEnvelope.CURRENT_SCHEMA_VERSION,
            "Command",
            "e2e",
            null,
            null,
            Instant.now(),
            GATEWAY_ID),
        UUID.randomUUID().toString(),
        GATEWAY_ID,
        "e2e-operator",
        Instant.now(),
        BackupType.FULL,
        "e2e",
        Map.of());
  }

  /** A gateway admin API: a JDK HTTP server on loopback that answers with a JSON config. */
  private static HttpServer startGateway() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/config/", ServicesAsSeparateProcessesIT::serveConfig);
    server.start();
    return server;
  }

  private static void serveConfig(HttpExchange exchange) throws IOException {
    byte[] body = GATEWAY_CONFIG.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  /** Starts the schema registry's jar and waits until its REST API answers. */
  private static String startRegistry() throws InterruptedException {
    int port = ProcessHarness.freeLoopbackPort();
    StartedProcess registry =
        harness.startJar(
            "schema-registry",
            ServiceJars.executableJar("schema-registry"),
            List.of("-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
            List.of(
                "--bootstrap-servers",
                broker.bootstrapServers(),
                "--port",
                String.valueOf(port),
                "--bind-host",
                "127.0.0.1"),
            Map.of());
    String url = "http://127.0.0.1:" + port;
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest subjects =
        HttpRequest.newBuilder(URI.create(url + "/subjects"))
            .timeout(Duration.ofSeconds(5))
            .build();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!registry.isAlive()) {
        throw new IllegalStateException(
            "The schema registry exited during start-up:\n" + registry.output());
      }
      try {
        if (client.send(subjects, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return url;
        }
      } catch (IOException notListeningYet) {
        // keep polling until the deadline
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        "The schema registry did not answer GET "
            + url
            + "/subjects within "
            + READY_TIMEOUT
            + "; its log:\n"
            + registry.output());
  }

  private static void awaitLog(StartedProcess process, Pattern pattern)
      throws InterruptedException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      String output = process.output();
      if (pattern.matcher(output).find()) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            process.name()
                + " exited during start-up (exit "
                + process.process().exitValue()
                + "); its log:\n"
                + tail(output));
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        process.name()
            + " did not log '"
            + pattern
            + "' within "
            + READY_TIMEOUT
            + "; log:\n"
            + tail(process.output()));
  }

  private static String tail(String output) {
    List<String> lines = new ArrayList<>(output.lines().toList());
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }
}
