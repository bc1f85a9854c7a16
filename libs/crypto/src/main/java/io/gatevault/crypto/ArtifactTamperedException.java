package io.gatevault.crypto;

/**
 * A sealed artifact failed authentication: it was altered, truncated, extended or its segments were
 * reordered, or it was sealed under another data key or encryption context. Permanent: reading it
 * again gives the same answer; use another replica.
 *
 * <p>No plaintext of such an artifact is ever handed out, not even of the segments before the bad
 * one.
 */
public class ArtifactTamperedException extends RuntimeException {

  /** The {@link #segmentIndex()} when the header itself is the problem. */
  public static final long HEADER = -1;

  private final long segmentIndex;
  private final String reason;

  public ArtifactTamperedException(long segmentIndex, String reason) {
    super(
        (segmentIndex == HEADER
                ? "Sealed artifact rejected at its header: "
                : "Sealed artifact rejected at segment " + segmentIndex + ": ")
            + reason);
    this.segmentIndex = segmentIndex;
    this.reason = reason;
  }

  /** Zero-based segment that failed, or {@link #HEADER}. */
  public long segmentIndex() {
    return segmentIndex;
  }

  /** What is wrong, without the segment prefix. */
  public String reason() {
    return reason;
  }
}
