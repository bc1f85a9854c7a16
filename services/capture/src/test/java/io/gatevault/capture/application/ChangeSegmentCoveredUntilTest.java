package io.gatevault.capture.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CoveredUntil tag of a sealed change segment, from the feed's newest successful poll. */
class ChangeSegmentCoveredUntilTest {

  private static final String GATEWAY = "caddy-prod";

  private final PollHeartbeats heartbeats = PollHeartbeats.inProcess();
  private final ChangeSegmentPublisher publisher =
      new ChangeSegmentPublisher(null, null, null, new SnapshotChunker(), heartbeats);

  /** Changes 1-3, which happened at 12:00:01, :02 and :03. */
  private static ChangeSegmenter.Segment segmentOneToThree() {
    Instant closed = Instant.parse("2026-11-26T12:00:04Z");
    return new ChangeSegmenter.Segment(
        GATEWAY,
        List.of(
            ChangeSegmenterTest.change(GATEWAY, 1),
            ChangeSegmenterTest.change(GATEWAY, 2),
            ChangeSegmenterTest.change(GATEWAY, 3)),
        closed,
        closed);
  }

  @Test
  void aPollThatFoundNothingAfterTheLastChangeCoversTheSegmentUntilThatPoll() {
    heartbeats.polled(GATEWAY, 3, Instant.parse("2026-11-26T12:00:10Z"));

    assertThat(publisher.coveredUntil(segmentOneToThree()))
        .contains(Instant.parse("2026-11-26T12:00:10Z"));
  }

  @Test
  void thePollThatFoundTheLastChangeCoversItFromThatChangesTime() {
    // The poll began before it saw change 3: that change ended its batch, so the state was known
    // complete when it was seen.
    heartbeats.polled(GATEWAY, 3, Instant.parse("2026-11-26T12:00:02.500Z"));

    assertThat(publisher.coveredUntil(segmentOneToThree()))
        .contains(Instant.parse("2026-11-26T12:00:03Z"));
  }

  @Test
  void noTagWhenTheNewestPollAlreadyFoundLaterChanges() {
    heartbeats.polled(GATEWAY, 5, Instant.parse("2026-11-26T12:00:10Z"));

    assertThat(publisher.coveredUntil(segmentOneToThree())).isEmpty();
  }

  @Test
  void noTagWhenNoPollSucceededInThisProcess() {
    assertThat(publisher.coveredUntil(segmentOneToThree())).isEmpty();
  }
}
