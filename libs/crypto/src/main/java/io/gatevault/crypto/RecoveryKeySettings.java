package io.gatevault.crypto;

import java.nio.file.Path;

/**
 * The public-key recovery key, as set by {@code gatevault.keyring.recovery.*}. The encrypt service
 * gets the public key only; the private key and its passphrase are configured only where backups
 * must be opened without the primary key (disaster recovery: verify, restore, the CLI).
 *
 * @param publicKey PEM file of the RSA public key ({@code public-key}); every new data key is also
 *     wrapped under it
 * @param privateKey encrypted PKCS#8 PEM file of the RSA private key ({@code private-key}), or null
 *     (normal operation: the private key is offline)
 * @param passwordEnv name of the environment variable holding the private key's passphrase ({@code
 *     password-env})
 * @param passwordFile file holding it ({@code password-file}); exactly one of the two with a
 *     private key
 * @param keyName the name recorded in every key object ({@code key-name}), default {@value
 *     RsaRecoveryKeyring#DEFAULT_KEY_NAME}
 */
public record RecoveryKeySettings(
    Path publicKey, Path privateKey, String passwordEnv, Path passwordFile, String keyName) {

  public RecoveryKeySettings {
    keyName = keyName == null || keyName.isBlank() ? RsaRecoveryKeyring.DEFAULT_KEY_NAME : keyName;
  }

  /** Whether anything is configured (sealing with the public key, or opening with the private). */
  public boolean configured() {
    return publicKey != null || privateKey != null;
  }
}
