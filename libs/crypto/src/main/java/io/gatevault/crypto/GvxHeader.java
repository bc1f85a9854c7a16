package io.gatevault.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The fixed 48-byte header of a sealed artifact (.gvx), see docs/repository-format.md, "Sealed
 * artifact format (.gvx)".
 *
 * <pre>
 *   offset size field
 *   0      4    magic "GVX1" (ASCII)
 *   4      1    format version (1)
 *   5      4    plaintext segment size, big-endian, in [MIN_SEGMENT_SIZE, MAX_SEGMENT_SIZE]
 *   9      32   salt (random per artifact) for HKDF
 *   41     7    nonce prefix (random per artifact)
 * </pre>
 */
record GvxHeader(int version, int segmentSize, byte[] salt, byte[] noncePrefix) {

  static final byte[] MAGIC = "GVX1".getBytes(StandardCharsets.US_ASCII);
  static final int CURRENT_VERSION = 1;
  static final int SALT_LENGTH = 32;
  static final int NONCE_PREFIX_LENGTH = 7;
  static final int LENGTH = MAGIC.length + 1 + 4 + SALT_LENGTH + NONCE_PREFIX_LENGTH;

  /** Smallest segment allowed: below it the 16-byte tag per segment costs more than 0.4%. */
  static final int MIN_SEGMENT_SIZE = 4 * 1024;

  /** Largest segment allowed: bounds the memory an unsealer must hold per stream. */
  static final int MAX_SEGMENT_SIZE = 8 * 1024 * 1024;

  GvxHeader {
    checkSegmentSize(segmentSize);
    if (salt.length != SALT_LENGTH || noncePrefix.length != NONCE_PREFIX_LENGTH) {
      throw new IllegalArgumentException("salt must be 32 bytes and nonce prefix 7 bytes");
    }
  }

  static void checkSegmentSize(int segmentSize) {
    if (segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE) {
      throw new IllegalArgumentException(
          "Segment size must be between "
              + MIN_SEGMENT_SIZE
              + " and "
              + MAX_SEGMENT_SIZE
              + " bytes, but was "
              + segmentSize);
    }
  }

  byte[] encode() {
    return ByteBuffer.allocate(LENGTH)
        .put(MAGIC)
        .put((byte) version)
        .putInt(segmentSize)
        .put(salt)
        .put(noncePrefix)
        .array();
  }

  /**
   * Parses a header; anything that is not a valid GVX1 header is reported as tampering of the
   * header, with what is wrong.
   */
  static GvxHeader decode(byte[] bytes, int length) {
    if (length < LENGTH) {
      throw new ArtifactTamperedException(
          ArtifactTamperedException.HEADER,
          "the artifact is "
              + length
              + " bytes long, shorter than the "
              + LENGTH
              + "-byte header: it was truncated or is not a sealed artifact");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, LENGTH);
    byte[] magic = new byte[MAGIC.length];
    buffer.get(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new ArtifactTamperedException(
          ArtifactTamperedException.HEADER,
          "it does not start with the magic \"GVX1\": the header was altered or this is not a"
              + " sealed Gatevault artifact");
    }
    int version = buffer.get() & 0xFF;
    if (version != CURRENT_VERSION) {
      throw new ArtifactTamperedException(
          ArtifactTamperedException.HEADER,
          "its format version is "
              + version
              + ", but this Gatevault reads version "
              + CURRENT_VERSION
              + ": the header was altered, or the artifact was written by a newer Gatevault"
              + " (upgrade to read it)");
    }
    int segmentSize = buffer.getInt();
    if (segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE) {
      throw new ArtifactTamperedException(
          ArtifactTamperedException.HEADER,
          "its header declares a segment size of "
              + segmentSize
              + " bytes, outside the allowed "
              + MIN_SEGMENT_SIZE
              + ".."
              + MAX_SEGMENT_SIZE
              + ": the header was altered");
    }
    byte[] salt = new byte[SALT_LENGTH];
    buffer.get(salt);
    byte[] noncePrefix = new byte[NONCE_PREFIX_LENGTH];
    buffer.get(noncePrefix);
    return new GvxHeader(version, segmentSize, salt, noncePrefix);
  }
}
