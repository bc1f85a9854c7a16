package io.gatevault.controlplane.binding;

import io.gatevault.controlplane.application.KeyRotationAudit;
import io.gatevault.core.event.AuditRecord;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
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
 * {@code POST /api/v1/audit/key-rotations}: {@code gatevault keys rotate} reports each run here so
 * it lands in the audit trail beside every other action (the rotation journal on each target stays
 * the detailed record).
 */
@RestController
@RequestMapping("/api/v1")
@Validated
class KeyRotationController {

  private final KeyRotationAudit audit;

  KeyRotationController(KeyRotationAudit audit) {
    this.audit = audit;
  }

  @PostMapping("/audit/key-rotations")
  @ResponseStatus(HttpStatus.CREATED)
  Recorded record(@Valid @RequestBody RotationRun run) {
    AuditRecord record =
        audit.record(
            new KeyRotationAudit.Run(
                run.rotationId(),
                run.runId(),
                run.fromKey(),
                run.toKey(),
                run.backups(),
                run.keyObjectsWritten(),
                run.keyObjectsRetired(),
                run.resumed(),
                run.complete(),
                run.notRetired() == null ? List.of() : run.notRetired(),
                run.error(),
                run.requestedBy()));
    return new Recorded(record.envelope().eventId(), record.outcome().name());
  }

  /** One run of {@code gatevault keys rotate}; see {@link KeyRotationAudit.Run}. */
  record RotationRun(
      @NotBlank(message = "must be the rotation's id")
          @Pattern(regexp = "[A-Za-z0-9._-]{1,200}", message = "must be a rotation id")
          String rotationId,
      @NotBlank(message = "must identify this run") @Size(max = 100) String runId,
      @NotBlank(message = "must name the old key") @Size(max = 2048) String fromKey,
      @NotBlank(message = "must name the new key") @Size(max = 2048) String toKey,
      @PositiveOrZero int backups,
      @PositiveOrZero int keyObjectsWritten,
      @PositiveOrZero int keyObjectsRetired,
      boolean resumed,
      boolean complete,
      @Size(max = 100) List<String> notRetired,
      @Size(max = 2000) String error,
      @NotBlank(message = "must name who ran the rotation") String requestedBy) {}

  /** The audit record's id and outcome. */
  record Recorded(String eventId, String outcome) {}
}
