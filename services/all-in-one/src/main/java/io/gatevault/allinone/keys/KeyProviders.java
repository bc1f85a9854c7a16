package io.gatevault.allinone.keys;

import io.gatevault.allinone.config.GatevaultConfig.KeyringSettings;
import io.gatevault.crypto.ConfiguredKeyrings;
import io.gatevault.crypto.KeyProviderSettings;
import io.gatevault.crypto.Keyring;
import io.gatevault.crypto.KeystoreSettings;
import io.gatevault.crypto.KmsKeySettings;
import io.gatevault.crypto.RecoveryKeySettings;
import io.gatevault.tls.TlsSettings;
import java.net.URI;

/**
 * The keyring section of {@code gatevault.yml} as the crypto library's {@link KeyProviderSettings},
 * so the CLI builds its keyrings exactly as the services do from the same settings ({@link
 * ConfiguredKeyrings}).
 */
public final class KeyProviders {

  private KeyProviders() {}

  /** The keyring the CLI opens backups with: every configured key, recovery private key too. */
  public static Keyring forOpening(KeyringSettings keyring) {
    return new ConfiguredKeyrings().forOpening(settings(keyring));
  }

  /**
   * The keyring that wraps data keys (rotation): the provider's key and the recovery public key.
   */
  public static Keyring forSealing(KeyringSettings keyring) {
    return new ConfiguredKeyrings().forSealing(settings(keyring));
  }

  /** As {@link #forOpening(KeyringSettings)}, reaching AWS KMS over TLS with {@code kmsTls}. */
  public static Keyring forOpening(KeyringSettings keyring, TlsSettings kmsTls) {
    return new ConfiguredKeyrings(System::getenv, kmsTls).forOpening(settings(keyring));
  }

  /** As {@link #forSealing(KeyringSettings)}, reaching AWS KMS over TLS with {@code kmsTls}. */
  public static Keyring forSealing(KeyringSettings keyring, TlsSettings kmsTls) {
    return new ConfiguredKeyrings(System::getenv, kmsTls).forSealing(settings(keyring));
  }

  /** The settings with another keystore alias and version (the old key of a rotation). */
  public static KeyProviderSettings settings(KeyringSettings keyring) {
    return settings(keyring, keyring.keyAlias(), keyring.keyVersion());
  }

  public static KeyProviderSettings settings(KeyringSettings keyring, String alias, int version) {
    String passwordEnv = keyring.passwordEnv().isBlank() ? null : keyring.passwordEnv();
    KeystoreSettings keystore =
        new KeystoreSettings(
            keyring.keystore(),
            passwordEnv,
            passwordEnv == null ? keyring.passwordFile() : null,
            alias,
            version);
    var kms = keyring.kms();
    KmsKeySettings kmsSettings =
        kms.keyArn().isBlank()
            ? null
            : new KmsKeySettings(
                kms.keyArn(),
                kms.additionalKeyArns(),
                blankToNull(kms.region()),
                kms.endpoint().isBlank() ? null : URI.create(kms.endpoint()),
                blankToNull(kms.credentialsProfile()),
                blankToNull(kms.accessKeyEnv()),
                blankToNull(kms.secretKeyEnv()));
    var recovery = keyring.recovery();
    RecoveryKeySettings recoverySettings =
        recovery.configured()
            ? new RecoveryKeySettings(
                recovery.publicKey(),
                recovery.privateKey(),
                blankToNull(recovery.passwordEnv()),
                recovery.passwordFile(),
                recovery.keyName())
            : null;
    return new KeyProviderSettings(
        keyring.provider(), keystore, kmsSettings, version, recoverySettings);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
