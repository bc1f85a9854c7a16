package io.gatevault.capture.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.capture.application.GatewayVersionState.Assignment;
import org.junit.jupiter.api.Test;

class GatewayVersionStateTest {

  private static final String NAME = "caddy-prod-20250818-1430-full.json";

  @Test
  void theFirstSnapshotOfAGatewayIsV1() {
    Assignment first = GatewayVersionState.initial("caddy-prod").assign("cmd-1", NAME);

    assertThat(first).isEqualTo(new Assignment(1, NAME, false));
  }

  @Test
  void eachRecordedSnapshotRaisesTheVersionByOne() {
    GatewayVersionState state = GatewayVersionState.initial("caddy-prod");
    for (int i = 1; i <= 3; i++) {
      Assignment assignment = state.assign("cmd-" + i, "n" + i + ".json");
      assertThat(assignment.version()).isEqualTo(i);
      state = state.withRecorded("cmd-" + i, assignment);
    }

    assertThat(state.lastVersion()).isEqualTo(3);
    assertThat(state.lastName()).isEqualTo("n3.json");
  }

  @Test
  void aCommandAskingAgainBeforeItWasRecordedGetsTheSameVersion() {
    GatewayVersionState state = GatewayVersionState.initial("gw");
    state = state.withRecorded("cmd-1", state.assign("cmd-1", "a.json"));

    Assignment firstTry = state.assign("cmd-2", "b.json");
    Assignment redelivered = state.assign("cmd-2", "b.json");

    assertThat(redelivered).isEqualTo(firstTry).extracting(Assignment::version).isEqualTo(2);
  }

  @Test
  void aRecordedCommandDeliveredAgainGetsItsVersionAndNameBackWithoutAGap() {
    GatewayVersionState state = GatewayVersionState.initial("gw");
    Assignment first = state.assign("cmd-1", "a.json");
    state = state.withRecorded("cmd-1", first);
    state = state.withRecorded("cmd-2", state.assign("cmd-2", "b.json"));

    Assignment again = state.assign("cmd-1", "a-later.json");
    GatewayVersionState unchanged = state.withRecorded("cmd-1", again);

    assertThat(again).isEqualTo(new Assignment(1, "a.json", true));
    assertThat(unchanged).isEqualTo(state);
    assertThat(state.assign("cmd-3", "c.json").version()).isEqualTo(3);
  }

  @Test
  void aNameEqualToThePreviousSnapshotsNameGetsTheVersionAppended() {
    GatewayVersionState state = GatewayVersionState.initial("caddy-prod");
    state = state.withRecorded("cmd-1", state.assign("cmd-1", NAME));

    assertThat(state.assign("cmd-2", NAME).name())
        .isEqualTo("caddy-prod-20250818-1430-full-v2.json");
  }

  @Test
  void aThirdSnapshotInTheSameMinuteDoesNotGetTheFirstOnesNameBack() {
    GatewayVersionState state = GatewayVersionState.initial("caddy-prod");
    for (String command : new String[] {"cmd-1", "cmd-2"}) {
      state = state.withRecorded(command, state.assign(command, NAME));
    }

    assertThat(state.assign("cmd-3", NAME).name())
        .isEqualTo("caddy-prod-20250818-1430-full-v3.json");
  }

  @Test
  void aFullBackupAfterAnIncrementalInTheSameMinuteDoesNotReuseTheEarlierFullName() {
    String incremental = NAME.replace("-full", "-incremental");
    GatewayVersionState state = GatewayVersionState.initial("caddy-prod");
    state = state.withRecorded("cmd-1", state.assign("cmd-1", NAME));
    state = state.withRecorded("cmd-2", state.assign("cmd-2", incremental));

    assertThat(state.assign("cmd-3", NAME).name())
        .isEqualTo("caddy-prod-20250818-1430-full-v3.json");
  }

  @Test
  void onlyTheMostRecentCommandsAreRemembered() {
    GatewayVersionState state = GatewayVersionState.initial("gw");
    for (int i = 1; i <= GatewayVersionState.RECENT_LIMIT + 5; i++) {
      state = state.withRecorded("cmd-" + i, state.assign("cmd-" + i, "n" + i + ".json"));
    }

    assertThat(state.recent()).hasSize(GatewayVersionState.RECENT_LIMIT);
    assertThat(state.recent().get(0).commandId()).isEqualTo("cmd-6");
    assertThat(state.lastVersion()).isEqualTo(GatewayVersionState.RECENT_LIMIT + 5);
  }
}
