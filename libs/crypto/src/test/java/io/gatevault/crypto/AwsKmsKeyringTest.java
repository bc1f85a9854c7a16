package io.gatevault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/** The AWS KMS path for real: SDK v2 KmsClient over HTTP to a test KMS endpoint with real GCM. */
class AwsKmsKeyringTest {

  private static final EncryptionContext CONTEXT =
      new EncryptionContext("caddy-1", "prod", "artifact-1");

  @TempDir Path dir;

  private TestKmsEndpoint kms;
  private KmsClient client;
  private String keyArn;

  @BeforeEach
  void startKms() throws Exception {
    kms = new TestKmsEndpoint();
    keyArn = kms.createKey();
    client =
        KmsClient.builder()
            .endpointOverride(kms.endpoint())
            .region(Region.of(TestKmsEndpoint.REGION))
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
            .overrideConfiguration(
                c ->
                    c.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofSeconds(10)))
            .build();
  }

  @AfterEach
  void stopKms() {
    client.close();
    kms.close();
  }

  @Test
  void anArtifactSealedUnderAKmsKeyOpensThroughKmsDecrypt() {
    AwsKmsKeyring keyring = new AwsKmsKeyring(keyArn, 1, client);
    byte[] document = "{\"routes\":[]}".getBytes(StandardCharsets.UTF_8);

    SealedBytes sealed = new EnvelopeSealer(keyring).seal(document, CONTEXT);
    byte[] opened =
        new EnvelopeUnsealer(keyring)
            .unsealToBytes(sealed.ciphertext(), sealed.envelope().wrappedDataKey(), CONTEXT);

    assertThat(opened).isEqualTo(document);
    assertThat(kms.calls("GenerateDataKey")).isEqualTo(1);
    assertThat(kms.calls("Decrypt")).isEqualTo(1);
    assertThat(sealed.envelope().keyReference())
        .isEqualTo(new WrappingKeyReference("aws-kms", keyArn, 1));
    assertThat(sealed.envelope().wrappedDataKey().wrappingKeys())
        .containsExactly("aws-kms/" + keyArn);
  }

  @Test
  void anotherEncryptionContextIsRefusedByKmsAsAWrongKey() {
    AwsKmsKeyring keyring = new AwsKmsKeyring(keyArn, 1, client);
    WrappedDataKey wrapped = keyring.wrap(DataKey.generate(new SecureRandom()), CONTEXT);

    assertThatThrownBy(
            () -> keyring.unwrap(wrapped, new EncryptionContext("caddy-1", "prod", "artifact-2")))
        .isInstanceOf(WrongKeyException.class)
        .hasMessageContaining("wrapped for encryption context");
  }

  @Test
  void aDisabledKmsKeyIsAWrongKeyNotAnOutage() {
    AwsKmsKeyring keyring = new AwsKmsKeyring(keyArn, 1, client);
    WrappedDataKey wrapped = keyring.wrap(DataKey.generate(new SecureRandom()), CONTEXT);
    kms.disable(keyArn);

    assertThatThrownBy(() -> keyring.unwrap(wrapped, CONTEXT))
        .isInstanceOf(WrongKeyException.class)
        .hasMessageContaining(keyArn)
        .hasMessageContaining("KMS refused kms:Decrypt")
        .hasMessageContaining("disabled");
  }

  @Test
  void wrappingUnderADisabledKmsKeyIsRefusedNamingTheKeyAndThePermission() {
    AwsKmsKeyring keyring = new AwsKmsKeyring(keyArn, 1, client);
    kms.disable(keyArn);

    assertThatThrownBy(() -> keyring.wrap(DataKey.generate(new SecureRandom()), CONTEXT))
        .isInstanceOf(KeyringRefusedException.class)
        .hasMessageContaining(keyArn)
        .hasMessageContaining("kms:GenerateDataKey")
        .hasMessageContaining("is disabled");
  }

  @Test
  void aKmsThatDoesNotAnswerIsTransient() {
    AwsKmsKeyring keyring = new AwsKmsKeyring(keyArn, 1, client);
    WrappedDataKey wrapped = keyring.wrap(DataKey.generate(new SecureRandom()), CONTEXT);
    kms.close();

    assertThatThrownBy(() -> keyring.unwrap(wrapped, CONTEXT))
        .isInstanceOf(KeyringUnavailableException.class)
        .hasMessageContaining("retry");
    assertThatThrownBy(() -> keyring.wrap(DataKey.generate(new SecureRandom()), CONTEXT))
        .isInstanceOf(KeyringUnavailableException.class);
  }

  @Test
  void withKmsLostTheOfflineRecoveryKeyAloneOpensTheArtifact() {
    RawAesKeyring recovery = MultiKeyringTest.recoveryKeyring(dir);
    MultiKeyring kmsAndRecovery =
        MultiKeyring.withRecoveryKey(new AwsKmsKeyring(keyArn, 1, client), recovery);
    byte[] document = "{\"routes\":[\"/shop\"]}".getBytes(StandardCharsets.UTF_8);
    SealedBytes sealed = new EnvelopeSealer(kmsAndRecovery).seal(document, CONTEXT);
    kms.close();

    byte[] opened =
        new EnvelopeUnsealer(recovery)
            .unsealToBytes(sealed.ciphertext(), sealed.envelope().wrappedDataKey(), CONTEXT);

    assertThat(opened).isEqualTo(document);
    assertThat(sealed.envelope().wrappedDataKey().wrappingKeys())
        .containsExactly("aws-kms/" + keyArn, "recovery-keystore/recovery-kek/v1");
  }
}
