package io.gatevault.crypto;

import java.util.Arrays;
import java.util.List;

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

  /**
   * A stored key object ({@code keys/<artifactId>.<keyVersion>.key}) as a wrapped data key, naming
   * the key that wrapped it as its own header says (the first of its wrapping keys: for a {@link
   * MultiKeyring} the primary). The header is not authenticated until unwrapping, so the name is
   * for messages only; {@code fallback} is used when the header cannot be read.
   */
  public static WrappedDataKey fromKeyObject(byte[] bytes, WrappingKeyReference fallback) {
    WrappingKeyReference named = fallback;
    try {
      List<String> wrappers = UnwrapFailure.wrappersOf(bytes);
      if (!wrappers.isEmpty()) {
        String first = wrappers.get(0);
        if (first.startsWith(UnwrapFailure.AWS_KMS_PROVIDER + "/")) {
          return new WrappedDataKey(
              bytes,
              new WrappingKeyReference(
                  UnwrapFailure.AWS_KMS_PROVIDER,
                  first.substring(UnwrapFailure.AWS_KMS_PROVIDER.length() + 1),
                  fallback.keyVersion()));
        }
        int slash = first.indexOf('/');
        int version = first.lastIndexOf("/v");
        if (slash > 0 && version > slash + 1) {
          named =
              new WrappingKeyReference(
                  first.substring(0, slash),
                  first.substring(slash + 1, version),
                  Integer.parseInt(first.substring(version + 2)));
        }
      }
    } catch (RuntimeException unreadable) {
      // Damaged or foreign bytes: unwrapping will say so; the fallback names the key meanwhile.
    }
    return new WrappedDataKey(bytes, named);
  }

  /**
   * The keys this data key is wrapped under, as {@code <keyringId>/<keyId>/v<keyVersion>}, read
   * from its header (for a {@link MultiKeyring}: the primary, then the recovery key).
   *
   * @throws IllegalArgumentException when the bytes are not an Encryption SDK message
   */
  public List<String> wrappingKeys() {
    try {
      return UnwrapFailure.wrappersOf(bytes);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "The wrapped data key is not a readable Encryption SDK message: " + e.getMessage(), e);
    }
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
