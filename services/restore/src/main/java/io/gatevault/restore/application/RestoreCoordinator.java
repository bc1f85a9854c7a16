package io.gatevault.restore.application;

import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.Command;
import io.gatevault.core.event.RestoreRequested;
import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.ProcessedEvents;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The restore service's application logic. This release receives restore requests (RestoreRequested
 * commands) once each (redeliveries are ignored through {@link ProcessedEvents}) and audits the
 * receipt as {@value #ACTION}. The next release will pick the newest verified snapshot before the
 * target point, decrypt it, replay the change log, plan the diff against the target gateway, and
 * dry-run or apply it with a safety snapshot.
 */
public class RestoreCoordinator {

  static final String ACTION = "restore.received";

  private final AuditTrail audit;
  private final ProcessedEvents processed;

  public RestoreCoordinator(AuditTrail audit, ProcessedEvents processed) {
    this.audit = audit;
    this.processed = processed;
  }

  /** Handles a command from the command topic; only RestoreRequested concerns restore. */
  public void onCommand(Command command) {
    if (command instanceof RestoreRequested request) {
      processed.handleOnce(request.envelope().eventId(), () -> recordReceipt(request));
    }
  }

  private void recordReceipt(RestoreRequested request) {
    Map<String, String> detail = new LinkedHashMap<>();
    detail.put("commandId", request.commandId());
    detail.put("requestedBy", request.requestedBy());
    detail.put("dryRun", Boolean.toString(request.dryRun()));
    detail.put("status", "received; restore work arrives with the next release");
    audit.record(
        ACTION,
        request.gatewayId(),
        AuditOutcome.SUCCESS,
        request.envelope(),
        request.gatewayId(),
        detail);
  }
}
