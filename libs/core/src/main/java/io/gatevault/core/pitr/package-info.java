/**
 * Point-in-time restore, the pure core: a {@link io.gatevault.core.pitr.ConfigState} built from a
 * snapshot or {@link io.gatevault.core.pitr.Checkpoint} and replayed change by change to a sequence
 * or time ({@link io.gatevault.core.pitr.ReplayTarget}), the {@link
 * io.gatevault.core.pitr.ReplayPlanner} that picks the base, and the dependency-ordered {@link
 * io.gatevault.core.pitr.RestorePlan} (selective by {@link
 * io.gatevault.core.pitr.RestoreSelection}) with its {@link io.gatevault.core.pitr.RestoreReport}.
 * No I/O: the restore service reads segments, snapshots and checkpoints and feeds them in.
 */
package io.gatevault.core.pitr;
