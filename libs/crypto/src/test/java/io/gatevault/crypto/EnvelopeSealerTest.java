package io.gatevault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvelopeSealerTest {

  private static final EncryptionContext CONTEXT =
      new EncryptionContext("caddy-1", "prod", "artifact-1");

  @TempDir Path dir;

  @Test
  void anArtifactSealedUnderAFreshDataKeyOpensWithTheKeyring() throws Exception {
    RawAesKeyring keyring = TestKeystores.keyring(TestKeystores.create(dir, "kek", 1));
    byte[] document = "{\"apps\":{\"http\":{}}}".getBytes();

    SealedBytes sealed = new EnvelopeSealer(keyring).seal(document, CONTEXT);

    SealedEnvelope envelope = sealed.envelope();
    assertThat(envelope.plaintextSize()).isEqualTo(document.length);
    assertThat(envelope.ciphertextSize()).isEqualTo(sealed.ciphertext().length);
    assertThat(envelope.ciphertextSha256())
        .isEqualTo(
            HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(sealed.ciphertext())));
    assertThat(envelope.keyReference()).isEqualTo(keyring.reference());
    assertThat(
            new EnvelopeUnsealer(keyring)
                .unsealToBytes(sealed.ciphertext(), envelope.wrappedDataKey(), CONTEXT))
        .isEqualTo(document);
  }

  @Test
  void everyArtifactGetsItsOwnDataKey() {
    RawAesKeyring keyring = TestKeystores.keyring(TestKeystores.create(dir, "kek", 1));
    EnvelopeSealer sealer = new EnvelopeSealer(keyring);
    byte[] document = new byte[100];

    SealedBytes first = sealer.seal(document, CONTEXT);
    SealedBytes second = sealer.seal(document, CONTEXT);

    DataKey firstKey = keyring.unwrap(first.envelope().wrappedDataKey(), CONTEXT);
    DataKey secondKey = keyring.unwrap(second.envelope().wrappedDataKey(), CONTEXT);
    assertThat(firstKey.copyOfBytes()).isNotEqualTo(secondKey.copyOfBytes());
  }

  @Test
  void aCiphertextMovedToAnotherArtifactDoesNotOpenEvenWithItsKey() {
    RawAesKeyring keyring = TestKeystores.keyring(TestKeystores.create(dir, "kek", 1));
    SealedBytes sealed = new EnvelopeSealer(keyring).seal(new byte[10], CONTEXT);
    EncryptionContext other = new EncryptionContext("caddy-1", "test", "artifact-1");

    assertThatThrownBy(
            () ->
                new EnvelopeUnsealer(keyring)
                    .unsealToBytes(sealed.ciphertext(), sealed.envelope().wrappedDataKey(), other))
        .isInstanceOf(WrongKeyException.class)
        .hasMessageContaining("wrapped for encryption context");
  }

  @Test
  void theWrongKeyringFailsBeforeAnyPlaintextIsWritten() {
    RawAesKeyring right = TestKeystores.keyring(TestKeystores.create(dir, "kek", 1));
    RawAesKeyring wrong =
        TestKeystores.keyring(TestKeystores.create(dir.resolve("elsewhere"), "kek", 1));
    SealedBytes sealed = new EnvelopeSealer(right).seal(new byte[10], CONTEXT);
    Path target = dir.resolve("restore/snapshot.json");

    assertThatThrownBy(
            () ->
                new EnvelopeUnsealer(wrong)
                    .unsealToFile(
                        new ByteArrayInputStream(sealed.ciphertext()),
                        target,
                        sealed.envelope().wrappedDataKey(),
                        CONTEXT))
        .isInstanceOf(WrongKeyException.class);
    assertThat(Files.exists(target)).isFalse();
  }

  @Test
  void warmingUpSealsAndOpensWithoutError() {
    assertThat(GcmWarmUp.run(2 * 1024 * 1024, 4096)).isPositive();
  }
}
