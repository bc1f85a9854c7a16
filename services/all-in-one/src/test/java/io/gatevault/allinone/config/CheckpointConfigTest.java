package io.gatevault.allinone.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointConfigTest {

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
  void withoutTheSettingACheckpointIsWrittenEvery100000Changes() {
    assertThat(parse(GATEWAY).changes().checkpointEvery()).isEqualTo(100_000);
  }

  @Test
  void checkpointEveryTakesANumberOrOff() {
    assertThat(parse(GATEWAY + "changes: {checkpoint-every: 250}\n").changes().checkpointEvery())
        .isEqualTo(250);
    assertThat(parse(GATEWAY + "changes: {checkpoint-every: off}\n").changes().checkpointEvery())
        .isEqualTo(GatevaultConfig.ChangesSettings.CHECKPOINTS_OFF);
    assertThat(
            parse(GATEWAY + "changes: {checkpoint-every: \"off\"}\n").changes().checkpointEvery())
        .isEqualTo(GatevaultConfig.ChangesSettings.CHECKPOINTS_OFF);
  }

  @Test
  void zeroOrWordsAreRefusedNamingTheSettingAndTheFix() {
    assertThatThrownBy(() -> parse(GATEWAY + "changes: {checkpoint-every: 0}\n"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("changes.checkpoint-every")
        .hasMessageContaining("100000, or off");
    assertThatThrownBy(() -> parse(GATEWAY + "changes: {checkpoint-every: often}\n"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("changes.checkpoint-every")
        .hasMessageContaining("'often'");
  }
}
