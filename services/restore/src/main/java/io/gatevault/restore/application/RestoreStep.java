package io.gatevault.restore.application;

/** The steps of a restore, in order; each is audited as {@code restore.step}. */
public enum RestoreStep {
  LOCATE("locate"),
  INTEGRITY_CHECK("integrity-check"),
  /** Only for a point-in-time restore: the change log replayed onto the base snapshot. */
  REPLAY("replay"),
  /** Only for a backup taken with {@code secrets: redact}: the values to supply again. */
  SECRETS("secrets"),
  SAFETY_SNAPSHOT("safety-snapshot"),
  DIFF("diff"),
  /**
   * Only for a point-in-time or selective restore: the dependency-ordered plan (parents created
   * first, children deleted first) and what a selection leaves out.
   */
  PLAN("plan"),
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
