package io.gatevault.capture.application;

import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.config.RedactedSecret;
import io.gatevault.core.config.SensitiveDataClassifier;
import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.BinaryContent;
import io.gatevault.core.event.Command;
import io.gatevault.core.event.EventEnvelope;
import io.gatevault.core.event.SnapshotChunk;
import io.gatevault.core.event.SnapshotRequested;
import io.gatevault.core.gateway.GatewayAdapter;
import io.gatevault.core.gateway.GatewayDescriptor;
import io.gatevault.core.gateway.GatewayResponseRejectedException;
import io.gatevault.core.id.DeterministicId;
import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.Envelopes;
import io.gatevault.stream.EventPublisher;
import io.gatevault.stream.GatevaultTopics;
import io.gatevault.stream.ProcessedEvents;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a snapshot of a gateway when asked: dumps its configuration through the gateway's adapter,
 * publishes it as ordered {@link SnapshotChunk}s on {@value GatevaultTopics#SNAPSHOTS_RAW} keyed by
 * gateway, and audits the outcome.
 *
 * <p>A command is handled once ({@link ProcessedEvents}); the snapshot id derives from the command,
 * so even a redelivery that slips through produces chunks downstream recognises. A gateway that
 * cannot be reached fails the command so the consumer retries it; a gateway that answers with
 * something unusable, or a gateway this instance does not know, is audited as a failure with the
 * reason and what to do.
 */
public class SnapshotCapturer {

  static final String ACTION = "snapshot.capture";

  private static final Logger log = LoggerFactory.getLogger(SnapshotCapturer.class);

  private final GatewayDirectory gateways;
  private final EventPublisher publisher;
  private final AuditTrail audit;
  private final Envelopes envelopes;
  private final ProcessedEvents processed;
  private final SnapshotChunker chunker;
  private final SnapshotVersions versions;

  public SnapshotCapturer(
      GatewayDirectory gateways,
      EventPublisher publisher,
      AuditTrail audit,
      Envelopes envelopes,
      ProcessedEvents processed,
      SnapshotChunker chunker,
      SnapshotVersions versions) {
    this.gateways = gateways;
    this.publisher = publisher;
    this.audit = audit;
    this.envelopes = envelopes;
    this.processed = processed;
    this.chunker = chunker;
    this.versions = versions;
  }

  /** Handles a command from the command topic; only snapshot requests concern capture. */
  public void onCommand(Command command) {
    if (command instanceof SnapshotRequested request) {
      processed.handleOnce(request.envelope().eventId(), () -> capture(request));
    }
  }

  private void capture(SnapshotRequested request) {
    Optional<GatewayAdapter> adapter = gateways.find(request.gatewayId());
    if (adapter.isEmpty()) {
      String reason =
          "capture does not know gateway '"
              + request.gatewayId()
              + "' (it knows "
              + gateways.knownGatewayIds()
              + "): add it under gatevault.capture.gateways or check the gateway id of the"
              + " request";
      log.warn("Snapshot command {} refused: {}", request.commandId(), reason);
      auditFailure(request, reason);
      return;
    }
    byte[] document;
    ConfigSnapshot snapshot;
    try {
      snapshot = adapter.get().dump();
      Optional<SensitiveDataClassifier> redaction = gateways.secretRedaction(request.gatewayId());
      if (redaction.isPresent()) {
        // Before the document exists: a redacted secret never reaches Kafka or storage.
        snapshot = redaction.get().redactSecrets(snapshot);
      }
      // The snapshot document: canonical bytes, so equal configurations hash equal downstream.
      document = snapshot.toDocument();
    } catch (GatewayResponseRejectedException rejected) {
      log.warn("Snapshot command {} failed: {}", request.commandId(), rejected.getMessage());
      auditFailure(request, rejected.getMessage());
      return;
    }
    GatewayDescriptor gateway = adapter.get().gateway();
    Instant capturedAt = envelopes.clock().instant();
    String snapshotId =
        DeterministicId.SNAPSHOTS.deriveString(
            request.gatewayId(), request.backupType().name(), request.commandId());
    SnapshotChunker.Split split = chunker.split(document);
    GatewayVersionState.Assignment assignment =
        versions.assign(
            request.gatewayId(),
            request.commandId(),
            SnapshotNaming.nameOf(
                request.gatewayId(), request.requestedAt(), request.backupType()));
    Map<String, String> tags = tags(request, gateway, assignment);
    List<BinaryContent> pieces = split.pieces();
    for (int index = 0; index < pieces.size(); index++) {
      EventEnvelope envelope =
          envelopes.derived(
              "SnapshotChunk",
              request.envelope(),
              request.gatewayId(),
              snapshotId,
              Integer.toString(index));
      SnapshotChunk chunk =
          new SnapshotChunk(
              envelope,
              snapshotId,
              request.gatewayId(),
              request.backupType(),
              index,
              pieces.size(),
              pieces.get(index),
              split.totalSize(),
              split.sha256(),
              0L,
              tags,
              capturedAt,
              assignment.name(),
              assignment.version(),
              request.description(),
              gateway.environment());
      publisher.publish(GatevaultTopics.SNAPSHOTS_RAW, request.gatewayId(), chunk);
    }
    // Recorded only once every chunk is out: a crash before this point gives the redelivered
    // command the same version again, so no version is skipped.
    versions.record(request.gatewayId(), request.commandId(), assignment);
    Map<String, String> detail = new LinkedHashMap<>();
    detail.put("commandId", request.commandId());
    detail.put("snapshotId", snapshotId);
    detail.put("name", assignment.name());
    detail.put("version", "v" + assignment.version());
    detail.put("sha256", split.sha256());
    detail.put("sizeBytes", Long.toString(split.totalSize()));
    detail.put("chunks", Integer.toString(pieces.size()));
    detail.put("backupType", request.backupType().name());
    if (gateways.secretRedaction(request.gatewayId()).isPresent()) {
      detail.put("secrets", "redacted: " + snapshot.redactedSecrets().size());
      detail.put(
          "redactedSecrets",
          String.join(
              ", ", snapshot.redactedSecrets().stream().map(RedactedSecret::reference).toList()));
    } else {
      detail.put("secrets", "kept (sealed)");
    }
    audit.record(
        ACTION,
        request.gatewayId(),
        AuditOutcome.SUCCESS,
        request.envelope(),
        request.gatewayId(),
        detail);
    log.info(
        "Captured snapshot {} ({}, v{}) of gateway {}: {} bytes in {} chunk(s), sha-256 {}",
        snapshotId,
        assignment.name(),
        assignment.version(),
        request.gatewayId(),
        split.totalSize(),
        pieces.size(),
        split.sha256());
  }

  /**
   * The request's own tags, then the standard ones (which win): Environment, Application and Owner
   * from the gateway's settings, BackupDate (ISO date in UTC of the request, like the name),
   * BackupType, and Version ({@code v3}) so the version survives into the artifact manifest's tags.
   */
  static Map<String, String> tags(
      SnapshotRequested request,
      GatewayDescriptor gateway,
      GatewayVersionState.Assignment assignment) {
    Map<String, String> tags = new LinkedHashMap<>(request.tags());
    tags.put("Environment", gateway.environment());
    tags.put("Application", gateway.application());
    tags.put("Owner", gateway.owner());
    tags.put("BackupDate", request.requestedAt().atOffset(ZoneOffset.UTC).toLocalDate().toString());
    tags.put("BackupType", request.backupType().name());
    tags.put("Version", "v" + assignment.version());
    return tags;
  }

  private void auditFailure(SnapshotRequested request, String reason) {
    audit.record(
        ACTION,
        request.gatewayId(),
        AuditOutcome.FAILURE,
        request.envelope(),
        request.gatewayId(),
        Map.of("commandId", request.commandId(), "reason", reason));
  }
}
