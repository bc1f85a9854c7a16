package io.gatevault.core.event;

/** What happened to a gateway entity. */
public enum ChangeOperation {
  CREATE,
  UPDATE,
  DELETE,
  /** The entity was read by an initial or resynchronising scan rather than seen changing. */
  SNAPSHOT_READ
}
