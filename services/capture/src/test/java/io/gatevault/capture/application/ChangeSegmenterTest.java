package io.gatevault.capture.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.core.event.ChangeOperation;
import io.gatevault.core.event.ChangeSource;
import io.gatevault.core.event.ConfigChange;
import io.gatevault.core.event.EventEnvelope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeSegmenterTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));
  private final List<ChangeSegmenter.Segment> sealed = new ArrayList<>();

  @Test
  void aSegmentIsClosedWhenItHoldsSegmentEventsChanges() {
    ChangeSegmenter segmenter = new ChangeSegmenter(3, Duration.ofSeconds(60), clock, sealed::add);

    for (long sequence = 1; sequence <= 7; sequence++) {
      segmenter.accept(change("gw", sequence));
    }

    assertThat(sealed).extracting(ChangeSegmenter.Segment::name).containsExactly("1-3", "4-6");
    assertThat(sealed.get(1).changes())
        .extracting(ConfigChange::sequence)
        .containsExactly(4L, 5L, 6L);
    assertThat(segmenter.openChanges("gw")).isEqualTo(1);
  }

  @Test
  void aSegmentIsClosedWhenItsFirstChangeHasWaitedSegmentSeconds() {
    ChangeSegmenter segmenter =
        new ChangeSegmenter(1000, Duration.ofSeconds(1), clock, sealed::add);
    segmenter.accept(change("gw", 1));
    clock.advance(Duration.ofMillis(600));
    segmenter.accept(change("gw", 2));

    assertThat(segmenter.closeAged()).isEmpty();
    clock.advance(Duration.ofMillis(400));
    List<ChangeSegmenter.Segment> closed = segmenter.closeAged();

    assertThat(closed).extracting(ChangeSegmenter.Segment::name).containsExactly("1-2");
    assertThat(sealed).isEqualTo(closed);
    assertThat(closed.get(0).openedAt()).isEqualTo(Instant.parse("2026-11-26T12:00:00Z"));
    assertThat(closed.get(0).closedAt()).isEqualTo(Instant.parse("2026-11-26T12:00:01Z"));
  }

  @Test
  void anOversizedChangeClosesItsSegmentAtOnceWithTheChangesBeforeIt() {
    ChangeSegmenter segmenter =
        new ChangeSegmenter(1000, Duration.ofSeconds(60), clock, sealed::add);
    segmenter.accept(change("gw", 1));
    segmenter.accept(change("gw", 2));

    assertThat(segmenter.acceptAndClose(change("gw", 3)))
        .map(ChangeSegmenter.Segment::name)
        .hasValue("1-3");
    segmenter.accept(change("gw", 4));

    assertThat(sealed).extracting(ChangeSegmenter.Segment::name).containsExactly("1-3");
    assertThat(segmenter.openChanges("gw")).isEqualTo(1);
  }

  @Test
  void anEmptySegmentIsNeitherClosedNorSealed() {
    ChangeSegmenter segmenter = new ChangeSegmenter(10, Duration.ofMillis(1), clock, sealed::add);
    clock.advance(Duration.ofSeconds(5));

    assertThat(segmenter.closeNow("gw")).isEmpty();
    assertThat(segmenter.closeAged()).isEmpty();
    assertThat(sealed).isEmpty();
  }

  @Test
  void closeNowSealsWhatIsOpenAndTheNextSegmentStartsAfterIt() {
    ChangeSegmenter segmenter = new ChangeSegmenter(10, Duration.ofSeconds(60), clock, sealed::add);
    segmenter.accept(change("gw", 1));
    segmenter.accept(change("gw", 2));
    segmenter.accept(change("other", 1));

    assertThat(segmenter.closeNow("gw")).map(ChangeSegmenter.Segment::name).contains("1-2");
    segmenter.accept(change("gw", 3));

    assertThat(segmenter.closeNow("gw")).map(ChangeSegmenter.Segment::name).contains("3-3");
    assertThat(segmenter.openChanges("other")).isEqualTo(1);
  }

  @Test
  void whenSealingFailsTheChangesStayForTheNextAttempt() {
    List<ChangeSegmenter.Segment> attempts = new ArrayList<>();
    boolean[] fail = {true};
    ChangeSegmenter segmenter =
        new ChangeSegmenter(
            2,
            Duration.ofSeconds(60),
            clock,
            segment -> {
              attempts.add(segment);
              if (fail[0]) {
                throw new IllegalStateException("broker down");
              }
            });
    segmenter.accept(change("gw", 1));
    assertThatThrownBy(() -> segmenter.accept(change("gw", 2))).hasMessageContaining("broker down");

    fail[0] = false;
    segmenter.accept(change("gw", 3));

    assertThat(attempts).extracting(ChangeSegmenter.Segment::name).containsExactly("1-2", "1-3");
    assertThat(segmenter.openChanges("gw")).isZero();
  }

  @Test
  void aSequenceTakenBeforeIsIgnoredEvenAfterItsSegmentWasSealed() {
    ChangeSegmenter segmenter = new ChangeSegmenter(2, Duration.ofSeconds(60), clock, sealed::add);
    segmenter.accept(change("gw", 1));
    segmenter.accept(change("gw", 2));

    segmenter.accept(change("gw", 2));
    segmenter.accept(change("gw", 3));
    segmenter.accept(change("gw", 4));

    assertThat(sealed).extracting(ChangeSegmenter.Segment::name).containsExactly("1-2", "3-4");
  }

  @Test
  void settingsOutsideTheirRangeAreRefusedNamingTheSetting() {
    assertThatThrownBy(() -> new ChangeSegmenter(0, Duration.ofSeconds(1), clock, sealed::add))
        .hasMessageContaining("segment-events");
    assertThatThrownBy(() -> new ChangeSegmenter(1, Duration.ZERO, clock, sealed::add))
        .hasMessageContaining("segment-seconds");
  }

  static ConfigChange change(String gatewayId, long sequence) {
    Instant at = Instant.parse("2026-11-26T12:00:00Z").plusSeconds(sequence);
    return new ConfigChange(
        new EventEnvelope(
            "event-" + gatewayId + "-" + sequence,
            EventEnvelope.CURRENT_SCHEMA_VERSION,
            "ConfigChange",
            "capture",
            null,
            null,
            at,
            gatewayId),
        gatewayId,
        sequence,
        ChangeOperation.UPDATE,
        "route",
        "r" + sequence,
        null,
        "{\"before\":" + sequence + "}",
        "{\"after\":" + sequence + "}",
        new ChangeSource("caddy-admin-poll", null, null),
        at,
        at.plusMillis(5));
  }

  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
