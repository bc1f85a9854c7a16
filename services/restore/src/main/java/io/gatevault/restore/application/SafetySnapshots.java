package io.gatevault.restore.application;

import io.gatevault.core.config.ConfigSnapshot;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The configurations targets ran before a restore touched them, kept in this process's memory
 * (never written in plaintext) by restore command, so a failed restore can roll back and an
 * operator can ask what was there. The oldest are forgotten first.
 */
public final class SafetySnapshots {

  private final int capacity;
  private final Map<String, ConfigSnapshot> byCommand;

  public SafetySnapshots(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("SafetySnapshots capacity must be at least 1");
    }
    this.capacity = capacity;
    this.byCommand =
        new LinkedHashMap<>() {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, ConfigSnapshot> eldest) {
            return size() > SafetySnapshots.this.capacity;
          }
        };
  }

  public synchronized void keep(String commandId, ConfigSnapshot snapshot) {
    byCommand.put(commandId, snapshot);
  }

  /** The safety snapshot taken for restore command {@code commandId}. */
  public synchronized Optional<ConfigSnapshot> find(String commandId) {
    return Optional.ofNullable(byCommand.get(commandId));
  }
}
