package io.gatevault.crypto;

/**
 * A remote keyring (KMS) answered but refused to wrap a new data key: the key does not exist, is
 * disabled or pending deletion, or this service may not use it. Permanent until the key or the
 * service's permissions are fixed; the message names the key and the permission.
 */
public class KeyringRefusedException extends RuntimeException {

  public KeyringRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
