package io.gatevault.restore.application;

/**
 * A backup cannot be restored: it does not exist, or no copy of it passes the integrity checks.
 * Permanent: asking again gives the same answer; pick another backup or repair the copies.
 */
public final class BackupUnusableException extends RuntimeException {

  /** Why the backup cannot be used. */
  public enum Reason {
    NOT_FOUND,
    DAMAGED
  }

  private final String backupId;
  private final Reason reason;

  public BackupUnusableException(String backupId, Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.backupId = backupId;
    this.reason = reason;
  }

  public String backupId() {
    return backupId;
  }

  public Reason reason() {
    return reason;
  }
}
