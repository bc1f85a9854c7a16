package io.gatevault.controlplane.application;

import io.gatevault.core.event.StorageMedium;
import io.gatevault.core.event.VerificationCheck;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One backup as the catalog shows it: what the artifact manifest says, plus what happened to the
 * artifact since (copies written, verification, deletions).
 *
 * @param artifactId id of the sealed artifact
 * @param name file name of the artifact, e.g. {@code caddy-prod-20250818-1430-full.json.gvx}
 * @param gatewayId gateway it backs up
 * @param environment environment of the gateway
 * @param created when it was sealed
 * @param size ciphertext size in bytes (what is stored)
 * @param plaintextSize size of the snapshot document in bytes
 * @param sha256 SHA-256 of the ciphertext
 * @param cipher encryption scheme
 * @param type FULL or INCREMENTAL (the BackupType tag), or CHANGES for a change-log segment
 * @param version backup version per gateway (the Version tag, {@code v3} → 3), 0 when unknown
 * @param retentionClass retention class of the manifest
 * @param tags the manifest's tags
 * @param description deployment state given with the request, or null
 * @param status newest verification status (STARTED, SUCCESS, FAILED, PARTIAL) or PENDING
 * @param verifiedAt when that status was determined, or null while PENDING
 * @param checks the checks of the newest verification
 * @param replicas the copies written, by target id
 * @param deletion what prune (or an erasure) deleted of it
 * @param supersededBy the artifact id of the backup {@code gdpr erase} wrote in its place, or null
 */
public record BackupCatalogEntry(
    String artifactId,
    String name,
    String gatewayId,
    String environment,
    Instant created,
    long size,
    long plaintextSize,
    String sha256,
    String cipher,
    String type,
    int version,
    String retentionClass,
    Map<String, String> tags,
    String description,
    String status,
    Instant verifiedAt,
    List<VerificationCheck> checks,
    List<Replica> replicas,
    Deletion deletion,
    String supersededBy) {

  /** Status of a backup no verification has reported on yet. */
  public static final String PENDING = "PENDING";

  /**
   * One copy of the artifact.
   *
   * @param deletedAt when prune deleted this copy, or null while it exists
   */
  public record Replica(
      String targetId,
      StorageMedium medium,
      String region,
      boolean offSite,
      boolean offline,
      String location,
      String sha256,
      long sizeBytes,
      Instant writtenAt,
      Instant deletedAt) {}

  /**
   * What was deleted of the artifact (dry runs are not deletions and are left out).
   *
   * @param state NONE, PARTIAL (some copies deleted) or DELETED (every known copy deleted)
   * @param copies one per deleted copy
   */
  public record Deletion(String state, List<DeletedCopy> copies) {

    public static final Deletion NONE = new Deletion("NONE", List.of());
  }

  /** One deleted copy: where, when, why, under which policy and by whom. */
  public record DeletedCopy(
      String targetId,
      String location,
      Instant deletedAt,
      String reason,
      String policy,
      String requestedBy) {}

  /** The version as people read it: {@code v3}, or {@code unnumbered}. */
  public String versionLabel() {
    return version > 0 ? "v" + version : "unnumbered";
  }
}
