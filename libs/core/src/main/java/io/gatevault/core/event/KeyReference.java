package io.gatevault.core.event;

/**
 * Where the key that decrypts an artifact is found. References only, never key material.
 *
 * @param keyringId keyring (KMS or local keyring file) holding the key-encryption key
 * @param keyId key-encryption key within the keyring
 * @param keyVersion generation of the wrapped data key; rotation writes generation + 1
 * @param wrappedKeyObject repository-relative path of the wrapped data key
 */
public record KeyReference(
    String keyringId, String keyId, int keyVersion, String wrappedKeyObject) {

  public KeyReference {
    Require.nonBlank(keyringId, "KeyReference.keyringId");
    Require.nonBlank(keyId, "KeyReference.keyId");
    Require.atLeast(1, keyVersion, "KeyReference.keyVersion");
    Require.nonBlank(wrappedKeyObject, "KeyReference.wrappedKeyObject");
  }
}
