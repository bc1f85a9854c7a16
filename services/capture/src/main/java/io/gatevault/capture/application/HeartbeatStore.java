package io.gatevault.capture.application;

import io.gatevault.core.changes.CaptureHeartbeat;

/** Port: where capture's heartbeats are kept for restore and monitoring to read. */
@FunctionalInterface
public interface HeartbeatStore {

  /**
   * Keeps the gateway's newest heartbeat.
   *
   * @throws IllegalStateException when it could not be kept (transient: the next poll retries)
   */
  void record(CaptureHeartbeat heartbeat);
}
