package io.gatevault.core.storage;

/**
 * What a target holds under one key.
 *
 * @param sha256 lower-case hex SHA-256 of the stored bytes
 */
public record ObjectStat(String key, long sizeBytes, String sha256) {

  public ObjectStat {
    ObjectKeySyntax.check(key);
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("ObjectStat.sizeBytes must be >= 0, got " + sizeBytes);
    }
    Sha256.requireHex(sha256, "ObjectStat.sha256");
  }
}
