package io.gatevault.capture.application;

import io.gatevault.core.changes.ChangeDetector;
import io.gatevault.core.changes.DetectedChange;
import io.gatevault.core.changes.EntityImage;
import io.gatevault.core.config.ConfigEntity;
import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.config.DependencyOrder;
import io.gatevault.core.config.SensitiveDataClassifier;
import io.gatevault.core.event.ChangeOperation;
import io.gatevault.core.event.ChangeSource;
import io.gatevault.core.event.ConfigChange;
import io.gatevault.core.gateway.GatewayAccessException;
import io.gatevault.core.gateway.GatewayAdapter;
import io.gatevault.stream.Envelopes;
import io.gatevault.stream.EventPublisher;
import io.gatevault.stream.GatevaultTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll-and-diff change feed: every gateway's {@code poll-interval} it asks the adapter for the
 * cheap change indicator ({@code configHash()}), and only when that differs from the last known
 * state dumps the configuration, diffs it against that state ({@link ChangeDetector}) and publishes
 * each change as a {@link ConfigChange} on {@value GatevaultTopics#CHANGES_RAW} keyed by gateway,
 * with the next sequence. Changes made behind Gatevault's back are caught this way.
 *
 * <p>The last state and sequence live in a {@link ChangeFeedStore}; after a restart the first poll
 * diffs against what was recorded, so changes made while capture was down are caught and the
 * sequence continues. A gateway seen for the first time is read whole: every entity becomes a
 * {@link ChangeOperation#SNAPSHOT_READ} change, so the log alone rebuilds the configuration.
 *
 * <p>Order of a poll: publish all its changes as one batch ({@link EventPublisher#publishAll}: all
 * sent, then one wait for every acknowledgement; one partition per gateway key and an idempotent
 * producer keep them in sequence order), then hand them to the {@link ChangeSegmenter} (which
 * ignores a sequence it already has), then record the new state. A failed send fails the poll
 * before anything is handed over or recorded; a failure after publishing and before recording makes
 * the next poll publish the same sequences again with the same event ids (duplicates consumers
 * drop); it never skips a sequence.
 *
 * <p>A change whose images exceed {@link #MAX_IMAGE_BYTES} (Kafka's 1 MB record limit) is not on
 * the topic: it is handed to the segmenter with its full images, which seals its segment at once,
 * so storage holds it within one segment's latency. A reader of the topic's tail sees its sequence
 * missing until that segment is sealed.
 */
public class ChangeFeed implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);

  /**
   * Before- and after-image together at most this many bytes of UTF-8, to stay under Kafka's 1 MB
   * records (counted in bytes: 900 Ki characters of a non-Latin script are two or three times
   * that).
   */
  static final int MAX_IMAGE_BYTES = 900 * 1024;

  /**
   * The configuration a poll saw and the sequence it is consistent with.
   *
   * @param snapshot the configuration (secrets redacted when the gateway redacts them)
   * @param lastSequence every change up to this sequence is published; none after it is in {@code
   *     snapshot}
   * @param published the changes this poll published (empty when nothing changed)
   */
  public record Observation(
      ConfigSnapshot snapshot, long lastSequence, List<ConfigChange> published) {}

  private final GatewayDirectory gateways;
  private final ChangeFeedStore store;
  private final EventPublisher publisher;
  private final Envelopes envelopes;
  private final ChangeSegmenter segmenter;
  private final Map<String, Duration> pollIntervals;
  private final PollHeartbeats heartbeats;
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  private final Map<String, ChangeFeedState> known = new ConcurrentHashMap<>();
  private ScheduledExecutorService timer;

  /**
   * @param pollIntervals gateway id to its poll interval, for the gateways whose feed is on
   */
  public ChangeFeed(
      GatewayDirectory gateways,
      ChangeFeedStore store,
      EventPublisher publisher,
      Envelopes envelopes,
      ChangeSegmenter segmenter,
      Map<String, Duration> pollIntervals) {
    this(
        gateways,
        store,
        publisher,
        envelopes,
        segmenter,
        pollIntervals,
        PollHeartbeats.inProcess());
  }

  /**
   * @param heartbeats told after each successful scheduled poll, so restore knows until when the
   *     log is complete
   */
  public ChangeFeed(
      GatewayDirectory gateways,
      ChangeFeedStore store,
      EventPublisher publisher,
      Envelopes envelopes,
      ChangeSegmenter segmenter,
      Map<String, Duration> pollIntervals,
      PollHeartbeats heartbeats) {
    this.heartbeats = heartbeats;
    this.gateways = gateways;
    this.store = store;
    this.publisher = publisher;
    this.envelopes = envelopes;
    this.segmenter = segmenter;
    this.pollIntervals = Map.copyOf(pollIntervals);
  }

  /** Polls every gateway whose feed is on, at its interval, on {@code timer}. */
  public void start(ScheduledExecutorService timer) {
    this.timer = timer;
    pollIntervals.forEach(
        (gatewayId, interval) -> {
          log.info("Change feed of gateway {}: polling every {}", gatewayId, interval);
          long millis = Math.max(1, interval.toMillis());
          timer.scheduleWithFixedDelay(
              () -> pollSafely(gatewayId), millis, millis, TimeUnit.MILLISECONDS);
        });
  }

  /** Whether the gateway's feed is on (a poll interval above zero). */
  public boolean isOn(String gatewayId) {
    return pollIntervals.containsKey(gatewayId);
  }

  /** The highest sequence recorded for the gateway, 0 when none. */
  public long lastSequence(String gatewayId) {
    return state(gatewayId).map(ChangeFeedState::lastSequence).orElse(0L);
  }

  /**
   * Checks the gateway once: cheap hash first, then dump and diff when it changed.
   *
   * @return the published changes, empty when nothing changed
   * @throws GatewayAccessException when the gateway could not be read
   * @throws IllegalStateException when the state could not be recorded
   */
  public List<ConfigChange> poll(String gatewayId) {
    synchronized (lockOf(gatewayId)) {
      GatewayAdapter adapter = adapterOf(gatewayId);
      Optional<ChangeFeedState> state = state(gatewayId);
      if (state.isPresent() && state.get().gatewayHash().equals(adapter.configHash())) {
        return List.of();
      }
      return observe(gatewayId, adapter, state, adapter.dump()).published();
    }
  }

  /**
   * Reads the gateway's whole configuration and publishes what changed since the last known state,
   * so the returned configuration is exactly the one of its {@code lastSequence}: how a snapshot
   * gets its watermark.
   */
  public Observation dumpAndCatchUp(String gatewayId) {
    synchronized (lockOf(gatewayId)) {
      GatewayAdapter adapter = adapterOf(gatewayId);
      Optional<ChangeFeedState> state = state(gatewayId);
      ConfigSnapshot dumped = adapter.dump();
      try {
        return observe(gatewayId, adapter, state, dumped);
      } catch (RuntimeException e) {
        // A backup must not depend on the change log: if the changes or the feed's state cannot
        // be recorded (Kafka refusing a record, for one), the snapshot is still taken, with the
        // watermark of what the log does hold. The next poll publishes the rest again; replaying
        // those after-images onto this snapshot changes nothing.
        long recorded = state.map(ChangeFeedState::lastSequence).orElse(0L);
        log.error(
            "Change feed of gateway {} could not record its changes ({}); the snapshot is taken"
                + " anyway with watermark {}",
            gatewayId,
            e.getMessage(),
            recorded);
        Optional<SensitiveDataClassifier> redaction = gateways.secretRedaction(gatewayId);
        ConfigSnapshot current =
            redaction.isPresent() ? redaction.get().redactSecrets(dumped) : dumped;
        return new Observation(current, recorded, List.of());
      }
    }
  }

  private Observation observe(
      String gatewayId,
      GatewayAdapter adapter,
      Optional<ChangeFeedState> state,
      ConfigSnapshot dumped) {
    Instant observedAt = envelopes.clock().instant();
    String gatewayHash = dumped.configHash().hex();
    Optional<SensitiveDataClassifier> redaction = gateways.secretRedaction(gatewayId);
    ConfigSnapshot current = redaction.isPresent() ? redaction.get().redactSecrets(dumped) : dumped;
    List<DetectedChange> detected;
    boolean initialRead = state.isEmpty();
    if (initialRead) {
      detected = new ArrayList<>();
      for (ConfigEntity entity : DependencyOrder.of(current.entities()).parentsFirst()) {
        detected.add(new DetectedChange(ChangeOperation.CREATE, null, entity));
      }
    } else {
      ConfigSnapshot previous =
          ConfigSnapshot.fromDocument(state.get().document().getBytes(StandardCharsets.UTF_8));
      detected = ChangeDetector.detect(previous, current);
    }
    long sequence = state.map(ChangeFeedState::lastSequence).orElse(0L);
    String feed = adapter.gateway().type() + "-admin-poll";
    List<ConfigChange> changes = new ArrayList<>(detected.size());
    List<EventPublisher.Outgoing> batch = new ArrayList<>(detected.size());
    List<ConfigChange> published = new ArrayList<>(detected.size());
    Set<Long> oversized = new HashSet<>();
    for (DetectedChange change : detected) {
      sequence++;
      ConfigChange event =
          new ConfigChange(
              envelopes.derived("ConfigChange", null, gatewayId, Long.toString(sequence)),
              gatewayId,
              sequence,
              initialRead ? ChangeOperation.SNAPSHOT_READ : change.op(),
              change.entityType(),
              change.entityId(),
              change.naturalKey(),
              change.before() == null ? null : EntityImage.encode(change.before()),
              change.after() == null ? null : EntityImage.encode(change.after()),
              // The admin API says neither who nor when: the poll time stands for occurredAt.
              new ChangeSource(feed, null, null),
              observedAt,
              envelopes.clock().instant());
      changes.add(event);
      long imageBytes = utf8Length(event.before()) + utf8Length(event.after());
      if (imageBytes > MAX_IMAGE_BYTES) {
        // Kafka refuses records over 1 MB by default; a segment is an artifact in storage, chunked
        // over Kafka, with no such limit. So this change goes only to the segmenter, which seals
        // its segment at once.
        oversized.add(sequence);
        log.warn(
            "Change {} of gateway {} ({} {}) has {} bytes of images, over the {} a change record"
                + " may carry: not on {}, sealed into a change segment at once instead",
            sequence,
            gatewayId,
            change.entityType(),
            change.entityId(),
            imageBytes,
            MAX_IMAGE_BYTES,
            GatevaultTopics.CHANGES_RAW);
        continue;
      }
      batch.add(new EventPublisher.Outgoing(GatevaultTopics.CHANGES_RAW, gatewayId, event));
      published.add(event);
    }
    // All sent, one wait for every acknowledgement; a failure fails the poll before anything is
    // handed to the segmenter or recorded, so the next poll publishes the same sequences again.
    publisher.publishAll(batch);
    for (ConfigChange event : changes) {
      if (oversized.contains(event.sequence())) {
        sealAtOnce(event);
      } else {
        offerToSegment(event);
      }
    }
    ChangeFeedState next =
        new ChangeFeedState(
            gatewayId,
            sequence,
            gatewayHash,
            new String(current.toDocument(), StandardCharsets.UTF_8),
            observedAt);
    Optional<ChangeFeedState> before = state;
    boolean stateChanged =
        before.isEmpty()
            || before.get().lastSequence() != sequence
            || !before.get().gatewayHash().equals(gatewayHash);
    if (stateChanged) {
      store.record(next);
    }
    known.put(gatewayId, stateChanged ? next : before.get());
    if (!published.isEmpty()) {
      log.info(
          "Change feed of gateway {}: {} change(s), sequences {}-{}",
          gatewayId,
          published.size(),
          published.get(0).sequence(),
          sequence);
    }
    return new Observation(current, sequence, published);
  }

  /**
   * An oversized change: its segment is closed as soon as it holds it, so storage has it within a
   * segment's latency. Until then it exists only in this process: a crash before sealing loses it,
   * which {@link OpenSegmentRecovery} reports and answers with a full backup.
   */
  private void sealAtOnce(ConfigChange change) {
    try {
      segmenter.acceptAndClose(change);
    } catch (RuntimeException e) {
      log.warn(
          "Change segment of gateway {} holding the oversized change {} not sealed yet (the next"
              + " close retries): {}",
          change.gatewayId(),
          change.sequence(),
          e.getMessage());
    }
  }

  /** Bytes of {@code text} in UTF-8, without encoding it; 0 for none. */
  static long utf8Length(String text) {
    if (text == null) {
      return 0;
    }
    long bytes = 0;
    for (int index = 0; index < text.length(); index++) {
      char c = text.charAt(index);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && index + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(index + 1))) {
        bytes += 4;
        index++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  private void offerToSegment(ConfigChange change) {
    try {
      segmenter.accept(change);
    } catch (RuntimeException e) {
      // The change waits in the open segment; its next close retries sealing it.
      log.warn(
          "Change segment of gateway {} not sealed yet: {}", change.gatewayId(), e.getMessage());
    }
  }

  private void pollSafely(String gatewayId) {
    try {
      Instant polledAt = envelopes.clock().instant();
      poll(gatewayId);
      heartbeats.polled(gatewayId, lastSequence(gatewayId), polledAt);
    } catch (GatewayAccessException | IllegalStateException e) {
      log.warn(
          "Change feed of gateway {}: poll failed, retried next time: {}",
          gatewayId,
          e.getMessage());
    } catch (RuntimeException e) {
      log.error("Change feed of gateway {}: poll failed: {}", gatewayId, e.getMessage(), e);
    }
  }

  private Optional<ChangeFeedState> state(String gatewayId) {
    ChangeFeedState cached = known.get(gatewayId);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<ChangeFeedState> stored = store.find(gatewayId);
    stored.ifPresent(found -> known.put(gatewayId, found));
    return stored;
  }

  private GatewayAdapter adapterOf(String gatewayId) {
    return gateways
        .find(gatewayId)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "capture does not know gateway '"
                        + gatewayId
                        + "' (it knows "
                        + gateways.knownGatewayIds()
                        + ")"));
  }

  private Object lockOf(String gatewayId) {
    return locks.computeIfAbsent(gatewayId, id -> new Object());
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
