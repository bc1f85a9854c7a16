package io.gatevault.core.storage;

/** The medium could not be read or written (I/O error, full disk, unreachable). Retriable. */
public class StorageUnavailableException extends BackupStoreException {

  public StorageUnavailableException(String targetId, String key, String message, Throwable cause) {
    super(targetId, key, message, true, cause);
  }
}
