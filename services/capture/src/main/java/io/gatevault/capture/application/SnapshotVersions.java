package io.gatevault.capture.application;

/**
 * Port: the backup version (v1, v2, ... per gateway) and name each snapshot gets. Numbering must
 * survive restarts and be shared by every capture instance, so implementations keep it outside the
 * process (the Kafka adapter: the compacted topic {@code gatevault.capture.versions}).
 *
 * <p>A command gets its number in two steps: {@link #assign} before the chunks are published (they
 * carry the version), {@link #record} after. Until it is recorded, asking again for the same
 * command proposes the same number (nothing else was numbered in between: one gateway's commands
 * are handled in order by one instance); once recorded, the same command always gets back what was
 * recorded. So a redelivered command keeps its version, and no version is skipped.
 */
public interface SnapshotVersions {

  /**
   * The version and name for {@code commandId}'s snapshot of {@code gatewayId}.
   *
   * @param proposedName the name the snapshot would get ({@link SnapshotNaming#nameOf}); changed
   *     only when it equals the gateway's previous snapshot's name
   */
  GatewayVersionState.Assignment assign(String gatewayId, String commandId, String proposedName);

  /** Records that {@code commandId}'s snapshot of {@code gatewayId} was published as assigned. */
  void record(String gatewayId, String commandId, GatewayVersionState.Assignment assignment);
}
