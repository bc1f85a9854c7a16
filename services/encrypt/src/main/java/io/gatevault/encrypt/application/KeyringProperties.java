package io.gatevault.encrypt.application;

import io.gatevault.crypto.KeyProviderSettings;
import io.gatevault.crypto.KeystoreSettings;
import io.gatevault.crypto.KmsKeySettings;
import io.gatevault.crypto.RecoveryKeySettings;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the key-encryption key is, under {@code gatevault.keyring.*}. Checked at start-up: a
 * missing keystore, a wrong passphrase, a missing alias or a key of the wrong size stop the service
 * with a message naming the setting and the fix.
 *
 * @param keystorePath PKCS12 keystore holding the AES-256 key-encryption key, kept outside every
 *     backup target ({@code gatevault keys init} creates one)
 * @param passwordEnv name of the environment variable holding the keystore passphrase
 * @param passwordFile file holding the keystore passphrase (instead of {@code password-env})
 * @param keyAlias alias of the key in the keystore
 * @param keyVersion generation of the key, recorded in every key reference
 * @param keyringId keyring name recorded in key references
 * @param provider {@code keystore} (the PKCS12 file above) or {@code aws-kms} ({@code kms.*})
 * @param kms the AWS KMS key ({@code gatevault.keyring.kms.*}) when the provider is aws-kms
 * @param recovery the public-key recovery key ({@code gatevault.keyring.recovery.*}), or none
 */
@ConfigurationProperties("gatevault.keyring")
@Validated
public record KeyringProperties(
    Path keystorePath,
    String passwordEnv,
    Path passwordFile,
    @DefaultValue("gatevault-kek") @NotBlank String keyAlias,
    @DefaultValue("1") @Min(1) int keyVersion,
    @DefaultValue(KeystoreSettings.LOCAL_KEYRING_ID) @NotBlank String keyringId,
    @DefaultValue(KeyProviderSettings.KEYSTORE) @NotBlank String provider,
    KmsKeySettings kms,
    RecoveryKeySettings recovery) {

  /** The key provider and recovery key, for {@link io.gatevault.crypto.ConfiguredKeyrings}. */
  public KeyProviderSettings toProviderSettings() {
    return new KeyProviderSettings(
        provider, keystorePath == null ? null : toSettings(), kms, keyVersion, recovery);
  }

  /** The same settings for the crypto library. */
  public KeystoreSettings toSettings() {
    return new KeystoreSettings(
        keystorePath, passwordEnv, passwordFile, keyAlias, keyVersion, keyringId);
  }
}
