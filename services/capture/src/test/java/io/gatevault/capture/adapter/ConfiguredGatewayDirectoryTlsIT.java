package io.gatevault.capture.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import io.gatevault.capture.application.CaptureProperties;
import io.gatevault.tls.PlaintextRefusedException;
import io.gatevault.tls.TestCertificates;
import io.gatevault.tls.TlsProperties;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Capture's gateways with the TLS properties the embedded default passes ({@code
 * gatevault.tls.gateways.<id>.*}): an http-json gateway on a JDK HTTPS server on 127.0.0.1.
 */
class ConfiguredGatewayDirectoryTlsIT {

  private static final TestCertificates CERTS = TestCertificates.shared();

  private HttpsServer server;
  private final AtomicReference<String> negotiated = new AtomicReference<>();

  @BeforeEach
  void startHttpsGateway() throws Exception {
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(CERTS.serverContext()));
    server.createContext(
        "/config",
        exchange -> {
          negotiated.set(((HttpsExchange) exchange).getSSLSession().getProtocol());
          byte[] body = "{\"routes\":[]}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void aGatewayOverHttpsIsCapturedWithItsConfiguredTrustStore() {
    Map<String, String> properties =
        Map.of(
            "gatevault.tls.gateways.json-1.trust-store.path", CERTS.trustStore().toString(),
            "gatevault.tls.gateways.json-1.trust-store.password-file",
                CERTS.passwordFile().toString());
    URI adminUrl = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/config");

    ConfiguredGatewayDirectory directory =
        new ConfiguredGatewayDirectory(
            properties(gateway("json-1", adminUrl)),
            id -> TlsProperties.read("gatevault.tls.gateways." + id, properties::get));

    assertThat(directory.find("json-1").orElseThrow().dump().gatewayId()).isEqualTo("json-1");
    assertThat(negotiated.get()).isEqualTo("TLSv1.3");
  }

  @Test
  void plainHttpToAnotherMachineIsRefusedUnlessThatGatewayAllowsIt() {
    CaptureProperties remote =
        properties(gateway("json-1", URI.create("http://gateway.internal:8080/config")));

    assertThatThrownBy(
            () ->
                new ConfiguredGatewayDirectory(
                    remote, id -> TlsProperties.read("gatevault.tls.gateways." + id, n -> null)))
        .isInstanceOf(PlaintextRefusedException.class)
        .hasMessageStartingWith("gatevault.capture.gateways[0].admin-url: ")
        .hasMessageContaining("gatevault.tls.gateways.json-1.allow-plaintext: true");

    Map<String, String> allowed = Map.of("gatevault.tls.gateways.json-1.allow-plaintext", "true");
    assertThat(
            new ConfiguredGatewayDirectory(
                    remote, id -> TlsProperties.read("gatevault.tls.gateways." + id, allowed::get))
                .knownGatewayIds())
        .containsExactly("json-1");
  }

  private static CaptureProperties properties(CaptureProperties.Gateway gateway) {
    return new CaptureProperties(List.of(gateway), Duration.ofSeconds(5), Duration.ofSeconds(5));
  }

  private static CaptureProperties.Gateway gateway(String id, URI adminUrl) {
    return new CaptureProperties.Gateway(
        id, "http-json", adminUrl, "prod", "shop", "platform", null, null, null, null);
  }
}
