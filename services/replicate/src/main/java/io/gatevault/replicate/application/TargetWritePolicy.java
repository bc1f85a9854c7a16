package io.gatevault.replicate.application;

import java.util.function.Supplier;

/**
 * How a write to one backup target is attempted. This is the only retry layer for target writes: a
 * transient failure ({@link WriteFailure#TRANSIENT}) is tried again with back-off, a permanent one
 * fails at once, and while a target's circuit breaker is open its writes are refused without
 * touching it, so one target that is down does not slow the others. The Kafka binder never sees a
 * target failure ({@link ArtifactReplicator} audits it and keeps the target pending for catch-up),
 * so its record-level retry does not multiply these attempts.
 */
public interface TargetWritePolicy {

  /**
   * Runs {@code write} against the target {@code targetId}.
   *
   * @return what {@code write} returned
   * @throws TargetSkippedException when the target's circuit breaker is open; {@code write} did not
   *     run
   * @throws RuntimeException the failure of the last attempt otherwise
   */
  <T> T write(String targetId, Supplier<T> write);
}
