package io.gatevault.core.config;

import java.util.List;

/**
 * A backup with redacted secrets cannot be applied: these values were not supplied. Permanent until
 * the operator supplies them.
 */
public class MissingSecretValuesException extends IllegalArgumentException {

  private final List<RedactedSecret> missing;

  public MissingSecretValuesException(List<RedactedSecret> missing) {
    super(
        missing.size()
            + " redacted secret value(s) must be supplied before this backup can be applied: "
            + String.join(", ", missing.stream().map(RedactedSecret::describe).toList())
            + ". Supply each as a line '<reference>=<value>' (or a JSON object) in a secrets file");
    this.missing = List.copyOf(missing);
  }

  /** The values still needed. */
  public List<RedactedSecret> missing() {
    return missing;
  }
}
