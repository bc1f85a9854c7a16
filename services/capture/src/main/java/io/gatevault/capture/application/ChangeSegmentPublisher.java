package io.gatevault.capture.application;

import io.gatevault.core.event.BackupType;
import io.gatevault.core.event.BinaryContent;
import io.gatevault.core.event.EventEnvelope;
import io.gatevault.core.event.SnapshotChunk;
import io.gatevault.core.gateway.GatewayDescriptor;
import io.gatevault.core.id.DeterministicId;
import io.gatevault.stream.Envelopes;
import io.gatevault.stream.EventPublisher;
import io.gatevault.stream.GatevaultTopics;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a closed change segment to the sealing pipeline the way a snapshot goes: ordered {@link
 * SnapshotChunk}s on {@value GatevaultTopics#SNAPSHOTS_RAW} with backup type {@link
 * BackupType#INCREMENTAL}, named {@code <firstSequence>-<lastSequence>} (encrypt seals them as a
 * {@code CHANGE_SEGMENT} artifact, stored as {@code changes/<first>-<last>.changes.gvx}), watermark
 * the last sequence. The tags carry what the manifest must name: FirstSequence, LastSequence,
 * Changes, FirstOccurredAt and LastOccurredAt (the time range), and CoveredUntil when a poll proved
 * nothing changed after the segment's last change, besides the standard ones.
 *
 * <p>Snapshot id and event ids derive from gateway and range, so sealing a segment again yields the
 * same artifact id downstream.
 */
public class ChangeSegmentPublisher implements ChangeSegmenter.SegmentSink {

  /** Manifest tag: until when the log ending at this segment is known complete (ISO-8601). */
  public static final String COVERED_UNTIL_TAG = "CoveredUntil";

  private static final Logger log = LoggerFactory.getLogger(ChangeSegmentPublisher.class);

  private final GatewayDirectory gateways;
  private final EventPublisher publisher;
  private final Envelopes envelopes;
  private final SnapshotChunker chunker;
  private final PollHeartbeats heartbeats;

  public ChangeSegmentPublisher(
      GatewayDirectory gateways,
      EventPublisher publisher,
      Envelopes envelopes,
      SnapshotChunker chunker) {
    this(gateways, publisher, envelopes, chunker, PollHeartbeats.inProcess());
  }

  /**
   * @param heartbeats the feed's polls, for the {@value #COVERED_UNTIL_TAG} tag
   */
  public ChangeSegmentPublisher(
      GatewayDirectory gateways,
      EventPublisher publisher,
      Envelopes envelopes,
      SnapshotChunker chunker,
      PollHeartbeats heartbeats) {
    this.heartbeats = heartbeats;
    this.gateways = gateways;
    this.publisher = publisher;
    this.envelopes = envelopes;
    this.chunker = chunker;
  }

  /** Snapshot id of a gateway's segment {@code first-last}: the same on every sealing. */
  public static String segmentIdOf(String gatewayId, long firstSequence, long lastSequence) {
    return DeterministicId.SNAPSHOTS.deriveString(
        gatewayId, "changes", Long.toString(firstSequence), Long.toString(lastSequence));
  }

  @Override
  public void seal(ChangeSegmenter.Segment segment) {
    GatewayDescriptor gateway =
        gateways
            .find(segment.gatewayId())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "capture no longer knows gateway "
                            + segment.gatewayId()
                            + ": its change segment "
                            + segment.name()
                            + " cannot be tagged"))
            .gateway();
    byte[] document = ChangeSegmentFormat.encode(segment.changes());
    SnapshotChunker.Split split = chunker.split(document);
    String segmentId =
        segmentIdOf(segment.gatewayId(), segment.firstSequence(), segment.lastSequence());
    Map<String, String> tags = tags(segment, gateway);
    coveredUntil(segment).ifPresent(until -> tags.put(COVERED_UNTIL_TAG, until.toString()));
    List<BinaryContent> pieces = split.pieces();
    List<EventPublisher.Outgoing> chunks = new ArrayList<>(pieces.size());
    for (int index = 0; index < pieces.size(); index++) {
      EventEnvelope envelope =
          envelopes.derived(
              "SnapshotChunk", null, segment.gatewayId(), segmentId, Integer.toString(index));
      chunks.add(
          new EventPublisher.Outgoing(
              GatevaultTopics.SNAPSHOTS_RAW,
              segment.gatewayId(),
              new SnapshotChunk(
                  envelope,
                  segmentId,
                  segment.gatewayId(),
                  BackupType.INCREMENTAL,
                  index,
                  pieces.size(),
                  pieces.get(index),
                  split.totalSize(),
                  split.sha256(),
                  segment.lastSequence(),
                  tags,
                  segment.closedAt(),
                  segment.name(),
                  SnapshotChunk.UNNUMBERED,
                  null,
                  gateway.environment())));
    }
    // Sent together, one wait for all acknowledgements; the segment is durable when it returns.
    publisher.publishAll(chunks);
    log.info(
        "Closed change segment {} of gateway {}: {} change(s), {} bytes",
        segment.name(),
        segment.gatewayId(),
        segment.changes().size(),
        split.totalSize());
  }

  /**
   * Until when the log ending at the segment's last sequence is known complete: the newest
   * successful poll that found no change after it (at least the segment's last change, which that
   * poll's batch ended with). Empty when the newest poll already found later changes: the next
   * segment proves more.
   */
  Optional<Instant> coveredUntil(ChangeSegmenter.Segment segment) {
    return heartbeats
        .coveredUntil(segment.gatewayId(), segment.lastSequence())
        .map(
            polled -> polled.isAfter(segment.lastOccurredAt()) ? polled : segment.lastOccurredAt());
  }

  static Map<String, String> tags(ChangeSegmenter.Segment segment, GatewayDescriptor gateway) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("Environment", gateway.environment());
    tags.put("Application", gateway.application());
    tags.put("Owner", gateway.owner());
    tags.put("BackupDate", segment.closedAt().atOffset(ZoneOffset.UTC).toLocalDate().toString());
    tags.put("BackupType", BackupType.INCREMENTAL.name());
    tags.put("FirstSequence", Long.toString(segment.firstSequence()));
    tags.put("LastSequence", Long.toString(segment.lastSequence()));
    tags.put("Changes", Integer.toString(segment.changes().size()));
    tags.put("FirstOccurredAt", segment.firstOccurredAt().toString());
    tags.put("LastOccurredAt", segment.lastOccurredAt().toString());
    tags.put("FirstCapturedAt", segment.changes().get(0).capturedAt().toString());
    return tags;
  }
}
