package io.gatevault.core.pitr;

import io.gatevault.core.event.ChangeOperation;
import io.gatevault.core.event.ConfigChange;
import java.time.Instant;
import java.util.Objects;

/**
 * What replay needs of one change-log entry: its place in the log, what it does to which entity,
 * the after-image ({@link io.gatevault.core.changes.EntityImage}) and when it happened. The change
 * log's own record ({@link ConfigChange}, or an entry of a sealed segment) maps onto it.
 *
 * @param sequence position in the gateway's log; replay takes them one by one, without gaps
 * @param op CREATE, UPDATE and SNAPSHOT_READ upsert the after-image; DELETE removes the entity
 * @param entityType the entity's type
 * @param entityId the entity's id
 * @param after the after-image, null exactly for a DELETE
 * @param occurredAt when the change happened at the gateway (point-in-time targets compare this)
 */
public record LoggedChange(
    long sequence,
    ChangeOperation op,
    String entityType,
    String entityId,
    String after,
    Instant occurredAt) {

  public LoggedChange {
    if (sequence < 0) {
      throw new IllegalArgumentException("A change-log sequence is >= 0, got " + sequence);
    }
    Objects.requireNonNull(op, "op");
    if (entityType == null || entityType.isBlank() || entityId == null || entityId.isBlank()) {
      throw new IllegalArgumentException(
          "Change "
              + sequence
              + " needs an entity type and id, got "
              + entityType
              + "/"
              + entityId);
    }
    if ((op == ChangeOperation.DELETE) != (after == null)) {
      throw new IllegalArgumentException(
          "Change "
              + sequence
              + " ("
              + op
              + " of "
              + entityType
              + "/"
              + entityId
              + ") must have an after-image exactly when it is not a DELETE");
    }
    Objects.requireNonNull(occurredAt, "occurredAt");
  }

  /** The log entry of a captured change. */
  public static LoggedChange of(ConfigChange change) {
    return new LoggedChange(
        change.sequence(),
        change.op(),
        change.entityType(),
        change.entityId(),
        change.after(),
        change.occurredAt());
  }

  /** {@code type/id} of the entity. */
  public String entityKey() {
    return entityType + "/" + entityId;
  }
}
