package io.gatevault.core.event;

import java.time.Instant;

/**
 * Verify stored artifacts again: read back every replica, check its SHA-256, decrypt and parse it.
 *
 * @param artifactId the artifact to verify, or null for every stored artifact of the gateway
 * @param reason why: {@code on-demand}, {@code scheduled}, {@code restore-test}
 */
public record VerifyRequested(
    EventEnvelope envelope,
    String commandId,
    String gatewayId,
    String requestedBy,
    Instant requestedAt,
    String artifactId,
    String reason)
    implements Command {

  public VerifyRequested {
    Require.commandFields(
        envelope, commandId, gatewayId, requestedBy, requestedAt, "VerifyRequested");
    Require.nullOrNonBlank(artifactId, "VerifyRequested.artifactId");
    Require.nonBlank(reason, "VerifyRequested.reason");
  }
}
