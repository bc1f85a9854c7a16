package io.gatevault.allinone.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.allinone.keys.KeyProviders;
import io.gatevault.crypto.KeyProviderSettings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keyring.provider, keyring.kms and keyring.recovery of gatevault.yml: read, checked, mapped. */
class KeyringConfigTest {

  private static final String ARN = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd";

  @TempDir Path dir;

  private GatevaultConfig parse(String yaml) {
    return ConfigLoader.parse(yaml, "gatevault.yml", dir);
  }

  private List<String> problemsOf(String yaml) {
    try {
      parse(yaml);
    } catch (InvalidConfigurationException e) {
      return e.problems().stream().map(ConfigProblem::toString).toList();
    }
    throw new AssertionError("expected the configuration to be refused:\n" + yaml);
  }

  @Test
  void theDefaultIsTheKeystoreWithoutARecoveryKey() {
    var keyring = parse("").keyring();

    assertThat(keyring.provider()).isEqualTo("keystore");
    assertThat(keyring.usesKeystore()).isTrue();
    assertThat(keyring.kms().configured()).isFalse();
    assertThat(keyring.recovery().configured()).isFalse();
    assertThat(KeyProviders.settings(keyring).hasRecoveryKey()).isFalse();
  }

  @Test
  void anAwsKmsKeyringIsReadAndMappedForTheServices() {
    var keyring =
        parse(
                """
                keyring:
                  provider: aws-kms
                  key-version: 2
                  kms:
                    key-arn: %s
                    additional-key-arns: [arn:aws:kms:eu-central-1:111122223333:key/mrk-1]
                    endpoint: https://vpce-1.kms.eu-west-1.vpce.amazonaws.com
                    credentials-profile: backup
                  recovery:
                    public-key: keys/recovery-public.pem
                """
                    .formatted(ARN))
            .keyring();

    KeyProviderSettings settings = KeyProviders.settings(keyring);
    assertThat(settings.provider()).isEqualTo(KeyProviderSettings.AWS_KMS);
    assertThat(settings.keyVersion()).isEqualTo(2);
    assertThat(settings.kms().allKeyArns())
        .containsExactly(ARN, "arn:aws:kms:eu-central-1:111122223333:key/mrk-1");
    assertThat(settings.kms().endpoint())
        .hasToString("https://vpce-1.kms.eu-west-1.vpce.amazonaws.com");
    assertThat(settings.kms().credentialsProfile()).isEqualTo("backup");
    assertThat(settings.recovery().publicKey()).isEqualTo(dir.resolve("keys/recovery-public.pem"));
    assertThat(settings.recovery().privateKey()).isNull();
  }

  @Test
  void anUnknownProviderAndAMissingOrAliasKeyArnAreNamedWithTheFix() {
    assertThat(problemsOf("keyring: {provider: vault}\n"))
        .anyMatch(p -> p.contains("keyring.provider") && p.contains("or aws-kms"));
    assertThat(problemsOf("keyring: {provider: aws-kms}\n"))
        .anyMatch(p -> p.contains("keyring.kms.key-arn") && p.contains("is not set"));
    assertThat(problemsOf("keyring: {provider: aws-kms, kms: {key-arn: 'alias/gatevault'}}\n"))
        .anyMatch(p -> p.contains("keyring.kms.key-arn") && p.contains("not an alias"));
  }

  @Test
  void kmsSettingsWithTheKeystoreProviderAndHalfACredentialPairAreRefused() {
    assertThat(problemsOf("keyring: {kms: {key-arn: '" + ARN + "'}}\n"))
        .anyMatch(p -> p.contains("keyring.kms") && p.contains("provider: aws-kms"));
    assertThat(
            problemsOf(
                "keyring: {provider: aws-kms, kms: {key-arn: '"
                    + ARN
                    + "', access-key-env: KMS_ACCESS, endpoint: 'kms.local'}}\n"))
        .anyMatch(p -> p.contains("keyring.kms.secret-key-env"))
        .anyMatch(p -> p.contains("keyring.kms.endpoint") && p.contains("http(s) URL"));
  }

  @Test
  void aRecoveryPrivateKeyNeedsOnePassphraseSourceAndMustStayOutOfTheTargets() {
    assertThat(problemsOf("keyring: {recovery: {private-key: /offline/recovery.pem}}\n"))
        .anyMatch(
            p -> p.contains("keyring.recovery.private-key") && p.contains("passphrase source"));
    assertThat(problemsOf("keyring: {recovery: {password-env: RECOVERY_PASS}}\n"))
        .anyMatch(p -> p.contains("without keyring.recovery.private-key"));
    assertThat(
            problemsOf(
                """
                keyring:
                  recovery:
                    private-key: t/local/recovery.pem
                    password-env: RECOVERY_PASS
                storage:
                  targets:
                    - {id: local, path: t/local, medium: FILESYSTEM}
                    - {id: usb, path: t/usb, medium: REMOVABLE_MEDIA}
                    - {id: far, path: t/far, medium: FILESYSTEM, off-site: true}
                """))
        .anyMatch(p -> p.contains("keyring.recovery.private-key") && p.contains("offline"));
  }

  @Test
  void anUnknownRecoverySettingIsNamed() {
    assertThat(problemsOf("keyring: {recovery: {privat-key: x}}\n"))
        .anyMatch(p -> p.contains("keyring.recovery.privat-key"));
  }
}
