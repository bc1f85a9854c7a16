package io.gatevault.capture.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.capture.application.CaptureProperties;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfiguredGatewayDirectoryTest {

  private static CaptureProperties.Gateway gateway(String id, String type) {
    return gateway(id, type, null);
  }

  private static CaptureProperties.Gateway gateway(String id, String type, String secrets) {
    return new CaptureProperties.Gateway(
        id,
        type,
        URI.create("http://127.0.0.1:2019"),
        "prod",
        "shop",
        "platform",
        null,
        null,
        null,
        secrets);
  }

  private static ConfiguredGatewayDirectory directory(CaptureProperties.Gateway... gateways) {
    return new ConfiguredGatewayDirectory(
        new CaptureProperties(List.of(gateways), Duration.ofSeconds(1), Duration.ofSeconds(1)),
        HttpClient.newHttpClient());
  }

  @Test
  void caddyAndHttpJsonGatewaysGetTheirAdapters() {
    ConfiguredGatewayDirectory directory =
        directory(gateway("caddy-prod", "caddy"), gateway("json", "http-json"));

    assertThat(directory.knownGatewayIds()).containsExactlyInAnyOrder("caddy-prod", "json");
    assertThat(directory.find("caddy-prod").orElseThrow().gateway().type()).isEqualTo("caddy");
  }

  @Test
  void anUnknownTypeFailsNamingTheSettingAndTheKnownTypes() {
    assertThatThrownBy(() -> directory(gateway("a", "caddy"), gateway("b", "kong")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("gatevault.capture.gateways[1].type")
        .hasMessageContaining("'kong'")
        .hasMessageContaining("caddy");
  }

  @Test
  void onlyAGatewayWithSecretsRedactGetsASecretRedaction() {
    ConfiguredGatewayDirectory directory =
        directory(
            gateway("kept-default", "caddy"),
            gateway("kept", "caddy", "keep"),
            gateway("redacted", "spring-cloud-gateway", "redact"));

    assertThat(directory.secretRedaction("kept-default")).isEmpty();
    assertThat(directory.secretRedaction("kept")).isEmpty();
    assertThat(directory.secretRedaction("redacted")).isPresent();
  }
}
