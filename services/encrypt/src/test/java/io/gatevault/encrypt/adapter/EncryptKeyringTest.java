package io.gatevault.encrypt.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.crypto.DataKey;
import io.gatevault.crypto.EncryptionContext;
import io.gatevault.crypto.Keyring;
import io.gatevault.crypto.KeystoreGenerator;
import io.gatevault.crypto.RecoveryKeyFiles;
import io.gatevault.crypto.RecoveryKeySettings;
import io.gatevault.crypto.RsaRecoveryKeyring;
import io.gatevault.crypto.WrappedDataKey;
import io.gatevault.crypto.WrongKeyException;
import io.gatevault.encrypt.application.KeyringProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The keyring the encrypt service seals with, built from its properties as at start-up. */
class EncryptKeyringTest {

  private static final EncryptionContext CONTEXT =
      new EncryptionContext("caddy-1", "prod", "artifact-1");

  @TempDir Path dir;

  @Test
  void encryptsKeyringWrapsUnderTheRecoveryPublicKeyButNeverHoldsThePrivateKey() throws Exception {
    Path keystore = dir.resolve("keyring.p12");
    new KeystoreGenerator().create(keystore, "keystore-pass".toCharArray(), "gatevault-kek");
    Files.writeString(dir.resolve("keyring.pass"), "keystore-pass\n");
    Path publicKey = dir.resolve("recovery-public.pem");
    Path privateKey = dir.resolve("recovery-private.pem");
    String recoveryPass = "recovery passphrase 42";
    KeyPair pair = new RecoveryKeyFiles().create(publicKey, privateKey, recoveryPass.toCharArray());
    Files.writeString(dir.resolve("recovery.pass"), recoveryPass + "\n");
    // Even a configuration that names the private key and its passphrase (a mistake for encrypt)
    // gives encrypt only the public half.
    KeyringProperties properties =
        bind(
            Map.of(
                "gatevault.keyring.keystore-path", keystore.toString(),
                "gatevault.keyring.password-file", dir.resolve("keyring.pass").toString(),
                "gatevault.keyring.recovery.public-key", publicKey.toString(),
                "gatevault.keyring.recovery.private-key", privateKey.toString(),
                "gatevault.keyring.recovery.password-file",
                    dir.resolve("recovery.pass").toString()));

    Keyring keyring =
        new EncryptConfiguration()
            .keyring(properties, new org.springframework.core.env.StandardEnvironment());
    WrappedDataKey sealed = keyring.wrap(DataKey.generate(new SecureRandom()), CONTEXT);
    WrappedDataKey underRecoveryOnly =
        RsaRecoveryKeyring.publicHalf(RsaRecoveryKeyring.DEFAULT_KEY_NAME, pair.getPublic())
            .wrap(DataKey.generate(new SecureRandom()), CONTEXT);

    assertThat(sealed.wrappingKeys())
        .containsExactly("local-keystore/gatevault-kek/v1", "recovery-rsa/gatevault-recovery/v1");
    assertThatThrownBy(() -> keyring.unwrap(underRecoveryOnly, CONTEXT))
        .isInstanceOf(WrongKeyException.class);
    assertThat(
            RsaRecoveryKeyring.privateHalf(RsaRecoveryKeyring.DEFAULT_KEY_NAME, pair.getPrivate())
                .unwrap(sealed, CONTEXT))
        .isNotNull();
  }

  @Test
  void theRecoverySettingsBindFromKebabCaseProperties() {
    KeyringProperties properties =
        bind(
            Map.of(
                "gatevault.keyring.provider", "aws-kms",
                "gatevault.keyring.kms.key-arn", "arn:aws:kms:eu-west-1:111122223333:key/k1",
                "gatevault.keyring.kms.additional-key-arns[0]",
                    "arn:aws:kms:eu-central-1:111122223333:key/k2",
                "gatevault.keyring.kms.endpoint", "http://127.0.0.1:4566",
                "gatevault.keyring.recovery.public-key", "/keys/recovery-public.pem"));

    assertThat(properties.provider()).isEqualTo("aws-kms");
    assertThat(properties.kms().allKeyArns()).hasSize(2);
    assertThat(properties.kms().endpoint()).hasToString("http://127.0.0.1:4566");
    assertThat(properties.recovery())
        .isEqualTo(
            new RecoveryKeySettings(
                Path.of("/keys/recovery-public.pem"), null, null, null, "gatevault-recovery"));
  }

  private static KeyringProperties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bind("gatevault.keyring", KeyringProperties.class)
        .get();
  }
}
