package io.gatevault.replicate.application;

/**
 * A target's circuit breaker is open after repeated failures, so a write to it was not attempted.
 * The artifact stays pending for that target; catch-up tries again once the breaker lets a call
 * through.
 */
public class TargetSkippedException extends RuntimeException {

  private final String targetId;

  public TargetSkippedException(String targetId, String breakerState, Throwable cause) {
    super(
        "target '"
            + targetId
            + "' skipped: its circuit breaker is "
            + breakerState
            + " after repeated failures; the artifact stays pending and catch-up writes it when"
            + " the target answers again",
        cause);
    this.targetId = targetId;
  }

  public String targetId() {
    return targetId;
  }
}
