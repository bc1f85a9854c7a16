package io.gatevault.allinone.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatConfigTest {

  @TempDir Path dir;

  private static final String GATEWAY =
      """
      gateways:
        - {id: caddy-a, type: caddy, admin-url: "http://127.0.0.1:2019", environment: test,
           application: shop, owner: team}
      """;

  private GatevaultConfig parse(String yaml) {
    return ConfigLoader.parse(yaml, "gatevault.yml", dir);
  }

  @Test
  void withoutTheSettingAnUnchangedGatewayGetsAHeartbeatEveryFiveSeconds() {
    assertThat(parse(GATEWAY).changes().heartbeatSeconds()).isEqualTo(5.0);
  }

  @Test
  void heartbeatSecondsTakesSecondsAndKeepsTheOtherChangeSettings() {
    GatevaultConfig config =
        parse(GATEWAY + "changes: {heartbeat-seconds: 0.5, checkpoint-every: 7}\n");
    assertThat(config.changes().heartbeatSeconds()).isEqualTo(0.5);
    assertThat(config.changes().checkpointEvery()).isEqualTo(7);
    assertThat(parse(GATEWAY + "changes: {heartbeat-seconds: 0}\n").changes().heartbeatSeconds())
        .isZero();
  }

  @Test
  void aNegativeNumberOrWordsAreRefusedNamingTheSettingAndTheFix() {
    assertThatThrownBy(() -> parse(GATEWAY + "changes: {heartbeat-seconds: -1}\n"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("changes.heartbeat-seconds")
        .hasMessageContaining("e.g. 5");
    assertThatThrownBy(() -> parse(GATEWAY + "changes: {heartbeat-seconds: often}\n"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("changes.heartbeat-seconds")
        .hasMessageContaining("'often'");
  }
}
