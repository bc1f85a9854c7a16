package io.gatevault.gateways;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.core.gateway.GatewayDescriptor;
import io.gatevault.gateways.caddy.CaddyGatewayAdapter;
import java.net.URI;
import org.junit.jupiter.api.Test;

class GatewayAdaptersTest {

  private static GatewayDescriptor gateway(String type) {
    return new GatewayDescriptor(
        "gw", type, URI.create("http://127.0.0.1:2019"), "test", "demo", "team");
  }

  @Test
  void caddyTypeGivesTheCaddyAdapter() {
    assertThat(GatewayAdapters.create(gateway("caddy"))).isInstanceOf(CaddyGatewayAdapter.class);
  }

  @Test
  void httpJsonTypeGivesTheHttpJsonAdapter() {
    assertThat(GatewayAdapters.create(gateway("http-json")))
        .isInstanceOf(HttpJsonGatewayAdapter.class);
  }

  @Test
  void unknownTypeIsRefusedNamingTheSupportedTypes() {
    assertThatThrownBy(() -> GatewayAdapters.create(gateway("kong")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'kong'")
        .hasMessageContaining("[caddy, http-json, spring-cloud-gateway]");
  }
}
