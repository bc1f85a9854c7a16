package io.gatevault.crypto;

import java.nio.file.Path;

/**
 * Where the key-encryption key is, as set by {@code gatevault.keyring.*}. The keystore must live
 * outside every backup target: a backup holding its own key protects nothing.
 *
 * @param keystorePath PKCS12 file ({@code gatevault.keyring.keystore-path})
 * @param passwordEnv name of the environment variable holding the passphrase ({@code
 *     gatevault.keyring.password-env}), or null
 * @param passwordFile file holding the passphrase ({@code gatevault.keyring.password-file}), or
 *     null; exactly one of the two must be set
 * @param keyAlias alias of the AES-256 secret key entry ({@code gatevault.keyring.key-alias})
 * @param keyVersion generation of that key ({@code gatevault.keyring.key-version}), at least 1
 * @param keyringId name recorded in key references, e.g. {@code local-keystore}
 */
public record KeystoreSettings(
    Path keystorePath,
    String passwordEnv,
    Path passwordFile,
    String keyAlias,
    int keyVersion,
    String keyringId) {

  /** The keyring id recorded for keys from a local keystore. */
  public static final String LOCAL_KEYRING_ID = "local-keystore";

  /**
   * The keyring id recorded for the offline recovery key of a {@link MultiKeyring}: a second PKCS12
   * keystore, so its references never collide with the primary's.
   */
  public static final String RECOVERY_KEYRING_ID = "recovery-keystore";

  public KeystoreSettings(
      Path keystorePath, String passwordEnv, Path passwordFile, String keyAlias, int keyVersion) {
    this(keystorePath, passwordEnv, passwordFile, keyAlias, keyVersion, LOCAL_KEYRING_ID);
  }

  /** The reference recorded with every data key wrapped under this key. */
  public WrappingKeyReference reference() {
    return new WrappingKeyReference(keyringId, keyAlias, keyVersion);
  }
}
