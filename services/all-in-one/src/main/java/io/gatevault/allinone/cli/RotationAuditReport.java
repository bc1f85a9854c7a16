package io.gatevault.allinone.cli;

import io.gatevault.crypto.WrappingKeyReference;
import io.gatevault.crypto.rotation.RotationReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reports one run of {@code gatevault keys rotate} to the audit trail through the control plane
 * ({@code POST /api/v1/audit/key-rotations}). When the control plane cannot be reached (the stack
 * is not running: rotation works offline, on the targets) it says so, and the rotation's journal on
 * every target ({@code rotations/<rotationId>/}) is the record.
 */
final class RotationAuditReport {

  private final ControlPlaneOptions controlPlane;
  private final String requestedBy;
  private final String fromKey;
  private final WrappingKeyReference toKey;
  private final String runId = UUID.randomUUID().toString();
  private String rotationId = "not-started";
  private boolean resumed;

  RotationAuditReport(
      ControlPlaneOptions controlPlane,
      String requestedBy,
      String fromKey,
      WrappingKeyReference toKey) {
    this.controlPlane = controlPlane;
    this.requestedBy = requestedBy;
    this.fromKey = fromKey;
    this.toKey = toKey;
  }

  void started(String rotationId) {
    this.rotationId = rotationId;
  }

  void finished(RotationReport report) {
    this.rotationId = report.rotationId();
    this.resumed = report.resumed();
    Map<String, Object> run = run();
    run.put("backups", report.artifacts());
    run.put("keyObjectsWritten", report.keyObjectsWritten());
    run.put("keyObjectsRetired", report.keyObjectsRetired());
    run.put("complete", report.complete());
    run.put("notRetired", report.notRetired());
    send(run);
  }

  void failed(RuntimeException failure) {
    Map<String, Object> run = run();
    String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
    run.put("error", message.length() > 2000 ? message.substring(0, 2000) : message);
    send(run);
  }

  private Map<String, Object> run() {
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("rotationId", rotationId);
    run.put("runId", runId);
    run.put("fromKey", fromKey);
    run.put("toKey", toKey.describe());
    run.put("backups", 0);
    run.put("keyObjectsWritten", 0);
    run.put("keyObjectsRetired", 0);
    run.put("resumed", resumed);
    run.put("complete", false);
    run.put("notRetired", List.of());
    run.put("requestedBy", requestedBy);
    return run;
  }

  private void send(Map<String, Object> run) {
    String journal = "its journal rotations/" + rotationId + "/ on every target";
    String url;
    try {
      url = controlPlane.url();
      ControlPlaneClient.Reply reply =
          controlPlane.client().post("/api/v1/audit/key-rotations", run, runId);
      if (reply.ok()) {
        System.out.println(
            "Recorded in the audit trail (keys.rotate, "
                + reply.body().path("outcome").asText()
                + ", event "
                + reply.body().path("eventId").asText()
                + ") and in "
                + journal
                + ".");
        return;
      }
      System.out.println(
          "warning: the control plane at "
              + url
              + " refused the audit record ("
              + reply.status()
              + " "
              + reply.body()
              + "); the rotation is recorded only in "
              + journal
              + ".");
    } catch (ControlPlaneUnreachableException | IllegalArgumentException e) {
      System.out.println(
          "The control plane is not running (offline rotation): the rotation is recorded only in "
              + journal
              + ", not in the audit trail.");
    }
  }
}
