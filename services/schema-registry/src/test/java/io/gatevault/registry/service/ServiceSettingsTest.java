package io.gatevault.registry.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceSettingsTest {

  @Test
  void defaultsApplyWhenOnlyTheBootstrapServersAreGiven() {
    ServiceSettings settings =
        ServiceSettings.parse(new String[] {"--bootstrap-servers", "k:9092"}, Map.of());

    assertThat(settings)
        .isEqualTo(new ServiceSettings("k:9092", 8081, "_gatevault_schemas", "127.0.0.1", 1));
  }

  @Test
  void optionsOverrideEnvironmentVariables() {
    ServiceSettings settings =
        ServiceSettings.parse(
            new String[] {"--port=9000", "--topic", "schemas"},
            Map.of("GATEVAULT_BOOTSTRAP_SERVERS", "env:9092", "GATEVAULT_REGISTRY_PORT", "7000"));

    assertThat(settings.bootstrapServers()).isEqualTo("env:9092");
    assertThat(settings.port()).isEqualTo(9000);
    assertThat(settings.topic()).isEqualTo("schemas");
  }

  @Test
  void missingBootstrapServersIsRefusedNamingOptionAndVariable() {
    assertThatThrownBy(() -> ServiceSettings.parse(new String[0], Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--bootstrap-servers")
        .hasMessageContaining("GATEVAULT_BOOTSTRAP_SERVERS");
  }

  @Test
  void malformedPortIsRefusedNamingTheOption() {
    assertThatThrownBy(
            () ->
                ServiceSettings.parse(
                    new String[] {"--bootstrap-servers", "k:1", "--port", "eighty"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--port")
        .hasMessageContaining("eighty");
  }

  @Test
  void unknownOptionIsRefused() {
    assertThatThrownBy(() -> ServiceSettings.parse(new String[] {"--colour", "blue"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--colour");
  }
}
