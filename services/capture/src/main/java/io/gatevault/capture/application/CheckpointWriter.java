package io.gatevault.capture.application;

import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.event.BackupType;
import io.gatevault.core.event.BinaryContent;
import io.gatevault.core.event.EventEnvelope;
import io.gatevault.core.event.SnapshotChunk;
import io.gatevault.core.gateway.GatewayDescriptor;
import io.gatevault.core.id.DeterministicId;
import io.gatevault.core.pitr.Checkpoint;
import io.gatevault.core.pitr.ConfigState;
import io.gatevault.stream.Envelopes;
import io.gatevault.stream.EventPublisher;
import io.gatevault.stream.GatevaultTopics;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a checkpoint of a gateway every {@code every} changes, so a point-in-time replay starts at
 * most that many changes before its target instead of at the last full snapshot.
 *
 * <p>It sits in front of the change feed's {@link ChangeFeedStore}: each state the feed records is
 * the configuration at its {@code lastSequence}, so when a recorded state's sequence crosses a
 * multiple of {@code every} that state becomes a checkpoint, without reading the gateway again. The
 * checkpoint is a {@link Checkpoint} document sealed like a change segment ({@link
 * ChangeSegmentPublisher}): ordered {@link SnapshotChunk}s on {@value
 * GatevaultTopics#SNAPSHOTS_RAW} with backup type {@link BackupType#INCREMENTAL}, named {@code
 * checkpoint-<watermark>}, watermark the sequence (encrypt seals it as a {@code CHECKPOINT}
 * artifact, replicate stores it as {@code checkpoints/<watermark>.checkpoint.gvx}, verify checks
 * it). Tags: the standard ones with BackupType {@code CHECKPOINT}, plus Watermark, WatermarkTime
 * and Entities.
 *
 * <p>The state is recorded first and the checkpoint written after: a checkpoint is a replay aid, so
 * one that cannot be published costs nothing but replay time. It is tried again with the next
 * recorded state (a checkpoint at any sequence is as good), and logged.
 */
public class CheckpointWriter implements ChangeFeedStore {

  /** Name a checkpoint document gives as its base: restore composes on a verified snapshot. */
  public static final String FEED_BASE = "change-feed";

  private static final Logger log = LoggerFactory.getLogger(CheckpointWriter.class);

  private final ChangeFeedStore store;
  private final long every;
  private final GatewayDirectory gateways;
  private final EventPublisher publisher;
  private final Envelopes envelopes;
  private final SnapshotChunker chunker;
  private final Map<String, Long> lastRecorded = new HashMap<>();
  private final Set<String> due = new HashSet<>();

  /**
   * @param store where the feed's states are kept (every call is passed on)
   * @param every a checkpoint when a gateway's sequence crosses a multiple of this (at least 1)
   */
  public CheckpointWriter(
      ChangeFeedStore store,
      long every,
      GatewayDirectory gateways,
      EventPublisher publisher,
      Envelopes envelopes,
      SnapshotChunker chunker) {
    if (every < 1) {
      throw new IllegalArgumentException(
          "changes.checkpoint-every must be at least 1 (changes between checkpoints) or off, but"
              + " was "
              + every);
    }
    this.store = store;
    this.every = every;
    this.gateways = gateways;
    this.publisher = publisher;
    this.envelopes = envelopes;
    this.chunker = chunker;
  }

  /** Snapshot id of a gateway's checkpoint at {@code watermark}: the same on every sealing. */
  public static String checkpointIdOf(String gatewayId, long watermark) {
    return DeterministicId.SNAPSHOTS.deriveString(
        gatewayId, "checkpoint", Long.toString(watermark));
  }

  /** The artifact name of a checkpoint at {@code watermark}. */
  public static String nameOf(long watermark) {
    return "checkpoint-" + watermark;
  }

  @Override
  public Optional<ChangeFeedState> find(String gatewayId) {
    return store.find(gatewayId);
  }

  @Override
  public void record(ChangeFeedState state) {
    String gatewayId = state.gatewayId();
    long before;
    synchronized (this) {
      Long known = lastRecorded.get(gatewayId);
      before =
          known != null
              ? known
              : store.find(gatewayId).map(ChangeFeedState::lastSequence).orElse(0L);
    }
    store.record(state);
    synchronized (this) {
      lastRecorded.put(gatewayId, Math.max(before, state.lastSequence()));
      if (state.lastSequence() / every > before / every) {
        due.add(gatewayId);
      }
      if (!due.contains(gatewayId)) {
        return;
      }
    }
    try {
      write(state);
      synchronized (this) {
        due.remove(gatewayId);
      }
    } catch (RuntimeException e) {
      log.warn(
          "Checkpoint of gateway {} at sequence {} not written, tried again with its next change:"
              + " {}",
          gatewayId,
          state.lastSequence(),
          e.getMessage());
    }
  }

  /** Publishes the checkpoint of {@code state} for sealing. */
  void write(ChangeFeedState state) {
    GatewayDescriptor gateway =
        gateways
            .find(state.gatewayId())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "capture no longer knows gateway "
                            + state.gatewayId()
                            + ": its checkpoint cannot be tagged"))
            .gateway();
    long started = System.nanoTime();
    ConfigSnapshot configuration =
        ConfigSnapshot.fromDocument(state.document().getBytes(StandardCharsets.UTF_8));
    ConfigState checkpointed =
        ConfigState.fromSnapshot(
            configuration, FEED_BASE, state.lastSequence(), state.observedAt());
    byte[] document = Checkpoint.write(checkpointed);
    SnapshotChunker.Split split = chunker.split(document);
    String checkpointId = checkpointIdOf(state.gatewayId(), state.lastSequence());
    Map<String, String> tags = tags(state, gateway, configuration.entities().size());
    List<BinaryContent> pieces = split.pieces();
    for (int index = 0; index < pieces.size(); index++) {
      EventEnvelope envelope =
          envelopes.derived(
              "SnapshotChunk", null, state.gatewayId(), checkpointId, Integer.toString(index));
      publisher.publish(
          GatevaultTopics.SNAPSHOTS_RAW,
          state.gatewayId(),
          new SnapshotChunk(
              envelope,
              checkpointId,
              state.gatewayId(),
              BackupType.INCREMENTAL,
              index,
              pieces.size(),
              pieces.get(index),
              split.totalSize(),
              split.sha256(),
              state.lastSequence(),
              tags,
              envelopes.clock().instant(),
              nameOf(state.lastSequence()),
              SnapshotChunk.UNNUMBERED,
              null,
              gateway.environment()));
    }
    log.info(
        "Checkpoint of gateway {} at sequence {}: {} entities, {} bytes, {} ms",
        state.gatewayId(),
        state.lastSequence(),
        configuration.entities().size(),
        split.totalSize(),
        (System.nanoTime() - started) / 1_000_000);
  }

  static Map<String, String> tags(ChangeFeedState state, GatewayDescriptor gateway, int entities) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("Environment", gateway.environment());
    tags.put("Application", gateway.application());
    tags.put("Owner", gateway.owner());
    tags.put("BackupDate", state.observedAt().atOffset(ZoneOffset.UTC).toLocalDate().toString());
    tags.put("BackupType", "CHECKPOINT");
    tags.put("Watermark", Long.toString(state.lastSequence()));
    tags.put("WatermarkTime", state.observedAt().toString());
    tags.put("Entities", Integer.toString(entities));
    return tags;
  }
}
