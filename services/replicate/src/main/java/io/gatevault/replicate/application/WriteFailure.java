package io.gatevault.replicate.application;

import io.gatevault.core.storage.BackupStoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/** What kind of failure ended a write to a backup target; decides retry, breaker and catch-up. */
public enum WriteFailure {
  /** The medium was unavailable (I/O error, timeout, unreachable): trying again may succeed. */
  TRANSIENT,
  /**
   * The target refuses us (permission denied): retrying at once will not help, but the target is
   * unhealthy (it counts for the breaker) and an operator can fix it, so catch-up keeps trying.
   */
  TARGET_REFUSED,
  /**
   * This object can never be written to this target as it is (different bytes already stored,
   * checksum mismatch, invalid key): not retried, not counted against the target's health, and
   * dropped from catch-up.
   */
  OBJECT_REFUSED,
  /** Anything else (a bug, say): not retried; catch-up keeps trying. */
  UNKNOWN;

  /** Classifies {@code failure} by its whole cause chain. */
  public static WriteFailure of(Throwable failure) {
    List<Throwable> chain = causeChain(failure);
    if (chain.stream().anyMatch(AccessDeniedException.class::isInstance)) {
      return TARGET_REFUSED;
    }
    for (Throwable cause : chain) {
      if (cause instanceof BackupStoreException store) {
        return store.isRetriable() ? TRANSIENT : OBJECT_REFUSED;
      }
      if (cause instanceof IOException
          || cause instanceof UncheckedIOException
          || cause instanceof TimeoutException) {
        return TRANSIENT;
      }
    }
    return UNKNOWN;
  }

  /** Worth another attempt within the same write. */
  public boolean isRetriable() {
    return this == TRANSIENT;
  }

  /** Says the target, not just this object, is unhealthy. */
  public boolean countsAgainstTarget() {
    return this == TRANSIENT || this == TARGET_REFUSED;
  }

  private static List<Throwable> causeChain(Throwable failure) {
    List<Throwable> chain = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
      chain.add(cause);
    }
    return chain;
  }
}
