package io.gatevault.storage;

import java.util.List;

/** The storage settings break a rule; the message lists every problem found. */
public class InvalidStorageConfigurationException extends IllegalArgumentException {

  private final List<String> problems;

  public InvalidStorageConfigurationException(List<String> problems) {
    super(
        "gatevault.storage is not usable:\n  - "
            + String.join("\n  - ", problems)
            + "\nFix these settings and start again.");
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
