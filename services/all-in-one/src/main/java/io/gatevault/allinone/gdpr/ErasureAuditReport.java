package io.gatevault.allinone.gdpr;

import io.gatevault.allinone.cli.ControlPlaneClient;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.ManifestDocument;
import io.gatevault.core.storage.RepositoryLayout;
import io.gatevault.core.storage.TargetDescription;
import io.gatevault.crypto.erasure.ErasureReport;
import io.gatevault.crypto.erasure.ErasureReport.ArtifactErasure;
import io.gatevault.crypto.erasure.ErasureReport.RescanOutcome;
import io.gatevault.crypto.erasure.ErasureReport.RescanResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sends one erasure run to the audit trail through the control plane ({@code POST
 * /api/v1/audit/erasures}), which also lists the deleted copies in its catalog and adds the
 * replacement backups (what each manifest says, and per target whether it was read back). The
 * erasure works offline; when the control plane cannot be reached the deletion records on every
 * target are the record, and the result says so.
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
        // The manifest names the copy whatever its kind (snapshot, change segment, checkpoint).
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
      Map<String, Object> replacement = replacement(erased, report, targets);
      if (replacement != null) {
        artifact.put("replacement", replacement);
      }
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

  /**
   * What the control plane's catalog needs of the backup written in place of {@code erased}: its
   * manifest as stored, and per target it was written to whether the re-scan read it back there.
   * The erasure writes it onto the targets directly (no manifest event), so without this the
   * running catalog would never list it. Null when no replacement was written or none of the
   * targets holds its manifest.
   */
  static Map<String, Object> replacement(
      ArtifactErasure erased, ErasureReport report, List<BackupStore> targets) {
    if (erased.newArtifactId() == null
        || (erased.outcome() != ErasureReport.Outcome.ERASED
            && erased.outcome() != ErasureReport.Outcome.BLOCKED)) {
      return null;
    }
    String key =
        RepositoryLayout.manifest(erased.environment(), erased.gatewayId(), erased.newArtifactId());
    ManifestDocument manifest = null;
    for (BackupStore target : targets) {
      try {
        if (target.exists(key)) {
          manifest = ManifestDocument.fromJson(target.get(key), target.location(key));
          break;
        }
      } catch (RuntimeException unreadable) {
        // Another target may hold a readable copy of the manifest.
      }
    }
    if (manifest == null) {
      return null;
    }
    List<Map<String, Object>> copies = new ArrayList<>();
    for (BackupStore target : targets) {
      TargetDescription described = target.describe();
      if (!erased.targets().contains(described.targetId())) {
        continue;
      }
      RescanResult reread =
          report.rescan().stream()
              .filter(r -> r.targetId().equals(described.targetId()))
              .filter(r -> r.artifactId().equals(erased.newArtifactId()))
              .findFirst()
              .orElse(null);
      Map<String, Object> copy = new LinkedHashMap<>();
      copy.put("targetId", described.targetId());
      copy.put("medium", described.medium().name());
      copy.put("region", described.region());
      copy.put("offSite", described.offSite());
      copy.put("offline", described.offline());
      copy.put("location", target.location(manifest.artifactKey()));
      copy.put("verified", reread != null && reread.outcome() == RescanOutcome.CLEAN);
      copy.put(
          "detail",
          reread == null
              ? "no copy found on this target when the erasure read every copy again"
              : "read again after the erasure: " + reread.outcome() + ", " + reread.detail());
      copies.add(copy);
    }
    if (copies.isEmpty()) {
      return null;
    }
    Map<String, Object> replacement = new LinkedHashMap<>();
    replacement.put("artifactId", manifest.artifactId());
    replacement.put("name", manifest.name());
    replacement.put("environment", manifest.environment());
    replacement.put("kind", manifest.kind().name());
    replacement.put("created", manifest.createdAt().toString());
    replacement.put("size", manifest.ciphertextSize());
    replacement.put("plaintextSize", manifest.plaintextSize());
    replacement.put("sha256", manifest.sha256());
    replacement.put("cipher", manifest.cipher());
    replacement.put("retentionClass", manifest.retentionClass());
    replacement.put("tags", manifest.tags());
    if (manifest.description() != null) {
      replacement.put("description", manifest.description());
    }
    // The re-scan, the last read of every copy, ran just before this report is sent.
    replacement.put("verifiedAt", Instant.now().toString());
    replacement.put("copies", copies);
    return replacement;
  }
}
