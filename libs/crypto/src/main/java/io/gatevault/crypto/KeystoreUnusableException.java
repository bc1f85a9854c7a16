package io.gatevault.crypto;

/**
 * The configured keystore cannot give the key-encryption key: a missing file, a wrong passphrase, a
 * missing alias, a key of the wrong kind or size. The message names the setting and the fix.
 * Permanent: a configuration error, to be fixed before the service can seal or open anything.
 */
public class KeystoreUnusableException extends RuntimeException {

  public KeystoreUnusableException(String message) {
    super(message);
  }

  public KeystoreUnusableException(String message, Throwable cause) {
    super(message, cause);
  }
}
