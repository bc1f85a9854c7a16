package io.gatevault.restore.application;

import io.gatevault.core.pitr.LoggedChange;
import io.gatevault.core.pitr.ReplayException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * A gateway's change log as replay reads it: the sealed change-log segments in storage, then the
 * raw changes topic for the tail not sealed yet. Changes come out one sequence after the other from
 * the one after a base's watermark; a segment is unsealed (and so authenticated) only when replay
 * reaches it, and the topic is read only when the segments end. Sequences both in a segment and in
 * the topic are taken once.
 *
 * <p>When the next sequence is in neither but later ones are, the log has a hole: reading stops
 * with a {@link ReplayException.Problem#GAP} naming the missing sequences, the segments storage
 * holds and where else to look, rather than replaying a state the gateway never had.
 */
public final class ChangeLog {

  /**
   * A sealed segment of the log in storage.
   *
   * @param artifactId its artifact id (what {@link BackupSource#read} takes)
   * @param firstSequence its first sequence
   * @param lastSequence its last sequence
   */
  public record Segment(String artifactId, long firstSequence, long lastSequence) {
    public Segment {
      if (firstSequence < 0 || lastSequence < firstSequence) {
        throw new IllegalArgumentException(
            "change segment "
                + artifactId
                + " has range "
                + firstSequence
                + "-"
                + lastSequence
                + "; a segment holds at least one sequence");
      }
    }

    public String range() {
      return firstSequence + "-" + lastSequence;
    }

    boolean holds(long sequence) {
      return firstSequence <= sequence && sequence <= lastSequence;
    }
  }

  private final String gatewayId;
  private final List<Segment> segments;
  private final Function<Segment, List<LoggedChange>> unseal;
  private final ChangeTail tail;
  private final String storageDescription;
  private final List<Segment> segmentsRead = new ArrayList<>();
  private int tailChangesRead;

  /**
   * @param segments the gateway's segments in storage, any order; overlapping ones are fine
   * @param unseal reads and authenticates one segment, then decodes it
   * @param storageDescription where the segments were listed, for messages (e.g. "targets [a, b]")
   */
  public ChangeLog(
      String gatewayId,
      List<Segment> segments,
      Function<Segment, List<LoggedChange>> unseal,
      ChangeTail tail,
      String storageDescription) {
    this.gatewayId = gatewayId;
    this.segments =
        segments.stream()
            .sorted(
                Comparator.comparingLong(Segment::firstSequence)
                    .thenComparing(Comparator.comparingLong(Segment::lastSequence).reversed()))
            .toList();
    this.unseal = unseal;
    this.tail = tail;
    this.storageDescription = storageDescription;
  }

  /** The changes after {@code watermark}, in sequence order, read as they are asked for. */
  public Iterator<LoggedChange> after(long watermark) {
    return new Reader(watermark);
  }

  /** Segments unsealed so far, in the order read. */
  public List<Segment> segmentsRead() {
    return List.copyOf(segmentsRead);
  }

  /** Changes taken from the raw changes topic so far. */
  public int tailChangesRead() {
    return tailChangesRead;
  }

  /** Where the changes read so far came from, for the restore's report. */
  public String describeRead() {
    String fromSegments =
        segmentsRead.isEmpty()
            ? "no sealed segment"
            : segmentsRead.size()
                + " sealed segment(s) "
                + segmentsRead.stream().map(Segment::range).toList();
    return fromSegments
        + (tailChangesRead > 0
            ? " and " + tailChangesRead + " change(s) from " + tail.describe()
            : "");
  }

  private final class Reader implements Iterator<LoggedChange> {
    private long expected;
    private Iterator<LoggedChange> buffer = List.<LoggedChange>of().iterator();
    private LoggedChange pending;
    private List<LoggedChange> tailChanges;
    private final long watermark;

    Reader(long watermark) {
      this.watermark = watermark;
      this.expected = watermark + 1;
    }

    @Override
    public boolean hasNext() {
      if (pending != null) {
        return true;
      }
      pending = nextFromBuffer();
      if (pending != null) {
        return true;
      }
      buffer = refill();
      pending = nextFromBuffer();
      return pending != null;
    }

    @Override
    public LoggedChange next() {
      if (!hasNext()) {
        throw new NoSuchElementException("the change log of " + gatewayId + " ends here");
      }
      LoggedChange change = pending;
      pending = null;
      expected = change.sequence() + 1;
      return change;
    }

    /**
     * The next change of the current source; a change below the expected sequence (already taken
     * from another source) is skipped, a jump is left for replay to report as a gap.
     */
    private LoggedChange nextFromBuffer() {
      while (buffer.hasNext()) {
        LoggedChange change = buffer.next();
        if (change.sequence() >= expected) {
          return change;
        }
      }
      return null;
    }

    private Iterator<LoggedChange> refill() {
      for (Segment segment : segments) {
        if (segment.holds(expected)) {
          List<LoggedChange> changes = unseal.apply(segment);
          segmentsRead.add(segment);
          return changes.iterator();
        }
      }
      List<LoggedChange> fromTail = tail();
      List<LoggedChange> usable = fromTail.stream().filter(c -> c.sequence() >= expected).toList();
      if (!usable.isEmpty() && usable.get(0).sequence() == expected) {
        tailChangesRead += usable.size();
        tailChanges = List.of();
        return usable.iterator();
      }
      long nextAvailable =
          segments.stream()
              .mapToLong(Segment::firstSequence)
              .filter(first -> first > expected)
              .min()
              .orElse(Long.MAX_VALUE);
      if (!usable.isEmpty()) {
        nextAvailable = Math.min(nextAvailable, usable.get(0).sequence());
      }
      if (nextAvailable == Long.MAX_VALUE) {
        return List.<LoggedChange>of().iterator();
      }
      throw gap(expected, nextAvailable - 1);
    }

    private List<LoggedChange> tail() {
      if (tailChanges == null) {
        tailChanges = tail.changesAfter(gatewayId, watermark);
      }
      return tailChanges;
    }
  }

  private ReplayException gap(long from, long to) {
    String missing = from == to ? "sequence " + from : "sequences " + from + "-" + to;
    return new ReplayException(
        ReplayException.Problem.GAP,
        from,
        "the change log of gateway "
            + gatewayId
            + " has a gap: "
            + missing
            + " are in no sealed change segment on "
            + storageDescription
            + " (it holds "
            + (segments.isEmpty() ? "none" : segments.stream().map(Segment::range).toList())
            + ") and "
            + tail.describe()
            + " does not hold them. Look for a segment covering "
            + from
            + "-"
            + to
            + " on another storage target (`gatevault catalog rebuild --from <target>`) or in"
            + " the raw changes topic while it is within retention, or restore to a point before"
            + " sequence "
            + from
            + ". A sequence missing from the topic may also be a change too large for it (over"
            + " ~900 KiB), which capture seals only into a change segment, at once: retry once"
            + " that segment is sealed and verified (`gatevault list <gateway> --changes`)");
  }
}
