package io.gatevault.allinone.gdpr;

import io.gatevault.allinone.cli.ControlPlaneClient;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.RepositoryLayout;
import io.gatevault.crypto.erasure.ErasureReport;
import io.gatevault.crypto.erasure.ErasureReport.ArtifactErasure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sends one erasure run to the audit trail through the control plane ({@code POST
 * /api/v1/audit/erasures}), which also lists the deleted copies in its catalog. The erasure works
 * offline; when the control plane cannot be reached the deletion records on every target are the
 * record, and the result says so.
 */
final class ErasureAuditReport {

  private ErasureAuditReport() {}

  /** One line for the operator: where the run was recorded. */
  static String send(String controlPlaneUrl, ErasureReport report, List<BackupStore> targets) {
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("erasureId", report.erasureId());
    run.put("runId", UUID.randomUUID().toString());
    run.put("subjectDigest", report.subjectDigest());
    run.put("reason", report.reason());
    run.put("result", GdprEraseCommand.result(report));
    List<Map<String, Object>> artifacts = new ArrayList<>();
    for (ArtifactErasure erased : report.artifacts()) {
      Map<String, Object> artifact = new LinkedHashMap<>();
      artifact.put("gatewayId", erased.gatewayId());
      artifact.put("oldArtifactId", erased.oldArtifactId());
      artifact.put("newArtifactId", erased.newArtifactId());
      artifact.put("outcome", erased.outcome().name());
      List<Map<String, String>> copies = new ArrayList<>();
      if (erased.outcome() == ErasureReport.Outcome.ERASED) {
        // The manifest names the copy whatever its kind (a snapshot or a change segment).
        String key =
            RepositoryLayout.manifest(
                erased.environment(), erased.gatewayId(), erased.oldArtifactId());
        for (BackupStore target : targets) {
          if (erased.targets().contains(target.describe().targetId())) {
            copies.add(
                Map.of("targetId", target.describe().targetId(), "location", target.location(key)));
          }
        }
      }
      artifact.put("deletedCopies", copies);
      artifacts.add(artifact);
    }
    run.put("artifacts", artifacts);
    run.put("checked", report.checked().size());
    run.put("rescanClean", report.rescanClean());
    run.put("requestedBy", report.actor());
    try {
      ControlPlaneClient.Reply reply =
          new ControlPlaneClient(controlPlaneUrl).post("/api/v1/audit/erasures", run, null);
      if (reply.ok()) {
        return "audit: recorded by the control plane as " + reply.body().path("eventId").asText();
      }
      return "audit: the control plane refused the record ("
          + reply.status()
          + " "
          + reply.body()
          + "); the deletion records on every target are the record";
    } catch (RuntimeException unreachable) {
      return "audit: the control plane at "
          + controlPlaneUrl
          + " is not running; the deletion records on every target are the record";
    }
  }
}
