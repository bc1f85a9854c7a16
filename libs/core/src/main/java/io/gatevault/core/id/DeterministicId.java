package io.gatevault.core.id;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Name-based ids: the same namespace and parts always give the same UUID, so a redelivered event or
 * a retried request derives the id it had the first time and consumers de-duplicate on it.
 *
 * <p>The UUID is the first 16 bytes of SHA-256(namespace bytes, then each part as a 4-byte
 * big-endian length and its UTF-8 bytes), with the RFC 9562 version 8 (custom, here SHA-256
 * name-based) and RFC 4122 variant bits set. Length prefixes keep ("ab", "c") and ("a", "bc")
 * apart. The algorithm is part of the event contract: changing it changes every derived id.
 *
 * @param namespace separates id spaces, so equal parts in different spaces give different ids
 */
public record DeterministicId(UUID namespace) {

  /** Command ids, from requester, gateway and the request's idempotency key. */
  public static final DeterministicId COMMANDS =
      new DeterministicId(UUID.fromString("13a82720-7969-4fa1-8ba2-4f9941641824"));

  /** Event ids of events derived from other events. */
  public static final DeterministicId EVENTS =
      new DeterministicId(UUID.fromString("864899e9-c25d-4b8b-8906-c81fef7f750b"));

  /** Artifact ids, from the snapshot or change segment they seal. */
  public static final DeterministicId ARTIFACTS =
      new DeterministicId(UUID.fromString("75bec8a6-7e9f-4e69-9a95-9f6953587f20"));

  /** Snapshot ids, from gateway, backup type and the command that asked for it. */
  public static final DeterministicId SNAPSHOTS =
      new DeterministicId(UUID.fromString("4022d831-e948-40dc-9c17-f098e0612282"));

  public DeterministicId {
    if (namespace == null) {
      throw new IllegalArgumentException("DeterministicId.namespace is required but was null");
    }
  }

  /** The id for these parts, in order. At least one part; no part may be null. */
  public UUID derive(String... parts) {
    if (parts == null || parts.length == 0) {
      throw new IllegalArgumentException(
          "DeterministicId.derive needs at least one part: an id of nothing identifies nothing");
    }
    MessageDigest sha256 = sha256();
    sha256.update(
        ByteBuffer.allocate(16)
            .putLong(namespace.getMostSignificantBits())
            .putLong(namespace.getLeastSignificantBits())
            .array());
    for (int i = 0; i < parts.length; i++) {
      if (parts[i] == null) {
        throw new IllegalArgumentException(
            "DeterministicId.derive part " + i + " is null: every part must have a value");
      }
      byte[] utf8 = parts[i].getBytes(StandardCharsets.UTF_8);
      sha256.update(ByteBuffer.allocate(4).putInt(utf8.length).array());
      sha256.update(utf8);
    }
    ByteBuffer hash = ByteBuffer.wrap(sha256.digest());
    long high = hash.getLong();
    long low = hash.getLong();
    high = (high & ~0xF000L) | 0x8000L; // version 8
    low = (low & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // variant 10xx (RFC 4122)
    return new UUID(high, low);
  }

  /** {@link #derive} as the canonical lower-case string, the form events carry. */
  public String deriveString(String... parts) {
    return derive(parts).toString();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java SE platform must provide SHA-256, so this is a broken JVM, not a bad input.
      throw new IllegalStateException("This JVM provides no SHA-256 MessageDigest", e);
    }
  }
}
