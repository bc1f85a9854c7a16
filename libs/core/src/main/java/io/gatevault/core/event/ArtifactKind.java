package io.gatevault.core.event;

/** What a sealed artifact contains. */
public enum ArtifactKind {
  /** A snapshot of a gateway's configuration. */
  SNAPSHOT,
  /** A segment of a gateway's ordered change log. */
  CHANGE_SEGMENT,
  /**
   * A replay aid: the configuration at one change-log sequence ({@link
   * io.gatevault.core.pitr.Checkpoint}), so point-in-time replay starts near its target. Never
   * restored on its own and never counted as a backup by retention.
   */
  CHECKPOINT
}
