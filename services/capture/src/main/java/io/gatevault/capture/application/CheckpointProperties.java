package io.gatevault.capture.application;

import java.util.OptionalLong;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How often capture writes a checkpoint, {@code gatevault.capture.changes.checkpoint-every}: a
 * number of changes (at least 1), or {@code off}.
 *
 * <p>The default, 100,000, bounds a point-in-time replay to at most 100,000 changes after the
 * nearest checkpoint: unsealing and replaying that many from sealed segments takes under a second
 * (docs/benchmarks.md), while a checkpoint costs one encoding of the configuration (about 260 bytes
 * an entity) per 100,000 changes, which for a gateway changing once a second is about one a day.
 *
 * @param checkpointEvery changes between checkpoints, or {@code off}
 */
@ConfigurationProperties("gatevault.capture.changes")
public record CheckpointProperties(@DefaultValue("100000") String checkpointEvery) {

  /** The default interval. */
  public static final long DEFAULT_EVERY = 100_000;

  public CheckpointProperties {
    interval(checkpointEvery);
  }

  /** The interval, or empty when checkpoints are off. */
  public OptionalLong every() {
    return interval(checkpointEvery);
  }

  private static OptionalLong interval(String value) {
    if (value == null || value.isBlank()) {
      return OptionalLong.of(DEFAULT_EVERY);
    }
    String trimmed = value.trim();
    if (trimmed.equalsIgnoreCase("off")) {
      return OptionalLong.empty();
    }
    long every;
    try {
      every = Long.parseLong(trimmed.replace("_", ""));
    } catch (NumberFormatException notANumber) {
      throw new IllegalArgumentException(
          "gatevault.capture.changes.checkpoint-every is '"
              + value
              + "': give a number of changes between checkpoints (e.g. 100000) or off");
    }
    if (every < 1) {
      throw new IllegalArgumentException(
          "gatevault.capture.changes.checkpoint-every is "
              + every
              + ": use at least 1 (changes between checkpoints), or off");
    }
    return OptionalLong.of(every);
  }
}
