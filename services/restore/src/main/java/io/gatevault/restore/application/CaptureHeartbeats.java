package io.gatevault.restore.application;

import io.gatevault.core.changes.CaptureHeartbeat;
import java.util.Optional;

/**
 * Port: capture's latest heartbeat per gateway ({@code gatevault.capture.heartbeats}), which proves
 * the change log complete up to a poll's time. Without it (offline, Kafka gone) only what storage
 * holds proves coverage: segments' {@code CoveredUntil} tags and snapshots.
 */
public interface CaptureHeartbeats {

  /**
   * The gateway's newest heartbeat, if capture ever recorded one.
   *
   * @throws IllegalStateException when the heartbeats cannot be read (the restore then reports the
   *     coverage as unknown rather than failing)
   */
  Optional<CaptureHeartbeat> latestOf(String gatewayId);

  /** Where heartbeats came from, for reports. */
  String describe();

  /**
   * No heartbeats: coverage from storage alone.
   *
   * @param why said in reports, e.g. "offline restore from target s3-primary"
   */
  static CaptureHeartbeats none(String why) {
    return new CaptureHeartbeats() {
      @Override
      public Optional<CaptureHeartbeat> latestOf(String gatewayId) {
        return Optional.empty();
      }

      @Override
      public String describe() {
        return "capture heartbeats were not read (" + why + ")";
      }
    };
  }
}
