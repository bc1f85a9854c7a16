package io.gatevault.crypto;

import java.nio.file.Path;
import java.util.Map;

/** Keystores for tests, made by the real {@link KeystoreGenerator}. */
final class TestKeystores {

  static final String PASSPHRASE = "correct horse battery staple";
  static final String ENV = "GATEVAULT_KEYSTORE_PASSWORD";

  private TestKeystores() {}

  static KeystoreSettings create(Path dir, String alias, int version) {
    Path path = dir.resolve(alias + "-" + version + ".p12");
    new KeystoreGenerator().create(path, PASSPHRASE.toCharArray(), alias);
    return new KeystoreSettings(path, ENV, null, alias, version);
  }

  static RawAesKeyring keyring(KeystoreSettings settings) {
    return new KeystoreLoader(Map.of(ENV, PASSPHRASE)::get).loadKeyring(settings);
  }
}
