package io.gatevault.allinone.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.allinone.config.ConfigLoader;
import io.gatevault.allinone.config.GatevaultConfig;
import io.gatevault.tls.TestCertificates;
import io.gatevault.tls.TlsProperties;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gatevault.yml's tls sections become the properties each service reads when it runs alone. */
class TlsServicePropertiesTest {

  private static final TestCertificates CERTS = TestCertificates.shared();

  @TempDir Path dir;

  private GatevaultConfig config() {
    String trust =
        "{path: " + CERTS.trustStore() + ", password-file: " + CERTS.passwordFile() + "}";
    return ConfigLoader.parse(
        "kafka: {mode: external, bootstrap-servers: 'kafka-1:9093'}\n"
            + "registry: {mode: external, url: 'https://registry.internal:8081'}\n"
            + "tls:\n  trust-store: "
            + trust
            + "\n"
            + "gateways:\n"
            + "  - {id: caddy-1, type: caddy, admin-url: 'http://caddy.internal:2019',"
            + " environment: prod, application: edge, owner: platform-team,"
            + " tls: {allow-plaintext: true}}\n",
        "gatevault.yml",
        dir);
  }

  @Test
  void kafkaAndRegistryTlsGoToTheBinderConfigurationOfEveryService() {
    Map<String, Object> properties =
        TlsServiceProperties.forService(config(), "encrypt", name -> null);

    String binder = TlsServiceProperties.BINDER_CONFIGURATION;
    assertThat(properties)
        .containsEntry(binder + "security.protocol", "SSL")
        .containsEntry(binder + "ssl.truststore.location", CERTS.trustStore().toString())
        .containsEntry(binder + "ssl.truststore.password", TestCertificates.PASSWORD)
        .containsEntry(binder + "ssl.enabled.protocols", "TLSv1.3,TLSv1.2")
        .containsEntry(
            binder + "schema.registry.ssl.truststore.location", CERTS.trustStore().toString())
        .containsEntry(
            binder + "schema.registry.ssl.truststore.password", TestCertificates.PASSWORD);
    assertThat(properties.keySet()).noneMatch(key -> key.startsWith("gatevault.tls.gateways"));
  }

  @Test
  void captureGetsEachGatewaysTlsUnderItsId() {
    Map<String, Object> properties =
        TlsServiceProperties.forService(config(), "capture", name -> null);

    Map<String, String> gatewayProperties = new HashMap<>();
    properties.forEach((key, value) -> gatewayProperties.put(key, String.valueOf(value)));
    var settings = TlsProperties.read("gatevault.tls.gateways.caddy-1", gatewayProperties::get);
    assertThat(settings.allowPlaintext()).isTrue();
    assertThat(settings.trustStore().path()).isEqualTo(CERTS.trustStore());
    assertThat(settings.origin()).isEqualTo("tls");
  }
}
