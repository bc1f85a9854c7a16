package io.gatevault.messaging.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.gatevault.messaging.serde.AvroSerdeConfig;
import io.gatevault.tls.TestCertificates;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registry client against an HTTPS registry endpoint (the JDK's HTTPS server on 127.0.0.1 with
 * a certificate of a test CA), configured directly and through the serde's Confluent-named keys.
 */
class RestSchemaRegistryClientTlsIT {

  private static final TestCertificates CERTS = TestCertificates.shared();
  private static final String SCHEMA =
      "{\"type\":\"record\",\"name\":\"Ping\",\"fields\":[{\"name\":\"at\",\"type\":\"long\"}]}";

  private HttpsServer server;
  private String url;
  private final List<String> protocols = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startHttpsRegistry() throws Exception {
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(
        new HttpsConfigurator(CERTS.serverContext()) {
          @Override
          public void configure(HttpsParameters params) {
            params.setSSLParameters(getSSLContext().getDefaultSSLParameters());
          }
        });
    server.createContext(
        "/",
        exchange -> {
          protocols.add(((HttpsExchange) exchange).getSSLSession().getProtocol());
          exchange.getRequestBody().readAllBytes();
          String path = exchange.getRequestURI().getPath();
          String answer =
              path.endsWith("/versions") ? "{\"id\":7}" : "{\"schema\":" + quoted(SCHEMA) + "}";
          byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
          exchange
              .getResponseHeaders()
              .set("Content-Type", "application/vnd.schemaregistry.v1+json");
          exchange.sendResponseHeaders(200, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    url = "https://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void registersAndFetchesOverHttpsWithTheConfiguredTrustStoreAndTls13() {
    RestSchemaRegistryClient client =
        new RestSchemaRegistryClient(
            SchemaRegistryClientSettings.forUrls(url)
                .withTls(CERTS.clientSettings("registry.tls")));

    assertThat(client.register("pings-value", SCHEMA)).isEqualTo(7);
    assertThat(client.schemaById(8)).isEqualTo(SCHEMA);
    assertThat(protocols).isNotEmpty().allMatch("TLSv1.3"::equals);
  }

  @Test
  void theSerdeBuildsATlsClientFromConfluentNamedSettings() {
    AvroSerdeConfig config =
        AvroSerdeConfig.from(
            Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                url,
                AvroSerdeConfig.SSL_TRUSTSTORE_LOCATION,
                CERTS.trustStoreJks().toString(),
                AvroSerdeConfig.SSL_TRUSTSTORE_TYPE,
                "JKS",
                AvroSerdeConfig.SSL_TRUSTSTORE_PASSWORD,
                TestCertificates.PASSWORD),
            false);

    assertThat(config.client().register("pings-value", SCHEMA)).isEqualTo(7);
  }

  @Test
  void withoutTheTrustStoreTheRegistryIsRefusedAtOnceNamingTheTrustStore() {
    RestSchemaRegistryClient client = RestSchemaRegistryClient.forUrls(url);

    assertThatThrownBy(() -> client.register("pings-value", SCHEMA))
        .isInstanceOf(SchemaRegistryException.class)
        .isNotInstanceOf(SchemaRegistryUnavailableException.class)
        .hasMessageContaining("TLS handshake with " + url)
        .hasMessageContaining("registry.tls.trust-store");
    assertThat(protocols).isEmpty();
  }

  @Test
  void aMissingTrustStoreFileIsAConfigErrorNamingTheSerdeSetting() {
    assertThatThrownBy(
            () ->
                AvroSerdeConfig.from(
                    Map.of(
                        AvroSerdeConfig.SCHEMA_REGISTRY_URL, url,
                        AvroSerdeConfig.SSL_TRUSTSTORE_LOCATION, "/nonexistent/trust.p12",
                        AvroSerdeConfig.SSL_TRUSTSTORE_PASSWORD, "x"),
                    false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.registry.ssl")
        .hasMessageContaining("/nonexistent/trust.p12 does not exist");
  }

  private static String quoted(String text) {
    return "\"" + text.replace("\"", "\\\"") + "\"";
  }
}
