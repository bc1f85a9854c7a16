package io.gatevault.core.event;

import java.time.Instant;
import java.util.List;

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
 * @param onlyTypes selective restore: only entities of these types (e.g. {@code route}); empty for
 *     every type
 * @param onlyTags selective restore: only entities carrying one of these tags; empty for any
 * @param onlyNames selective restore: only entities whose id, {@code type/id} key or natural key
 *     matches one of these globs ({@code *} any text); empty for every name. The three filters
 *     apply together; with all three empty the whole configuration is restored
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
    boolean dryRun,
    List<String> onlyTypes,
    List<String> onlyTags,
    List<String> onlyNames)
    implements Command {

  /** A restore of the whole configuration (no selection). */
  public RestoreRequested(
      EventEnvelope envelope,
      String commandId,
      String gatewayId,
      String requestedBy,
      Instant requestedAt,
      String backupId,
      Instant atTime,
      Long atSequence,
      String targetGatewayId,
      boolean dryRun) {
    this(
        envelope,
        commandId,
        gatewayId,
        requestedBy,
        requestedAt,
        backupId,
        atTime,
        atSequence,
        targetGatewayId,
        dryRun,
        List.of(),
        List.of(),
        List.of());
  }

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
    onlyTypes = filter(onlyTypes, "RestoreRequested.onlyTypes");
    onlyTags = filter(onlyTags, "RestoreRequested.onlyTags");
    onlyNames = filter(onlyNames, "RestoreRequested.onlyNames");
  }

  /** Whether the restore touches only some entities (any of the three filters is given). */
  public boolean isSelective() {
    return !onlyTypes.isEmpty() || !onlyTags.isEmpty() || !onlyNames.isEmpty();
  }

  /** Null reads as empty (no filter); a blank entry is refused, as it would select nothing. */
  private static List<String> filter(List<String> values, String field) {
    if (values == null) {
      return List.of();
    }
    List<String> copy = Require.list(values, field);
    for (int i = 0; i < copy.size(); i++) {
      if (copy.get(i).isBlank()) {
        throw new IllegalArgumentException(
            field + "[" + i + "] is blank: give a type, tag or name glob, or leave the entry out");
      }
    }
    return copy;
  }

  /** The gateway that receives the restored configuration. */
  public String effectiveTargetGatewayId() {
    return targetGatewayId != null ? targetGatewayId : gatewayId;
  }
}
