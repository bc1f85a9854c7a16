package io.gatevault.allinone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import io.gatevault.allinone.cli.ControlPlaneClient;
import io.gatevault.allinone.config.ConfigLoader;
import io.gatevault.allinone.config.GatevaultConfig;
import io.gatevault.allinone.stack.EmbeddedStack;
import io.gatevault.allinone.stack.Progress;
import io.gatevault.kafka.embedded.EmbeddedKafkaBroker;
import io.gatevault.tls.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default configured for TLS from gatevault.yml alone: an "external" Kafka reached
 * only through its SSL listener (the in-JVM KRaft broker with the test CA's certificate), the
 * embedded registry storing its schemas there, and an http-json gateway served over HTTPS. A backup
 * goes through every service to SUCCESS, so every Kafka client the services create spoke SSL, and
 * the gateway was read over TLSv1.3.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsEverywhereIT {

  private static final TestCertificates CERTS = TestCertificates.shared();

  @TempDir static Path dir;
  private EmbeddedKafkaBroker broker;
  private HttpsServer gateway;
  private EmbeddedStack stack;
  private final List<String> gatewayProtocols = new CopyOnWriteArrayList<>();

  @BeforeAll
  void startTlsPeersAndGatevault() throws Exception {
    broker =
        EmbeddedKafkaBroker.builder()
            .sslListener(
                new EmbeddedKafkaBroker.SslListener(
                    CERTS.serverKeyStore(), "PKCS12", TestCertificates.PASSWORD),
                0)
            .build()
            .start();
    gateway = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    gateway.setHttpsConfigurator(new HttpsConfigurator(CERTS.serverContext()));
    gateway.createContext(
        "/config",
        exchange -> {
          gatewayProtocols.add(((HttpsExchange) exchange).getSSLSession().getProtocol());
          byte[] body = "{\"routes\":[{\"path\":\"/orders\"}]}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    gateway.start();
    Path configFile = dir.resolve("gatevault.yml");
    Files.writeString(
        configFile,
        """
        data-dir: data
        kafka: {mode: external, bootstrap-servers: "%s"}
        registry: {port: 0}
        control-plane: {port: 0}
        tls:
          trust-store: {path: "%s", type: PKCS12, password-file: "%s"}
        storage:
          targets:
            - {id: local, path: targets/local, medium: FILESYSTEM}
            - {id: removable, path: targets/removable, medium: REMOVABLE_MEDIA}
            - {id: offsite, path: targets/offsite, medium: FILESYSTEM, off-site: true}
        gateways:
          - {id: json-tls, type: http-json, admin-url: "https://127.0.0.1:%d/config",
             environment: test, application: shop, owner: platform-team}
        """
            .formatted(
                broker.sslBootstrapServers(),
                CERTS.trustStore(),
                CERTS.passwordFile(),
                gateway.getAddress().getPort()));
    GatevaultConfig config = ConfigLoader.load(configFile);
    assertThat(config.tls().kafkaUsesTls(config.kafka())).isTrue();
    stack =
        new EmbeddedStack(config, new Progress(new PrintStream(new ByteArrayOutputStream()), 9))
            .start();
  }

  @AfterAll
  void stop() {
    if (stack != null) {
      stack.close();
    }
    if (gateway != null) {
      gateway.stop(0);
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void aBackupGoesThroughKafkaOverSslAndReadsTheGatewayOverTls13() throws Exception {
    ControlPlaneClient api = new ControlPlaneClient(stack.controlPlaneUrl());
    ControlPlaneClient.Reply requested =
        api.post(
            "/api/v1/gateways/json-tls/backups",
            Map.of("type", "FULL", "description", "tls test", "requestedBy", "e2e"),
            "tls-everywhere");
    assertThat(requested.status()).as(requested.body().toString()).isEqualTo(202);

    Instant deadline = Instant.now().plusSeconds(120);
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      JsonNode backups = api.get("/api/v1/backups?gateway=json-tls&limit=1").body();
      if (backups.path("backups").size() > 0) {
        last = backups.path("backups").get(0);
        if ("SUCCESS".equals(last.path("status").asText())) {
          break;
        }
      }
      Thread.sleep(300);
    }

    assertThat(last).as("a verified backup").isNotNull();
    assertThat(last.path("status").asText()).as(last.toString()).isEqualTo("SUCCESS");
    assertThat(gatewayProtocols).isNotEmpty().allMatch("TLSv1.3"::equals);
    assertThat(stack.bootstrapServers()).isEqualTo(broker.sslBootstrapServers());
  }
}
