package io.gatevault.controlplane.application;

import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.event.ArtifactManifest;
import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.AuditRecord;
import io.gatevault.core.event.DeletionRecord;
import io.gatevault.core.event.EventEnvelope;
import io.gatevault.core.event.KeyReference;
import io.gatevault.core.event.ReplicaWritten;
import io.gatevault.core.event.StorageMedium;
import io.gatevault.core.event.VerificationCheck;
import io.gatevault.core.event.VerificationResult;
import io.gatevault.core.event.VerificationStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Valid pipeline events for the catalog's tests; each test changes only what it is about. */
public final class CatalogEvents {

  public static final Instant AT = Instant.parse("2025-08-18T14:30:00Z");
  public static final String SHA = "ab".repeat(32);

  private CatalogEvents() {}

  public static EventEnvelope envelope(String type, String gatewayId) {
    return new EventEnvelope(
        UUID.randomUUID().toString(), 1, type, "test", null, null, AT, gatewayId);
  }

  public static ArtifactManifest manifest(
      String artifactId, String gatewayId, String name, int version, Instant createdAt) {
    return manifest(
        artifactId,
        gatewayId,
        name,
        createdAt,
        Map.of(
            "Environment", "prod",
            "Application", "shop",
            "Owner", "platform",
            "BackupDate", "2025-08-18",
            "BackupType", "FULL",
            "Version", "v" + version));
  }

  public static ArtifactManifest manifest(
      String artifactId,
      String gatewayId,
      String name,
      Instant createdAt,
      Map<String, String> tags) {
    return new ArtifactManifest(
        envelope("ArtifactManifest", gatewayId),
        artifactId,
        gatewayId,
        "prod",
        name,
        ArtifactKind.SNAPSHOT,
        1,
        "AES-256-GCM-STREAM",
        new KeyReference("local", "kek", 1, "keys/" + artifactId + ".1.key"),
        1000,
        1100,
        SHA,
        0,
        "daily",
        tags,
        "before release 4.2",
        createdAt);
  }

  public static ReplicaWritten replica(String artifactId, String targetId, boolean offSite) {
    return new ReplicaWritten(
        envelope("ReplicaWritten", null),
        artifactId,
        targetId,
        offSite ? StorageMedium.REMOVABLE_MEDIA : StorageMedium.FILESYSTEM,
        "eu-central",
        offSite,
        false,
        "file:///backups/" + targetId + "/" + artifactId + ".gvx",
        SHA,
        1100,
        AT.plusSeconds(5));
  }

  public static VerificationResult verification(
      String artifactId, VerificationStatus status, Instant at) {
    List<VerificationCheck> checks =
        switch (status) {
          case STARTED -> List.of();
          case SUCCESS -> List.of(check("disk-a", true));
          case FAILED -> List.of(check("disk-a", false));
          case PARTIAL -> List.of(check("disk-a", true), check("tape", false));
        };
    return new VerificationResult(
        envelope("VerificationResult", null), artifactId, status, checks, at);
  }

  private static VerificationCheck check(String targetId, boolean passed) {
    return new VerificationCheck(
        "checksum", targetId, passed, passed ? "sha-256 matches" : "sha-256 differs");
  }

  public static DeletionRecord deletion(String artifactId, String targetId, boolean dryRun) {
    return new DeletionRecord(
        envelope("DeletionRecord", null),
        artifactId,
        targetId,
        "file:///backups/" + targetId + "/" + artifactId + ".gvx",
        AT.plusSeconds(86_400 * 40),
        "expired under retention class daily",
        "default/keep-daily-30",
        "prune",
        dryRun);
  }

  public static AuditRecord audit(
      String action, String actor, AuditOutcome outcome, Map<String, String> detail, Instant at) {
    return new AuditRecord(
        envelope("AuditRecord", "caddy-prod"), actor, action, "caddy-prod", outcome, detail, at);
  }
}
