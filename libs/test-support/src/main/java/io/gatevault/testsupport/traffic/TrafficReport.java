package io.gatevault.testsupport.traffic;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What each {@link TrafficCheck} saw, by check name ({@code "status 401"}, {@code "limited after 3
 * (burst-capacity 3, replenish-rate 1)"}). Two reports are equal when every check had the same
 * outcome, so a point-in-time restore test can assert {@code after.equals(atT)} and print {@link
 * #differences} when not.
 */
public record TrafficReport(SortedMap<String, String> outcomes) {

  public TrafficReport {
    outcomes = Collections.unmodifiableSortedMap(new TreeMap<>(outcomes));
  }

  public String outcome(String check) {
    return outcomes.get(check);
  }

  /** Check name -> "this outcome -> other outcome" for every check whose outcome differs. */
  public SortedMap<String, String> differences(TrafficReport other) {
    SortedMap<String, String> differences = new TreeMap<>();
    TreeMap<String, String> all = new TreeMap<>(outcomes);
    other.outcomes.forEach(all::putIfAbsent);
    for (String check : all.keySet()) {
      String mine = outcomes.get(check);
      String theirs = other.outcomes.get(check);
      if (!Objects.equals(mine, theirs)) {
        differences.put(check, mine + " -> " + theirs);
      }
    }
    return differences;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, String> entry : outcomes.entrySet()) {
      text.append(entry.getKey()).append(": ").append(entry.getValue()).append('\n');
    }
    return text.toString();
  }
}
