package io.gatevault.core.event;

/** FULL holds a whole gateway configuration; INCREMENTAL only what changed since the last one. */
public enum BackupType {
  FULL,
  INCREMENTAL
}
