package io.gatevault.core.pitr;

import java.time.Instant;
import java.util.Objects;

/**
 * Where replay stops: after an exact sequence, or after the last change that happened by a time.
 */
public sealed interface ReplayTarget {

  /** Whether a change is still part of the state wanted. */
  boolean includes(LoggedChange change);

  /** For reports: {@code seq 1234} or {@code 2026-11-26T12:00:00Z}. */
  String describe();

  /** Up to and including the change with this sequence. */
  record AtSequence(long sequence) implements ReplayTarget {
    public AtSequence {
      if (sequence < 0) {
        throw new IllegalArgumentException("A target sequence is >= 0, got " + sequence);
      }
    }

    @Override
    public boolean includes(LoggedChange change) {
      return change.sequence() <= sequence;
    }

    @Override
    public String describe() {
      return "seq " + sequence;
    }
  }

  /**
   * Every change with {@code occurredAt <= time}. Replay runs in sequence order and stops at the
   * first change after the time, so the result is a state the gateway really had (a change with an
   * earlier time behind it in the log, from a skewed clock, is left out with everything after it).
   */
  record AtTime(Instant time) implements ReplayTarget {
    public AtTime {
      Objects.requireNonNull(time, "time");
    }

    @Override
    public boolean includes(LoggedChange change) {
      return !change.occurredAt().isAfter(time);
    }

    @Override
    public String describe() {
      return time.toString();
    }
  }
}
