package io.gatevault.core.event;

import java.time.Instant;

/**
 * Restore a gateway's configuration to a point in time: as of {@code atTime}, right after {@code
 * atSequence}, or (with neither) the newest state.
 *
 * @param backupId artifact id of the snapshot to start from, or null to pick the newest verified
 *     snapshot before the target point
 * @param atTime restore the state as of this instant, or null
 * @param atSequence restore the state right after this change-log sequence, or null
 * @param targetGatewayId gateway to restore into when not the source gateway, or null
 * @param dryRun compute and report the plan without applying it
 */
public record RestoreRequested(
    EventEnvelope envelope,
    String commandId,
    String gatewayId,
    String requestedBy,
    Instant requestedAt,
    String backupId,
    Instant atTime,
    Long atSequence,
    String targetGatewayId,
    boolean dryRun)
    implements Command {

  public RestoreRequested {
    Require.commandFields(
        envelope, commandId, gatewayId, requestedBy, requestedAt, "RestoreRequested");
    Require.nullOrNonBlank(backupId, "RestoreRequested.backupId");
    if (atTime != null && atSequence != null) {
      throw new IllegalArgumentException(
          "RestoreRequested.atTime and RestoreRequested.atSequence are exclusive: give one"
              + " point to restore to, not both");
    }
    if (atSequence != null) {
      Require.notNegative(atSequence, "RestoreRequested.atSequence");
    }
    Require.nullOrNonBlank(targetGatewayId, "RestoreRequested.targetGatewayId");
  }

  /** The gateway that receives the restored configuration. */
  public String effectiveTargetGatewayId() {
    return targetGatewayId != null ? targetGatewayId : gatewayId;
  }
}
