package io.gatevault.capture.application;

import java.util.Optional;

/**
 * Port: where the change feed keeps each gateway's {@link ChangeFeedState}, outside the process so
 * the sequence never repeats or goes back after a restart or a move to another capture instance
 * (the Kafka adapter: the compacted topic {@code gatevault.capture.changes}).
 *
 * <p>Implementations never lower a gateway's recorded sequence: a state whose {@code lastSequence}
 * is below the one already known is ignored.
 */
public interface ChangeFeedStore {

  /** The gateway's last recorded state, or empty before its first poll. */
  Optional<ChangeFeedState> find(String gatewayId);

  /**
   * Records {@code state} durably before returning.
   *
   * @throws IllegalStateException when it could not be recorded (transient: the next poll retries)
   */
  void record(ChangeFeedState state);
}
