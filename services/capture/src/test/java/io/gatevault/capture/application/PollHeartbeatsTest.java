package io.gatevault.capture.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.core.changes.CaptureHeartbeat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Capture's heartbeat: what is written when, and what a segment's coverage is taken from. */
class PollHeartbeatsTest {

  private static final String GATEWAY = "caddy-prod";
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  private final List<CaptureHeartbeat> written = new ArrayList<>();
  private boolean storeDown;
  private final PollHeartbeats heartbeats =
      new PollHeartbeats(
          heartbeat -> {
            if (storeDown) {
              throw new IllegalStateException("broker not reachable");
            }
            written.add(heartbeat);
          },
          Duration.ofSeconds(5));

  @Test
  void aPollWithAnUnchangedSequenceIsWrittenAtMostOncePerInterval() {
    heartbeats.polled(GATEWAY, 10, T0);
    heartbeats.polled(GATEWAY, 10, T0.plusSeconds(1));
    heartbeats.polled(GATEWAY, 10, T0.plusSeconds(4));
    heartbeats.polled(GATEWAY, 10, T0.plusSeconds(5));

    assertThat(written)
        .extracting(CaptureHeartbeat::polledAt)
        .containsExactly(T0, T0.plusSeconds(5));
    assertThat(heartbeats.latest(GATEWAY).orElseThrow().polledAt()).isEqualTo(T0.plusSeconds(5));
  }

  @Test
  void aNewSequenceIsWrittenAtOnce() {
    heartbeats.polled(GATEWAY, 10, T0);
    heartbeats.polled(GATEWAY, 12, T0.plusMillis(200));

    assertThat(written).extracting(CaptureHeartbeat::lastSequence).containsExactly(10L, 12L);
  }

  @Test
  void theNewestPollIsKnownInProcessEvenWhenNotWritten() {
    heartbeats.polled(GATEWAY, 10, T0);
    heartbeats.polled(GATEWAY, 10, T0.plusSeconds(2));

    assertThat(heartbeats.latest(GATEWAY))
        .contains(new CaptureHeartbeat(GATEWAY, 10, T0.plusSeconds(2)));
  }

  @Test
  void aStoreFailureNeverFailsThePollAndTheNextPollWritesAgain() {
    storeDown = true;
    heartbeats.polled(GATEWAY, 10, T0);
    storeDown = false;
    heartbeats.polled(GATEWAY, 10, T0.plusMillis(200));

    assertThat(written).containsExactly(new CaptureHeartbeat(GATEWAY, 10, T0.plusMillis(200)));
  }

  @Test
  void aSegmentIsCoveredUntilTheNewestPollOnlyWhenThatPollFoundNothingAfterIt() {
    heartbeats.polled(GATEWAY, 10, T0);
    heartbeats.polled(GATEWAY, 10, T0.plusSeconds(3));

    assertThat(heartbeats.coveredUntil(GATEWAY, 10)).contains(T0.plusSeconds(3));
    assertThat(heartbeats.coveredUntil(GATEWAY, 8)).as("later changes were found").isEmpty();
    assertThat(heartbeats.coveredUntil("other", 10)).as("never polled").isEmpty();
  }

  @Test
  void flushingWritesOnlyTheHeartbeatsTheRateLimitHeldBack() {
    heartbeats.polled(GATEWAY, 10, T0);
    heartbeats.polled(GATEWAY, 10, T0.plusSeconds(2));
    heartbeats.polled("other", 4, T0);

    heartbeats.flush();
    heartbeats.flush();

    assertThat(written)
        .containsExactly(
            new CaptureHeartbeat(GATEWAY, 10, T0),
            new CaptureHeartbeat("other", 4, T0),
            new CaptureHeartbeat(GATEWAY, 10, T0.plusSeconds(2)));
  }

  @Test
  void aNegativeIntervalIsRefusedNamingTheSetting() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new PollHeartbeats(heartbeat -> {}, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("heartbeat-seconds must be 0 or positive");
  }
}
