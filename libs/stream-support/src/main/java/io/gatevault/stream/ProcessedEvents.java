package io.gatevault.stream;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The event ids one consumer has already handled: a bounded, thread-safe, least-recently-used
 * ledger.
 *
 * <p>Gatevault delivers at least once: after a crash or a rebalance a record may come again. An
 * application service wraps its effect in {@link #handleOnce}, so a redelivered record (same
 * envelope {@code eventId}) has no second effect; what it produces carries ids derived with {@code
 * DeterministicId}, so even a duplicate that slips past an evicted entry or a restart produces
 * records downstream consumers recognise. The ledger is in memory by design: it is a fast first
 * line, not the source of truth.
 *
 * <p>An id is recorded only after its effect completed, so a failed attempt is retried rather than
 * silently skipped.
 */
public final class ProcessedEvents {

  private final int capacity;
  private final Map<String, Boolean> seen;

  /**
   * @param capacity how many ids to remember; the oldest is forgotten first
   */
  public ProcessedEvents(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException(
          "ProcessedEvents capacity must be at least 1, got "
              + capacity
              + ": set gatevault.stream.processed-events-capacity to a positive number");
    }
    this.capacity = capacity;
    this.seen =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > ProcessedEvents.this.capacity;
          }
        };
  }

  /**
   * Runs {@code effect} unless {@code eventId} was handled before, and then remembers it.
   *
   * @return true when the effect ran, false when the event was a duplicate
   */
  public boolean handleOnce(String eventId, Runnable effect) {
    if (eventId == null || eventId.isBlank()) {
      throw new IllegalArgumentException(
          "An event without an eventId cannot be de-duplicated: every envelope needs one");
    }
    if (alreadyHandled(eventId)) {
      return false;
    }
    effect.run();
    synchronized (seen) {
      seen.put(eventId, Boolean.TRUE);
    }
    return true;
  }

  /** True when {@code eventId} is in the ledger (and marks it recently used). */
  public boolean alreadyHandled(String eventId) {
    synchronized (seen) {
      return seen.get(eventId) != null;
    }
  }

  /** Number of ids currently remembered. */
  public int size() {
    synchronized (seen) {
      return seen.size();
    }
  }

  public int capacity() {
    return capacity;
  }
}
