package io.gatevault.crypto;

/**
 * Names the key-encryption key that wrapped a data key. A reference only, never key material; it is
 * recorded in the artifact's manifest so the right key can be found (and named in errors) later.
 *
 * @param keyringId the keyring holding the key, e.g. {@code local-keystore} or a KMS name
 * @param keyId the key within the keyring: keystore alias or KMS key id/alias
 * @param keyVersion generation of that key, so a rotated key is told apart from its predecessor
 */
public record WrappingKeyReference(String keyringId, String keyId, int keyVersion) {

  public WrappingKeyReference {
    if (keyringId == null || keyringId.isBlank()) {
      throw new IllegalArgumentException("WrappingKeyReference.keyringId must not be blank");
    }
    if (keyId == null || keyId.isBlank()) {
      throw new IllegalArgumentException("WrappingKeyReference.keyId must not be blank");
    }
    if (keyVersion < 1) {
      throw new IllegalArgumentException(
          "WrappingKeyReference.keyVersion must be >= 1, but was " + keyVersion);
    }
  }

  /** As people write it in messages: {@code <keyId> v<keyVersion> (keyring <keyringId>)}. */
  public String describe() {
    return keyId + " v" + keyVersion + " (keyring " + keyringId + ")";
  }
}
