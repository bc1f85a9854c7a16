package io.gatevault.capture.application;

import io.gatevault.core.gateway.GatewayDescriptor;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the capture service, under {@code gatevault.capture.*}.
 *
 * @param gateways the gateways this capture instance backs up; commands for any other gateway are
 *     audited as failures
 * @param requestTimeout how long one request to a gateway's admin API may take before it counts as
 *     unreachable (and is retried)
 * @param versionsTimeout how long reading or writing backup numbering on {@code
 *     gatevault.capture.versions} (and the change feed's state on {@code
 *     gatevault.capture.changes}) may take before the command or poll is retried
 * @param changes how the change log is cut into sealed segments
 */
@ConfigurationProperties("gatevault.capture")
@Validated
public record CaptureProperties(
    @Valid @DefaultValue List<Gateway> gateways,
    @DefaultValue("10s") @NotNull Duration requestTimeout,
    @DefaultValue("30s") @NotNull Duration versionsTimeout,
    @Valid @DefaultValue Changes changes) {

  /** Poll interval of a gateway's change feed when its settings name none. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);

  /**
   * Change-log segments, {@code gatevault.capture.changes.*}: a gateway's open segment is sealed
   * when it holds {@code segmentEvents} changes or its first change has waited {@code
   * segmentSeconds}, whichever comes first.
   *
   * @param segmentEvents changes per segment at most (at least 1)
   * @param segmentSeconds seconds a change waits in an open segment at most (above 0; fractions
   *     allowed, e.g. 0.5)
   * @param heartbeatSeconds least seconds between two heartbeats written to {@code
   *     gatevault.capture.heartbeats} for a gateway whose log did not change (a new sequence is
   *     written at once; 0 writes one after every poll)
   */
  public record Changes(
      @DefaultValue("1000") @Min(value = 1, message = "must be at least 1") int segmentEvents,
      // 0.25: at 1,000 changes/s a change reaches a verified segment in under 500 ms at p50
      // (docs/benchmarks.md); a quiet gateway seals nothing, however short this is.
      @DefaultValue("0.25")
          @DecimalMin(value = "0.001", message = "must be above 0 (seconds, e.g. 1 or 0.5)")
          double segmentSeconds,
      @DefaultValue("5")
          @DecimalMin(value = "0", message = "must be 0 (every poll) or more seconds, e.g. 5")
          double heartbeatSeconds) {

    @ConstructorBinding
    public Changes {}

    /** Segments without a heartbeat setting: the default heartbeat interval. */
    public Changes(int segmentEvents, double segmentSeconds) {
      this(segmentEvents, segmentSeconds, 5);
    }

    /** {@code heartbeatSeconds} as a duration. */
    public Duration heartbeatInterval() {
      return Duration.ofNanos(Math.round(heartbeatSeconds * 1_000_000_000d));
    }

    /** {@code segmentSeconds} as a duration. */
    public Duration segmentAge() {
      return Duration.ofNanos(Math.round(segmentSeconds * 1_000_000_000d));
    }
  }

  /** A configuration without a {@code changes} section: default segments. */
  public CaptureProperties(
      List<Gateway> gateways, Duration requestTimeout, Duration versionsTimeout) {
    this(gateways, requestTimeout, versionsTimeout, new Changes(1000, 0.25));
  }

  /**
   * Checks every gateway's schedule at start, so a wrong one fails start-up with a message that
   * names the setting ({@code gatevault.capture.gateways[i].schedule}) instead of silently never
   * running.
   */
  @ConstructorBinding
  public CaptureProperties {
    if (gateways != null) {
      for (int i = 0; i < gateways.size(); i++) {
        gateways.get(i).schedule("gatevault.capture.gateways[" + i + "]");
      }
    }
  }

  /** Gateway id to its change feed's poll interval, for the gateways whose feed is on. */
  public Map<String, Duration> pollIntervals() {
    Map<String, Duration> intervals = new LinkedHashMap<>();
    for (Gateway gateway : gateways) {
      Duration interval = gateway.pollIntervalOrDefault();
      if (!interval.isZero()) {
        intervals.put(gateway.id(), interval);
      }
    }
    return intervals;
  }

  /** Gateway id to its backup schedule, for the gateways that have one. */
  public Map<String, BackupSchedule> schedules() {
    Map<String, BackupSchedule> schedules = new LinkedHashMap<>();
    for (int i = 0; i < gateways.size(); i++) {
      Gateway gateway = gateways.get(i);
      gateway
          .schedule("gatevault.capture.gateways[" + i + "]")
          .ifPresent(schedule -> schedules.put(gateway.id(), schedule));
    }
    return schedules;
  }

  /**
   * One gateway to back up.
   *
   * @param id Gatevault's id of the gateway, the key of its events (letters, digits, dot, dash,
   *     underscore)
   * @param type which adapter reads it, e.g. {@code caddy} or {@code http-json} (libs/gateways'
   *     {@code GatewayAdapters} lists the types; an unknown one fails start-up naming this setting)
   * @param adminUrl URL that returns the gateway's whole configuration
   * @param environment environment the gateway serves (the Environment tag), e.g. prod
   * @param application application or team it fronts (the Application tag)
   * @param owner who is accountable for it (the Owner tag)
   * @param schedule Spring cron expression (second minute hour day-of-month month day-of-week, or a
   *     macro such as {@code @daily}) for scheduled full backups, or empty for on-demand only
   * @param offPeakWindow {@code HH:mm-HH:mm} in {@code timeZone} to which scheduled backups are
   *     held (may wrap midnight); a run outside it waits for its start. Empty for any time
   * @param timeZone zone of {@code schedule} and {@code offPeakWindow}; UTC when empty
   * @param secrets {@code keep} (default: secret values stay in the snapshot, which is sealed) or
   *     {@code redact} (each secret is replaced by a placeholder naming its entity and path, and
   *     the snapshot lists them; a restore needs them supplied again)
   * @param pollInterval how often the change feed checks the gateway for changes made behind
   *     Gatevault's back ({@link #DEFAULT_POLL_INTERVAL} when unset, {@code 0} turns the feed off;
   *     snapshots still bring the change log up to date)
   */
  public record Gateway(
      @NotBlank(message = "must be set: the id commands use for this gateway")
          @Pattern(
              regexp = "[A-Za-z0-9._-]+",
              message = "may only hold letters, digits, '.', '_' and '-'")
          String id,
      @NotBlank(message = "must be set to a gateway type, e.g. caddy or http-json") String type,
      @NotNull(message = "must be the URL that returns the gateway's configuration") URI adminUrl,
      @NotBlank(message = "must be set, e.g. prod (it becomes the Environment tag)")
          String environment,
      @NotBlank(message = "must be set (it becomes the Application tag)") String application,
      @NotBlank(message = "must be set (it becomes the Owner tag)") String owner,
      String schedule,
      String offPeakWindow,
      String timeZone,
      @Pattern(
              regexp = "keep|redact",
              message =
                  "must be keep (secrets stay in the sealed backup) or redact (left out, supplied"
                      + " again on restore)")
          String secrets,
      Duration pollInterval) {

    @ConstructorBinding
    public Gateway {}

    /** A gateway without a poll interval setting: the default one. */
    public Gateway(
        String id,
        String type,
        URI adminUrl,
        String environment,
        String application,
        String owner,
        String schedule,
        String offPeakWindow,
        String timeZone,
        String secrets) {
      this(
          id,
          type,
          adminUrl,
          environment,
          application,
          owner,
          schedule,
          offPeakWindow,
          timeZone,
          secrets,
          null);
    }

    /** The change feed's poll interval: the setting, or the default when unset. */
    public Duration pollIntervalOrDefault() {
      return pollInterval == null ? DEFAULT_POLL_INTERVAL : pollInterval;
    }

    /** A negative interval is a mistake, not "off". */
    @AssertTrue(message = "poll-interval must be 0 (feed off) or positive, e.g. 5s")
    public boolean isPollIntervalNotNegative() {
      return pollInterval == null || !pollInterval.isNegative();
    }

    /** Whether capture replaces this gateway's secrets by placeholders. */
    public boolean redactsSecrets() {
      return "redact".equals(secrets);
    }

    /**
     * This gateway's backup schedule, or empty without one.
     *
     * @param setting prefix of this gateway's settings, named in the error
     * @throws IllegalArgumentException naming the wrong setting and the expected form
     */
    public Optional<BackupSchedule> schedule(String setting) {
      if (schedule == null || schedule.isBlank()) {
        if (offPeakWindow != null && !offPeakWindow.isBlank()) {
          throw new IllegalArgumentException(
              setting
                  + ".off-peak-window is set but "
                  + setting
                  + ".schedule is not: an off-peak window only holds scheduled backups; add a"
                  + " schedule (e.g. '0 30 2 * * *') or remove the window");
        }
        return Optional.empty();
      }
      return Optional.of(BackupSchedule.parse(setting, schedule, offPeakWindow, timeZone));
    }

    /** The admin URL must be http(s). */
    @AssertTrue(message = "admin-url must be an absolute http:// or https:// URL")
    public boolean isAdminUrlHttp() {
      return adminUrl == null
          || (("http".equals(adminUrl.getScheme()) || "https".equals(adminUrl.getScheme()))
              && adminUrl.getHost() != null);
    }

    public GatewayDescriptor descriptor() {
      return new GatewayDescriptor(id, type, adminUrl, environment, application, owner);
    }
  }

  /** Gateway ids must be unique, or commands would be ambiguous. */
  @AssertTrue(
      message = "gatevault.capture.gateways has two entries with the same id: ids must be unique")
  public boolean isEveryGatewayIdUnique() {
    Set<String> ids = new HashSet<>();
    return gateways == null
        || gateways.stream().map(Gateway::id).filter(id -> id != null).allMatch(ids::add);
  }
}
