package io.gatevault.crypto;

/**
 * The keyring could not be used for a reason that may pass (a KMS that does not answer, a throttled
 * request). Transient: worth retrying with backoff. A local keystore never throws it.
 */
public class KeyringUnavailableException extends RuntimeException {

  public KeyringUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
