package io.gatevault.core.event;

/** How an audited action ended. */
public enum AuditOutcome {
  SUCCESS,
  FAILURE,
  /** Refused by authorisation or policy. */
  DENIED,
  /** A long-running action began; its end is audited separately. */
  STARTED,
  /** Part of the action failed. */
  PARTIAL
}
