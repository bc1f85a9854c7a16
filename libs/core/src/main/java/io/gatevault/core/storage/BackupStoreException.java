package io.gatevault.core.storage;

/**
 * A backup target could not do what was asked. The message names the target and the object; {@link
 * #isRetriable()} says whether trying again may help (the medium was unavailable) or not (the
 * request itself cannot succeed).
 */
public class BackupStoreException extends RuntimeException {

  private final String targetId;
  private final String key;
  private final boolean retriable;

  public BackupStoreException(
      String targetId, String key, String message, boolean retriable, Throwable cause) {
    super(
        "target '"
            + targetId
            + "'"
            + (key == null ? "" : ", object '" + key + "'")
            + ": "
            + message,
        cause);
    this.targetId = targetId;
    this.key = key;
    this.retriable = retriable;
  }

  public String targetId() {
    return targetId;
  }

  /** The object concerned, or null when the failure concerns the whole target. */
  public String key() {
    return key;
  }

  public boolean isRetriable() {
    return retriable;
  }
}
