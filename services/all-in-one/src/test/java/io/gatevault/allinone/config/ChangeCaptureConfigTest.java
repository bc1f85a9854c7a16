package io.gatevault.allinone.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangeCaptureConfigTest {

  @TempDir Path dir;

  private static final String GATEWAY =
      """
      gateways:
        - {id: caddy-a, type: caddy, admin-url: "http://127.0.0.1:2019", environment: test,
           application: shop, owner: team%s}
      """;

  private GatevaultConfig parse(String yaml) {
    return ConfigLoader.parse(yaml, "gatevault.yml", dir);
  }

  @Test
  void withoutSettingsTheFeedPollsEveryFiveSecondsAndSegmentsClose1000EventsOrAQuarterSecond() {
    GatevaultConfig config = parse(GATEWAY.formatted(""));

    assertThat(config.gateways().get(0).pollIntervalDuration()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.changes()).isEqualTo(new GatevaultConfig.ChangesSettings(1000, 0.25));
  }

  @Test
  void pollIntervalAndSegmentSettingsAreRead() {
    GatevaultConfig config =
        parse(
            GATEWAY.formatted(", poll-interval: 250ms")
                + "changes: {segment-events: 50, segment-seconds: 0.5}\n");

    assertThat(config.gateways().get(0).pollIntervalDuration()).isEqualTo(Duration.ofMillis(250));
    assertThat(config.changes()).isEqualTo(new GatevaultConfig.ChangesSettings(50, 0.5));
  }

  @Test
  void pollIntervalOffStopsPolling() {
    GatevaultConfig config = parse(GATEWAY.formatted(", poll-interval: \"off\""));

    assertThat(config.gateways().get(0).pollIntervalDuration()).isZero();
  }

  @Test
  void wrongValuesAreRefusedNamingTheSettingAndTheFix() {
    assertThatThrownBy(
            () ->
                parse(
                    GATEWAY.formatted(", poll-interval: often")
                        + "changes: {segment-events: 0, segment-seconds: -1}\n"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("gateways[0].poll-interval")
        .hasMessageContaining("5s")
        .hasMessageContaining("changes.segment-events")
        .hasMessageContaining("changes.segment-seconds");
  }
}
