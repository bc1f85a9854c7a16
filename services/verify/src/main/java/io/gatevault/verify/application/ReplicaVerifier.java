package io.gatevault.verify.application;

import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.ReplicaWritten;
import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.ProcessedEvents;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The verify service's application logic. This release receives replica notifications
 * (ReplicaWritten) once each (redeliveries are ignored through {@link ProcessedEvents}) and audits
 * the receipt as {@value #ACTION}. The next release will re-read every copy, check its SHA-256,
 * test-decrypt and test-restore it, and publish a VerificationResult (Success / Failed / Partial).
 */
public class ReplicaVerifier {

  static final String ACTION = "replica.received";

  private final AuditTrail audit;
  private final ProcessedEvents processed;

  public ReplicaVerifier(AuditTrail audit, ProcessedEvents processed) {
    this.audit = audit;
    this.processed = processed;
  }

  /** Handles a notification that a copy of an artifact was written. */
  public void onReplicaWritten(ReplicaWritten replica) {
    processed.handleOnce(replica.envelope().eventId(), () -> recordReceipt(replica));
  }

  private void recordReceipt(ReplicaWritten replica) {
    Map<String, String> detail = new LinkedHashMap<>();
    detail.put("targetId", replica.targetId());
    detail.put("location", replica.location());
    detail.put("sha256", replica.sha256());
    detail.put("status", "received; verification arrives with the next release");
    audit.record(
        ACTION,
        replica.artifactId(),
        AuditOutcome.SUCCESS,
        replica.envelope(),
        replica.envelope().gatewayId(),
        detail);
  }
}
