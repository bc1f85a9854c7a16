package io.gatevault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public-key recovery key for real: RSA-4096 files written and read back, the Material
 * Providers raw RSA keyring (OAEP-SHA256) beside a KMS key on {@link TestKmsEndpoint}.
 */
class RsaRecoveryKeyringTest {

  private static final EncryptionContext CONTEXT =
      new EncryptionContext("caddy-1", "prod", "artifact-1");
  private static final String PASSPHRASE = "correct horse battery staple";

  @TempDir static Path keys;
  @TempDir Path dir;

  private static Path publicKey;
  private static Path privateKey;
  private static KeyPair pair;

  private TestKmsEndpoint kms;
  private String keyArn;

  @BeforeAll
  static void recoveryKey() {
    publicKey = keys.resolve("recovery-public.pem");
    privateKey = keys.resolve("offline/recovery-private.pem");
    pair = new RecoveryKeyFiles().create(publicKey, privateKey, PASSPHRASE.toCharArray());
  }

  @BeforeEach
  void startKms() throws Exception {
    kms = new TestKmsEndpoint();
    keyArn = kms.createKey();
  }

  @AfterEach
  void stopKms() {
    kms.close();
  }

  @Test
  void theRecoveryKeyFilesArePemOwnerOnlyAndThePrivateKeyIsEncrypted() throws Exception {
    assertThat(Files.readString(publicKey)).startsWith("-----BEGIN PUBLIC KEY-----");
    String privateText = Files.readString(privateKey);
    assertThat(privateText).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateKey)))
        .isEqualTo("rw-------");
    assertThat(
            ((java.security.interfaces.RSAKey)
                    RecoveryKeyFiles.readPublicKey(publicKey, "public-key"))
                .getModulus()
                .bitLength())
        .isEqualTo(4096);
    assertThat(RecoveryKeyFiles.readPrivateKey(privateKey, PASSPHRASE.toCharArray(), "private-key"))
        .isEqualTo(pair.getPrivate());
  }

  @Test
  void aWrongPassphraseIsRefusedNamingTheSetting() {
    assertThatThrownBy(
            () ->
                RecoveryKeyFiles.readPrivateKey(
                    privateKey,
                    "not the passphrase".toCharArray(),
                    "gatevault.keyring.recovery.private-key"))
        .isInstanceOf(KeystoreUnusableException.class)
        .hasMessageContaining("passphrase does not open")
        .hasMessageContaining("gatevault.keyring.recovery.private-key");
  }

  @Test
  void anExistingRecoveryKeyIsNeverReplaced() {
    assertThatThrownBy(
            () ->
                new RecoveryKeyFiles()
                    .create(publicKey, dir.resolve("other.pem"), PASSPHRASE.toCharArray()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("never replaced");
  }

  @Test
  void withTheKmsStoppedTheRecoveryPrivateKeyAloneOpensAnArtifactSealedUnderKms() {
    Keyring sealing =
        new ConfiguredKeyrings(environment())
            .forSealing(settings(new RecoveryKeySettings(publicKey, null, null, null, null)));
    byte[] document = "{\"routes\":[\"/shop\"]}".getBytes(StandardCharsets.UTF_8);
    SealedBytes sealed = new EnvelopeSealer(sealing).seal(document, CONTEXT);
    kms.close();

    Keyring opening =
        new ConfiguredKeyrings(environment())
            .forOpening(
                settings(
                    new RecoveryKeySettings(publicKey, privateKey, "RECOVERY_PASS", null, null)));
    byte[] opened =
        new EnvelopeUnsealer(opening)
            .unsealToBytes(sealed.ciphertext(), sealed.envelope().wrappedDataKey(), CONTEXT);

    assertThat(opened).isEqualTo(document);
    assertThat(sealed.envelope().keyReference())
        .isEqualTo(new WrappingKeyReference("aws-kms", keyArn, 1));
    assertThat(sealed.envelope().wrappedDataKey().wrappingKeys())
        .containsExactly("aws-kms/" + keyArn, "recovery-rsa/gatevault-recovery/v1");
  }

  @Test
  void theSealingKeyringNeverReadsTheRecoveryPrivateKeyAndCannotUnwrapWithIt() {
    Path absent = dir.resolve("not-here.pem");
    Keyring sealing =
        new ConfiguredKeyrings(environment())
            .forSealing(settings(new RecoveryKeySettings(publicKey, absent, null, null, null)));
    WrappedDataKey wrapped = sealing.wrap(DataKey.generate(new SecureRandom()), CONTEXT);
    kms.disable(keyArn);

    assertThatThrownBy(() -> sealing.unwrap(wrapped, CONTEXT))
        .isInstanceOf(WrongKeyException.class);
    assertThat(
            RsaRecoveryKeyring.privateHalf("gatevault-recovery", pair.getPrivate())
                .unwrap(wrapped, CONTEXT))
        .isNotNull();
  }

  @Test
  void thePublicHalfRefusesToUnwrapNamingThePrivateKeySetting() {
    RsaRecoveryKeyring publicHalf =
        RsaRecoveryKeyring.publicHalf("gatevault-recovery", pair.getPublic());
    WrappedDataKey wrapped = publicHalf.wrap(DataKey.generate(new SecureRandom()), CONTEXT);

    assertThat(publicHalf.canUnwrap()).isFalse();
    assertThatThrownBy(() -> publicHalf.unwrap(wrapped, CONTEXT))
        .isInstanceOf(WrongKeyException.class)
        .hasMessageContaining("gatevault.keyring.recovery.private-key");
  }

  @Test
  void aRecoveryKeyOfAnotherNameIsRefusedNamingTheKeyThatWrappedIt() {
    WrappedDataKey wrapped =
        RsaRecoveryKeyring.publicHalf("gatevault-recovery", pair.getPublic())
            .wrap(DataKey.generate(new SecureRandom()), CONTEXT);

    assertThatThrownBy(
            () ->
                RsaRecoveryKeyring.privateHalf("other-recovery", pair.getPrivate())
                    .unwrap(wrapped, CONTEXT))
        .isInstanceOf(WrongKeyException.class)
        .hasMessageContaining("recovery-rsa/gatevault-recovery/v1");
  }

  @Test
  void everyAdditionalKmsKeyWrapsTheDataKeyToo() {
    String replica = kms.createKey();
    KmsKeySettings both =
        new KmsKeySettings(
            keyArn,
            List.of(replica),
            TestKmsEndpoint.REGION,
            kms.endpoint(),
            null,
            "KMS_ACCESS",
            "KMS_SECRET");
    Keyring sealing =
        new ConfiguredKeyrings(environment())
            .forSealing(new KeyProviderSettings("aws-kms", null, both, 1, null));
    WrappedDataKey wrapped = sealing.wrap(DataKey.generate(new SecureRandom()), CONTEXT);
    kms.disable(keyArn);

    assertThat(wrapped.wrappingKeys()).containsExactly("aws-kms/" + keyArn, "aws-kms/" + replica);
    assertThat(
            new ConfiguredKeyrings(environment())
                .forOpening(new KeyProviderSettings("aws-kms", null, both, 1, null))
                .unwrap(wrapped, CONTEXT))
        .isNotNull();
  }

  @Test
  void withTheKeystoreLostTheRecoveryPrivateKeyAloneOpensWhatTheKeystoreSealed() throws Exception {
    KeystoreSettings keystore = TestKeystores.create(dir, "gatevault-kek", 1);
    Keyring sealing =
        new ConfiguredKeyrings(environment())
            .forSealing(
                new KeyProviderSettings(
                    "keystore",
                    keystore,
                    null,
                    1,
                    new RecoveryKeySettings(publicKey, null, null, null, null)));
    byte[] document = "{\"routes\":[\"/cart\"]}".getBytes(StandardCharsets.UTF_8);
    SealedBytes sealed = new EnvelopeSealer(sealing).seal(document, CONTEXT);
    Files.delete(keystore.keystorePath());

    KeyProviderSettings disasterRecovery =
        new KeyProviderSettings(
            "keystore",
            keystore,
            null,
            1,
            new RecoveryKeySettings(publicKey, privateKey, "RECOVERY_PASS", null, null));
    byte[] opened =
        new EnvelopeUnsealer(new ConfiguredKeyrings(environment()).forOpening(disasterRecovery))
            .unsealToBytes(sealed.ciphertext(), sealed.envelope().wrappedDataKey(), CONTEXT);

    assertThat(opened).isEqualTo(document);
    assertThat(sealed.envelope().wrappedDataKey().wrappingKeys())
        .containsExactly("local-keystore/gatevault-kek/v1", "recovery-rsa/gatevault-recovery/v1");
    assertThatThrownBy(
            () ->
                new ConfiguredKeyrings(environment())
                    .forOpening(
                        new KeyProviderSettings(
                            "keystore",
                            keystore,
                            null,
                            1,
                            new RecoveryKeySettings(publicKey, null, null, null, null))))
        .as("without the recovery private key a lost keystore stays an error")
        .isInstanceOf(KeystoreUnusableException.class)
        .hasMessageContaining("does not exist");
  }

  private KeyProviderSettings settings(RecoveryKeySettings recovery) {
    return new KeyProviderSettings(
        "aws-kms",
        null,
        new KmsKeySettings(
            keyArn,
            List.of(),
            TestKmsEndpoint.REGION,
            kms.endpoint(),
            null,
            "KMS_ACCESS",
            "KMS_SECRET"),
        1,
        recovery);
  }

  private static java.util.function.UnaryOperator<String> environment() {
    Map<String, String> variables =
        Map.of(
            "KMS_ACCESS",
            "AKIDTEST",
            "KMS_SECRET",
            "secret",
            "RECOVERY_PASS",
            PASSPHRASE,
            TestKeystores.ENV,
            TestKeystores.PASSPHRASE);
    return variables::get;
  }
}
