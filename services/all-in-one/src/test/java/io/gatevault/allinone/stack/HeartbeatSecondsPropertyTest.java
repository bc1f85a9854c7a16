package io.gatevault.allinone.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.allinone.config.GatevaultConfig;
import org.junit.jupiter.api.Test;

class HeartbeatSecondsPropertyTest {

  @Test
  void captureGetsTheHeartbeatIntervalOfGatevaultYml() {
    assertThat(
            EmbeddedStack.changesProperties(new GatevaultConfig.ChangesSettings(50, 0.5, 7, 0.5)))
        .containsEntry("gatevault.capture.changes.heartbeat-seconds", 0.5);
    assertThat(EmbeddedStack.changesProperties(GatevaultConfig.ChangesSettings.DEFAULTS))
        .containsEntry("gatevault.capture.changes.heartbeat-seconds", 5.0);
  }
}
