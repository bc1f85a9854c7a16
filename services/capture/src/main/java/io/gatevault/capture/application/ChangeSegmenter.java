package io.gatevault.capture.application;

import io.gatevault.core.event.ConfigChange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects each gateway's changes into an open segment and closes it into a {@link Segment} when it
 * holds {@code maxEvents} changes, when its first change has waited {@code maxAge}, or when asked
 * ({@link #closeNow}, the {@code backup --type incremental} command). A closed segment goes to the
 * {@link SegmentSink}, which turns it into an artifact sealed, replicated and verified like a
 * snapshot.
 *
 * <p>When the sink fails the changes stay in the open segment and the next change or tick tries
 * again, so no change is dropped and segments of one gateway stay in sequence order without gaps.
 * Changes arrive in sequence order per gateway (the feed publishes them in order); one at or below
 * the last sequence taken is a republication and is ignored.
 *
 * <p>Each gateway's highest sealed sequence is recorded in {@link SealedSequences} after every seal
 * (and, for a gateway without one, where its first segment starts), so a capture that crashed with
 * an open segment knows which changes to re-read from the topic ({@link OpenSegmentRecovery}).
 */
public class ChangeSegmenter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ChangeSegmenter.class);

  /**
   * A closed segment: one gateway's consecutive changes.
   *
   * @param changes in sequence order, never empty
   * @param openedAt when the first change entered the segment
   * @param closedAt when it was closed
   */
  public record Segment(
      String gatewayId, List<ConfigChange> changes, Instant openedAt, Instant closedAt) {

    public Segment {
      changes = List.copyOf(changes);
      if (changes.isEmpty()) {
        throw new IllegalArgumentException("A segment of gateway " + gatewayId + " is never empty");
      }
    }

    public long firstSequence() {
      return changes.get(0).sequence();
    }

    public long lastSequence() {
      return changes.get(changes.size() - 1).sequence();
    }

    /** The segment's name in the repository layout: {@code <first>-<last>}. */
    public String name() {
      return firstSequence() + "-" + lastSequence();
    }

    public Instant firstOccurredAt() {
      return changes.stream().map(ConfigChange::occurredAt).min(Instant::compareTo).orElseThrow();
    }

    public Instant lastOccurredAt() {
      return changes.stream().map(ConfigChange::occurredAt).max(Instant::compareTo).orElseThrow();
    }
  }

  /** Where closed segments go; must have published the segment durably when it returns. */
  @FunctionalInterface
  public interface SegmentSink {
    void seal(Segment segment);
  }

  private record Open(List<ConfigChange> changes, Instant openedAt) {}

  private final int maxEvents;
  private final Duration maxAge;
  private final Clock clock;
  private final SegmentSink sink;
  private final SealedSequences marks;
  private final Set<String> marked = new HashSet<>();
  private final Map<String, Open> open = new LinkedHashMap<>();
  private final Map<String, Long> lastTaken = new LinkedHashMap<>();
  private ScheduledExecutorService timer;

  /**
   * @param maxEvents a segment is closed when it holds this many changes (at least 1)
   * @param maxAge a segment is closed when its first change has waited this long (positive)
   */
  public ChangeSegmenter(int maxEvents, Duration maxAge, Clock clock, SegmentSink sink) {
    this(maxEvents, maxAge, clock, sink, new SealedSequences.InProcess());
  }

  /**
   * @param marks where each gateway's highest sealed sequence is kept across restarts
   */
  public ChangeSegmenter(
      int maxEvents, Duration maxAge, Clock clock, SegmentSink sink, SealedSequences marks) {
    if (maxEvents < 1) {
      throw new IllegalArgumentException(
          "segment-events must be at least 1 (changes per segment), but was " + maxEvents);
    }
    if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException(
          "segment-seconds must be positive (the longest a change waits in an open segment), but"
              + " was "
              + maxAge);
    }
    this.maxEvents = maxEvents;
    this.maxAge = maxAge;
    this.clock = clock;
    this.sink = sink;
    this.marks = marks;
  }

  /** Closes segments by age on {@code timer}, checking a few times per {@code maxAge}. */
  public synchronized void start(ScheduledExecutorService timer) {
    this.timer = timer;
    long periodMillis = Math.max(10, Math.min(100, maxAge.toMillis() / 5));
    timer.scheduleWithFixedDelay(
        this::closeAgedSafely, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * Adds the next change of its gateway; closes the segment when it is full. A sequence this
   * segmenter already took (the feed publishing it again after a failed state write) is ignored, so
   * segments never overlap.
   */
  public synchronized void accept(ConfigChange change) {
    Long taken = lastTaken.get(change.gatewayId());
    if (taken != null && change.sequence() <= taken) {
      return;
    }
    Open segment = open.get(change.gatewayId());
    if (segment == null) {
      markStartOfFirstSegment(change);
      segment = new Open(new ArrayList<>(), clock.instant());
      open.put(change.gatewayId(), segment);
    }
    segment.changes().add(change);
    lastTaken.put(change.gatewayId(), change.sequence());
    if (segment.changes().size() >= maxEvents) {
      close(change.gatewayId());
    }
  }

  /**
   * Adds the change like {@link #accept} and closes its gateway's segment at once: for a change
   * that exists nowhere else (too large for the changes topic), so storage holds it as soon as
   * possible. When the sink fails the change stays in the open segment for the next close.
   */
  public synchronized Optional<Segment> acceptAndClose(ConfigChange change) {
    accept(change);
    return close(change.gatewayId());
  }

  /** Closes every segment whose first change has waited {@code maxAge}; returns them. */
  public synchronized List<Segment> closeAged() {
    Instant now = clock.instant();
    List<Segment> closed = new ArrayList<>();
    for (String gatewayId : List.copyOf(open.keySet())) {
      Open segment = open.get(gatewayId);
      if (!segment.openedAt().plus(maxAge).isAfter(now)) {
        close(gatewayId).ifPresent(closed::add);
      }
    }
    return closed;
  }

  /** Closes the gateway's open segment now; empty when it holds no change. */
  public synchronized Optional<Segment> closeNow(String gatewayId) {
    return close(gatewayId);
  }

  /**
   * Closes every open segment now, whatever its size or age: at shutdown, so the changes of an open
   * segment are sealed rather than left behind by a restart.
   */
  public synchronized List<Segment> closeAll() {
    List<Segment> closed = new ArrayList<>();
    for (String gatewayId : List.copyOf(open.keySet())) {
      close(gatewayId).ifPresent(closed::add);
    }
    return closed;
  }

  /** How many changes wait in the gateway's open segment. */
  public synchronized int openChanges(String gatewayId) {
    Open segment = open.get(gatewayId);
    return segment == null ? 0 : segment.changes().size();
  }

  private Optional<Segment> close(String gatewayId) {
    Open segment = open.get(gatewayId);
    if (segment == null || segment.changes().isEmpty()) {
      return Optional.empty();
    }
    Segment closed = new Segment(gatewayId, segment.changes(), segment.openedAt(), clock.instant());
    // Removed only once sealed: a failing sink keeps the changes for the next attempt.
    sink.seal(closed);
    open.remove(gatewayId);
    try {
      marks.recordSealed(gatewayId, closed.lastSequence());
      marked.add(gatewayId);
    } catch (RuntimeException e) {
      // The segment is sealed; only a crash before the next seal records a higher mark would make
      // recovery seal this range again (same range, same artifact id downstream).
      log.warn(
          "Sealed change segment {} of gateway {} but could not record its last sequence: {}",
          closed.name(),
          gatewayId,
          e.getMessage());
    }
    return Optional.of(closed);
  }

  /**
   * A gateway without a mark gets one just below its first open segment, so a crash before that
   * segment is sealed still leaves recovery a place to start from. Not fatal: tried again at the
   * next segment.
   */
  private void markStartOfFirstSegment(ConfigChange first) {
    String gatewayId = first.gatewayId();
    if (marked.contains(gatewayId)) {
      return;
    }
    try {
      if (marks.sealedUpTo(gatewayId).isEmpty()) {
        marks.recordSealed(gatewayId, first.sequence() - 1);
      }
      marked.add(gatewayId);
    } catch (RuntimeException e) {
      log.warn(
          "Could not record where the first change segment of gateway {} starts (sequence {}): {}",
          gatewayId,
          first.sequence(),
          e.getMessage());
    }
  }

  private void closeAgedSafely() {
    try {
      closeAged();
    } catch (RuntimeException e) {
      log.warn("Could not close a change segment (retried at the next tick): {}", e.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
