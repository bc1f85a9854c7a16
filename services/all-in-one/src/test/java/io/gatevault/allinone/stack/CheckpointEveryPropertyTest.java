package io.gatevault.allinone.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.allinone.config.GatevaultConfig;
import org.junit.jupiter.api.Test;

class CheckpointEveryPropertyTest {

  @Test
  void captureGetsTheCheckpointIntervalOrOff() {
    assertThat(EmbeddedStack.changesProperties(new GatevaultConfig.ChangesSettings(50, 0.5, 7)))
        .containsEntry("gatevault.capture.changes.checkpoint-every", "7");
    assertThat(
            EmbeddedStack.changesProperties(
                new GatevaultConfig.ChangesSettings(
                    50, 0.5, GatevaultConfig.ChangesSettings.CHECKPOINTS_OFF)))
        .containsEntry("gatevault.capture.changes.checkpoint-every", "off");
  }
}
