package io.gatevault.core.storage;

/** The bytes offered for writing are not the bytes announced; nothing was stored. Permanent. */
public class ChecksumMismatchException extends BackupStoreException {

  public ChecksumMismatchException(
      String targetId, String key, String expectedSha256, String actualSha256) {
    super(
        targetId,
        key,
        "content has sha256 "
            + actualSha256
            + " but "
            + expectedSha256
            + " was expected; nothing was stored",
        false,
        null);
  }
}
