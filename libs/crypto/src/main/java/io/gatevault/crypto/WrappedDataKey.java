package io.gatevault.crypto;

import java.util.Arrays;

/**
 * A data key encrypted by a {@link Keyring}, plus the reference of the key that wrapped it. The
 * bytes are an AWS Encryption SDK message; they are safe to store beside the artifact (as {@code
 * keys/<artifactId>.<keyVersion>.key}) and in the manifest.
 */
public final class WrappedDataKey {

  private final byte[] bytes;
  private final WrappingKeyReference wrappedBy;

  public WrappedDataKey(byte[] bytes, WrappingKeyReference wrappedBy) {
    if (bytes == null || bytes.length == 0) {
      throw new IllegalArgumentException("A wrapped data key must have bytes");
    }
    if (wrappedBy == null) {
      throw new IllegalArgumentException("A wrapped data key must name the key that wrapped it");
    }
    this.bytes = bytes.clone();
    this.wrappedBy = wrappedBy;
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  public WrappingKeyReference wrappedBy() {
    return wrappedBy;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof WrappedDataKey that
        && Arrays.equals(bytes, that.bytes)
        && wrappedBy.equals(that.wrappedBy);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(bytes) + wrappedBy.hashCode();
  }

  @Override
  public String toString() {
    return "WrappedDataKey[" + bytes.length + " bytes, by " + wrappedBy.describe() + "]";
  }
}
