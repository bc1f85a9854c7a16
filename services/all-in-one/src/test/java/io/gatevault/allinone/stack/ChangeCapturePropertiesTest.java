package io.gatevault.allinone.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.allinone.config.GatevaultConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeCapturePropertiesTest {

  @Test
  void captureGetsEachGatewaysPollIntervalAndTheSegmentSettings() {
    GatevaultConfig.GatewaySettings gateway =
        new GatevaultConfig.GatewaySettings(
            "caddy-a",
            "caddy",
            "http://127.0.0.1:2019",
            "test",
            "shop",
            "team",
            "",
            "",
            "UTC",
            "keep",
            "off");

    assertThat(EmbeddedStack.gatewayProperties("capture", List.of(gateway)))
        .containsEntry("gatevault.capture.gateways[0].poll-interval", "PT0S");
    assertThat(EmbeddedStack.gatewayProperties("restore", List.of(gateway)))
        .doesNotContainKey("gatevault.restore.gateways[0].poll-interval");
    assertThat(EmbeddedStack.changesProperties(new GatevaultConfig.ChangesSettings(50, 0.5)))
        .containsEntry("gatevault.capture.changes.segment-events", 50)
        .containsEntry("gatevault.capture.changes.segment-seconds", 0.5);
  }
}
