package io.gatevault.controlplane.application;

import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.BackupType;
import io.gatevault.core.event.Command;
import io.gatevault.core.event.EventEnvelope;
import io.gatevault.core.event.PruneRequested;
import io.gatevault.core.event.RestoreRequested;
import io.gatevault.core.event.SnapshotRequested;
import io.gatevault.core.event.VerifyRequested;
import io.gatevault.core.id.DeterministicId;
import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.Envelopes;
import io.gatevault.stream.EventPublisher;
import io.gatevault.stream.GatevaultTopics;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns accepted requests into commands on {@value GatevaultTopics#COMMANDS}, keyed by gateway, and
 * audits each one (action {@code <kind>.request}). With an idempotency key the command id is
 * derived from requester, gateway, kind and key, so a retried request yields the same command and
 * its consumers run it once.
 */
public class CommandService {

  private final EventPublisher publisher;
  private final AuditTrail audit;
  private final Envelopes envelopes;
  private final Clock clock;

  public CommandService(EventPublisher publisher, AuditTrail audit, Envelopes envelopes) {
    this.publisher = publisher;
    this.audit = audit;
    this.envelopes = envelopes;
    this.clock = envelopes.clock();
  }

  public String requestBackup(
      String gatewayId,
      BackupType type,
      String description,
      String requestedBy,
      String idempotencyKey) {
    String commandId = commandId(requestedBy, gatewayId, "snapshot", idempotencyKey);
    Instant now = clock.instant();
    SnapshotRequested command =
        new SnapshotRequested(
            envelope(commandId, gatewayId),
            commandId,
            gatewayId,
            requestedBy,
            now,
            type,
            description,
            Map.of());
    return submit(command, "snapshot.request", Map.of("backupType", type.name()));
  }

  public String requestRestore(
      String gatewayId,
      String backupId,
      Instant atTime,
      Long atSequence,
      String targetGatewayId,
      boolean dryRun,
      List<String> onlyTypes,
      List<String> onlyTags,
      List<String> onlyNames,
      String requestedBy,
      String idempotencyKey) {
    String commandId = commandId(requestedBy, gatewayId, "restore", idempotencyKey);
    RestoreRequested command =
        new RestoreRequested(
            envelope(commandId, gatewayId),
            commandId,
            gatewayId,
            requestedBy,
            clock.instant(),
            backupId,
            atTime,
            atSequence,
            targetGatewayId,
            dryRun,
            onlyTypes,
            onlyTags,
            onlyNames);
    Map<String, String> detail = new LinkedHashMap<>();
    detail.put("dryRun", Boolean.toString(dryRun));
    if (command.isSelective()) {
      // The audit trail says which entities a selective restore was asked to touch.
      detail.put("onlyTypes", String.join(",", onlyTypes));
      detail.put("onlyTags", String.join(",", onlyTags));
      detail.put("onlyNames", String.join(",", onlyNames));
    }
    return submit(command, "restore.request", detail);
  }

  public String requestPrune(
      String gatewayId,
      boolean dryRun,
      String policyName,
      String requestedBy,
      String idempotencyKey) {
    String commandId = commandId(requestedBy, gatewayId, "prune", idempotencyKey);
    PruneRequested command =
        new PruneRequested(
            envelope(commandId, gatewayId),
            commandId,
            gatewayId,
            requestedBy,
            clock.instant(),
            dryRun,
            policyName);
    return submit(command, "prune.request", Map.of("dryRun", Boolean.toString(dryRun)));
  }

  public String requestVerify(
      String gatewayId, String artifactId, String requestedBy, String idempotencyKey) {
    String commandId = commandId(requestedBy, gatewayId, "verify:" + artifactId, idempotencyKey);
    VerifyRequested command =
        new VerifyRequested(
            envelope(commandId, gatewayId),
            commandId,
            gatewayId,
            requestedBy,
            clock.instant(),
            artifactId,
            "on-demand");
    return submit(command, "verify.request", Map.of("artifactId", artifactId));
  }

  private String submit(Command command, String action, Map<String, String> facts) {
    publisher.publish(GatevaultTopics.COMMANDS, command.gatewayId(), command);
    Map<String, String> detail = new LinkedHashMap<>(facts);
    detail.put("commandId", command.commandId());
    audit.record(
        command.requestedBy(),
        action,
        command.gatewayId(),
        AuditOutcome.SUCCESS,
        command.envelope(),
        command.gatewayId(),
        detail);
    return command.commandId();
  }

  private EventEnvelope envelope(String commandId, String gatewayId) {
    return new EventEnvelope(
        DeterministicId.EVENTS.deriveString("Command", commandId),
        EventEnvelope.CURRENT_SCHEMA_VERSION,
        "Command",
        envelopes.serviceName(),
        null,
        null,
        clock.instant(),
        gatewayId);
  }

  private static String commandId(
      String requestedBy, String gatewayId, String kind, String idempotencyKey) {
    if (idempotencyKey == null || idempotencyKey.isBlank()) {
      return UUID.randomUUID().toString();
    }
    return DeterministicId.COMMANDS.deriveString(requestedBy, gatewayId, kind, idempotencyKey);
  }
}
