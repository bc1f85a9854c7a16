package io.gatevault.allinone.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.allinone.config.ConfigLoader;
import io.gatevault.allinone.config.GatevaultConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keyring section of gatevault.yml as the properties encrypt, verify and restore get. */
class KeyringServicePropertiesTest {

  @TempDir Path dir;

  private GatevaultConfig.KeyringSettings keyring() {
    return ConfigLoader.parse(
            """
            keyring:
              provider: aws-kms
              key-version: 3
              kms:
                key-arn: arn:aws:kms:eu-west-1:111122223333:key/k-1
                additional-key-arns: [arn:aws:kms:eu-central-1:111122223333:key/k-2]
                endpoint: https://kms.internal:8443
                access-key-env: KMS_ACCESS
                secret-key-env: KMS_SECRET
              recovery:
                public-key: keys/recovery-public.pem
                private-key: /media/offline/recovery.pem
                password-env: RECOVERY_PASS
            """,
            "gatevault.yml",
            dir)
        .keyring();
  }

  @Test
  void encryptGetsTheKmsKeysAndTheRecoveryPublicKeyButNeverThePrivateKey() {
    Map<String, Object> encrypt = EmbeddedStack.keyringProperties(keyring(), false);

    assertThat(encrypt)
        .containsEntry("gatevault.keyring.provider", "aws-kms")
        .containsEntry("gatevault.keyring.key-version", 3)
        .containsEntry(
            "gatevault.keyring.kms.key-arn", "arn:aws:kms:eu-west-1:111122223333:key/k-1")
        .containsEntry(
            "gatevault.keyring.kms.additional-key-arns[0]",
            "arn:aws:kms:eu-central-1:111122223333:key/k-2")
        .containsEntry("gatevault.keyring.kms.endpoint", "https://kms.internal:8443")
        .containsEntry("gatevault.keyring.kms.access-key-env", "KMS_ACCESS")
        .containsEntry(
            "gatevault.keyring.recovery.public-key",
            dir.resolve("keys/recovery-public.pem").toString());
    assertThat(encrypt.keySet())
        .noneMatch(key -> key.startsWith("gatevault.keyring.recovery.private-key"))
        .noneMatch(key -> key.startsWith("gatevault.keyring.recovery.password"));
  }

  @Test
  void verifyAndRestoreGetTheRecoveryPrivateKeyWhenItIsConfigured() {
    Map<String, Object> opening = EmbeddedStack.keyringProperties(keyring(), true);

    assertThat(opening)
        .containsEntry("gatevault.keyring.recovery.private-key", "/media/offline/recovery.pem")
        .containsEntry("gatevault.keyring.recovery.password-env", "RECOVERY_PASS");
  }
}
