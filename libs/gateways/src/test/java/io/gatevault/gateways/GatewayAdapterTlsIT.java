package io.gatevault.gateways;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.gateway.GatewayAdapter;
import io.gatevault.core.gateway.GatewayDescriptor;
import io.gatevault.core.gateway.GatewayResponseRejectedException;
import io.gatevault.tls.PlaintextGuard;
import io.gatevault.tls.PlaintextRefusedException;
import io.gatevault.tls.TestCertificates;
import io.gatevault.tls.TlsSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** An http-json gateway served over HTTPS by the JDK's server on 127.0.0.1, with a test CA. */
class GatewayAdapterTlsIT {

  private static final TestCertificates CERTS = TestCertificates.shared();
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private HttpsServer server;
  private final AtomicReference<String> negotiated = new AtomicReference<>();
  private URI adminUrl;

  @BeforeEach
  void startHttpsGateway() throws Exception {
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(
        new HttpsConfigurator(CERTS.serverContext()) {
          @Override
          public void configure(HttpsParameters params) {
            params.setSSLParameters(getSSLContext().getDefaultSSLParameters());
          }
        });
    server.createContext(
        "/config",
        exchange -> {
          negotiated.set(((HttpsExchange) exchange).getSSLSession().getProtocol());
          byte[] body =
              "{\"routes\":[{\"path\":\"/api\"}],\"tls\":true}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    adminUrl = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/config");
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void anHttpJsonGatewayOverHttpsIsBackedUpWithTheConfiguredTrustStoreOverTls13() {
    GatewayAdapter adapter =
        GatewayAdapters.create(
            gateway(adminUrl),
            "gateways[0].admin-url",
            CERTS.clientSettings("gateways[0].tls"),
            TIMEOUT,
            name -> null);

    ConfigSnapshot snapshot = adapter.dump();

    assertThat(snapshot.entities()).hasSize(2);
    assertThat(negotiated.get()).isEqualTo("TLSv1.3");
  }

  @Test
  void withoutTheTrustStoreTheGatewayIsRefusedPermanentlyNamingTheTrustStoreSetting() {
    GatewayAdapter adapter =
        GatewayAdapters.create(
            gateway(adminUrl),
            "gateways[0].admin-url",
            TlsSettings.jvmDefaults("gateways[0].tls"),
            TIMEOUT,
            name -> null);

    assertThatThrownBy(adapter::dump)
        .isInstanceOf(GatewayResponseRejectedException.class)
        .hasMessageContaining("failed the TLS handshake")
        .hasMessageContaining("gateways[].tls.trust-store")
        .hasMessageContaining("tls.trust-store for every connection");
  }

  @Test
  void plainHttpToAnotherMachineIsRefusedWithoutOptIn() {
    assertThatThrownBy(
            () ->
                GatewayAdapters.create(
                    gateway(URI.create("http://caddy.internal:2019")),
                    "gateways[0].admin-url",
                    TlsSettings.jvmDefaults("gateways[0].tls"),
                    TIMEOUT,
                    name -> null))
        .isInstanceOf(PlaintextRefusedException.class)
        .hasMessageContaining("gateways[0].tls.allow-plaintext: true");
  }

  @Test
  void plainHttpToAnotherMachineWithOptInIsCreatedAndWarned() {
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    Logger guardLog = (Logger) LoggerFactory.getLogger(PlaintextGuard.class);
    guardLog.addAppender(logged);
    try {
      GatewayAdapter adapter =
          GatewayAdapters.create(
              gateway(URI.create("http://caddy.internal:2019")),
              "gateways[0].admin-url",
              TlsSettings.jvmDefaults("gateways[0].tls").withAllowPlaintext(true),
              TIMEOUT,
              name -> null);

      assertThat(adapter.gateway().id()).isEqualTo("json-tls");
      assertThat(logged.list)
          .singleElement()
          .satisfies(
              event -> {
                assertThat(event.getLevel().toString()).isEqualTo("WARN");
                assertThat(event.getFormattedMessage())
                    .contains("gateways[0].admin-url")
                    .contains("http://caddy.internal:2019");
              });
    } finally {
      guardLog.detachAppender(logged);
    }
  }

  private static GatewayDescriptor gateway(URI url) {
    return new GatewayDescriptor("json-tls", "http-json", url, "dev", "edge", "platform-team");
  }
}
