package io.gatevault.capture.application;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Port: per gateway, the highest change sequence handed to a sealed segment (the "sealed mark"),
 * kept outside the process so a capture that crashed knows where its lost open segment began (the
 * Kafka adapter: a record of its own on the compacted topic {@code gatevault.capture.changes}).
 *
 * <p>Implementations never lower a gateway's mark: a lower one is ignored.
 */
public interface SealedSequences {

  /** The gateway's mark, or empty when none was ever recorded. */
  OptionalLong sealedUpTo(String gatewayId);

  /**
   * Records that every change of the gateway up to {@code sequence} is in a sealed segment (or, for
   * a gateway without a mark, that its open segment starts after it), durably before returning.
   *
   * @throws IllegalStateException when it could not be recorded (transient)
   */
  void recordSealed(String gatewayId, long sequence);

  /** Marks kept in memory only: for a segmenter that never needs to recover after a crash. */
  final class InProcess implements SealedSequences {
    private final Map<String, Long> marks = new ConcurrentHashMap<>();

    @Override
    public OptionalLong sealedUpTo(String gatewayId) {
      Long mark = marks.get(gatewayId);
      return mark == null ? OptionalLong.empty() : OptionalLong.of(mark);
    }

    @Override
    public void recordSealed(String gatewayId, long sequence) {
      marks.merge(gatewayId, sequence, Math::max);
    }
  }
}
