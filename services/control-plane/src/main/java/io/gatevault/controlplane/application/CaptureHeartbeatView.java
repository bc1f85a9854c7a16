package io.gatevault.controlplane.application;

import io.gatevault.core.changes.CaptureHeartbeat;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Capture's newest heartbeat per gateway, as read from {@code gatevault.capture.heartbeats}, and
 * how old it is: the age grows while capture is down or its polls fail, and a point-in-time restore
 * to a time after the heartbeat is reported PARTIAL.
 */
public class CaptureHeartbeatView {

  /** Port: the heartbeats written since the last call (all on the first), in topic order. */
  @FunctionalInterface
  public interface HeartbeatFeed {
    /**
     * @throws IllegalStateException when they cannot be read (transient)
     */
    void catchUp(Consumer<CaptureHeartbeat> each);
  }

  /**
   * One gateway's heartbeat.
   *
   * @param ageSeconds seconds between the poll's start and {@code now} (the heartbeat is written at
   *     most every {@code heartbeat-seconds} while nothing changes, so a few seconds is normal)
   */
  public record HeartbeatAge(
      String gatewayId, long lastSequence, Instant polledAt, double ageSeconds) {}

  private final Map<String, CaptureHeartbeat> newest = new ConcurrentHashMap<>();
  private final HeartbeatFeed feed;

  public CaptureHeartbeatView(HeartbeatFeed feed) {
    this.feed = feed;
  }

  /**
   * Catches up with the feed, then every gateway's heartbeat with its age at {@code now}.
   *
   * @throws IllegalStateException when the feed cannot be read
   */
  public List<HeartbeatAge> current(Instant now) {
    feed.catchUp(this::record);
    return ages(now);
  }

  /** Keeps a heartbeat read from the topic unless a newer one of its gateway is known. */
  public void record(CaptureHeartbeat heartbeat) {
    newest.merge(heartbeat.gatewayId(), heartbeat, (old, now) -> now.isNewerThan(old) ? now : old);
  }

  /** Every gateway's heartbeat with its age at {@code now}, by gateway id. */
  public List<HeartbeatAge> ages(Instant now) {
    return newest.values().stream()
        .sorted(Comparator.comparing(CaptureHeartbeat::gatewayId))
        .map(
            beat ->
                new HeartbeatAge(
                    beat.gatewayId(),
                    beat.lastSequence(),
                    beat.polledAt(),
                    Duration.between(beat.polledAt(), now).toMillis() / 1000.0))
        .toList();
  }
}
