package io.gatevault.controlplane.binding;

import io.gatevault.core.event.BackupType;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/** Request bodies of the REST API, validated before anything is published. */
final class ApiRequests {

  static final String GATEWAY_ID = "[A-Za-z0-9._-]{1,128}";

  private ApiRequests() {}

  /**
   * {@code POST /api/v1/gateways/{gatewayId}/backups}.
   *
   * @param type FULL or INCREMENTAL
   * @param description free text stored with the backup
   * @param requestedBy who asks (user or schedule)
   */
  record BackupRequest(
      @NotNull(message = "must be FULL or INCREMENTAL") BackupType type,
      @Size(max = 1000, message = "must be at most 1000 characters") String description,
      @NotBlank(message = "must name who requests the backup") String requestedBy) {}

  /**
   * {@code POST /api/v1/gateways/{gatewayId}/restores}.
   *
   * @param backupId snapshot to start from, or null for the newest verified one before the point
   * @param atTime restore the state as of this instant (exclusive with atSequence)
   * @param atSequence restore the state right after this change sequence
   * @param targetGatewayId gateway to restore into, when not the source
   * @param dryRun only compute and report the plan; a restore is a dry run unless this is false
   * @param requestedBy who asks
   * @param onlyTypes selective restore: only entities of these types (e.g. route); absent or empty
   *     for every type
   * @param onlyTags selective restore: only entities carrying one of these tags
   * @param onlyNames selective restore: only entities whose id, type/id key or natural key matches
   *     one of these globs ({@code *} any text); the three filters apply together
   */
  record RestoreRequest(
      String backupId,
      Instant atTime,
      @PositiveOrZero(message = "must be 0 or more") Long atSequence,
      @Pattern(regexp = GATEWAY_ID, message = "must be a gateway id (letters, digits, . _ -)")
          String targetGatewayId,
      Boolean dryRun,
      @NotBlank(message = "must name who requests the restore") String requestedBy,
      @Size(max = SELECTION_ENTRIES, message = "must list at most 100 entity types")
          List<
                  @NotBlank(message = "must be an entity type such as route, not blank")
                  @Size(max = 256, message = "must be at most 256 characters") String>
              onlyTypes,
      @Size(max = SELECTION_ENTRIES, message = "must list at most 100 tags")
          List<
                  @NotBlank(message = "must be a tag such as server:site, not blank")
                  @Size(max = 256, message = "must be at most 256 characters") String>
              onlyTags,
      @Size(max = SELECTION_ENTRIES, message = "must list at most 100 name globs")
          List<
                  @NotBlank(message = "must be a name glob such as api-*, not blank")
                  @Size(max = 256, message = "must be at most 256 characters") String>
              onlyNames) {

    /** More filters than this is a list of everything, better left out. */
    static final int SELECTION_ENTRIES = 100;

    boolean isDryRun() {
      return dryRun == null || dryRun;
    }

    /** An absent filter is no filter. */
    static List<String> orNone(List<String> filter) {
      return filter == null ? List.of() : filter;
    }

    @AssertTrue(message = "atTime and atSequence are exclusive: give one point to restore to")
    boolean isOnePointInTime() {
      return atTime == null || atSequence == null;
    }
  }

  /**
   * {@code POST /api/v1/prune}.
   *
   * @param gatewayId gateway whose artifacts retention applies to
   * @param dryRun only report what would be deleted; a prune is a dry run unless this is false
   * @param policyName retention policy, or null for the gateway's own
   * @param requestedBy who asks
   */
  record PruneRequest(
      @NotBlank(message = "must name the gateway to prune")
          @Pattern(regexp = GATEWAY_ID, message = "must be a gateway id (letters, digits, . _ -)")
          String gatewayId,
      Boolean dryRun,
      String policyName,
      @NotBlank(message = "must name who requests the prune") String requestedBy) {

    boolean isDryRun() {
      return dryRun == null || dryRun;
    }
  }

  /** What an accepted command answers: its id, to follow it in the audit trail. */
  record Accepted(String commandId, String status) {}

  /**
   * {@code POST /api/v1/backups/{backup}/verify}.
   *
   * @param requestedBy who asks
   */
  record VerifyRequest(
      @NotBlank(message = "must name who requests the verification") String requestedBy) {}
}
