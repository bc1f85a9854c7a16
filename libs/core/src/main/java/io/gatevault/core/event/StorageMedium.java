package io.gatevault.core.event;

/** Kind of storage a target writes to; the 3-2-1 rule needs two different media. */
public enum StorageMedium {
  FILESYSTEM,
  OBJECT_STORE,
  REMOVABLE_MEDIA
}
