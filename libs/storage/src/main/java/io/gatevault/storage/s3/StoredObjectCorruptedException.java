package io.gatevault.storage.s3;

import io.gatevault.core.storage.ChecksumMismatchException;

/**
 * An object read back from a target does not have the SHA-256 recorded when it was written: the
 * stored copy is damaged or was replaced behind the store's back. Permanent; use another replica.
 */
public class StoredObjectCorruptedException extends ChecksumMismatchException {

  private final String message;

  public StoredObjectCorruptedException(
      String targetId, String key, String location, String recordedSha256, String readSha256) {
    super(targetId, key, recordedSha256, readSha256);
    this.message =
        "target '"
            + targetId
            + "', object '"
            + key
            + "': the bytes read from "
            + location
            + " have sha256 "
            + readSha256
            + " but "
            + recordedSha256
            + " was recorded when it was written; this copy is damaged, restore from another"
            + " target";
  }

  @Override
  public String getMessage() {
    return message;
  }
}
