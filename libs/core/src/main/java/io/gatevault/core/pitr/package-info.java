/**
 * Point-in-time restore, the pure core: a {@link io.gatevault.core.pitr.ConfigState} built from a
 * snapshot or {@link io.gatevault.core.pitr.Checkpoint} and replayed change by change to a sequence
 * or time ({@link io.gatevault.core.pitr.ReplayTarget}), the {@link
 * io.gatevault.core.pitr.ReplayPlanner} that picks the base. No I/O: the restore service reads
 * segments, snapshots and checkpoints and feeds them in.
 */
package io.gatevault.core.pitr;
