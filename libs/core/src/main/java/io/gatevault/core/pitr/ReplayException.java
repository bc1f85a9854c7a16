package io.gatevault.core.pitr;

/**
 * Replay cannot give the state asked for: the log has a hole, repeats or goes back, an image is not
 * the entity it claims to be, or the log ends before an exact target. Permanent for this input:
 * retrying with the same log gives the same answer; the message says which sequence and what to do.
 */
public class ReplayException extends RuntimeException {

  /** What went wrong. */
  public enum Problem {
    /** A sequence is missing between the state's watermark and the next change. */
    GAP,
    /** A change at or below the state's watermark: already in the state, or out of order. */
    STALE,
    /** The log ends before the target sequence. */
    INCOMPLETE,
    /** An after-image is not a valid image of the entity the change names. */
    BAD_IMAGE
  }

  private final Problem problem;
  private final long sequence;

  public ReplayException(Problem problem, long sequence, String message) {
    super(message);
    this.problem = problem;
    this.sequence = sequence;
  }

  public ReplayException(Problem problem, long sequence, String message, Throwable cause) {
    super(message, cause);
    this.problem = problem;
    this.sequence = sequence;
  }

  public Problem problem() {
    return problem;
  }

  /** The sequence the problem is at. */
  public long sequence() {
    return sequence;
  }
}
