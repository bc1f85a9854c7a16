package io.gatevault.restore.application;

/** The steps of a restore, in order; each is audited as {@code restore.step}. */
public enum RestoreStep {
  LOCATE("locate"),
  INTEGRITY_CHECK("integrity-check"),
  /** Only for a backup taken with {@code secrets: redact}: the values to supply again. */
  SECRETS("secrets"),
  SAFETY_SNAPSHOT("safety-snapshot"),
  DIFF("diff"),
  APPLY("apply"),
  PROBE("probe"),
  ROLLBACK("rollback");

  private final String label;

  RestoreStep(String label) {
    this.label = label;
  }

  /** The step's name in audit records and reports. */
  public String label() {
    return label;
  }
}
