package io.gatevault.prune.application;

import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.Command;
import io.gatevault.core.event.PruneRequested;
import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.ProcessedEvents;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The prune service's application logic. This release receives prune requests (PruneRequested
 * commands) once each (redeliveries are ignored through {@link ProcessedEvents}) and audits the
 * receipt as {@value #ACTION}. The next release will apply the retention policy (measured from the
 * newest verified backup, never deleting the last verified copy, refusing an empty policy), dry-run
 * first, and publish a DeletionRecord per deleted copy.
 */
public class RetentionPruner {

  static final String ACTION = "prune.received";

  private final AuditTrail audit;
  private final ProcessedEvents processed;

  public RetentionPruner(AuditTrail audit, ProcessedEvents processed) {
    this.audit = audit;
    this.processed = processed;
  }

  /** Handles a command from the command topic; only PruneRequested concerns prune. */
  public void onCommand(Command command) {
    if (command instanceof PruneRequested request) {
      processed.handleOnce(request.envelope().eventId(), () -> recordReceipt(request));
    }
  }

  private void recordReceipt(PruneRequested request) {
    Map<String, String> detail = new LinkedHashMap<>();
    detail.put("commandId", request.commandId());
    detail.put("requestedBy", request.requestedBy());
    detail.put("dryRun", Boolean.toString(request.dryRun()));
    detail.put("status", "received; prune work arrives with the next release");
    audit.record(
        ACTION,
        request.gatewayId(),
        AuditOutcome.SUCCESS,
        request.envelope(),
        request.gatewayId(),
        detail);
  }
}
