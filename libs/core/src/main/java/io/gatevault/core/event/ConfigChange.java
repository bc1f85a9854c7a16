package io.gatevault.core.event;

import java.time.Instant;

/**
 * One change to one entity of a gateway's configuration. The after-image makes replay an idempotent
 * upsert (or delete) by entity key.
 *
 * @param sequence position in the gateway's change log, strictly increasing per gateway
 * @param naturalKey human-meaningful unique key (e.g. the name), or null when the type has none
 * @param before canonical JSON before the change, or null (creates, or feeds without before-image)
 * @param after canonical JSON after the change; null exactly when {@code op} is DELETE
 */
public record ConfigChange(
    EventEnvelope envelope,
    String gatewayId,
    long sequence,
    ChangeOperation op,
    String entityType,
    String entityId,
    String naturalKey,
    String before,
    String after,
    ChangeSource source,
    Instant occurredAt,
    Instant capturedAt)
    implements GatevaultEvent {

  public ConfigChange {
    Require.present(envelope, "ConfigChange.envelope");
    Require.nonBlank(gatewayId, "ConfigChange.gatewayId");
    Require.sameGateway(envelope, gatewayId, "ConfigChange");
    Require.notNegative(sequence, "ConfigChange.sequence");
    Require.present(op, "ConfigChange.op");
    Require.nonBlank(entityType, "ConfigChange.entityType");
    Require.nonBlank(entityId, "ConfigChange.entityId");
    Require.nullOrNonBlank(naturalKey, "ConfigChange.naturalKey");
    if (op == ChangeOperation.DELETE && after != null) {
      throw new IllegalArgumentException(
          "ConfigChange.after must be null for a DELETE of " + entityType + " " + entityId);
    }
    if (op != ChangeOperation.DELETE && after == null) {
      throw new IllegalArgumentException(
          "ConfigChange.after is required for a "
              + op
              + " of "
              + entityType
              + " "
              + entityId
              + ": replay needs the after-image");
    }
    if (op == ChangeOperation.CREATE && before != null) {
      throw new IllegalArgumentException(
          "ConfigChange.before must be null for a CREATE of " + entityType + " " + entityId);
    }
    Require.present(source, "ConfigChange.source");
    Require.present(occurredAt, "ConfigChange.occurredAt");
    Require.present(capturedAt, "ConfigChange.capturedAt");
  }
}
