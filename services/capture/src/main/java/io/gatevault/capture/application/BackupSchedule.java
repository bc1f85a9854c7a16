package io.gatevault.capture.application;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.springframework.scheduling.support.CronExpression;

/**
 * When one gateway is backed up on its own: a Spring cron expression (six fields: second, minute,
 * hour, day of month, month, day of week) evaluated in the gateway's time zone, optionally held to
 * an {@link OffPeakWindow}.
 *
 * <p>A run the cron expression places outside the window is deferred to the window's next start;
 * several runs deferred to the same start are one run (they would back up the same state). The run
 * instant identifies the run: scheduled backups derive their command id from gateway and run
 * instant, so every capture instance, and a restarted one, asks for the same backup once.
 *
 * <p>A pure function of its inputs (no clock of its own), tested with table tests.
 *
 * @param cron when to run
 * @param window when runs may happen, or null for any time
 * @param zone time zone of the cron expression and the window
 */
public record BackupSchedule(CronExpression cron, OffPeakWindow window, ZoneId zone) {

  /**
   * One scheduled backup.
   *
   * @param cronTime when the cron expression fired
   * @param runAt when the backup runs: {@code cronTime}, or the window's start it was deferred to
   */
  public record Run(Instant cronTime, Instant runAt) {

    public boolean deferred() {
      return !cronTime.equals(runAt);
    }
  }

  public BackupSchedule {
    if (cron == null || zone == null) {
      throw new IllegalArgumentException("BackupSchedule needs a cron expression and a time zone");
    }
  }

  /**
   * Reads a gateway's schedule settings.
   *
   * @param setting prefix of the gateway's settings, e.g. {@code gatevault.capture.gateways[0]},
   *     named in error messages
   * @param window off-peak window text ({@code HH:mm-HH:mm}), or null
   * @param timeZone zone id, or null for UTC
   * @throws IllegalArgumentException naming the wrong setting, what was wrong and the expected form
   */
  public static BackupSchedule parse(String setting, String cron, String window, String timeZone) {
    CronExpression expression;
    try {
      expression = CronExpression.parse(cron.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          setting
              + ".schedule '"
              + cron
              + "' is not a valid Spring cron expression ("
              + e.getMessage()
              + "). It needs six fields: second minute hour day-of-month month day-of-week, e.g."
              + " '0 30 1 * * *' for 01:30 every day, or a macro such as @daily",
          e);
    }
    ZoneId zone;
    try {
      zone =
          timeZone == null || timeZone.isBlank() ? ZoneId.of("UTC") : ZoneId.of(timeZone.strip());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          setting
              + ".time-zone '"
              + timeZone
              + "' is not a time zone id: use a region such as Europe/Berlin, or UTC",
          e);
    }
    OffPeakWindow offPeak =
        window == null || window.isBlank()
            ? null
            : OffPeakWindow.parse(window, setting + ".off-peak-window");
    return new BackupSchedule(expression, offPeak, zone);
  }

  /**
   * The first run after {@code after}, or empty when the cron expression never fires again.
   *
   * <p>The cron expression is evaluated on the wall clock of {@link #zone} (local date-times), so a
   * daylight-saving change neither drops nor doubles a run: a time that does not exist that day
   * (spring forward) runs when the clocks have moved on (02:30 becomes 03:30), and a time that
   * happens twice (fall back) runs once, at its first occurrence.
   */
  public Optional<Run> nextRunAfter(Instant after) {
    LocalDateTime from = after.atZone(zone).toLocalDateTime();
    while (true) {
      LocalDateTime local = cron.next(from);
      if (local == null) {
        return Optional.empty();
      }
      ZonedDateTime fire = local.atZone(zone);
      if (!fire.toInstant().isAfter(after)) {
        // In the repeated hour, after the first pass: only the second occurrence is still ahead.
        fire = fire.withLaterOffsetAtOverlap();
      }
      if (fire.toInstant().isAfter(after)) {
        ZonedDateTime run = window == null ? fire : window.earliestRunFrom(fire);
        return Optional.of(new Run(fire.toInstant(), run.toInstant()));
      }
      from = local;
    }
  }

  @Override
  public String toString() {
    return "'"
        + cron
        + "' in "
        + zone
        + (window == null ? "" : ", held to the off-peak window " + window);
  }
}
