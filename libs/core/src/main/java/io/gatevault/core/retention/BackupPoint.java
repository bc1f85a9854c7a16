package io.gatevault.core.retention;

import java.time.Instant;

/**
 * What retention needs to know of one backup.
 *
 * @param id the artifact id
 * @param createdAt when the backup was taken
 * @param verified a verification proved a restorable copy of it
 */
public record BackupPoint(String id, Instant createdAt, boolean verified) {

  public BackupPoint {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("BackupPoint.id must not be blank");
    }
    if (createdAt == null) {
      throw new IllegalArgumentException("BackupPoint.createdAt is required for backup " + id);
    }
  }
}
