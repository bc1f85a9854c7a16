package io.gatevault.controlplane.binding;

import io.gatevault.controlplane.application.ErasureAudit;
import io.gatevault.controlplane.application.ErasureReplacement;
import io.gatevault.core.event.AuditRecord;
import io.gatevault.core.event.StorageMedium;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/audit/erasures}: {@code gatevault gdpr erase} reports each run here so it
 * lands in the audit trail, and the copies it deleted in the catalog (the deletion records on every
 * target stay the full record).
 */
@RestController
@RequestMapping("/api/v1")
@Validated
class ErasureAuditController {

  private final ErasureAudit audit;

  ErasureAuditController(ErasureAudit audit) {
    this.audit = audit;
  }

  @PostMapping("/audit/erasures")
  @ResponseStatus(HttpStatus.CREATED)
  Recorded record(@Valid @RequestBody ErasureRun run) {
    AuditRecord record =
        audit.record(
            new ErasureAudit.Run(
                run.erasureId(),
                run.runId(),
                run.subjectDigest(),
                run.reason(),
                run.result(),
                run.artifacts().stream()
                    .map(
                        a ->
                            new ErasureAudit.Artifact(
                                a.gatewayId(),
                                a.oldArtifactId(),
                                a.newArtifactId(),
                                a.outcome(),
                                a.deletedCopies() == null
                                    ? List.of()
                                    : a.deletedCopies().stream()
                                        .map(
                                            c ->
                                                new ErasureAudit.DeletedCopy(
                                                    c.targetId(), c.location()))
                                        .toList(),
                                a.replacement() == null
                                    ? null
                                    : a.replacement()
                                        .toDomain(
                                            a.gatewayId(), a.oldArtifactId(), run.erasureId())))
                    .toList(),
                run.checked(),
                run.rescanClean(),
                run.requestedBy()));
    return new Recorded(record.envelope().eventId(), record.outcome().name());
  }

  /** One run of {@code gatevault gdpr erase}; see {@link ErasureAudit.Run}. */
  record ErasureRun(
      @NotBlank @Pattern(regexp = "gdpr-[0-9a-f]{32}", message = "must be an erasure id")
          String erasureId,
      @NotBlank(message = "must identify this run") @Size(max = 100) String runId,
      @NotBlank @Pattern(regexp = "[0-9a-f]{64}", message = "must be a SHA-256 digest")
          String subjectDigest,
      @NotBlank(message = "must give the legal basis or ticket") @Size(max = 2000) String reason,
      @NotBlank @Pattern(regexp = "COMPLETE|PARTIAL|FAILED", message = "must be a result")
          String result,
      @NotNull @Size(max = 10000) List<@Valid ErasedArtifact> artifacts,
      @PositiveOrZero int checked,
      boolean rescanClean,
      @NotBlank(message = "must name who ran the erasure") String requestedBy) {}

  record ErasedArtifact(
      @NotBlank String gatewayId,
      @NotBlank String oldArtifactId,
      String newArtifactId,
      @NotBlank String outcome,
      List<@Valid Copy> deletedCopies,
      @Valid Replacement replacement) {}

  record Copy(@NotBlank String targetId, @NotBlank String location) {}

  /** The backup written in place of the erased one, as the catalog lists it. */
  record Replacement(
      @NotBlank String artifactId,
      @NotBlank String name,
      @NotBlank String environment,
      @NotBlank String kind,
      @NotNull Instant created,
      @PositiveOrZero long size,
      @PositiveOrZero long plaintextSize,
      @NotBlank @Pattern(regexp = "[0-9a-f]{64}", message = "must be a SHA-256 digest")
          String sha256,
      @NotBlank String cipher,
      @NotBlank String retentionClass,
      Map<String, String> tags,
      String description,
      @NotNull Instant verifiedAt,
      @NotNull @Size(min = 1, max = 100, message = "must name every target it was written to")
          List<@Valid ReplacementCopy> copies) {

    ErasureReplacement toDomain(String gatewayId, String supersedes, String erasureId) {
      return new ErasureReplacement(
          artifactId,
          name,
          gatewayId,
          environment,
          kind,
          created,
          size,
          plaintextSize,
          sha256,
          cipher,
          retentionClass,
          tags,
          description,
          supersedes,
          erasureId,
          verifiedAt,
          copies.stream()
              .map(
                  c ->
                      new ErasureReplacement.Copy(
                          c.targetId(),
                          c.medium(),
                          c.region(),
                          c.offSite(),
                          c.offline(),
                          c.location(),
                          c.verified(),
                          c.detail()))
              .toList());
    }
  }

  /** One copy of a replacement and whether the erasure's read-back of it passed. */
  record ReplacementCopy(
      @NotBlank String targetId,
      @NotNull StorageMedium medium,
      @NotBlank String region,
      boolean offSite,
      boolean offline,
      @NotBlank String location,
      boolean verified,
      @Size(max = 2000) String detail) {}

  /** The audit record's id and outcome. */
  record Recorded(String eventId, String outcome) {}
}
