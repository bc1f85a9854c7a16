package io.gatevault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultiKeyringTest {

  private static final EncryptionContext CONTEXT =
      new EncryptionContext("caddy-1", "prod", "artifact-1");

  @TempDir Path dir;

  private RawAesKeyring primary;
  private RawAesKeyring recovery;
  private MultiKeyring primaryAndRecovery;

  @BeforeEach
  void keystores() {
    primary = TestKeystores.keyring(TestKeystores.create(dir.resolve("online"), "kek", 1));
    recovery = recoveryKeyring(dir.resolve("offline"));
    primaryAndRecovery = MultiKeyring.withRecoveryKey(primary, recovery);
  }

  @Test
  void aDataKeyWrappedUnderPrimaryAndRecoveryUnwrapsWithOnlyTheRecoveryKey() {
    DataKey dataKey = DataKey.generate(new SecureRandom());

    WrappedDataKey wrapped = primaryAndRecovery.wrap(dataKey, CONTEXT);

    assertThat(wrapped.wrappedBy()).isEqualTo(primary.reference());
    assertThat(UnwrapFailure.wrappersOf(wrapped.bytes()))
        .containsExactly("local-keystore/kek/v1", "recovery-keystore/recovery-kek/v1");
    assertThat(recovery.unwrap(wrapped, CONTEXT).copyOfBytes()).isEqualTo(dataKey.copyOfBytes());
  }

  @Test
  void aDataKeyWrappedUnderPrimaryAndRecoveryUnwrapsWithOnlyThePrimaryKey() {
    DataKey dataKey = DataKey.generate(new SecureRandom());

    WrappedDataKey wrapped = primaryAndRecovery.wrap(dataKey, CONTEXT);

    assertThat(primary.unwrap(wrapped, CONTEXT).copyOfBytes()).isEqualTo(dataKey.copyOfBytes());
    assertThat(primaryAndRecovery.unwrap(wrapped, CONTEXT).copyOfBytes())
        .isEqualTo(dataKey.copyOfBytes());
  }

  @Test
  void anArtifactSealedUnderPrimaryAndRecoveryOpensWithTheRecoveryKeystoreAlone() {
    byte[] document = "{\"routes\":[\"/shop\"]}".getBytes(StandardCharsets.UTF_8);
    SealedBytes sealed = new EnvelopeSealer(primaryAndRecovery).seal(document, CONTEXT);

    byte[] opened =
        new EnvelopeUnsealer(recovery)
            .unsealToBytes(sealed.ciphertext(), sealed.envelope().wrappedDataKey(), CONTEXT);

    assertThat(opened).isEqualTo(document);
  }

  @Test
  void withNeitherKeyTheRefusalNamesBothKeysThatWrappedIt() {
    WrappedDataKey wrapped = primaryAndRecovery.wrap(DataKey.generate(new SecureRandom()), CONTEXT);
    RawAesKeyring unrelated =
        TestKeystores.keyring(TestKeystores.create(dir.resolve("unrelated"), "other-kek", 3));

    assertThatThrownBy(() -> unrelated.unwrap(wrapped, CONTEXT))
        .isInstanceOfSatisfying(
            WrongKeyException.class, e -> assertThat(e.artifactId()).isEqualTo("artifact-1"))
        .hasMessageContaining("cannot be unwrapped with key other-kek v3")
        .hasMessageContaining("local-keystore/kek/v1")
        .hasMessageContaining("recovery-keystore/recovery-kek/v1");
  }

  @Test
  void aMultiKeyringMissingBothKeysNamesEveryKeyItTried() {
    RawAesKeyring sealedWith =
        TestKeystores.keyring(TestKeystores.create(dir.resolve("elsewhere"), "kek-a", 1));
    WrappedDataKey wrapped = sealedWith.wrap(DataKey.generate(new SecureRandom()), CONTEXT);

    assertThatThrownBy(() -> primaryAndRecovery.unwrap(wrapped, CONTEXT))
        .isInstanceOf(WrongKeyException.class)
        .hasMessageContaining("kek v1 (keyring local-keystore)")
        .hasMessageContaining("recovery-kek v1 (keyring recovery-keystore)")
        .hasMessageContaining("local-keystore/kek-a/v1");
  }

  @Test
  void theRecoveryKeyMustBeAnotherKeyThanThePrimary() {
    assertThatThrownBy(() -> MultiKeyring.withRecoveryKey(primary, primary))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("appears twice");
  }

  @Test
  void unwrapFirstTakesTheNewestKeyObjectTheKeyringOpens() {
    DataKey dataKey = DataKey.generate(new SecureRandom());
    RawAesKeyring retired =
        TestKeystores.keyring(TestKeystores.create(dir.resolve("retired"), "kek-old", 1));
    WrappedDataKey old = retired.wrap(dataKey, CONTEXT);
    WrappedDataKey current = primary.wrap(dataKey, CONTEXT);

    assertThat(primary.unwrapFirst(List.of(current, old), CONTEXT).copyOfBytes())
        .isEqualTo(dataKey.copyOfBytes());
    assertThat(primary.unwrapFirst(List.of(old, current), CONTEXT).copyOfBytes())
        .isEqualTo(dataKey.copyOfBytes());
    assertThatThrownBy(() -> recovery.unwrapFirst(List.of(current, old), CONTEXT))
        .isInstanceOf(WrongKeyException.class)
        .hasMessageContaining("None of the 2 key objects of artifact artifact-1 unwraps");
  }

  static RawAesKeyring recoveryKeyring(Path folder) {
    Path path = folder.resolve("recovery.p12");
    new KeystoreGenerator().create(path, TestKeystores.PASSPHRASE.toCharArray(), "recovery-kek");
    KeystoreSettings settings =
        new KeystoreSettings(
            path, TestKeystores.ENV, null, "recovery-kek", 1, KeystoreSettings.RECOVERY_KEYRING_ID);
    return new KeystoreLoader(Map.of(TestKeystores.ENV, TestKeystores.PASSPHRASE)::get)
        .loadKeyring(settings);
  }
}
