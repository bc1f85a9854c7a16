package io.gatevault.core.event;

import java.time.Instant;

/**
 * Apply retention to a gateway's artifacts.
 *
 * @param dryRun report what would be deleted without deleting
 * @param policyName retention policy to apply, or null for the gateway's configured policy
 */
public record PruneRequested(
    EventEnvelope envelope,
    String commandId,
    String gatewayId,
    String requestedBy,
    Instant requestedAt,
    boolean dryRun,
    String policyName)
    implements Command {

  public PruneRequested {
    Require.commandFields(
        envelope, commandId, gatewayId, requestedBy, requestedAt, "PruneRequested");
    Require.nullOrNonBlank(policyName, "PruneRequested.policyName");
  }
}
