package io.gatevault.controlplane.binding;

import io.gatevault.controlplane.application.AuditView;
import io.gatevault.controlplane.application.BackupCatalogEntry;
import io.gatevault.controlplane.application.BackupCatalogView;
import io.gatevault.controlplane.application.CommandService;
import io.gatevault.controlplane.application.RestoreProgress;
import io.gatevault.core.event.VerificationCheck;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The read side of the API: the backup catalog and restore progress. */
@RestController
@RequestMapping("/api/v1")
@Validated
class CatalogController {

  private final BackupCatalogView catalog;
  private final AuditView audit;
  private final CommandService commands;

  CatalogController(BackupCatalogView catalog, AuditView audit, CommandService commands) {
    this.catalog = catalog;
    this.audit = audit;
    this.commands = commands;
  }

  /**
   * Verify a stored backup again: every replica is read back, checksummed, decrypted and parsed by
   * the verify service, which publishes the result to the catalog.
   */
  @PostMapping("/backups/{backup}/verify")
  @ResponseStatus(HttpStatus.ACCEPTED)
  ApiRequests.Accepted verify(
      @PathVariable String backup,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
      @Valid @RequestBody ApiRequests.VerifyRequest request) {
    BackupCatalogEntry entry =
        catalog
            .find(backup)
            .orElseThrow(
                () ->
                    new ResourceNotFoundException(
                        "No backup has the artifact id or name '"
                            + backup
                            + "' in the catalog. GET /api/v1/backups lists the backups"));
    return new ApiRequests.Accepted(
        commands.requestVerify(
            entry.gatewayId(), entry.artifactId(), request.requestedBy(), idempotencyKey),
        "accepted");
  }

  /**
   * Backups newest first, of one gateway or of all; change-log segments too with {@code
   * changes=true}, checkpoints (replay aids, type CHECKPOINT) with {@code checkpoints=true}.
   */
  @GetMapping("/backups")
  BackupList backups(
      @RequestParam(required = false)
          @Pattern(
              regexp = ApiRequests.GATEWAY_ID,
              message = "must be a gateway id (letters, digits, . _ -)")
          String gateway,
      @RequestParam(defaultValue = "100")
          @Min(value = 1, message = "must be at least 1")
          @Max(value = 1000, message = "must be at most 1000")
          int limit,
      @RequestParam(defaultValue = "false") boolean changes,
      @RequestParam(defaultValue = "false") boolean checkpoints) {
    // Sealed change-log segments are many (one per segment-seconds while a gateway changes):
    // listed only when asked, so "the newest backups" stays the newest snapshots.
    List<Backup> backups =
        catalog.newest(Optional.ofNullable(gateway), limit, changes, checkpoints).stream()
            .map(Backup::of)
            .toList();
    return new BackupList(backups.size(), backups);
  }

  /** One backup, by artifact id or name. */
  @GetMapping("/backups/{backup}")
  Backup backup(@PathVariable String backup) {
    return catalog
        .find(backup)
        .map(Backup::of)
        .orElseThrow(
            () ->
                new ResourceNotFoundException(
                    "No backup has the artifact id or name '"
                        + backup
                        + "' in the catalog. GET /api/v1/backups lists the backups; a backup"
                        + " appears once encrypt has sealed it"));
  }

  /** A restore command's progress, from the audit trail. */
  @GetMapping("/restores/{commandId}")
  RestoreProgress restore(@PathVariable String commandId) {
    return RestoreProgress.of(commandId, audit)
        .orElseThrow(
            () ->
                new ResourceNotFoundException(
                    "No restore with command id '"
                        + commandId
                        + "' is in the audit trail: check the commandId that POST"
                        + " /api/v1/gateways/{gatewayId}/restores answered (it may also be older"
                        + " than the audit view holds)"));
  }

  /** The answer of {@code GET /api/v1/backups}. */
  record BackupList(int count, List<Backup> backups) {}

  /** A catalog entry as the API shows it (instants as ISO-8601 text). */
  record Backup(
      String artifactId,
      String name,
      String gatewayId,
      String environment,
      String created,
      long size,
      long plaintextSize,
      String sha256,
      String cipher,
      String type,
      int version,
      String versionLabel,
      String retentionClass,
      Map<String, String> tags,
      String description,
      String status,
      String verifiedAt,
      List<VerificationCheck> checks,
      List<Replica> replicas,
      BackupCatalogEntry.Deletion deletion,
      String supersededBy) {

    static Backup of(BackupCatalogEntry entry) {
      return new Backup(
          entry.artifactId(),
          entry.name(),
          entry.gatewayId(),
          entry.environment(),
          text(entry.created()),
          entry.size(),
          entry.plaintextSize(),
          entry.sha256(),
          entry.cipher(),
          entry.type(),
          entry.version(),
          entry.versionLabel(),
          entry.retentionClass(),
          entry.tags(),
          entry.description(),
          entry.status(),
          text(entry.verifiedAt()),
          entry.checks(),
          entry.replicas().stream().map(Replica::of).toList(),
          entry.deletion(),
          entry.supersededBy());
    }
  }

  /** One copy of a backup as the API shows it. */
  record Replica(
      String targetId,
      String medium,
      String region,
      boolean offSite,
      boolean offline,
      String location,
      String sha256,
      long sizeBytes,
      String writtenAt,
      String deletedAt) {

    static Replica of(BackupCatalogEntry.Replica replica) {
      return new Replica(
          replica.targetId(),
          replica.medium().name(),
          replica.region(),
          replica.offSite(),
          replica.offline(),
          replica.location(),
          replica.sha256(),
          replica.sizeBytes(),
          text(replica.writtenAt()),
          text(replica.deletedAt()));
    }
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
