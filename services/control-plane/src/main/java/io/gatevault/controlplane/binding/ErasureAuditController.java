package io.gatevault.controlplane.binding;

import io.gatevault.controlplane.application.ErasureAudit;
import io.gatevault.core.event.AuditRecord;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;
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
                                        .toList()))
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
      List<@Valid Copy> deletedCopies) {}

  record Copy(@NotBlank String targetId, @NotBlank String location) {}

  /** The audit record's id and outcome. */
  record Recorded(String eventId, String outcome) {}
}
