package io.gatevault.replicate.adapter;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Replicate's own settings, under {@code gatevault.replicate}. The targets are the shared {@code
 * gatevault.storage.targets}.
 *
 * @param stagingDir folder where chunks wait until their artifact is whole and every target holds
 *     it; must survive a restart (not a tmpfs), and must not be a backup target
 * @param stagingExpiry staged artifacts untouched this long, that never started replicating, are
 *     discarded (their chunks are gone from Kafka by then, so they can never complete)
 * @param resilience retry, circuit breaker and catch-up of writes to each target
 * @param residency per environment, the regions its backups may be written to ({@code
 *     gatevault.replicate.residency.prod=eu-west-1,eu-central-1}); checked for every artifact
 *     before each target write. An environment without an entry may be written anywhere
 */
@ConfigurationProperties("gatevault.replicate")
@Validated
public record ReplicateProperties(
    @NotNull(
            message =
                "must name a durable folder, e.g. gatevault.replicate.staging-dir=/var/lib/gatevault/replicate")
        Path stagingDir,
    @DefaultValue("7d") @NotNull Duration stagingExpiry,
    @DefaultValue @Valid @NotNull Resilience resilience,
    @DefaultValue Map<String, List<String>> residency) {

  /**
   * How writes to each backup target are retried and cut off ({@code
   * gatevault.replicate.resilience}); one retry and one circuit breaker per target.
   *
   * @param maxAttempts attempts of one target write when failures are transient (1 = no retry)
   * @param initialBackoff wait before the second attempt
   * @param backoffMultiplier each further wait is this many times the previous one
   * @param maxBackoff longest wait between attempts
   * @param jitter random spread of each wait, as a fraction (0.5 = plus or minus 50%), so targets
   *     recovering together are not hit at the same instant
   * @param failureRateThreshold percentage of failed writes (after their retries) in the window
   *     that opens a target's breaker
   * @param slidingWindowSize number of recent writes per target the failure rate is measured over
   * @param minimumCalls writes a target must have seen before its failure rate can open the breaker
   * @param openDuration how long an open breaker refuses writes before letting a trial through
   * @param halfOpenCalls trial writes let through once the open duration has passed
   * @param catchUpInterval how often artifacts still owed to some target are written to it
   */
  public record Resilience(
      @DefaultValue("4") @Min(1) @Max(10) int maxAttempts,
      @DefaultValue("500ms") @NotNull Duration initialBackoff,
      @DefaultValue("2.0") @DecimalMin("1.0") @DecimalMax("10.0") double backoffMultiplier,
      @DefaultValue("10s") @NotNull Duration maxBackoff,
      @DefaultValue("0.5") @DecimalMin("0.0") @DecimalMax("0.99") double jitter,
      @DefaultValue("50") @Min(1) @Max(100) int failureRateThreshold,
      @DefaultValue("10") @Min(1) @Max(1000) int slidingWindowSize,
      @DefaultValue("4") @Min(1) @Max(1000) int minimumCalls,
      @DefaultValue("60s") @NotNull Duration openDuration,
      @DefaultValue("1") @Min(1) @Max(100) int halfOpenCalls,
      @DefaultValue("30s") @NotNull Duration catchUpInterval) {

    /** Defaults, as documented in the README. */
    public static Resilience defaults() {
      return new Resilience(
          4,
          Duration.ofMillis(500),
          2.0,
          Duration.ofSeconds(10),
          0.5,
          50,
          10,
          4,
          Duration.ofSeconds(60),
          1,
          Duration.ofSeconds(30));
    }

    @AssertTrue(
        message =
            "gatevault.replicate.resilience: initial-backoff, max-backoff, open-duration and"
                + " catch-up-interval must be positive, and max-backoff at least initial-backoff")
    public boolean isDurationsConsistent() {
      return initialBackoff != null
          && maxBackoff != null
          && openDuration != null
          && catchUpInterval != null
          && !initialBackoff.isNegative()
          && !initialBackoff.isZero()
          && !openDuration.isNegative()
          && !openDuration.isZero()
          && !catchUpInterval.isNegative()
          && !catchUpInterval.isZero()
          && maxBackoff.compareTo(initialBackoff) >= 0;
    }
  }
}
