package io.gatevault.core.changes;

import io.gatevault.core.config.ConfigEntity;
import io.gatevault.core.event.ChangeOperation;
import java.util.Objects;

/**
 * One entity change found by comparing two configurations, before capture gives it a sequence
 * number and publishes it as a {@link io.gatevault.core.event.ConfigChange}.
 *
 * @param op CREATE, UPDATE or DELETE
 * @param before the entity before the change, null for a CREATE
 * @param after the entity after the change, null for a DELETE
 */
public record DetectedChange(ChangeOperation op, ConfigEntity before, ConfigEntity after) {

  public DetectedChange {
    Objects.requireNonNull(op, "op");
    switch (op) {
      case CREATE -> require(before == null && after != null, op);
      case UPDATE -> {
        require(before != null && after != null, op);
        if (!before.key().equals(after.key())) {
          throw new IllegalArgumentException(
              "An UPDATE keeps the entity key, got " + before.key() + " -> " + after.key());
        }
      }
      case DELETE -> require(before != null && after == null, op);
      default ->
          throw new IllegalArgumentException(
              "A detected change is a CREATE, UPDATE or DELETE, not " + op);
    }
  }

  private static void require(boolean consistent, ChangeOperation op) {
    if (!consistent) {
      throw new IllegalArgumentException(op + " change with inconsistent before/after entities");
    }
  }

  /** The entity as it is after the change, or before it for a DELETE. */
  public ConfigEntity entity() {
    return after != null ? after : before;
  }

  public String entityType() {
    return entity().type();
  }

  public String entityId() {
    return entity().id();
  }

  /** The natural key after the change (before it for a DELETE). */
  public String naturalKey() {
    return entity().naturalKey();
  }

  /** {@link EntityImage} of the entity before, or null. */
  public String beforeImage() {
    return before == null ? null : EntityImage.encode(before);
  }

  /** {@link EntityImage} of the entity after, or null for a DELETE. */
  public String afterImage() {
    return after == null ? null : EntityImage.encode(after);
  }
}
