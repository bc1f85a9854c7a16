package io.gatevault.capture.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackupScheduleTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final String SETTING = "gatevault.capture.gateways[0]";

  @ParameterizedTest(name = "cron ''{0}'' window ''{1}'' after {2} -> cron {3}, run {4}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
          # cron         | window      | after (Berlin)   | cron fires (Berlin) | runs (Berlin)
          0 30 2 * * *   | -           | 2025-08-18T10:00 | 2025-08-19T02:30    | 2025-08-19T02:30
          0 30 2 * * *   | 01:00-05:00 | 2025-08-18T10:00 | 2025-08-19T02:30    | 2025-08-19T02:30
          0 0 12 * * *   | 01:00-05:00 | 2025-08-18T10:00 | 2025-08-18T12:00    | 2025-08-19T01:00
          0 30 0 * * *   | 01:00-05:00 | 2025-08-18T10:00 | 2025-08-19T00:30    | 2025-08-19T01:00
          0 0 5 * * *    | 01:00-05:00 | 2025-08-18T10:00 | 2025-08-19T05:00    | 2025-08-20T01:00
          0 0 1 * * *    | 01:00-05:00 | 2025-08-18T10:00 | 2025-08-19T01:00    | 2025-08-19T01:00
          0 0 23 * * *   | 22:00-04:00 | 2025-08-18T10:00 | 2025-08-18T23:00    | 2025-08-18T23:00
          0 0 3 * * *    | 22:00-04:00 | 2025-08-18T10:00 | 2025-08-19T03:00    | 2025-08-19T03:00
          0 0 12 * * *   | 22:00-04:00 | 2025-08-18T10:00 | 2025-08-18T12:00    | 2025-08-18T22:00
          0 0 4 * * *    | 22:00-04:00 | 2025-08-18T10:00 | 2025-08-19T04:00    | 2025-08-19T22:00
          0 0 * * * *    | 01:00-05:00 | 2025-08-19T04:00 | 2025-08-19T05:00    | 2025-08-20T01:00
          0 0 * * * *    | 01:00-05:00 | 2025-08-20T01:00 | 2025-08-20T02:00    | 2025-08-20T02:00
          """)
  void nextRunFollowsTheCronExpressionAndWaitsForTheWindow(
      String cron, String window, String after, String fires, String runs) {
    BackupSchedule schedule = BackupSchedule.parse(SETTING, cron, window, "Europe/Berlin");

    BackupSchedule.Run run = schedule.nextRunAfter(berlin(after)).orElseThrow();

    assertThat(run.cronTime()).isEqualTo(berlin(fires));
    assertThat(run.runAt()).isEqualTo(berlin(runs));
    assertThat(run.deferred()).isEqualTo(!fires.equals(runs));
  }

  @Test
  void runsDeferredToTheSameWindowStartAreOneRun() {
    // Hourly, but only between 01:00 and 05:00: after the 04:00 run, the fires from 05:00 to
    // 00:00 all wait for 01:00, which is one run, then 02:00 follows.
    BackupSchedule schedule = BackupSchedule.parse(SETTING, "0 0 * * * *", "01:00-05:00", "UTC");
    Instant after = Instant.parse("2025-08-19T04:00:00Z");

    Instant first = schedule.nextRunAfter(after).orElseThrow().runAt();
    Instant second = schedule.nextRunAfter(first).orElseThrow().runAt();

    assertThat(first).isEqualTo(Instant.parse("2025-08-20T01:00:00Z"));
    assertThat(second).isEqualTo(Instant.parse("2025-08-20T02:00:00Z"));
  }

  @Test
  void onTheSpringForwardDayARunInTheSkippedHourRunsAfterTheJumpAndTheNextDayIsNormal() {
    // 30 March 2025: Berlin clocks jump from 02:00 to 03:00 (CET -> CEST); 02:30 does not exist.
    BackupSchedule schedule = BackupSchedule.parse(SETTING, "0 30 2 * * *", null, "Europe/Berlin");

    BackupSchedule.Run gapDay =
        schedule.nextRunAfter(Instant.parse("2025-03-29T12:00:00Z")).orElseThrow();
    BackupSchedule.Run nextDay = schedule.nextRunAfter(gapDay.runAt()).orElseThrow();

    assertThat(gapDay.runAt()).isEqualTo(Instant.parse("2025-03-30T01:30:00Z")); // 03:30 CEST
    assertThat(nextDay.runAt()).isEqualTo(Instant.parse("2025-03-31T00:30:00Z")); // 02:30 CEST
  }

  @Test
  void onTheSpringForwardDayAWindowStartingInTheSkippedHourOpensAfterTheJump() {
    BackupSchedule schedule =
        BackupSchedule.parse(SETTING, "0 0 12 * * *", "02:30-05:00", "Europe/Berlin");

    BackupSchedule.Run run =
        schedule.nextRunAfter(Instant.parse("2025-03-29T10:00:00Z")).orElseThrow();

    // Fires 29 March 12:00 CET, outside the window: deferred to 30 March, whose 02:30 is 03:30
    // CEST.
    assertThat(run.cronTime()).isEqualTo(Instant.parse("2025-03-29T11:00:00Z"));
    assertThat(run.runAt()).isEqualTo(Instant.parse("2025-03-30T01:30:00Z"));
  }

  @Test
  void onTheFallBackDayTheRunHappensOnce() {
    // 26 October 2025: Berlin clocks go back from 03:00 CEST to 02:00 CET; 02:30 happens twice.
    BackupSchedule schedule = BackupSchedule.parse(SETTING, "0 30 2 * * *", null, "Europe/Berlin");

    Instant first =
        schedule.nextRunAfter(Instant.parse("2025-10-25T12:00:00Z")).orElseThrow().runAt();
    Instant second = schedule.nextRunAfter(first).orElseThrow().runAt();

    assertThat(first).isEqualTo(Instant.parse("2025-10-26T00:30:00Z")); // 02:30 CEST
    assertThat(second).isEqualTo(Instant.parse("2025-10-27T01:30:00Z")); // 02:30 CET next day
  }

  @Test
  void anHourlyScheduleKeepsGoingThroughTheRepeatedHourWithoutGoingBack() {
    BackupSchedule schedule = BackupSchedule.parse(SETTING, "0 15 * * * *", null, "Europe/Berlin");
    // 02:20 CET, in the second pass of the repeated hour (02:15 CEST was an hour ago).
    Instant after = Instant.parse("2025-10-26T01:20:00Z");

    assertThat(schedule.nextRunAfter(after).orElseThrow().runAt())
        .isEqualTo(Instant.parse("2025-10-26T02:15:00Z")); // 03:15 CET
  }

  @Test
  void anInvalidCronExpressionNamesTheSettingAndTheExpectedForm() {
    assertThatThrownBy(() -> BackupSchedule.parse(SETTING, "every night", null, "UTC"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gatevault.capture.gateways[0].schedule 'every night'")
        .hasMessageContaining("six fields");
    assertThatThrownBy(() -> BackupSchedule.parse(SETTING, "0 30 2 * *", null, "UTC"))
        .hasMessageContaining("gatevault.capture.gateways[0].schedule");
  }

  @Test
  void anInvalidWindowOrZoneNamesTheSetting() {
    assertThatThrownBy(() -> BackupSchedule.parse(SETTING, "@daily", "1-5", "UTC"))
        .hasMessageContaining("gatevault.capture.gateways[0].off-peak-window '1-5'")
        .hasMessageContaining("HH:mm-HH:mm");
    assertThatThrownBy(() -> BackupSchedule.parse(SETTING, "@daily", "25:00-05:00", "UTC"))
        .hasMessageContaining("gatevault.capture.gateways[0].off-peak-window '25:00-05:00'");
    assertThatThrownBy(() -> BackupSchedule.parse(SETTING, "@daily", "03:00-03:00", "UTC"))
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> BackupSchedule.parse(SETTING, "@daily", null, "Mars/Olympus"))
        .hasMessageContaining("gatevault.capture.gateways[0].time-zone 'Mars/Olympus'");
  }

  @Test
  void withoutATimeZoneTheScheduleIsInUtc() {
    assertThat(BackupSchedule.parse(SETTING, "@daily", null, null).zone())
        .isEqualTo(ZoneId.of("UTC"));
  }

  private static Instant berlin(String localDateTime) {
    return ZonedDateTime.of(LocalDateTime.parse(localDateTime), BERLIN).toInstant();
  }
}
