package io.gatevault.restore.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.core.pitr.ReplayResult;
import io.gatevault.core.pitr.ReplayTarget;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When the log replay read is known complete up to a time target, and what the report says. */
class LogCoverageTest {

  private static final Instant LAST_CHANGE = Instant.parse("2026-11-26T10:00:00Z");
  private static final Instant POLL = Instant.parse("2026-11-26T10:05:00Z");

  /** Replay applied up to sequence 10 (at LAST_CHANGE) and ran out before the target. */
  private static final ReplayResult ENDED_AT_10 = new ReplayResult(10, LAST_CHANGE, 3, false);

  private static ReplayTarget.AtTime at(String time) {
    return new ReplayTarget.AtTime(Instant.parse(time));
  }

  private static LogCoverage.Proof heartbeat(long sequence, Instant polledAt) {
    return new LogCoverage.Proof(sequence, polledAt, "capture heartbeat");
  }

  @Test
  void aTargetAtOrBeforeTheHeartbeatOfTheLastSequenceIsComplete() {
    LogCoverage.Verdict verdict =
        LogCoverage.decide(at("2026-11-26T10:05:00Z"), ENDED_AT_10, List.of(heartbeat(10, POLL)));

    assertThat(verdict.complete()).isTrue();
    assertThat(verdict.knownCompleteUntil()).isEqualTo(POLL);
    assertThat(verdict.message()).contains("log known complete until 2026-11-26T10:05:00Z");
  }

  @Test
  void aTargetAfterTheHeartbeatIsIncompleteAndNamesTheCoverageTime() {
    LogCoverage.Verdict verdict =
        LogCoverage.decide(at("2026-11-26T10:05:01Z"), ENDED_AT_10, List.of(heartbeat(10, POLL)));

    assertThat(verdict.complete()).isFalse();
    assertThat(verdict.knownCompleteUntil()).isEqualTo(POLL);
    assertThat(verdict.message())
        .contains("log known complete until 2026-11-26T10:05:00Z (capture heartbeat)")
        .contains(
            "changes between 2026-11-26T10:05:00Z and the target 2026-11-26T10:05:01Z are unknown"
                + " (capture behind or down?)")
        .contains("restored the newest known state (sequence 10)");
  }

  @Test
  void theLatestProofOfTheLastSequenceWinsWhateverItsSource() {
    Instant segmentCoverage = Instant.parse("2026-11-26T10:02:00Z");
    Instant snapshotRead = Instant.parse("2026-11-26T10:07:00Z");
    LogCoverage.Verdict verdict =
        LogCoverage.decide(
            at("2026-11-26T10:06:00Z"),
            ENDED_AT_10,
            List.of(
                new LogCoverage.Proof(10, segmentCoverage, "change segment 8-10"),
                new LogCoverage.Proof(10, snapshotRead, "snapshot s-2"),
                heartbeat(10, POLL)));

    assertThat(verdict.complete()).isTrue();
    assertThat(verdict.knownCompleteUntil()).isEqualTo(snapshotRead);
    assertThat(verdict.message()).contains("snapshot s-2");
  }

  @Test
  void aProofOfAnEarlierSequenceSaysNothingAboutLaterChanges() {
    LogCoverage.Verdict verdict =
        LogCoverage.decide(
            at("2026-11-26T10:01:00Z"),
            ENDED_AT_10,
            List.of(heartbeat(9, Instant.parse("2026-11-26T10:30:00Z"))));

    assertThat(verdict.complete()).isFalse();
    assertThat(verdict.knownCompleteUntil()).isNull();
    assertThat(verdict.message())
        .contains("log known complete only up to its last change (sequence 10, " + LAST_CHANGE)
        .contains("no capture heartbeat or stored coverage proves it complete after that");
  }

  @Test
  void aProofOfALaterSequenceNamesTheSequencesReplayDidNotRead() {
    LogCoverage.Verdict verdict =
        LogCoverage.decide(
            at("2026-11-26T10:05:00Z"),
            ENDED_AT_10,
            List.of(heartbeat(10, POLL), heartbeat(14, Instant.parse("2026-11-26T10:10:00Z"))));

    assertThat(verdict.complete()).isFalse();
    assertThat(verdict.message())
        .contains("says sequences up to 14 exist, but the log read ends at 10")
        .contains("sequences 11-14 were not read");
  }

  @Test
  void aProofOfTheLastSequenceOlderThanItsChangeCountsFromTheChangeTime() {
    // The poll that published sequence 10 began before the change's time: nothing followed it.
    LogCoverage.Verdict verdict =
        LogCoverage.decide(
            at("2026-11-26T10:00:00Z"),
            ENDED_AT_10,
            List.of(heartbeat(10, LAST_CHANGE.minusSeconds(1))));

    assertThat(verdict.complete()).isTrue();
    assertThat(verdict.knownCompleteUntil()).isEqualTo(LAST_CHANGE);
  }

  @Test
  void aLogThatContinuesPastTheTargetNeedsNoProof() {
    LogCoverage.Verdict verdict =
        LogCoverage.decide(
            at("2026-11-26T09:00:00Z"), new ReplayResult(7, LAST_CHANGE, 2, true), List.of());

    assertThat(verdict.complete()).isTrue();
  }

  @Test
  void anExactSequenceIsUnaffected() {
    LogCoverage.Verdict verdict =
        LogCoverage.decide(new ReplayTarget.AtSequence(10), ENDED_AT_10, List.of());

    assertThat(verdict.complete()).isTrue();
  }

  @Test
  void noProofAtAllIsIncomplete() {
    LogCoverage.Verdict verdict =
        LogCoverage.decide(at("2026-11-26T10:00:01Z"), ENDED_AT_10, List.of());

    assertThat(verdict.complete()).isFalse();
    assertThat(verdict.knownCompleteUntil()).isNull();
  }
}
