package io.gatevault.capture.application;

import static io.gatevault.capture.application.ChangeSegmenterTest.change;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.AuditRecord;
import io.gatevault.core.event.BackupType;
import io.gatevault.core.event.ConfigChange;
import io.gatevault.core.event.SnapshotRequested;
import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.Envelopes;
import io.gatevault.stream.EventPublisher;
import io.gatevault.stream.GatevaultTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class OpenSegmentRecoveryTest {

  private final ChangeSegmenterTest.MutableClock clock =
      new ChangeSegmenterTest.MutableClock(Instant.parse("2026-11-26T12:00:00Z"));
  private final List<ChangeSegmenter.Segment> sealed = new ArrayList<>();
  private final List<AuditRecord> audited = new ArrayList<>();
  private final List<SnapshotRequested> commands = new ArrayList<>();
  private final EventPublisher publisher =
      (topic, key, event) -> {
        if (event instanceof AuditRecord record) {
          audited.add(record);
        } else {
          assertThat(topic).isEqualTo(GatevaultTopics.COMMANDS);
          commands.add((SnapshotRequested) event);
        }
      };
  private final Envelopes envelopes = new Envelopes("capture", clock);
  private final AuditTrail audit = new AuditTrail(publisher, envelopes);
  private final SealedSequences marks = new SealedSequences.InProcess();
  private final FeedStates feedStates = new FeedStates();
  private final List<ConfigChange> topic = new ArrayList<>();
  private final ChangeLogSource changeLog =
      new ChangeLogSource() {
        @Override
        public List<ConfigChange> changesBetween(String gatewayId, long after, long upTo) {
          return topic.stream()
              .filter(c -> c.gatewayId().equals(gatewayId))
              .filter(c -> c.sequence() > after && c.sequence() <= upTo)
              .toList();
        }

        @Override
        public String describe() {
          return "topic gatevault.changes.raw";
        }
      };

  @Test
  void theChangesOfTheLostOpenSegmentStartTheNextSegmentRightAfterTheLastSealedOne() {
    // First run: 1-3 sealed, 4-5 in the open segment when the process dies (no closeAll).
    ChangeSegmenter crashed = segmenter();
    publish(crashed, 1, 5);
    assertThat(sealed).extracting(ChangeSegmenter.Segment::name).containsExactly("1-3");
    assertThat(marks.sealedUpTo("gw")).hasValue(3);

    ChangeSegmenter restarted = segmenter();
    OpenSegmentRecovery.Outcome outcome = recovery(restarted).recover("gw");
    assertThat(outcome.recovered()).isEqualTo(2);
    assertThat(outcome.missing()).isEmpty();
    // The feed continues at 6: the next segment is 4-6, contiguous with 1-3.
    publish(restarted, 6, 6);

    assertThat(sealed).extracting(ChangeSegmenter.Segment::name).containsExactly("1-3", "4-6");
    assertThat(sealed.get(1).changes())
        .extracting(ConfigChange::sequence)
        .containsExactly(4L, 5L, 6L);
    assertThat(marks.sealedUpTo("gw")).hasValue(6);
    assertThat(audited).isEmpty();
  }

  @Test
  void aCrashBeforeTheFirstSegmentWasSealedRecoversFromTheFirstSequence() {
    ChangeSegmenter crashed = segmenter();
    publish(crashed, 1, 2);
    assertThat(sealed).isEmpty();
    assertThat(marks.sealedUpTo("gw")).hasValue(0);

    ChangeSegmenter restarted = segmenter();
    recovery(restarted).recover("gw");
    restarted.closeNow("gw");

    assertThat(sealed).extracting(ChangeSegmenter.Segment::name).containsExactly("1-2");
  }

  @Test
  void changesPublishedButNotYetRecordedAreLeftToTheFeedsNextPoll() {
    ChangeSegmenter crashed = segmenter();
    publish(crashed, 1, 4);
    // 5 reached the topic but the process died before the feed recorded its state.
    topic.add(change("gw", 5));

    ChangeSegmenter restarted = segmenter();
    OpenSegmentRecovery.Outcome outcome = recovery(restarted).recover("gw");

    assertThat(outcome.recordedUpTo()).isEqualTo(4);
    assertThat(restarted.openChanges("gw")).isEqualTo(1);
    restarted.accept(change("gw", 5));
    restarted.closeNow("gw");
    assertThat(sealed).extracting(ChangeSegmenter.Segment::name).containsExactly("1-3", "4-5");
  }

  @Test
  void sequencesPastTheTopicsRetentionAreReportedByGatewayAndRangeAndRecoveryCarriesOn() {
    ChangeSegmenter crashed =
        new ChangeSegmenter(10, Duration.ofSeconds(60), clock, sealed::add, marks);
    publish(crashed, 1, 3);
    crashed.closeNow("gw");
    publish(crashed, 4, 8);
    // Retention removed 4 and 5 (the oldest of the open segment); 6-8 are still held.
    topic.removeIf(change -> change.sequence() == 4 || change.sequence() == 5);

    ChangeSegmenter restarted = segmenter();
    OpenSegmentRecovery.Outcome outcome = recovery(restarted).recover("gw");

    assertThat(outcome.missing()).containsExactly(new OpenSegmentRecovery.SequenceRange(4, 5));
    assertThat(outcome.recovered()).isEqualTo(3);
    restarted.closeNow("gw");
    assertThat(sealed).extracting(ChangeSegmenter.Segment::name).containsExactly("1-3", "6-8");
    assertThat(audited).hasSize(1);
    AuditRecord lost = audited.get(0);
    assertThat(lost.action()).isEqualTo(OpenSegmentRecovery.LOST_ACTION);
    assertThat(lost.outcome()).isEqualTo(AuditOutcome.FAILURE);
    assertThat(lost.target()).isEqualTo("gw/changes/4-5");
    assertThat(lost.detail()).containsEntry("missingSequences", "4-5");
  }

  @Test
  void anOversizedChangeLostWithTheOpenSegmentIsAuditedAndOneFullBackupOfTheGatewayIsRequested() {
    ChangeSegmenter crashed =
        new ChangeSegmenter(10, Duration.ofSeconds(60), clock, sealed::add, marks);
    publish(crashed, 1, 3);
    crashed.closeNow("gw");
    publish(crashed, 4, 6);
    // Sequence 5 was too large for the topic: only the open segment had it when capture died.
    topic.removeIf(change -> change.sequence() == 5);

    ChangeSegmenter restarted = segmenter();
    OpenSegmentRecovery.Outcome outcome = recovery(restarted).recover("gw");
    recovery(segmenter()).recover("gw");

    assertThat(outcome.missing()).containsExactly(new OpenSegmentRecovery.SequenceRange(5, 5));
    assertThat(audited).extracting(AuditRecord::target).contains("gw/changes/5");
    // Recovered again before anything was sealed: the same command, which capture handles once.
    assertThat(commands).hasSize(2);
    assertThat(commands.get(1).envelope().eventId())
        .isEqualTo(commands.get(0).envelope().eventId());
    SnapshotRequested request = commands.get(0);
    assertThat(request.gatewayId()).isEqualTo("gw");
    assertThat(request.backupType()).isEqualTo(BackupType.FULL);
    assertThat(request.requestedBy()).isEqualTo(OpenSegmentRecovery.REQUESTER);
    assertThat(request.tags()).containsEntry("LostSequences", "5");
  }

  @Test
  void whenTheTopicHoldsNoneOfTheLostRangeItIsReportedOnceAndTheMarkMovesPastIt() {
    ChangeSegmenter crashed = segmenter();
    publish(crashed, 1, 5);
    topic.clear();

    OpenSegmentRecovery.Outcome first = recovery(segmenter()).recover("gw");
    OpenSegmentRecovery.Outcome second = recovery(segmenter()).recover("gw");

    assertThat(first.missing()).containsExactly(new OpenSegmentRecovery.SequenceRange(4, 5));
    assertThat(second.missing()).isEmpty();
    assertThat(marks.sealedUpTo("gw")).hasValue(5);
    assertThat(audited).hasSize(1);
  }

  @Test
  void aGatewayCapturedBeforeMarksExistedCountsAsSealedUpToItsRecordedSequence() {
    feedStates.recordUpTo("gw", 7);

    OpenSegmentRecovery.Outcome outcome = recovery(segmenter()).recover("gw");

    assertThat(outcome.recovered()).isZero();
    assertThat(marks.sealedUpTo("gw")).hasValue(7);
    assertThat(sealed).isEmpty();
  }

  @Test
  void nothingIsRecoveredForAGatewayNeverPolled() {
    OpenSegmentRecovery.Outcome outcome = recovery(segmenter()).recover("gw");

    assertThat(outcome.recovered()).isZero();
    assertThat(marks.sealedUpTo("gw")).isEmpty();
  }

  private ChangeSegmenter segmenter() {
    return new ChangeSegmenter(3, Duration.ofSeconds(60), clock, sealed::add, marks);
  }

  private OpenSegmentRecovery recovery(ChangeSegmenter segmenter) {
    return new OpenSegmentRecovery(
        feedStates, marks, changeLog, segmenter, audit, publisher, envelopes);
  }

  /** What the feed does: publish each change, hand it to the segmenter, then record its state. */
  private void publish(ChangeSegmenter segmenter, long first, long last) {
    LongStream.rangeClosed(first, last)
        .forEach(
            sequence -> {
              ConfigChange change = change("gw", sequence);
              topic.add(change);
              segmenter.accept(change);
            });
    feedStates.recordUpTo("gw", last);
  }

  private final class FeedStates implements ChangeFeedStore {
    private final Map<String, ChangeFeedState> states = new HashMap<>();

    void recordUpTo(String gatewayId, long sequence) {
      record(new ChangeFeedState(gatewayId, sequence, "hash-" + sequence, "{}", clock.instant()));
    }

    @Override
    public Optional<ChangeFeedState> find(String gatewayId) {
      return Optional.ofNullable(states.get(gatewayId));
    }

    @Override
    public void record(ChangeFeedState state) {
      states.put(state.gatewayId(), state);
    }
  }
}
