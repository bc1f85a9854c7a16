package io.gatevault.capture.application;

import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hours of a day in which scheduled backups may run, e.g. {@code 01:00-05:00}, in the gateway's
 * time zone: from {@code start} (inclusive) to {@code end} (exclusive). A window whose end is
 * before its start wraps midnight ({@code 22:00-04:00}).
 */
public record OffPeakWindow(LocalTime start, LocalTime end) {

  private static final Pattern FORMAT = Pattern.compile("(\\d{2}:\\d{2})-(\\d{2}:\\d{2})");
  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

  public OffPeakWindow {
    if (start == null || end == null) {
      throw new IllegalArgumentException("OffPeakWindow needs a start and an end");
    }
    if (start.equals(end)) {
      throw new IllegalArgumentException(
          "an off-peak window from "
              + start
              + " to "
              + end
              + " is empty: give two different times, or leave the window out to run at any time");
    }
  }

  /**
   * Reads {@code HH:mm-HH:mm}.
   *
   * @param setting the setting's name, for the error message
   * @throws IllegalArgumentException naming the setting and the expected form
   */
  public static OffPeakWindow parse(String text, String setting) {
    Matcher matcher = FORMAT.matcher(text == null ? "" : text.strip());
    String expected =
        " must be HH:mm-HH:mm in the gateway's time-zone, e.g. 01:00-05:00 (22:00-04:00 wraps"
            + " midnight)";
    if (!matcher.matches()) {
      throw new IllegalArgumentException(setting + " '" + text + "'" + expected);
    }
    try {
      return new OffPeakWindow(
          LocalTime.parse(matcher.group(1), HH_MM), LocalTime.parse(matcher.group(2), HH_MM));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          setting + " '" + text + "'" + expected + ": " + e.getMessage(), e);
    }
  }

  /** True when the window wraps midnight. */
  public boolean wrapsMidnight() {
    return end.isBefore(start);
  }

  /** True when {@code time} of day lies in the window. */
  public boolean contains(LocalTime time) {
    if (wrapsMidnight()) {
      return !time.isBefore(start) || time.isBefore(end);
    }
    return !time.isBefore(start) && time.isBefore(end);
  }

  /**
   * {@code at} itself when it lies in the window, else the next start of the window (the same day
   * when the window has not opened yet, otherwise the next day). On a day when the start does not
   * exist (a daylight-saving gap), the window opens when the clocks have moved on.
   */
  public ZonedDateTime earliestRunFrom(ZonedDateTime at) {
    LocalTime time = at.toLocalTime();
    if (contains(time)) {
      return at;
    }
    // Outside the window: time is in [end, start) for either kind of window.
    ZonedDateTime today = at.toLocalDate().atTime(start).atZone(at.getZone());
    return time.isBefore(start) && !today.isBefore(at) ? today : nextDayStart(at);
  }

  private ZonedDateTime nextDayStart(ZonedDateTime at) {
    return at.toLocalDate().plusDays(1).atTime(start).atZone(at.getZone());
  }

  @Override
  public String toString() {
    return HH_MM.format(start) + "-" + HH_MM.format(end);
  }
}
