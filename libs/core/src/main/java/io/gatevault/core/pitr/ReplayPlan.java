package io.gatevault.core.pitr;

import java.util.List;

/**
 * How to rebuild the state at a target: start from {@code base}, replay sequences {@code
 * firstSequence} up to {@code lastSequence} (both included).
 *
 * @param base the snapshot or checkpoint to start from
 * @param target what was asked for
 * @param firstSequence the first change to replay (the base's watermark + 1)
 * @param lastSequence the last change to replay for a sequence target; {@link Long#MAX_VALUE} for a
 *     time target (replay reads until the first change after the time)
 * @param passedOver newer bases that were not usable and why (unverified, base snapshot not
 *     verified), for the plan's report
 */
public record ReplayPlan(
    ReplayBase base,
    ReplayTarget target,
    long firstSequence,
    long lastSequence,
    List<String> passedOver) {

  public ReplayPlan {
    passedOver = List.copyOf(passedOver);
  }

  /** Whether the base already is the state wanted (an exact sequence equal to its watermark). */
  public boolean needsNoReplay() {
    return lastSequence < firstSequence;
  }

  /** One line for dry runs. */
  public String describe() {
    String range =
        needsNoReplay()
            ? "no changes to replay"
            : "replay from seq "
                + firstSequence
                + (lastSequence == Long.MAX_VALUE
                    ? " until the first change after " + target.describe()
                    : " to " + lastSequence);
    return "start from "
        + base.kind().name().toLowerCase(java.util.Locale.ROOT)
        + " "
        + base.id()
        + " (seq "
        + base.watermark()
        + ", "
        + base.at()
        + "), "
        + range;
  }
}
