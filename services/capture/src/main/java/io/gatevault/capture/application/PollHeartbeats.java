package io.gatevault.capture.application;

import io.gatevault.core.changes.CaptureHeartbeat;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Capture's heartbeat: after each successful poll of a gateway (whether or not anything changed)
 * the feed calls {@link #polled}, which remembers {lastSequence, polledAt} and keeps it in the
 * {@link HeartbeatStore} so a point-in-time restore can tell "nothing changed since" from "capture
 * was behind or down". A failed poll records nothing, so the heartbeat ages.
 *
 * <p>Writes are rate-limited: a heartbeat with a new sequence is written at once, one with the same
 * sequence only when the last written is {@code minInterval} old. The newest heartbeat of each
 * gateway is always known in this process ({@link #latest}), which is what a segment's {@code
 * CoveredUntil} tag is taken from ({@link #coveredUntil}).
 */
public class PollHeartbeats {

  private static final Logger log = LoggerFactory.getLogger(PollHeartbeats.class);

  private final HeartbeatStore store;
  private final Duration minInterval;
  private final Map<String, CaptureHeartbeat> latest = new ConcurrentHashMap<>();
  private final Map<String, CaptureHeartbeat> written = new ConcurrentHashMap<>();

  /**
   * @param minInterval least time between two written heartbeats of a gateway with the same
   *     sequence (zero: write every one)
   */
  public PollHeartbeats(HeartbeatStore store, Duration minInterval) {
    if (minInterval == null || minInterval.isNegative()) {
      throw new IllegalArgumentException(
          "heartbeat-seconds must be 0 or positive (least time between two heartbeats written"
              + " for a gateway whose log did not change), but was "
              + minInterval);
    }
    this.store = store;
    this.minInterval = minInterval;
  }

  /** Heartbeats known in this process only (tests, and capture without a store). */
  public static PollHeartbeats inProcess() {
    return new PollHeartbeats(heartbeat -> {}, Duration.ZERO);
  }

  /**
   * A poll of the gateway that began at {@code polledAt} succeeded and left every change up to
   * {@code lastSequence} published. Never throws: a heartbeat not written only ages.
   */
  public void polled(String gatewayId, long lastSequence, Instant polledAt) {
    CaptureHeartbeat heartbeat = new CaptureHeartbeat(gatewayId, lastSequence, polledAt);
    latest.merge(gatewayId, heartbeat, (old, now) -> now.isNewerThan(old) ? now : old);
    CaptureHeartbeat last = written.get(gatewayId);
    boolean due =
        last == null
            || last.lastSequence() != lastSequence
            || !polledAt.isBefore(last.polledAt().plus(minInterval));
    if (!due) {
      return;
    }
    try {
      store.record(heartbeat);
      written.put(gatewayId, heartbeat);
    } catch (RuntimeException e) {
      log.warn(
          "Capture heartbeat of gateway {} (sequence {}, poll {}) not recorded, retried after the"
              + " next poll: {}",
          gatewayId,
          lastSequence,
          polledAt,
          e.getMessage());
    }
  }

  /**
   * Writes each gateway's newest heartbeat that the rate limit held back, so a capture that stops
   * cleanly leaves its last successful poll on record (not one up to the interval older). Never
   * throws.
   */
  public void flush() {
    latest.forEach(
        (gatewayId, heartbeat) -> {
          CaptureHeartbeat last = written.get(gatewayId);
          if (last != null && !heartbeat.isNewerThan(last)) {
            return;
          }
          try {
            store.record(heartbeat);
            written.put(gatewayId, heartbeat);
          } catch (RuntimeException e) {
            log.warn(
                "Last capture heartbeat of gateway {} not recorded at shutdown: {}",
                gatewayId,
                e.getMessage());
          }
        });
  }

  /** The gateway's newest heartbeat in this process. */
  public Optional<CaptureHeartbeat> latest(String gatewayId) {
    return Optional.ofNullable(latest.get(gatewayId));
  }

  /**
   * Until when the log ending at {@code lastSequence} is known complete: the time of the newest
   * successful poll that found nothing after it, or empty when no such poll is known (the newest
   * poll found later changes, or none ran in this process).
   */
  public Optional<Instant> coveredUntil(String gatewayId, long lastSequence) {
    return latest(gatewayId)
        .filter(heartbeat -> heartbeat.lastSequence() == lastSequence)
        .map(CaptureHeartbeat::polledAt);
  }
}
