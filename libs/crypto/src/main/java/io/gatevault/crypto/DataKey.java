package io.gatevault.crypto;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A 256-bit data key: the secret one artifact is sealed under. Each artifact gets its own, so a
 * leaked data key exposes one artifact only, and rotating the key-encryption key re-wraps this
 * small key instead of re-encrypting data.
 *
 * <p>Holds its bytes privately and hands them only to this package's sealers and keyrings; {@link
 * #toString()} never shows them. {@link #destroy()} overwrites them once the key is no longer
 * needed.
 */
public final class DataKey implements AutoCloseable {

  /** Length of a data key in bytes (AES-256). */
  public static final int LENGTH = 32;

  private final byte[] bytes;
  private volatile boolean destroyed;

  private DataKey(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A fresh random data key. */
  public static DataKey generate(SecureRandom random) {
    byte[] bytes = new byte[LENGTH];
    random.nextBytes(bytes);
    return new DataKey(bytes);
  }

  /** A data key from its 32 bytes (copied), e.g. as unwrapped by a {@link Keyring}. */
  public static DataKey of(byte[] bytes) {
    if (bytes == null || bytes.length != LENGTH) {
      throw new IllegalArgumentException(
          "A data key is "
              + LENGTH
              + " bytes (AES-256), but "
              + (bytes == null ? "none" : bytes.length + " bytes")
              + " were given");
    }
    return new DataKey(bytes.clone());
  }

  /** A copy of the key bytes; callers must overwrite the copy once done. */
  byte[] copyOfBytes() {
    if (destroyed) {
      throw new IllegalStateException("This data key was destroyed and can no longer be used");
    }
    return bytes.clone();
  }

  /**
   * Whether {@code other} is the same key, compared in constant time (e.g. to check a re-wrapped
   * data key before the old wrapping is retired).
   */
  public boolean sameKeyAs(DataKey other) {
    byte[] mine = copyOfBytes();
    byte[] theirs = other.copyOfBytes();
    try {
      return java.security.MessageDigest.isEqual(mine, theirs);
    } finally {
      Arrays.fill(mine, (byte) 0);
      Arrays.fill(theirs, (byte) 0);
    }
  }

  /** Overwrites the key bytes; the key cannot be used afterwards. */
  public void destroy() {
    destroyed = true;
    Arrays.fill(bytes, (byte) 0);
  }

  @Override
  public void close() {
    destroy();
  }

  @Override
  public String toString() {
    return "DataKey[AES-256, hidden]";
  }
}
