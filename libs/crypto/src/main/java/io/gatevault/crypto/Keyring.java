package io.gatevault.crypto;

/**
 * Port to whatever holds the key-encryption keys: wraps fresh data keys for new artifacts and
 * unwraps them for verify and restore. Implementations: {@link RawAesKeyring} (a PKCS12 keystore
 * kept outside every backup target). An AWS KMS keyring and a multi-keyring (a second, offline
 * recovery key wrapping the same data key) fit behind the same two calls: the wrapped bytes may
 * hold several encrypted copies of the data key, and unwrapping succeeds with any key this keyring
 * has.
 */
public interface Keyring {

  /** The key new data keys are wrapped under (for a multi-keyring: its primary key). */
  WrappingKeyReference reference();

  /**
   * Wraps {@code dataKey}, binding it to {@code context}.
   *
   * @throws KeyringUnavailableException when the keyring cannot be reached (transient for a KMS)
   */
  WrappedDataKey wrap(DataKey dataKey, EncryptionContext context);

  /**
   * Unwraps a data key wrapped for {@code context}.
   *
   * @throws WrongKeyException when none of this keyring's keys opens it, or the context differs
   *     from the one it was wrapped for (permanent)
   * @throws KeyringUnavailableException when the keyring cannot be reached (transient for a KMS)
   */
  DataKey unwrap(WrappedDataKey wrapped, EncryptionContext context);
}
