package io.gatevault.core.retention;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * How long backups are kept: the newest backup of each of the last {@code daily} days, {@code
 * weekly} ISO weeks and {@code monthly} months. Days, weeks and months are calendar periods in UTC.
 *
 * <p>{@link #apply} is a pure function in the manner of restic's {@code ApplyPolicy}, with two
 * rules that make it safe when capture or verification stops:
 *
 * <ul>
 *   <li>the windows are measured from the newest <em>verified</em> backup, not from now: if backups
 *       stop, nothing expires until a new one is verified;
 *   <li>the newest verified backup is never removed, and backups newer than it (not verified yet)
 *       are kept: with no verified backup at all, nothing is removed.
 * </ul>
 *
 * In each period the newest verified backup represents the period; a period with no verified backup
 * keeps its newest one, so a verification outage does not thin out recent history.
 *
 * @param name name of the policy, reported in every deletion record
 * @param daily days of daily backups to keep, 0 for none
 * @param weekly ISO weeks of weekly backups to keep, 0 for none
 * @param monthly months of monthly backups to keep, 0 for none
 */
public record RetentionPolicy(String name, int daily, int weekly, int monthly) {

  public static final int DEFAULT_DAILY = 30;
  public static final int DEFAULT_WEEKLY = 12;
  public static final int DEFAULT_MONTHLY = 12;
  public static final String DEFAULT_NAME = "default";

  public RetentionPolicy {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("RetentionPolicy.name must not be blank");
    }
    if (daily < 0 || weekly < 0 || monthly < 0) {
      throw new IllegalArgumentException(
          "retention policy '"
              + name
              + "' has a negative count (daily="
              + daily
              + ", weekly="
              + weekly
              + ", monthly="
              + monthly
              + "): each must be 0 or more");
    }
    if (daily == 0 && weekly == 0 && monthly == 0) {
      throw new IllegalArgumentException(
          "retention policy '"
              + name
              + "' is empty (daily=0, weekly=0, monthly=0): it would keep nothing, so it is"
              + " refused. Set at least one of gatevault.retention.daily, weekly, monthly above 0");
    }
  }

  /** Daily for 30 days, weekly for 12 weeks, monthly for 12 months. */
  public static RetentionPolicy defaults() {
    return new RetentionPolicy(DEFAULT_NAME, DEFAULT_DAILY, DEFAULT_WEEKLY, DEFAULT_MONTHLY);
  }

  /** E.g. {@code default (daily 30, weekly 12, monthly 12)}, for deletion records and reports. */
  public String describe() {
    return name + " (daily " + daily + ", weekly " + weekly + ", monthly " + monthly + ")";
  }

  /**
   * Decides which of {@code backups} to keep and which to remove. Pure: the same list gives the
   * same decision, whatever the date.
   *
   * @throws IllegalArgumentException when two backups share an id
   */
  public RetentionDecision apply(List<BackupPoint> backups) {
    Set<String> ids = new HashSet<>();
    for (BackupPoint backup : backups) {
      if (!ids.add(backup.id())) {
        throw new IllegalArgumentException(
            "backup " + backup.id() + " appears twice in the list given to retention");
      }
    }
    List<BackupPoint> newestFirst =
        backups.stream()
            .sorted(
                Comparator.comparing(BackupPoint::createdAt)
                    .reversed()
                    .thenComparing(BackupPoint::id))
            .toList();
    BackupPoint anchor =
        newestFirst.stream().filter(BackupPoint::verified).findFirst().orElse(null);
    Map<BackupPoint, List<String>> keep = new LinkedHashMap<>();
    if (anchor == null) {
      newestFirst.forEach(
          backup ->
              keep.put(
                  backup,
                  List.of("no verified backup yet: nothing expires until one is verified")));
      return new RetentionDecision(this, null, verdicts(keep, newestFirst), List.of());
    }

    int anchorIndex = newestFirst.indexOf(anchor);
    List<BackupPoint> candidates = newestFirst.subList(anchorIndex, newestFirst.size());
    for (BackupPoint newer : newestFirst.subList(0, anchorIndex)) {
      reason(
          keep,
          newer,
          "newer than the newest verified backup " + anchor.id() + "; not verified yet");
    }
    reason(keep, anchor, "newest verified backup: retention is measured from it; never removed");

    LocalDate anchorDay = day(anchor.createdAt());
    List<Rule> rules = new ArrayList<>();
    if (daily > 0) {
      rules.add(
          new Rule(
              "daily",
              daily + " days",
              instant -> day(instant).toString(),
              anchorDay.minusDays(daily - 1L),
              instant -> !day(instant).isBefore(anchorDay.minusDays(daily - 1L)),
              "day"));
    }
    if (weekly > 0) {
      LocalDate firstMonday =
          anchorDay
              .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
              .minusWeeks(weekly - 1L);
      rules.add(
          new Rule(
              "weekly",
              weekly + " weeks",
              RetentionPolicy::isoWeek,
              firstMonday,
              instant -> !day(instant).isBefore(firstMonday),
              "week"));
    }
    if (monthly > 0) {
      YearMonth firstMonth = YearMonth.from(anchorDay).minusMonths(monthly - 1L);
      rules.add(
          new Rule(
              "monthly",
              monthly + " months",
              instant -> YearMonth.from(day(instant)).toString(),
              firstMonth.atDay(1),
              instant -> !YearMonth.from(day(instant)).isBefore(firstMonth),
              "month"));
    }

    Map<BackupPoint, String> supersededBy = new LinkedHashMap<>();
    for (Rule rule : rules) {
      Map<String, List<BackupPoint>> periods = new LinkedHashMap<>();
      for (BackupPoint backup : candidates) {
        if (rule.inWindow().test(backup.createdAt())) {
          periods
              .computeIfAbsent(rule.period().apply(backup.createdAt()), p -> new ArrayList<>())
              .add(backup);
        }
      }
      periods.forEach(
          (period, members) -> {
            BackupPoint chosen =
                members.stream().filter(BackupPoint::verified).findFirst().orElse(members.get(0));
            reason(
                keep,
                chosen,
                rule.name()
                    + " "
                    + period
                    + ": newest "
                    + (chosen.verified() ? "verified " : "(none verified) ")
                    + "backup of the "
                    + rule.unit()
                    + " (keep "
                    + rule.count()
                    + ")");
            for (BackupPoint other : members) {
              if (other != chosen) {
                supersededBy.putIfAbsent(
                    other, rule.name() + " " + period + " keeps " + chosen.id() + " instead");
              }
            }
          });
    }

    String windows =
        rules.stream()
            .map(rule -> rule.name() + " from " + rule.windowStart())
            .reduce((a, b) -> a + ", " + b)
            .orElse("");
    Map<BackupPoint, List<String>> remove = new LinkedHashMap<>();
    for (BackupPoint backup : candidates) {
      if (keep.containsKey(backup)) {
        continue;
      }
      String why = supersededBy.get(backup);
      remove.put(
          backup,
          List.of(
              why != null
                  ? "superseded: " + why
                  : "expired: older than every window measured from the newest verified backup "
                      + anchor.id()
                      + " ("
                      + anchor.createdAt()
                      + "): "
                      + windows));
    }
    return new RetentionDecision(
        this, anchor, verdicts(keep, newestFirst), verdicts(remove, newestFirst));
  }

  private record Rule(
      String name,
      String count,
      Function<Instant, String> period,
      LocalDate windowStart,
      java.util.function.Predicate<Instant> inWindow,
      String unit) {}

  private static void reason(Map<BackupPoint, List<String>> map, BackupPoint backup, String why) {
    map.computeIfAbsent(backup, b -> new ArrayList<>()).add(why);
  }

  private static List<RetentionDecision.Verdict> verdicts(
      Map<BackupPoint, List<String>> reasons, List<BackupPoint> order) {
    return order.stream()
        .filter(reasons::containsKey)
        .map(backup -> new RetentionDecision.Verdict(backup, reasons.get(backup)))
        .toList();
  }

  private static LocalDate day(Instant instant) {
    return LocalDate.ofInstant(instant, ZoneOffset.UTC);
  }

  private static String isoWeek(Instant instant) {
    LocalDate day = day(instant);
    return String.format(
        "%d-W%02d", day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
  }
}
