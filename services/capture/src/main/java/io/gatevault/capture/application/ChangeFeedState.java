package io.gatevault.capture.application;

import java.time.Instant;

/**
 * What the poll-and-diff feed remembers about one gateway between polls and across restarts: the
 * highest sequence it published and the configuration that sequence leaves the gateway in.
 *
 * @param gatewayId the gateway
 * @param lastSequence highest sequence published for the gateway, 0 before the first change
 * @param gatewayHash what the adapter's {@code configHash()} reported for that configuration (the
 *     cheap check of the next poll)
 * @param document the configuration as a canonical snapshot document (UTF-8 JSON, secrets already
 *     redacted when the gateway redacts them): the "previous" side of the next diff
 * @param observedAt when that configuration was read
 */
public record ChangeFeedState(
    String gatewayId, long lastSequence, String gatewayHash, String document, Instant observedAt) {

  public ChangeFeedState {
    if (gatewayId == null || gatewayId.isBlank()) {
      throw new IllegalArgumentException("ChangeFeedState.gatewayId must not be blank");
    }
    if (lastSequence < 0) {
      throw new IllegalArgumentException(
          "ChangeFeedState.lastSequence must be >= 0, but was " + lastSequence);
    }
    if (gatewayHash == null || gatewayHash.isBlank() || document == null || observedAt == null) {
      throw new IllegalArgumentException(
          "ChangeFeedState of gateway "
              + gatewayId
              + " needs gatewayHash, document and observedAt");
    }
  }
}
