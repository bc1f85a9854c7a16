package io.gatevault.core.event;

/** What a sealed artifact contains. */
public enum ArtifactKind {
  /** A snapshot of a gateway's configuration. */
  SNAPSHOT,
  /** A segment of a gateway's ordered change log. */
  CHANGE_SEGMENT
}
