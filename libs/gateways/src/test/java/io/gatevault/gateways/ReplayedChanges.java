package io.gatevault.gateways;

import io.gatevault.core.changes.ChangeDetector;
import io.gatevault.core.changes.DetectedChange;
import io.gatevault.core.config.ConfigEntity;
import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.pitr.ConfigState;
import io.gatevault.core.pitr.LoggedChange;
import java.time.Instant;
import java.util.List;

/**
 * What a point-in-time restore holds after replaying the change log from {@code base} to {@code
 * moment}: the changes the capture feed detects between them (the same {@link ChangeDetector}),
 * applied in sequence by the restore's own {@link ConfigState}, each entity decoded from its image.
 */
public final class ReplayedChanges {

  private static final Instant AT = Instant.parse("2026-11-26T12:00:00Z");

  private ReplayedChanges() {}

  /** The entities of {@code base} with every change up to {@code moment} replayed onto them. */
  public static List<ConfigEntity> onto(ConfigSnapshot base, ConfigSnapshot moment) {
    ConfigState state = ConfigState.fromSnapshot(base, "base", 0, AT);
    long sequence = 1;
    for (DetectedChange change : ChangeDetector.detect(base, moment)) {
      state.apply(
          new LoggedChange(
              sequence++,
              change.op(),
              change.entityType(),
              change.entityId(),
              change.afterImage(),
              AT));
    }
    return state.entities();
  }

  /** How many changes the feed would publish between the two. */
  public static int count(ConfigSnapshot base, ConfigSnapshot moment) {
    return ChangeDetector.detect(base, moment).size();
  }
}
