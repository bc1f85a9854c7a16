package io.gatevault.capture.application;

import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.config.RedactedSecret;
import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.BackupType;
import io.gatevault.core.event.BinaryContent;
import io.gatevault.core.event.Command;
import io.gatevault.core.event.EventEnvelope;
import io.gatevault.core.event.SnapshotChunk;
import io.gatevault.core.event.SnapshotRequested;
import io.gatevault.core.gateway.GatewayAccessException;
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

  /** Audit action of {@code backup --type incremental}: the open change segment was closed. */
  public static final String SEGMENT_ACTION = "changes.segment.close";

  private static final Logger log = LoggerFactory.getLogger(SnapshotCapturer.class);

  private final GatewayDirectory gateways;
  private final EventPublisher publisher;
  private final AuditTrail audit;
  private final Envelopes envelopes;
  private final ProcessedEvents processed;
  private final SnapshotChunker chunker;
  private final SnapshotVersions versions;
  private final ChangeFeed feed;
  private final ChangeSegmenter segmenter;

  public SnapshotCapturer(
      GatewayDirectory gateways,
      EventPublisher publisher,
      AuditTrail audit,
      Envelopes envelopes,
      ProcessedEvents processed,
      SnapshotChunker chunker,
      SnapshotVersions versions,
      ChangeFeed feed,
      ChangeSegmenter segmenter) {
    this.gateways = gateways;
    this.publisher = publisher;
    this.audit = audit;
    this.envelopes = envelopes;
    this.processed = processed;
    this.chunker = chunker;
    this.versions = versions;
    this.feed = feed;
    this.segmenter = segmenter;
  }

  /** Handles a command from the command topic; only snapshot requests concern capture. */
  public void onCommand(Command command) {
    if (command instanceof SnapshotRequested request) {
      processed.handleOnce(
          request.envelope().eventId(),
          () -> {
            if (request.backupType() == BackupType.INCREMENTAL) {
              closeSegment(request);
            } else {
              capture(request);
            }
          });
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
    long watermark;
    try {
      // The change feed reads the gateway, publishes what changed since its last poll and hands
      // back that very configuration (secrets already redacted when the gateway redacts them:
      // a redacted secret never reaches Kafka or storage), so the snapshot is exactly the state
      // of its watermark sequence.
      ChangeFeed.Observation observation = feed.dumpAndCatchUp(request.gatewayId());
      snapshot = observation.snapshot();
      watermark = observation.lastSequence();
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
              watermark,
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
    detail.put("watermarkSequence", Long.toString(watermark));
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
   * {@code backup --type incremental}: polls the gateway once (so the latest changes are in), then
   * closes its open change segment now and audits {@value #SEGMENT_ACTION} with the range, or says
   * the segment was empty.
   */
  private void closeSegment(SnapshotRequested request) {
    if (gateways.find(request.gatewayId()).isEmpty()) {
      auditFailure(
          request,
          SEGMENT_ACTION,
          "capture does not know gateway '"
              + request.gatewayId()
              + "' (it knows "
              + gateways.knownGatewayIds()
              + "): add it under gatevault.capture.gateways or check the gateway id");
      return;
    }
    Map<String, String> detail = new LinkedHashMap<>();
    detail.put("commandId", request.commandId());
    detail.put("backupType", request.backupType().name());
    try {
      feed.poll(request.gatewayId());
    } catch (GatewayAccessException e) {
      // What the feed already has is still sealed; the gateway's latest state waits for a poll.
      detail.put("pollFailed", e.getMessage());
    }
    Optional<ChangeSegmenter.Segment> closed = segmenter.closeNow(request.gatewayId());
    if (closed.isPresent()) {
      ChangeSegmenter.Segment segment = closed.get();
      detail.put("segment", segment.name());
      detail.put("firstSequence", Long.toString(segment.firstSequence()));
      detail.put("lastSequence", Long.toString(segment.lastSequence()));
      detail.put("changes", Integer.toString(segment.changes().size()));
      detail.put(
          "snapshotId",
          ChangeSegmentPublisher.segmentIdOf(
              request.gatewayId(), segment.firstSequence(), segment.lastSequence()));
    } else {
      detail.put("segment", "empty");
      detail.put("changes", "0");
      detail.put("lastSequence", Long.toString(feed.lastSequence(request.gatewayId())));
    }
    audit.record(
        SEGMENT_ACTION,
        request.gatewayId(),
        AuditOutcome.SUCCESS,
        request.envelope(),
        request.gatewayId(),
        detail);
    log.info(
        "Incremental backup {} of gateway {}: {}",
        request.commandId(),
        request.gatewayId(),
        closed.map(s -> "closed change segment " + s.name()).orElse("no change to seal"));
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
    auditFailure(request, ACTION, reason);
  }

  private void auditFailure(SnapshotRequested request, String action, String reason) {
    audit.record(
        action,
        request.gatewayId(),
        AuditOutcome.FAILURE,
        request.envelope(),
        request.gatewayId(),
        Map.of("commandId", request.commandId(), "reason", reason));
  }
}
