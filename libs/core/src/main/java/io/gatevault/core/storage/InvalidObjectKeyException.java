package io.gatevault.core.storage;

/** The key is not a valid object key (e.g. it would leave the target's root). Permanent. */
public class InvalidObjectKeyException extends BackupStoreException {

  public InvalidObjectKeyException(String targetId, String key, String problem) {
    super(targetId, key, "refused: " + problem, false, null);
  }
}
