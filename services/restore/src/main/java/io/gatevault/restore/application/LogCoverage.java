package io.gatevault.restore.application;

import io.gatevault.core.pitr.ReplayResult;
import io.gatevault.core.pitr.ReplayTarget;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether the change log replay read is known complete up to a time target.
 *
 * <p>When replay stopped at a change after the target (or at an exact sequence) the log itself
 * proves the state: sequences are contiguous, so nothing between is missing. When the log ran out
 * before a time target, the newest state it holds is the answer only if something proves that no
 * change happened between its last change and the target. A {@link Proof} says "the log up to
 * sequence S held every change that happened by time T": capture's heartbeat (a successful poll), a
 * change segment's {@code CoveredUntil} tag, or a snapshot (read at its creation with that
 * watermark). Only proofs for the sequence replay ended at count: one for an earlier sequence says
 * nothing about later changes, one for a later sequence says changes exist that replay did not
 * read.
 *
 * <p>The log is known complete until the latest such proof (or the last change's own time, when a
 * proof for its sequence exists and is older: that change then ended its poll's batch). A target at
 * or before it: complete. A target after it: the newest known state is still what the restore uses
 * (an operator restoring to "now" needs it), but the restore is reported PARTIAL naming that time.
 */
public final class LogCoverage {

  private LogCoverage() {}

  /**
   * One fact about the log's completeness.
   *
   * @param lastSequence the last sequence of the log the fact is about
   * @param completeAt every change that happened by this time has a sequence up to {@code
   *     lastSequence}
   * @param source what says so, for reports (e.g. "capture heartbeat", "segment 1-10")
   */
  public record Proof(long lastSequence, Instant completeAt, String source) {
    public Proof {
      if (completeAt == null) {
        throw new IllegalArgumentException("LogCoverage.Proof.completeAt is required");
      }
    }
  }

  /**
   * The decision.
   *
   * @param complete true when the restored state is known to be the one at the target
   * @param knownCompleteUntil until when the log is known complete (null when nothing proves it
   *     past its last change, or when the log itself reaches past the target)
   * @param message one sentence for the report
   */
  public record Verdict(boolean complete, Instant knownCompleteUntil, String message) {}

  /**
   * @param target the restore's target
   * @param result how replay ended
   * @param proofs every proof known for the gateway (any sequence, any order)
   */
  public static Verdict decide(ReplayTarget target, ReplayResult result, List<Proof> proofs) {
    if (!(target instanceof ReplayTarget.AtTime atTime)) {
      return new Verdict(true, null, "an exact sequence needs no coverage proof");
    }
    if (result.targetReached()) {
      return new Verdict(
          true,
          null,
          "the change log continues past the target, so no change before it is missing");
    }
    long end = result.watermark();
    // A proof for the last sequence also means that change ended its poll's batch, so the state
    // was exactly that one when it was seen: its time counts too.
    Optional<Proof> best =
        proofs.stream()
            .filter(proof -> proof.lastSequence() == end)
            .max(Comparator.comparing(Proof::completeAt))
            .map(
                proof ->
                    result.watermarkTime() != null
                            && result.watermarkTime().isAfter(proof.completeAt())
                        ? new Proof(end, result.watermarkTime(), proof.source())
                        : proof);
    Optional<Proof> ahead =
        proofs.stream()
            .filter(proof -> proof.lastSequence() > end)
            .max(Comparator.comparingLong(Proof::lastSequence));
    Instant time = atTime.time();
    if (best.isPresent() && !time.isAfter(best.get().completeAt()) && ahead.isEmpty()) {
      return new Verdict(
          true,
          best.get().completeAt(),
          "log known complete until "
              + best.get().completeAt()
              + " ("
              + best.get().source()
              + "), at or after the target: no change happened between sequence "
              + end
              + " and the target");
    }
    StringBuilder message = new StringBuilder();
    if (best.isPresent()) {
      message
          .append("log known complete until ")
          .append(best.get().completeAt())
          .append(" (")
          .append(best.get().source())
          .append("); changes between ")
          .append(best.get().completeAt())
          .append(" and the target ")
          .append(time)
          .append(" are unknown (capture behind or down?)");
    } else {
      message
          .append("log known complete only up to its last change (sequence ")
          .append(end)
          .append(", ")
          .append(result.watermarkTime())
          .append("): no capture heartbeat or stored coverage proves it complete after that;")
          .append(" changes between ")
          .append(result.watermarkTime())
          .append(" and the target ")
          .append(time)
          .append(" are unknown (capture behind or down?)");
    }
    ahead.ifPresent(
        proof ->
            message
                .append("; ")
                .append(proof.source())
                .append(" says sequences up to ")
                .append(proof.lastSequence())
                .append(" exist, but the log read ends at ")
                .append(end)
                .append(": sequences ")
                .append(end + 1)
                .append("-")
                .append(proof.lastSequence())
                .append(" were not read"));
    message.append("; restored the newest known state (sequence ").append(end).append(")");
    return new Verdict(false, best.map(Proof::completeAt).orElse(null), message.toString());
  }
}
