package io.gatevault.controlplane.binding;

import io.gatevault.controlplane.application.AuditView;
import io.gatevault.controlplane.application.CommandService;
import io.gatevault.core.event.AuditRecord;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.Map;
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

/** The REST API: validates, then delegates to {@link CommandService} and {@link AuditView}. */
@RestController
@RequestMapping("/api/v1")
@Validated
class CommandController {

  private static final String ACCEPTED = "accepted";

  private final CommandService commands;
  private final AuditView audit;

  CommandController(CommandService commands, AuditView audit) {
    this.commands = commands;
    this.audit = audit;
  }

  @PostMapping("/gateways/{gatewayId}/backups")
  @ResponseStatus(HttpStatus.ACCEPTED)
  ApiRequests.Accepted backup(
      @PathVariable
          @Pattern(
              regexp = ApiRequests.GATEWAY_ID,
              message = "must be a gateway id (letters, digits, . _ -)")
          String gatewayId,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
      @Valid @RequestBody ApiRequests.BackupRequest request) {
    return new ApiRequests.Accepted(
        commands.requestBackup(
            gatewayId,
            request.type(),
            request.description(),
            request.requestedBy(),
            idempotencyKey),
        ACCEPTED);
  }

  @PostMapping("/gateways/{gatewayId}/restores")
  @ResponseStatus(HttpStatus.ACCEPTED)
  ApiRequests.Accepted restore(
      @PathVariable
          @Pattern(
              regexp = ApiRequests.GATEWAY_ID,
              message = "must be a gateway id (letters, digits, . _ -)")
          String gatewayId,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
      @Valid @RequestBody ApiRequests.RestoreRequest request) {
    return new ApiRequests.Accepted(
        commands.requestRestore(
            gatewayId,
            request.backupId(),
            request.atTime(),
            request.atSequence(),
            request.targetGatewayId(),
            request.isDryRun(),
            ApiRequests.RestoreRequest.orNone(request.onlyTypes()),
            ApiRequests.RestoreRequest.orNone(request.onlyTags()),
            ApiRequests.RestoreRequest.orNone(request.onlyNames()),
            request.requestedBy(),
            idempotencyKey),
        ACCEPTED);
  }

  @PostMapping("/prune")
  @ResponseStatus(HttpStatus.ACCEPTED)
  ApiRequests.Accepted prune(
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
      @Valid @RequestBody ApiRequests.PruneRequest request) {
    return new ApiRequests.Accepted(
        commands.requestPrune(
            request.gatewayId(),
            request.isDryRun(),
            request.policyName(),
            request.requestedBy(),
            idempotencyKey),
        ACCEPTED);
  }

  @GetMapping("/audit")
  List<AuditEntry> audit(
      @RequestParam(defaultValue = "50")
          @Min(value = 1, message = "must be at least 1")
          @Max(value = 1000, message = "must be at most 1000")
          int limit) {
    return audit.newest(limit).stream().map(AuditEntry::of).toList();
  }

  @GetMapping("/health")
  Map<String, String> health() {
    return Map.of("status", "UP", "service", "control-plane");
  }

  /** An audit record as the API shows it. */
  record AuditEntry(
      String eventId,
      String actor,
      String action,
      String target,
      String outcome,
      Map<String, String> detail,
      String at) {
    static AuditEntry of(AuditRecord record) {
      return new AuditEntry(
          record.envelope().eventId(),
          record.actor(),
          record.action(),
          record.target(),
          record.outcome().name(),
          record.detail(),
          record.at().toString());
    }
  }
}
