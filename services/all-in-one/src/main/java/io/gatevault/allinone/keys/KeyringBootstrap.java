package io.gatevault.allinone.keys;

import io.gatevault.allinone.config.GatevaultConfig.KeyringSettings;
import io.gatevault.crypto.KeystoreGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Creates the key-encryption key of the embedded default: a PKCS12 keystore with one AES-256 key
 * and, unless the passphrase comes from the environment, a passphrase file beside it (both
 * owner-only). Existing files are never replaced: that would make every backup unreadable.
 */
public final class KeyringBootstrap {

  private final KeyringSettings settings;

  public KeyringBootstrap(KeyringSettings settings) {
    this.settings = settings;
  }

  public boolean exists() {
    return Files.exists(settings.keystore());
  }

  /**
   * Creates the keystore (and passphrase file) if missing and the provider is the keystore.
   *
   * @return a notice for the operator when something was created, else empty
   */
  public Optional<String> ensure() {
    if (!settings.usesKeystore() || exists()) {
      // With a KMS the key-encryption key lives in the KMS: there is no keystore to create.
      return Optional.empty();
    }
    char[] passphrase = passphrase();
    new KeystoreGenerator().create(settings.keystore(), passphrase, settings.keyAlias());
    return Optional.of(
        "Created the key-encryption key "
            + settings.keyAlias()
            + " in "
            + settings.keystore()
            + (settings.passwordEnv().isBlank()
                ? " (passphrase in " + settings.passwordFile() + ")"
                : " (passphrase from $" + settings.passwordEnv() + ")")
            + ". Copy both to a safe place apart from the backups: without them no backup can"
            + " be decrypted.");
  }

  /**
   * Adds a new AES-256 key under {@code alias} to the existing keystore (the first step of a key
   * rotation).
   */
  public void addKey(String alias) {
    if (!exists()) {
      throw new IllegalStateException(
          "No keystore at "
              + settings.keystore()
              + " (keyring.keystore): create it with `gatevault keys init` first.");
    }
    new KeystoreGenerator().addKey(settings.keystore(), passphrase(), alias);
  }

  private char[] passphrase() {
    if (!settings.passwordEnv().isBlank()) {
      String value = System.getenv(settings.passwordEnv());
      if (value == null || value.length() < 8) {
        throw new IllegalStateException(
            "keyring.password-env names $"
                + settings.passwordEnv()
                + ", which is "
                + (value == null ? "not set" : "shorter than 8 characters")
                + ". Set it to the keystore passphrase, or remove keyring.password-env to use"
                + " keyring.password-file.");
      }
      return value.toCharArray();
    }
    Path file = settings.passwordFile();
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).strip().toCharArray();
      }
      byte[] random = new byte[24];
      new SecureRandom().nextBytes(random);
      String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      Files.createDirectories(file.toAbsolutePath().getParent());
      try {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(file);
      }
      Files.writeString(file, generated + "\n", StandardCharsets.UTF_8);
      return generated.toCharArray();
    } catch (FileAlreadyExistsException e) {
      throw new IllegalStateException("Passphrase file " + file + " appeared while creating it", e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write the passphrase file "
              + file
              + " (keyring.password-file): "
              + e.getMessage(),
          e);
    }
  }
}
