package io.gatevault.core.pitr;

import java.time.Instant;

/**
 * How a replay ended.
 *
 * @param watermark the last sequence in the state
 * @param watermarkTime when that change happened (or the base's time when none was applied)
 * @param applied how many changes this replay applied
 * @param targetReached true when replay stopped at the target: the exact sequence was applied, or a
 *     change after the target time was seen; false when the log ran out first (for a time target:
 *     the state is the newest the log holds, and nothing says the gateway did not change later)
 */
public record ReplayResult(
    long watermark, Instant watermarkTime, long applied, boolean targetReached) {}
