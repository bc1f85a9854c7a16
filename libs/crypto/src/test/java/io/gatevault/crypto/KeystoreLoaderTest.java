package io.gatevault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeystoreLoaderTest {

  @TempDir Path dir;

  private final KeystoreLoader loader =
      new KeystoreLoader(Map.of(TestKeystores.ENV, TestKeystores.PASSPHRASE)::get);

  @Test
  void aGeneratedKeystoreIsOwnerOnlyAndHoldsAnAes256Key() throws Exception {
    KeystoreSettings settings = TestKeystores.create(dir, "gatevault-kek", 1);

    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(settings.keystorePath())))
        .isEqualTo("rw-------");
    assertThat(loader.loadKey(settings).getEncoded()).hasSize(32);
  }

  @Test
  void thePassphraseMayComeFromAFileWithATrailingNewline() throws Exception {
    KeystoreSettings env = TestKeystores.create(dir, "kek", 1);
    Path secret = dir.resolve("passphrase");
    Files.writeString(secret, TestKeystores.PASSPHRASE + "\n");
    KeystoreSettings file = new KeystoreSettings(env.keystorePath(), null, secret, "kek", 1);

    assertThat(new KeystoreLoader(name -> null).loadKey(file).getEncoded()).hasSize(32);
  }

  @Test
  void anExistingKeystoreIsNeverOverwritten() {
    KeystoreSettings settings = TestKeystores.create(dir, "kek", 1);

    assertThatThrownBy(
            () ->
                new KeystoreGenerator()
                    .create(settings.keystorePath(), TestKeystores.PASSPHRASE.toCharArray(), "kek"))
        .isInstanceOf(KeystoreUnusableException.class)
        .hasMessageContaining("exists already");
  }

  @Test
  void aMissingKeystoreNamesTheSettingAndTheFix() {
    KeystoreSettings settings =
        new KeystoreSettings(dir.resolve("nope.p12"), TestKeystores.ENV, null, "kek", 1);

    assertThatThrownBy(() -> loader.loadKey(settings))
        .isInstanceOf(KeystoreUnusableException.class)
        .hasMessageContaining("nope.p12")
        .hasMessageContaining("gatevault.keyring.keystore-path")
        .hasMessageContaining("gatevault keys init");
  }

  @Test
  void aWrongPassphraseIsReportedWithItsSource() {
    KeystoreSettings settings = TestKeystores.create(dir, "kek", 1);

    assertThatThrownBy(
            () ->
                new KeystoreLoader(Map.of(TestKeystores.ENV, "wrong passphrase")::get)
                    .loadKey(settings))
        .isInstanceOf(KeystoreUnusableException.class)
        .hasMessageContaining("does not open keystore")
        .hasMessageContaining(TestKeystores.ENV)
        .hasMessageContaining("gatevault.keyring.password-env");
  }

  @Test
  void anUnsetPassphraseVariableIsNamed() {
    KeystoreSettings settings = TestKeystores.create(dir, "kek", 1);

    assertThatThrownBy(() -> new KeystoreLoader(name -> null).loadKey(settings))
        .isInstanceOf(KeystoreUnusableException.class)
        .hasMessageContaining("Environment variable " + TestKeystores.ENV)
        .hasMessageContaining("not set");
  }

  @Test
  void aMissingPassphraseFileIsNamed() {
    KeystoreSettings created = TestKeystores.create(dir, "kek", 1);
    KeystoreSettings settings =
        new KeystoreSettings(created.keystorePath(), null, dir.resolve("missing.txt"), "kek", 1);

    assertThatThrownBy(() -> loader.loadKey(settings))
        .isInstanceOf(KeystoreUnusableException.class)
        .hasMessageContaining("gatevault.keyring.password-file")
        .hasMessageContaining("missing.txt");
  }

  @Test
  void settingBothOrNeitherPassphraseSourceIsRefused() {
    KeystoreSettings created = TestKeystores.create(dir, "kek", 1);
    Path path = created.keystorePath();

    assertThatThrownBy(
            () -> loader.loadKey(new KeystoreSettings(path, "X", dir.resolve("p"), "kek", 1)))
        .hasMessageContaining("set only one");
    assertThatThrownBy(() -> loader.loadKey(new KeystoreSettings(path, null, null, "kek", 1)))
        .hasMessageContaining("Neither gatevault.keyring.password-env nor");
  }

  @Test
  void aMissingAliasListsTheAliasesThatExist() {
    KeystoreSettings created = TestKeystores.create(dir, "kek", 1);
    KeystoreSettings settings =
        new KeystoreSettings(created.keystorePath(), TestKeystores.ENV, null, "other", 1);

    assertThatThrownBy(() -> loader.loadKey(settings))
        .isInstanceOf(KeystoreUnusableException.class)
        .hasMessageContaining("no entry 'other'")
        .hasMessageContaining("gatevault.keyring.key-alias")
        .hasMessageContaining("[kek]");
  }

  @Test
  void anAes128KeyIsRefusedForItsSize() throws Exception {
    Path path = dir.resolve("aes128.p12");
    char[] passphrase = TestKeystores.PASSPHRASE.toCharArray();
    KeyStore keystore = KeyStore.getInstance("PKCS12");
    keystore.load(null, passphrase);
    keystore.setEntry(
        "kek",
        new KeyStore.SecretKeyEntry(new SecretKeySpec(new byte[16], "AES")),
        new KeyStore.PasswordProtection(passphrase));
    try (OutputStream out = Files.newOutputStream(path)) {
      keystore.store(out, passphrase);
    }

    assertThatThrownBy(
            () -> loader.loadKey(new KeystoreSettings(path, TestKeystores.ENV, null, "kek", 1)))
        .isInstanceOf(KeystoreUnusableException.class)
        .hasMessageContaining("128-bit AES key")
        .hasMessageContaining("AES-256");
  }

  @Test
  void aFileThatIsNotAKeystoreIsReported() throws Exception {
    Path path = dir.resolve("not-a-keystore.p12");
    Files.writeString(path, "hello");

    assertThatThrownBy(
            () -> loader.loadKey(new KeystoreSettings(path, TestKeystores.ENV, null, "kek", 1)))
        .isInstanceOf(KeystoreUnusableException.class)
        .hasMessageContaining("not-a-keystore.p12");
  }
}
