package io.gatevault.stream;

/**
 * Hands the reason {@link DeadLetterRouter} determined to {@link DeadLetterValueSerializer}, which
 * writes it as a header.
 *
 * <p>The binder copies the record's headers before it asks the router for the topic, so the router
 * cannot add a header itself; the binder then sends on the same thread, and Kafka serializes the
 * value (where headers may still be added) on that thread too. A thread-local is therefore the
 * narrowest channel between the two.
 */
final class PendingDeadLetterReason {

  private static final ThreadLocal<DeadLetterReason> PENDING = new ThreadLocal<>();

  private PendingDeadLetterReason() {}

  static void set(DeadLetterReason reason) {
    PENDING.set(reason);
  }

  /** The pending reason, cleared so it cannot leak to a later record. */
  static DeadLetterReason take() {
    DeadLetterReason reason = PENDING.get();
    PENDING.remove();
    return reason;
  }
}
