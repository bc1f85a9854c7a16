package io.gatevault.core.event;

import java.time.Instant;
import java.util.Map;

/**
 * One user or system action, for audit and SIEM export.
 *
 * @param actor user name, token subject or service name
 * @param action e.g. {@code restore.apply}
 * @param target e.g. a gateway id or artifact id
 * @param detail further facts; never secrets or configuration content
 */
public record AuditRecord(
    EventEnvelope envelope,
    String actor,
    String action,
    String target,
    AuditOutcome outcome,
    Map<String, String> detail,
    Instant at)
    implements GatevaultEvent {

  public AuditRecord {
    Require.present(envelope, "AuditRecord.envelope");
    Require.nonBlank(actor, "AuditRecord.actor");
    Require.nonBlank(action, "AuditRecord.action");
    Require.nonBlank(target, "AuditRecord.target");
    Require.present(outcome, "AuditRecord.outcome");
    detail = Require.stringMap(detail, "AuditRecord.detail");
    Require.present(at, "AuditRecord.at");
  }
}
