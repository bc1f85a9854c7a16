package io.gatevault.capture.application;

import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.BackupType;
import io.gatevault.core.event.ConfigChange;
import io.gatevault.core.event.EventEnvelope;
import io.gatevault.core.event.SnapshotRequested;
import io.gatevault.core.id.DeterministicId;
import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.Envelopes;
import io.gatevault.stream.EventPublisher;
import io.gatevault.stream.GatevaultTopics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start-up, before the feed polls, gives the {@link ChangeSegmenter} back the changes a crashed
 * capture left in its open segment: for each gateway, those above its sealed mark ({@link
 * SealedSequences}) and up to the feed's recorded sequence ({@link ChangeFeedStore}), re-read from
 * the raw changes topic ({@link ChangeLogSource}) and handed over in sequence order. The next
 * segment then starts exactly after the last sealed one: no gap, no overlap.
 *
 * <p>Changes above the feed's recorded sequence are not recovered: the feed publishes those
 * sequences again on its next poll. Sequences the topic no longer holds (its retention passed) are
 * reported, once per recovery, by an error log and a {@value #LOST_ACTION} audit record naming the
 * gateway and the range, and a full backup of the gateway is requested ({@link SnapshotRequested}
 * on {@value GatevaultTopics#COMMANDS}, requester {@value #REQUESTER}) so later moments have a
 * base; recovery carries on with what is held. Besides retention, a range is lost when it held a
 * change too large for the topic ({@link ChangeFeed#MAX_IMAGE_BYTES}), which only the open segment
 * had.
 *
 * <p>A gateway with a feed state but no mark was captured by a version that did not record marks
 * and sealed its open segments at its clean shutdown: its mark becomes the feed's sequence.
 */
public class OpenSegmentRecovery {

  private static final Logger log = LoggerFactory.getLogger(OpenSegmentRecovery.class);

  /** Audit action of a range of changes neither storage nor the topic holds. */
  public static final String LOST_ACTION = "changes.segment.lost";

  /** Who asks for the full backup after a lost range, in the command and the audit trail. */
  public static final String REQUESTER = "capture-recovery";

  /** An inclusive range of sequences. */
  public record SequenceRange(long first, long last) {
    @Override
    public String toString() {
      return first == last ? Long.toString(first) : first + "-" + last;
    }
  }

  /**
   * What recovery found for one gateway.
   *
   * @param sealedUpTo the gateway's mark when recovery began
   * @param recordedUpTo the feed's recorded sequence
   * @param recovered how many changes went back into the open segment
   * @param missing ranges in {@code (sealedUpTo, recordedUpTo]} the topic no longer holds
   */
  public record Outcome(
      String gatewayId,
      long sealedUpTo,
      long recordedUpTo,
      int recovered,
      List<SequenceRange> missing) {
    public Outcome {
      missing = List.copyOf(missing);
    }
  }

  private final ChangeFeedStore feedStates;
  private final SealedSequences marks;
  private final ChangeLogSource changeLog;
  private final ChangeSegmenter segmenter;
  private final AuditTrail audit;
  private final EventPublisher publisher;
  private final Envelopes envelopes;

  /**
   * @param publisher where the full backup after a lost range is requested ({@value
   *     GatevaultTopics#COMMANDS})
   */
  public OpenSegmentRecovery(
      ChangeFeedStore feedStates,
      SealedSequences marks,
      ChangeLogSource changeLog,
      ChangeSegmenter segmenter,
      AuditTrail audit,
      EventPublisher publisher,
      Envelopes envelopes) {
    this.feedStates = feedStates;
    this.marks = marks;
    this.changeLog = changeLog;
    this.segmenter = segmenter;
    this.audit = audit;
    this.publisher = publisher;
    this.envelopes = envelopes;
  }

  /**
   * Recovers every gateway; a gateway whose recovery fails (Kafka unreachable) is logged and
   * skipped, the others still recover.
   */
  public Map<String, Outcome> recoverAll(Collection<String> gatewayIds) {
    Map<String, Outcome> outcomes = new LinkedHashMap<>();
    for (String gatewayId : gatewayIds) {
      try {
        outcomes.put(gatewayId, recover(gatewayId));
      } catch (RuntimeException e) {
        log.error(
            "Open change segment of gateway {} not recovered: {}. Changes above its last sealed"
                + " segment may be missing from storage until the next full backup",
            gatewayId,
            e.getMessage());
      }
    }
    return outcomes;
  }

  /**
   * Recovers one gateway's open segment.
   *
   * @throws IllegalStateException when the feed state, the mark or the topic could not be read
   */
  public Outcome recover(String gatewayId) {
    OptionalLong recordedState =
        feedStates.find(gatewayId).stream().mapToLong(ChangeFeedState::lastSequence).findFirst();
    if (recordedState.isEmpty()) {
      return new Outcome(gatewayId, 0, 0, 0, List.of());
    }
    long recordedUpTo = recordedState.getAsLong();
    OptionalLong mark = marks.sealedUpTo(gatewayId);
    if (mark.isEmpty()) {
      marks.recordSealed(gatewayId, recordedUpTo);
      log.info(
          "Gateway {} has no sealed mark yet (captured by an earlier version, which sealed its"
              + " open segment at shutdown): changes up to sequence {} count as sealed",
          gatewayId,
          recordedUpTo);
      return new Outcome(gatewayId, recordedUpTo, recordedUpTo, 0, List.of());
    }
    long sealedUpTo = mark.getAsLong();
    if (recordedUpTo <= sealedUpTo) {
      return new Outcome(gatewayId, sealedUpTo, recordedUpTo, 0, List.of());
    }
    List<ConfigChange> held = changeLog.changesBetween(gatewayId, sealedUpTo, recordedUpTo);
    List<SequenceRange> missing = new ArrayList<>();
    long expected = sealedUpTo + 1;
    int recovered = 0;
    for (ConfigChange change : held) {
      if (change.sequence() < expected || change.sequence() > recordedUpTo) {
        continue;
      }
      if (change.sequence() > expected) {
        missing.add(new SequenceRange(expected, change.sequence() - 1));
      }
      handOver(change);
      recovered++;
      expected = change.sequence() + 1;
    }
    if (expected <= recordedUpTo) {
      missing.add(new SequenceRange(expected, recordedUpTo));
    }
    if (recovered > 0) {
      log.info(
          "Recovered {} of the {} change(s) of gateway {} (sequences {}-{}) left in the open"
              + " segment by the previous run: they go into the next segment",
          recovered,
          recordedUpTo - sealedUpTo,
          gatewayId,
          sealedUpTo + 1,
          recordedUpTo);
    } else {
      // Nothing to hand over: the next segment starts after the lost range, which is reported
      // now and not again at the next start.
      marks.recordSealed(gatewayId, recordedUpTo);
    }
    if (!missing.isEmpty()) {
      reportLost(gatewayId, sealedUpTo, recordedUpTo, missing);
    }
    return new Outcome(gatewayId, sealedUpTo, recordedUpTo, recovered, missing);
  }

  private void handOver(ConfigChange change) {
    try {
      segmenter.accept(change);
    } catch (RuntimeException e) {
      // Taken into the open segment before the full segment failed to seal: the next close
      // retries, as for a change handed over by the feed.
      log.warn(
          "Change segment of gateway {} not sealed yet: {}", change.gatewayId(), e.getMessage());
    }
  }

  private void reportLost(
      String gatewayId, long sealedUpTo, long recordedUpTo, List<SequenceRange> missing) {
    String ranges = String.join(",", missing.stream().map(SequenceRange::toString).toList());
    log.error(
        "Gateway {}: change sequences {} were in the open segment when capture stopped without"
            + " sealing it, and {} no longer holds them (retention passed): storage has a gap"
            + " there, and point-in-time restore cannot reach a moment inside it. Take a full"
            + " backup (backup --type full) so later moments restore from a snapshot",
        gatewayId,
        ranges,
        changeLog.describe());
    audit.record(
        LOST_ACTION,
        gatewayId + "/changes/" + ranges,
        AuditOutcome.FAILURE,
        null,
        gatewayId,
        Map.of(
            "missingSequences",
            ranges,
            "sealedUpTo",
            Long.toString(sealedUpTo),
            "recordedUpTo",
            Long.toString(recordedUpTo),
            "source",
            changeLog.describe()));
    requestFullBackup(gatewayId, ranges, recordedUpTo);
  }

  /**
   * A full backup taken now has a watermark past the lost range, so every later moment restores
   * from it. The command id derives from gateway and range: a second recovery of the same loss asks
   * once.
   */
  private void requestFullBackup(String gatewayId, String ranges, long recordedUpTo) {
    String commandId =
        DeterministicId.COMMANDS.deriveString(
            REQUESTER, gatewayId, "lost", ranges, Long.toString(recordedUpTo));
    Instant now = envelopes.clock().instant();
    SnapshotRequested command =
        new SnapshotRequested(
            new EventEnvelope(
                DeterministicId.EVENTS.deriveString("Command", commandId),
                EventEnvelope.CURRENT_SCHEMA_VERSION,
                "Command",
                envelopes.serviceName(),
                null,
                null,
                now,
                gatewayId),
            commandId,
            gatewayId,
            REQUESTER,
            now,
            BackupType.FULL,
            "after change sequences " + ranges + " were lost from the open segment",
            // Object tags allow no comma.
            Map.of("Trigger", REQUESTER, "LostSequences", ranges.replace(',', ' ')));
    try {
      publisher.publish(GatevaultTopics.COMMANDS, gatewayId, command);
      log.info(
          "Requested full backup {} of gateway {} so moments after the lost sequences {} restore"
              + " from it",
          commandId,
          gatewayId,
          ranges);
    } catch (RuntimeException e) {
      log.error(
          "Could not request a full backup of gateway {} after the lost sequences {}: {}. Run"
              + " gatevault backup {} --type full",
          gatewayId,
          ranges,
          e.getMessage(),
          gatewayId);
    }
  }
}
