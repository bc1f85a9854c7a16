package io.gatevault.core.changes;

import io.gatevault.core.config.ConfigEntity;
import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.config.DependencyOrder;
import io.gatevault.core.event.ChangeOperation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The entity changes between a gateway's previous configuration and its current one, for the
 * poll-and-diff feed: a pure function, deterministic in content and order.
 *
 * <p>Order: creates and updates parents first (by foreign keys, ties by key), then deletes children
 * first. Applied in that order to a live gateway no step refers to an entity that is not there yet
 * or no longer there; replay does not depend on it (it is an upsert/delete by key), but a stable
 * order makes two captures of the same difference give the same log.
 *
 * <p>Cheap pre-check: when both configuration hashes are equal no entity is looked at and the
 * answer is "no changes". A difference only in settings no entity covers gives no change either
 * (the snapshot's native document carries those).
 */
public final class ChangeDetector {

  private ChangeDetector() {}

  /**
   * The changes that turn {@code previous} into {@code current}.
   *
   * @param previous the configuration seen last, or null when there is none (every entity of {@code
   *     current} is then created)
   * @param current the configuration seen now
   */
  public static List<DetectedChange> detect(ConfigSnapshot previous, ConfigSnapshot current) {
    if (current == null) {
      throw new IllegalArgumentException("ChangeDetector needs the current configuration");
    }
    if (previous != null) {
      if (!previous.gatewayType().equals(current.gatewayType())) {
        throw new IllegalArgumentException(
            "Cannot compare a "
                + previous.gatewayType()
                + " configuration with a "
                + current.gatewayType()
                + " one of gateway "
                + current.gatewayId());
      }
      if (previous.configHash().equals(current.configHash())) {
        return List.of();
      }
    }
    return detect(previous == null ? List.of() : previous.entities(), current.entities());
  }

  /** The changes that turn one set of entities into another (keys unique within each). */
  public static List<DetectedChange> detect(
      List<ConfigEntity> previousEntities, List<ConfigEntity> currentEntities) {
    Map<String, ConfigEntity> previous = new HashMap<>();
    previousEntities.forEach(entity -> previous.put(entity.key(), entity));
    Map<String, ConfigEntity> current = new HashMap<>();
    currentEntities.forEach(entity -> current.put(entity.key(), entity));

    List<DetectedChange> changes = new ArrayList<>();
    for (ConfigEntity entity : DependencyOrder.of(current.values()).parentsFirst()) {
      ConfigEntity was = previous.get(entity.key());
      if (was == null) {
        changes.add(new DetectedChange(ChangeOperation.CREATE, null, entity));
      } else if (!was.equals(entity)) {
        changes.add(new DetectedChange(ChangeOperation.UPDATE, was, entity));
      }
    }
    for (ConfigEntity entity : DependencyOrder.of(previous.values()).childrenFirst()) {
      if (!current.containsKey(entity.key())) {
        changes.add(new DetectedChange(ChangeOperation.DELETE, entity, null));
      }
    }
    return changes;
  }
}
