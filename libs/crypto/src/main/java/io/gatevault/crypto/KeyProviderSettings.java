package io.gatevault.crypto;

/**
 * Which key provider holds the key-encryption key ({@code gatevault.keyring.provider}) and its
 * settings, plus the optional public-key recovery key.
 *
 * @param provider {@value #KEYSTORE} (a PKCS12 file) or {@value #AWS_KMS}
 * @param keystore the keystore settings; used when the provider is {@value #KEYSTORE}
 * @param kms the KMS key; required when the provider is {@value #AWS_KMS}
 * @param keyVersion Gatevault's generation of the key ({@code gatevault.keyring.key-version})
 * @param recovery the recovery key, or null for none
 */
public record KeyProviderSettings(
    String provider,
    KeystoreSettings keystore,
    KmsKeySettings kms,
    int keyVersion,
    RecoveryKeySettings recovery) {

  public static final String KEYSTORE = "keystore";
  public static final String AWS_KMS = "aws-kms";

  public KeyProviderSettings {
    provider = provider == null || provider.isBlank() ? KEYSTORE : provider.trim();
    keyVersion = Math.max(1, keyVersion);
  }

  public boolean hasRecoveryKey() {
    return recovery != null && recovery.configured();
  }
}
