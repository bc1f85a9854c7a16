package io.gatevault.crypto;

import io.gatevault.tls.TlsSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the keyring a service needs from {@link KeyProviderSettings}, so every service and the CLI
 * read {@code gatevault.keyring.*} the same way.
 *
 * <ul>
 *   <li>{@link #forSealing}: for the encrypt service. The provider's key generates and wraps each
 *       data key; additional KMS keys and the recovery key's <em>public</em> half wrap it too. The
 *       recovery private key is never read, even when configured.
 *   <li>{@link #forOpening}: for verify, restore and the CLI. Any configured key unwraps: the
 *       provider's keys and, only when {@code recovery.private-key} is configured, the recovery
 *       private key (disaster recovery).
 * </ul>
 */
public final class ConfiguredKeyrings {

  private static final Logger log = LoggerFactory.getLogger(ConfiguredKeyrings.class);

  private final UnaryOperator<String> environment;
  private final TlsSettings kmsTls;

  /** Reads passphrases and credentials from the process environment. */
  public ConfiguredKeyrings() {
    this(System::getenv);
  }

  /** Reads environment variables through {@code environment} (tests pass a map). */
  public ConfiguredKeyrings(UnaryOperator<String> environment) {
    this(environment, TlsSettings.jvmDefaults(KmsClients.TLS_ORIGIN));
  }

  /**
   * As {@link #ConfiguredKeyrings(UnaryOperator)}, reaching AWS KMS over TLS with {@code kmsTls}
   * (trust store, client certificate, protocols, plaintext opt-in; see {@link KmsClients}).
   */
  public ConfiguredKeyrings(UnaryOperator<String> environment, TlsSettings kmsTls) {
    this.environment = environment;
    this.kmsTls = kmsTls;
  }

  /** The keyring that wraps new data keys: primary, further KMS keys, recovery public key. */
  public Keyring forSealing(KeyProviderSettings settings) {
    List<Keyring> keys = new ArrayList<>(providerKeys(settings));
    if (settings.recovery() != null && settings.recovery().publicKey() != null) {
      RecoveryKeySettings recovery = settings.recovery();
      keys.add(
          RsaRecoveryKeyring.publicHalf(
              recovery.keyName(),
              RecoveryKeyFiles.readPublicKey(
                  recovery.publicKey(), "gatevault.keyring.recovery.public-key")));
    }
    return combined(keys);
  }

  /**
   * The keyring that unwraps stored data keys: every configured key. When the recovery private key
   * is configured and the provider's key cannot be loaded (a lost keystore), the recovery key alone
   * is used and a warning says so.
   */
  public Keyring forOpening(KeyProviderSettings settings) {
    List<Keyring> keys = new ArrayList<>();
    RsaRecoveryKeyring recovery = recoveryPrivateKey(settings.recovery());
    try {
      keys.addAll(providerKeys(settings));
    } catch (KeystoreUnusableException e) {
      if (recovery == null) {
        throw e;
      }
      log.warn(
          "The {} key cannot be loaded ({}); opening backups with the recovery key {} alone",
          settings.provider(),
          e.getMessage(),
          recovery.reference().describe());
    }
    if (recovery != null) {
      keys.add(recovery);
    }
    return combined(keys);
  }

  private List<Keyring> providerKeys(KeyProviderSettings settings) {
    return switch (settings.provider()) {
      case KeyProviderSettings.KEYSTORE -> {
        if (settings.keystore() == null) {
          throw new KeystoreUnusableException(
              "gatevault.keyring.keystore-path is not set: point it at the PKCS12 keystore"
                  + " holding the key-encryption key (create one with `gatevault keys init`)");
        }
        yield List.of(new KeystoreLoader(environment).loadKeyring(settings.keystore()));
      }
      case KeyProviderSettings.AWS_KMS -> {
        KmsKeySettings kms = settings.kms();
        if (kms == null || kms.keyArn() == null || kms.keyArn().isBlank()) {
          throw new KeystoreUnusableException(
              "gatevault.keyring.kms.key-arn is not set: with provider aws-kms, name the KMS key's"
                  + " ARN (arn:aws:kms:<region>:<account>:key/<id>)");
        }
        KmsClients clients = new KmsClients(environment, kmsTls);
        List<Keyring> keys = new ArrayList<>();
        for (String arn : kms.allKeyArns()) {
          // The primary uses the configured Region; each further key its own ARN's Region.
          String region = arn.equals(kms.keyArn()) ? null : KmsKeySettings.regionOf(arn);
          keys.add(new AwsKmsKeyring(arn, settings.keyVersion(), clients.client(kms, region)));
        }
        yield keys;
      }
      default ->
          throw new KeystoreUnusableException(
              "gatevault.keyring.provider is '"
                  + settings.provider()
                  + "': use keystore or aws-kms");
    };
  }

  private RsaRecoveryKeyring recoveryPrivateKey(RecoveryKeySettings recovery) {
    if (recovery == null || recovery.privateKey() == null) {
      return null;
    }
    char[] passphrase = passphrase(recovery);
    try {
      PrivateKey key =
          RecoveryKeyFiles.readPrivateKey(
              recovery.privateKey(), passphrase, "gatevault.keyring.recovery.private-key");
      return RsaRecoveryKeyring.privateHalf(recovery.keyName(), key);
    } finally {
      Arrays.fill(passphrase, '\0');
    }
  }

  private char[] passphrase(RecoveryKeySettings recovery) {
    boolean fromEnv = recovery.passwordEnv() != null && !recovery.passwordEnv().isBlank();
    boolean fromFile = recovery.passwordFile() != null;
    if (fromEnv == fromFile) {
      throw new KeystoreUnusableException(
          "Set exactly one of gatevault.keyring.recovery.password-env and"
              + " gatevault.keyring.recovery.password-file with recovery.private-key: the"
              + " passphrase chosen at `gatevault keys recovery-init`");
    }
    if (fromEnv) {
      String value = environment.apply(recovery.passwordEnv().trim());
      if (value == null || value.isEmpty()) {
        throw new KeystoreUnusableException(
            "Environment variable "
                + recovery.passwordEnv()
                + " (gatevault.keyring.recovery.password-env) is not set or empty: export the"
                + " recovery key's passphrase in it");
      }
      return value.toCharArray();
    }
    Path file = recovery.passwordFile();
    try {
      String value = Files.readString(file, StandardCharsets.UTF_8).replaceAll("[\\r\\n]+$", "");
      if (value.isEmpty()) {
        throw new KeystoreUnusableException(
            "Passphrase file "
                + file.toAbsolutePath()
                + " (gatevault.keyring.recovery.password-file) is empty");
      }
      return value.toCharArray();
    } catch (IOException e) {
      throw new KeystoreUnusableException(
          "Passphrase file "
              + file.toAbsolutePath()
              + " (gatevault.keyring.recovery.password-file) cannot be read: "
              + e.getMessage(),
          e);
    }
  }

  private static Keyring combined(List<Keyring> keys) {
    if (keys.size() == 1) {
      return keys.get(0);
    }
    return new MultiKeyring(keys.get(0), keys.subList(1, keys.size()));
  }
}
