package io.gatevault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawAesKeyringTest {

  private static final EncryptionContext CONTEXT =
      new EncryptionContext("caddy-1", "prod", "artifact-1");

  @TempDir Path dir;

  @Test
  void aWrappedDataKeyUnwrapsToTheSameKey() {
    RawAesKeyring keyring = TestKeystores.keyring(TestKeystores.create(dir, "kek", 1));
    DataKey dataKey = DataKey.generate(new SecureRandom());

    WrappedDataKey wrapped = keyring.wrap(dataKey, CONTEXT);

    assertThat(wrapped.wrappedBy()).isEqualTo(new WrappingKeyReference("local-keystore", "kek", 1));
    assertThat(keyring.unwrap(wrapped, CONTEXT).copyOfBytes()).isEqualTo(dataKey.copyOfBytes());
    assertThat(
            java.util.Collections.indexOfSubList(
                java.util.Arrays.asList(toObjects(wrapped.bytes())),
                java.util.Arrays.asList(toObjects(dataKey.copyOfBytes()))))
        .isEqualTo(-1);
  }

  @Test
  void aDifferentKeyUnderTheSameAliasIsRefusedWithAClearMessage() {
    RawAesKeyring original = TestKeystores.keyring(TestKeystores.create(dir, "kek", 1));
    RawAesKeyring regenerated =
        TestKeystores.keyring(TestKeystores.create(dir.resolve("other"), "kek", 1));
    WrappedDataKey wrapped = original.wrap(DataKey.generate(new SecureRandom()), CONTEXT);

    assertThatThrownBy(() -> regenerated.unwrap(wrapped, CONTEXT))
        .isInstanceOfSatisfying(
            WrongKeyException.class, e -> assertThat(e.artifactId()).isEqualTo("artifact-1"))
        .hasMessageContaining(
            "The data key of artifact artifact-1 cannot be unwrapped with key kek v1")
        .hasMessageContaining("different key under alias kek");
  }

  @Test
  void aKeyOfAnotherAliasOrVersionNamesTheKeyThatWrappedIt() {
    RawAesKeyring sealedWith = TestKeystores.keyring(TestKeystores.create(dir, "kek-a", 1));
    RawAesKeyring configured = TestKeystores.keyring(TestKeystores.create(dir, "kek-b", 2));
    WrappedDataKey wrapped = sealedWith.wrap(DataKey.generate(new SecureRandom()), CONTEXT);

    assertThatThrownBy(() -> configured.unwrap(wrapped, CONTEXT))
        .isInstanceOf(WrongKeyException.class)
        .hasMessageContaining("cannot be unwrapped with key kek-b v2")
        .hasMessageContaining("was it sealed under another keyring?")
        .hasMessageContaining("local-keystore/kek-a/v1");
  }

  @Test
  void anotherEncryptionContextIsRefusedAndNamed() {
    RawAesKeyring keyring = TestKeystores.keyring(TestKeystores.create(dir, "kek", 1));
    WrappedDataKey wrapped = keyring.wrap(DataKey.generate(new SecureRandom()), CONTEXT);

    assertThatThrownBy(
            () -> keyring.unwrap(wrapped, new EncryptionContext("caddy-1", "prod", "artifact-2")))
        .isInstanceOf(WrongKeyException.class)
        .hasMessageContaining("artifact-2")
        .hasMessageContaining("wrapped for encryption context")
        .hasMessageContaining("gatevault:artifact=artifact-1");
  }

  @Test
  void anAlteredWrappedKeyIsRefused() {
    RawAesKeyring keyring = TestKeystores.keyring(TestKeystores.create(dir, "kek", 1));
    byte[] bytes = keyring.wrap(DataKey.generate(new SecureRandom()), CONTEXT).bytes();
    bytes[bytes.length - 5] ^= 1;

    assertThatThrownBy(
            () -> keyring.unwrap(new WrappedDataKey(bytes, keyring.reference()), CONTEXT))
        .isInstanceOf(WrongKeyException.class)
        .hasMessageContaining("artifact-1");
  }

  @Test
  void garbageInsteadOfAWrappedKeyIsRefusedAsDamaged() {
    RawAesKeyring keyring = TestKeystores.keyring(TestKeystores.create(dir, "kek", 1));

    assertThatThrownBy(
            () ->
                keyring.unwrap(
                    new WrappedDataKey(new byte[] {9, 9, 9}, keyring.reference()), CONTEXT))
        .isInstanceOf(WrongKeyException.class)
        .hasMessageContaining("damaged");
  }

  @Test
  void aKeyThatIsNotAes256IsRefused() {
    assertThatThrownBy(
            () ->
                new RawAesKeyring(
                    new WrappingKeyReference("local-keystore", "short", 1),
                    new SecretKeySpec(new byte[16], "AES")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("256-bit");
  }

  private static Byte[] toObjects(byte[] bytes) {
    Byte[] boxed = new Byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      boxed[i] = bytes[i];
    }
    return boxed;
  }
}
