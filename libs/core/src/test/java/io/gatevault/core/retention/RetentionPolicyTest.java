package io.gatevault.core.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Retention as a table of cases: the input backups, the policy, and what must be kept. */
class RetentionPolicyTest {

  @Test
  void emptyPolicyIsRefusedWithTheSettingsToChange() {
    assertThatThrownBy(() -> new RetentionPolicy("p", 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is empty")
        .hasMessageContaining("gatevault.retention.daily");
  }

  @Test
  void negativeCountIsRefused() {
    assertThatThrownBy(() -> new RetentionPolicy("p", 30, -1, 12))
        .hasMessageContaining("weekly=-1");
  }

  @Test
  void defaultsAreThirtyDaysTwelveWeeksTwelveMonths() {
    RetentionPolicy policy = RetentionPolicy.defaults();
    assertThat(policy.daily()).isEqualTo(30);
    assertThat(policy.weekly()).isEqualTo(12);
    assertThat(policy.monthly()).isEqualTo(12);
    assertThat(policy.describe()).isEqualTo("default (daily 30, weekly 12, monthly 12)");
  }

  @Test
  void nothingIsRemovedWhileNoBackupIsVerified() {
    List<BackupPoint> backups =
        List.of(
            point("a", "2020-01-01T00:00:00Z", false), point("b", "2025-08-18T10:00:00Z", false));
    RetentionDecision decision = new RetentionPolicy("p", 1, 0, 0).apply(backups);
    assertThat(decision.remove()).isEmpty();
    assertThat(decision.anchor()).isNull();
    assertThat(decision.keep()).extracting(v -> v.backup().id()).containsExactly("b", "a");
    assertThat(decision.keep().get(0).reasons().get(0)).contains("no verified backup yet");
  }

  @Test
  void captureStoppedNinetyDaysAgoNothingExpires() {
    // Thirty daily backups that ended long ago: measured from the newest verified backup (not from
    // today), all thirty are still inside the 30-day window.
    List<BackupPoint> backups = dailies(LocalDate.parse("2025-01-01"), 30, true);
    RetentionDecision decision = new RetentionPolicy("p", 30, 0, 0).apply(backups);
    assertThat(decision.remove()).isEmpty();
    assertThat(decision.keep()).hasSize(30);
    // And applying it again to what was kept changes nothing: the decision does not drift.
    assertThat(new RetentionPolicy("p", 30, 0, 0).apply(kept(decision)).remove()).isEmpty();
  }

  @Test
  void theNewestVerifiedBackupIsNeverRemovedAndNewerUnverifiedOnesAreKept() {
    List<BackupPoint> backups =
        List.of(
            point("old-verified", "2024-01-01T00:00:00Z", true),
            point("new-1", "2025-08-17T00:00:00Z", false),
            point("new-2", "2025-08-18T00:00:00Z", false));
    RetentionDecision decision = new RetentionPolicy("p", 1, 0, 0).apply(backups);
    assertThat(decision.anchor().id()).isEqualTo("old-verified");
    assertThat(decision.remove()).isEmpty();
    assertThat(decision.verdictFor("old-verified").orElseThrow().reasons())
        .anyMatch(reason -> reason.contains("never removed"));
    assertThat(decision.verdictFor("new-1").orElseThrow().reasons())
        .anyMatch(reason -> reason.contains("not verified yet"));
  }

  @Test
  void dailyWindowBoundaryIsTheCalendarDayNDaysBackIncludingTheAnchorsDay() {
    List<BackupPoint> backups =
        List.of(
            point("anchor", "2025-08-18T10:00:00Z", true),
            point("first-day-of-window", "2025-08-16T00:00:00Z", true),
            point("last-second-before", "2025-08-15T23:59:59Z", true));
    RetentionDecision decision = new RetentionPolicy("p", 3, 0, 0).apply(backups);
    assertThat(ids(decision.keep())).containsExactly("anchor", "first-day-of-window");
    assertThat(ids(decision.remove())).containsExactly("last-second-before");
    assertThat(decision.remove().get(0).reasons().get(0))
        .startsWith("expired:")
        .contains("daily from 2025-08-16");
  }

  @Test
  void onlyTheNewestBackupOfADayIsKeptAndTheOthersNameIt() {
    List<BackupPoint> backups =
        List.of(
            point("evening", "2025-08-18T20:00:00Z", true),
            point("noon", "2025-08-18T12:00:00Z", true),
            point("morning", "2025-08-18T08:00:00Z", true));
    RetentionDecision decision = new RetentionPolicy("p", 7, 0, 0).apply(backups);
    assertThat(ids(decision.keep())).containsExactly("evening");
    assertThat(ids(decision.remove())).containsExactly("noon", "morning");
    assertThat(decision.remove().get(0).reasons())
        .containsExactly("superseded: daily 2025-08-18 keeps evening instead");
  }

  @Test
  void aPeriodPrefersItsNewestVerifiedBackupOverANewerFailedOne() {
    List<BackupPoint> backups =
        List.of(
            point("anchor", "2025-08-18T10:00:00Z", true),
            point("failed", "2025-08-17T20:00:00Z", false),
            point("good", "2025-08-17T08:00:00Z", true));
    RetentionDecision decision = new RetentionPolicy("p", 7, 0, 0).apply(backups);
    assertThat(ids(decision.keep())).containsExactly("anchor", "good");
    assertThat(ids(decision.remove())).containsExactly("failed");
  }

  @Test
  void aPeriodWithoutAnyVerifiedBackupKeepsItsNewest() {
    List<BackupPoint> backups =
        List.of(
            point("anchor", "2025-08-18T10:00:00Z", true),
            point("unverified-late", "2025-08-17T20:00:00Z", false),
            point("unverified-early", "2025-08-17T08:00:00Z", false));
    RetentionDecision decision = new RetentionPolicy("p", 7, 0, 0).apply(backups);
    assertThat(ids(decision.keep())).containsExactly("anchor", "unverified-late");
    assertThat(decision.verdictFor("unverified-late").orElseThrow().reasons().get(0))
        .contains("(none verified)");
  }

  @Test
  void weeksAreIsoWeeksStartingOnMonday() {
    // 2025-08-17 is a Sunday (2025-W33); 2025-08-11 the Monday of the same week.
    List<BackupPoint> backups =
        List.of(
            point("sunday-w33", "2025-08-17T10:00:00Z", true),
            point("monday-w33", "2025-08-11T00:00:00Z", true),
            point("sunday-w32", "2025-08-10T23:00:00Z", true),
            point("saturday-w32", "2025-08-09T10:00:00Z", true),
            point("sunday-w31", "2025-08-03T10:00:00Z", true));
    RetentionDecision decision = new RetentionPolicy("p", 0, 2, 0).apply(backups);
    assertThat(ids(decision.keep())).containsExactly("sunday-w33", "sunday-w32");
    assertThat(decision.verdictFor("monday-w33").orElseThrow().reasons())
        .containsExactly("superseded: weekly 2025-W33 keeps sunday-w33 instead");
    assertThat(decision.verdictFor("sunday-w31").orElseThrow().reasons().get(0))
        .startsWith("expired:")
        .contains("weekly from 2025-08-04");
  }

  @Test
  void isoWeeksCrossTheYearBoundary() {
    // 2024-12-30 (Monday) belongs to 2025-W01; 2024-12-29 (Sunday) to 2024-W52.
    List<BackupPoint> backups =
        List.of(
            point("w01-sunday", "2025-01-05T10:00:00Z", true),
            point("w01-monday-2024", "2024-12-30T10:00:00Z", true),
            point("w52-sunday", "2024-12-29T10:00:00Z", true));
    RetentionDecision decision = new RetentionPolicy("p", 0, 2, 0).apply(backups);
    assertThat(ids(decision.keep())).containsExactly("w01-sunday", "w52-sunday");
    assertThat(decision.verdictFor("w52-sunday").orElseThrow().reasons().get(0))
        .startsWith("weekly 2024-W52");
    assertThat(decision.verdictFor("w01-monday-2024").orElseThrow().reasons())
        .containsExactly("superseded: weekly 2025-W01 keeps w01-sunday instead");
  }

  @Test
  void monthsAreCalendarMonthsCountedFromTheAnchorsMonth() {
    List<BackupPoint> backups =
        List.of(
            point("march", "2025-03-31T10:00:00Z", true),
            point("february-end", "2025-02-28T23:00:00Z", true),
            point("february-start", "2025-02-01T00:00:00Z", true),
            point("january-first", "2025-01-01T00:00:00Z", true),
            point("december-last", "2024-12-31T23:59:59Z", true));
    RetentionDecision decision = new RetentionPolicy("p", 0, 0, 3).apply(backups);
    assertThat(ids(decision.keep())).containsExactly("march", "february-end", "january-first");
    assertThat(decision.verdictFor("february-start").orElseThrow().reasons())
        .containsExactly("superseded: monthly 2025-02 keeps february-end instead");
    assertThat(decision.verdictFor("december-last").orElseThrow().reasons().get(0))
        .contains("monthly from 2025-01-01");
  }

  @Test
  void aBackupKeptByMoreThanOneRuleListsEveryReason() {
    List<BackupPoint> backups = List.of(point("only", "2025-08-18T10:00:00Z", true));
    RetentionDecision decision = RetentionPolicy.defaults().apply(backups);
    assertThat(decision.keep().get(0).reasons())
        .hasSize(4)
        .anyMatch(reason -> reason.startsWith("daily 2025-08-18"))
        .anyMatch(reason -> reason.startsWith("weekly 2025-W34"))
        .anyMatch(reason -> reason.startsWith("monthly 2025-08"));
  }

  @Test
  void theDecisionDoesNotDependOnTheOrderOfTheInput() {
    List<BackupPoint> backups = new ArrayList<>(dailies(LocalDate.parse("2025-01-01"), 100, true));
    RetentionDecision forward = RetentionPolicy.defaults().apply(backups);
    java.util.Collections.reverse(backups);
    assertThat(RetentionPolicy.defaults().apply(backups)).isEqualTo(forward);
  }

  @Test
  void everyBackupIsEitherKeptOrRemovedExactlyOnce() {
    List<BackupPoint> backups = dailies(LocalDate.parse("2024-01-01"), 500, true);
    RetentionDecision decision = RetentionPolicy.defaults().apply(backups);
    assertThat(decision.keep().size() + decision.remove().size()).isEqualTo(500);
    assertThat(ids(decision.keep())).doesNotContainAnyElementsOf(ids(decision.remove()));
  }

  @Test
  void anEmptyListGivesAnEmptyDecision() {
    RetentionDecision decision = RetentionPolicy.defaults().apply(List.of());
    assertThat(decision.keep()).isEmpty();
    assertThat(decision.remove()).isEmpty();
  }

  @Test
  void duplicateIdsAreRefused() {
    List<BackupPoint> backups =
        List.of(point("x", "2025-08-18T10:00:00Z", true), point("x", "2025-08-17T10:00:00Z", true));
    assertThatThrownBy(() -> RetentionPolicy.defaults().apply(backups))
        .hasMessageContaining("backup x appears twice");
  }

  static BackupPoint point(String id, String createdAt, boolean verified) {
    return new BackupPoint(id, Instant.parse(createdAt), verified);
  }

  /** One backup a day at 14:30 UTC for {@code days} days ending on {@code last}. */
  static List<BackupPoint> dailies(LocalDate last, int days, boolean verified) {
    List<BackupPoint> backups = new ArrayList<>();
    for (int i = 0; i < days; i++) {
      LocalDate day = last.minusDays(i);
      backups.add(
          new BackupPoint("b-" + day, day.atTime(14, 30).toInstant(ZoneOffset.UTC), verified));
    }
    return backups;
  }

  private static List<BackupPoint> kept(RetentionDecision decision) {
    return decision.keep().stream().map(RetentionDecision.Verdict::backup).toList();
  }

  private static List<String> ids(List<RetentionDecision.Verdict> verdicts) {
    return verdicts.stream().map(verdict -> verdict.backup().id()).toList();
  }
}
