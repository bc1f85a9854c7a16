package io.gatevault.restore.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.core.changes.EntityImage;
import io.gatevault.core.config.ConfigEntity;
import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.event.ChangeOperation;
import io.gatevault.core.pitr.ConfigState;
import io.gatevault.core.pitr.LoggedChange;
import io.gatevault.core.pitr.ReplayException;
import io.gatevault.core.pitr.ReplayResult;
import io.gatevault.core.pitr.ReplayTarget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The change log replay reads: sealed segments first, the raw changes topic for the tail. */
class ChangeLogTest {

  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  private final Map<String, List<LoggedChange>> sealed = new HashMap<>();
  private final List<String> unsealed = new ArrayList<>();
  private final List<LoggedChange> topic = new ArrayList<>();
  private int topicReads;

  private static LoggedChange route(long sequence, String upstream) {
    ConfigEntity entity =
        new ConfigEntity(
            "route", "r1", "r1", List.of(), null, "{\"upstream\":\"" + upstream + "\"}");
    return new LoggedChange(
        sequence,
        ChangeOperation.UPDATE,
        "route",
        "r1",
        EntityImage.encode(entity),
        T0.plusSeconds(sequence));
  }

  private ChangeLog.Segment segment(long first, long last) {
    List<LoggedChange> changes = new ArrayList<>();
    for (long sequence = first; sequence <= last; sequence++) {
      changes.add(route(sequence, "u" + sequence));
    }
    ChangeLog.Segment segment = new ChangeLog.Segment("seg-" + first + "-" + last, first, last);
    sealed.put(segment.artifactId(), changes);
    return segment;
  }

  private void onTopic(long first, long last) {
    for (long sequence = first; sequence <= last; sequence++) {
      topic.add(route(sequence, "u" + sequence));
    }
  }

  private final ChangeTail tail =
      new ChangeTail() {
        @Override
        public List<LoggedChange> changesAfter(String gatewayId, long afterSequence) {
          topicReads++;
          return topic.stream().filter(c -> c.sequence() > afterSequence).toList();
        }

        @Override
        public String describe() {
          return "topic gatevault.changes.raw";
        }
      };

  private ChangeLog log(ChangeLog.Segment... segments) {
    return new ChangeLog(
        "caddy-prod",
        List.of(segments),
        segment -> {
          unsealed.add(segment.range());
          return sealed.get(segment.artifactId());
        },
        tail,
        "storage targets [fs-a]");
  }

  private static List<Long> sequences(Iterator<LoggedChange> changes) {
    List<Long> read = new ArrayList<>();
    changes.forEachRemaining(change -> read.add(change.sequence()));
    return read;
  }

  @Test
  void segmentsAreReadInSequenceOrderWhateverOrderStorageListsThemThenTheTopicTail() {
    ChangeLog.Segment later = segment(4, 6);
    ChangeLog.Segment first = segment(1, 3);
    onTopic(5, 9);

    ChangeLog changes = log(later, first);

    assertThat(sequences(changes.after(0))).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    assertThat(unsealed).containsExactly("1-3", "4-6");
    assertThat(changes.tailChangesRead()).isEqualTo(3);
    assertThat(changes.describeRead())
        .isEqualTo(
            "2 sealed segment(s) [1-3, 4-6] and 3 change(s) from topic gatevault.changes.raw");
  }

  @Test
  void readingStartsAfterTheBaseWatermarkInsideASegment() {
    ChangeLog changes = log(segment(1, 5), segment(6, 8));

    assertThat(sequences(changes.after(3))).containsExactly(4L, 5L, 6L, 7L, 8L);
  }

  @Test
  void aSegmentIsUnsealedAndTheTopicReadOnlyWhenReplayReachesThem() {
    ChangeLog changes = log(segment(1, 3), segment(4, 6));
    onTopic(7, 8);
    ConfigState state =
        ConfigState.fromSnapshot(
            new ConfigSnapshot("caddy-prod", "caddy", List.of(), "{}", null), "snap", 0, T0);

    ReplayResult result = state.replay(changes.after(0), new ReplayTarget.AtSequence(2));

    assertThat(result.watermark()).isEqualTo(2);
    assertThat(result.targetReached()).isTrue();
    assertThat(unsealed).containsExactly("1-3");
    assertThat(topicReads).isZero();
  }

  @Test
  void aHoleBetweenSegmentsThatTheTopicDoesNotCoverNamesTheMissingSequencesAndWhereToLook() {
    ChangeLog changes = log(segment(1, 3), segment(8, 9));
    onTopic(10, 11);

    Iterator<LoggedChange> reader = changes.after(0);

    assertThat(reader.next().sequence()).isEqualTo(1);
    assertThat(reader.next().sequence()).isEqualTo(2);
    assertThat(reader.next().sequence()).isEqualTo(3);
    assertThatThrownBy(reader::hasNext)
        .isInstanceOfSatisfying(
            ReplayException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(ReplayException.Problem.GAP);
              assertThat(e.sequence()).isEqualTo(4);
            })
        .hasMessageContaining("sequences 4-7 are in no sealed change segment")
        .hasMessageContaining("storage targets [fs-a] (it holds [1-3, 8-9])")
        .hasMessageContaining("topic gatevault.changes.raw does not hold them")
        .hasMessageContaining("gatevault catalog rebuild --from <target>")
        .hasMessageContaining("restore to a point before sequence 4");
  }

  @Test
  void aHoleBetweenSegmentsIsFilledFromTheTopicWhileItHoldsThoseRecords() {
    ChangeLog changes = log(segment(1, 3), segment(7, 8));
    onTopic(4, 6);

    assertThat(sequences(changes.after(0))).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
  }

  @Test
  void aSequenceBothSealedAndOnTheTopicIsTakenOnce() {
    ChangeLog changes = log(segment(1, 4));
    onTopic(2, 6);

    assertThat(sequences(changes.after(0))).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
  }

  @Test
  void theLogEndingIsNotAGapAndAnExactTargetBeyondItIsReportedIncomplete() {
    ChangeLog changes = log(segment(1, 2));
    ConfigState state =
        ConfigState.fromSnapshot(
            new ConfigSnapshot("caddy-prod", "caddy", List.of(), "{}", null), "snap", 0, T0);

    assertThatThrownBy(() -> state.replay(changes.after(0), new ReplayTarget.AtSequence(5)))
        .isInstanceOfSatisfying(
            ReplayException.class,
            e -> assertThat(e.problem()).isEqualTo(ReplayException.Problem.INCOMPLETE));
  }

  @Test
  void withoutTheTopicAHoleSaysTheTopicWasNotRead() {
    ChangeLog changes =
        new ChangeLog(
            "caddy-prod",
            List.of(segment(1, 1), segment(3, 3)),
            segment -> sealed.get(segment.artifactId()),
            ChangeTail.none("offline restore from storage target fs-a alone"),
            "storage target fs-a (alone)");
    Iterator<LoggedChange> reader = changes.after(0);
    reader.next();

    assertThatThrownBy(reader::hasNext)
        .hasMessageContaining("sequence 2 are in no sealed change segment")
        .hasMessageContaining(
            "the raw changes topic was not read (offline restore from storage target fs-a alone)");
  }
}
