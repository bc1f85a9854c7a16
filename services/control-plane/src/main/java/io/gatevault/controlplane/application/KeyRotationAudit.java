package io.gatevault.controlplane.application;

import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.AuditRecord;
import io.gatevault.core.event.EventEnvelope;
import io.gatevault.stream.Envelopes;
import io.gatevault.stream.EventPublisher;
import io.gatevault.stream.GatevaultTopics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records a key rotation that {@code gatevault keys rotate} ran (outside the pipeline: it works on
 * the targets directly) in the audit trail, as action {@value #ACTION} on target {@code
 * rotation/<rotationId>}. Each run is one record: its id derives from the rotation id, the outcome
 * and the run id the CLI sends, so a retried request is recorded once and every run (first,
 * resumed, repeated) is recorded.
 */
public class KeyRotationAudit {

  public static final String ACTION = "keys.rotate";

  private final EventPublisher publisher;
  private final Envelopes envelopes;

  public KeyRotationAudit(EventPublisher publisher, Envelopes envelopes) {
    this.publisher = publisher;
    this.envelopes = envelopes;
  }

  /**
   * What one run of a rotation did.
   *
   * @param rotationId the rotation's id (as in its journal, {@code rotations/<rotationId>/})
   * @param runId the CLI's id for this run
   * @param fromKey the key the backups were wrapped under
   * @param toKey the key they are re-wrapped under
   * @param backups how many backups the rotation covers
   * @param keyObjectsWritten key objects written in this run
   * @param keyObjectsRetired old key objects deleted in this run
   * @param resumed whether this run continued an interrupted one
   * @param complete whether every target now has only the new key objects
   * @param notRetired targets that kept old key objects, or empty
   * @param error why the run failed, or null
   * @param requestedBy who ran it
   */
  public record Run(
      String rotationId,
      String runId,
      String fromKey,
      String toKey,
      int backups,
      int keyObjectsWritten,
      int keyObjectsRetired,
      boolean resumed,
      boolean complete,
      List<String> notRetired,
      String error,
      String requestedBy) {}

  public AuditRecord record(Run run) {
    AuditOutcome outcome =
        run.error() != null
            ? AuditOutcome.FAILURE
            : run.complete() ? AuditOutcome.SUCCESS : AuditOutcome.PARTIAL;
    String target = "rotation/" + run.rotationId();
    EventEnvelope envelope =
        envelopes.derived("AuditRecord", null, null, ACTION, target, outcome.name(), run.runId());
    Map<String, String> detail = new LinkedHashMap<>();
    detail.put("fromKey", run.fromKey());
    detail.put("toKey", run.toKey());
    detail.put("backups", Integer.toString(run.backups()));
    detail.put("keyObjectsWritten", Integer.toString(run.keyObjectsWritten()));
    detail.put("keyObjectsRetired", Integer.toString(run.keyObjectsRetired()));
    detail.put("resumed", Boolean.toString(run.resumed()));
    detail.put("complete", Boolean.toString(run.complete()));
    if (run.notRetired() != null && !run.notRetired().isEmpty()) {
      detail.put("notRetired", String.join(", ", run.notRetired()));
    }
    if (run.error() != null) {
      detail.put("error", run.error());
    }
    detail.put("runId", run.runId());
    AuditRecord record =
        new AuditRecord(
            envelope,
            run.requestedBy(),
            ACTION,
            target,
            outcome,
            detail,
            envelopes.clock().instant());
    publisher.publish(GatevaultTopics.AUDIT, run.requestedBy(), record);
    return record;
  }
}
