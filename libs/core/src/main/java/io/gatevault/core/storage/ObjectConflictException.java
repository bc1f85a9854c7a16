package io.gatevault.core.storage;

/** A key already holds different bytes: objects are written once and never modified. Permanent. */
public class ObjectConflictException extends BackupStoreException {

  public ObjectConflictException(
      String targetId, String key, String storedSha256, String offeredSha256) {
    super(
        targetId,
        key,
        "already holds different content (stored sha256 "
            + storedSha256
            + ", offered "
            + offeredSha256
            + "); objects are write-once, so it was left unchanged",
        false,
        null);
  }
}
