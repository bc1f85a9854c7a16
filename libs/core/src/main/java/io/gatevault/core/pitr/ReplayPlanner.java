package io.gatevault.core.pitr;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Picks where a point-in-time replay starts: the newest verified base (snapshot, or checkpoint
 * whose snapshot is verified too) that is not after the target, so replay is as short as it can be.
 * At equal watermarks a snapshot wins over a checkpoint (nothing to replay either way, and the
 * snapshot is what was verified against the gateway).
 */
public final class ReplayPlanner {

  private ReplayPlanner() {}

  /**
   * The plan for a target.
   *
   * @param bases the gateway's snapshots and checkpoints, any order
   * @throws IllegalArgumentException naming the oldest verified base when none is at or before the
   *     target (the configuration of that moment was never backed up)
   */
  public static ReplayPlan plan(List<ReplayBase> bases, ReplayTarget target) {
    Set<String> verifiedSnapshots = new HashSet<>();
    for (ReplayBase base : bases) {
      if (base.kind() == ReplayBase.Kind.SNAPSHOT && base.verified()) {
        verifiedSnapshots.add(base.id());
      }
    }
    List<ReplayBase> candidates = new ArrayList<>(bases);
    candidates.sort(
        Comparator.comparingLong(ReplayBase::watermark)
            .thenComparing(base -> base.kind() == ReplayBase.Kind.SNAPSHOT ? 1 : 0)
            .thenComparing(ReplayBase::at)
            .thenComparing(ReplayBase::id)
            .reversed());
    List<String> passedOver = new ArrayList<>();
    for (ReplayBase base : candidates) {
      if (!notAfter(base, target)) {
        continue;
      }
      if (!base.verified()) {
        passedOver.add(label(base) + ": not verified");
        continue;
      }
      if (!verifiedSnapshots.contains(base.baseSnapshot())) {
        passedOver.add(label(base) + ": its snapshot " + base.baseSnapshot() + " is not verified");
        continue;
      }
      long last = target instanceof ReplayTarget.AtSequence at ? at.sequence() : Long.MAX_VALUE;
      return new ReplayPlan(base, target, base.watermark() + 1, last, passedOver);
    }
    String oldest =
        bases.stream()
            .filter(ReplayBase::verified)
            .min(Comparator.comparingLong(ReplayBase::watermark))
            .map(base -> "the oldest verified one is " + label(base))
            .orElse("there is no verified snapshot");
    throw new IllegalArgumentException(
        "No verified snapshot or checkpoint at or before "
            + target.describe()
            + ": "
            + oldest
            + (passedOver.isEmpty() ? "" : "; passed over: " + String.join("; ", passedOver))
            + ". Pick a later target or verify an older backup.");
  }

  private static boolean notAfter(ReplayBase base, ReplayTarget target) {
    if (target instanceof ReplayTarget.AtSequence at) {
      return base.watermark() <= at.sequence();
    }
    return !base.at().isAfter(((ReplayTarget.AtTime) target).time());
  }

  private static String label(ReplayBase base) {
    return base.kind().name().toLowerCase(java.util.Locale.ROOT)
        + " "
        + base.id()
        + " (seq "
        + base.watermark()
        + ", "
        + base.at()
        + ")";
  }
}
