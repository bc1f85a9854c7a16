package io.gatevault.messaging.registry;

import java.util.Locale;

/** Compatibility levels understood by Confluent-compatible registries. */
public enum CompatibilityLevel {
  NONE,
  BACKWARD,
  BACKWARD_TRANSITIVE,
  FORWARD,
  FORWARD_TRANSITIVE,
  FULL,
  FULL_TRANSITIVE;

  /**
   * Parses a level as a registry writes it.
   *
   * @throws IllegalArgumentException naming the accepted values when {@code text} is not one
   */
  public static CompatibilityLevel parse(String text) {
    if (text != null) {
      String normalised = text.trim().toUpperCase(Locale.ROOT);
      for (CompatibilityLevel level : values()) {
        if (level.name().equals(normalised)) {
          return level;
        }
      }
    }
    throw new IllegalArgumentException(
        "Unknown compatibility level '"
            + text
            + "': use one of NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL,"
            + " FULL_TRANSITIVE");
  }
}
