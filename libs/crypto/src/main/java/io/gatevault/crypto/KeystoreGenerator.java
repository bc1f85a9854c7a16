package io.gatevault.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;

/**
 * Creates a new PKCS12 keystore holding one random AES-256 key-encryption key, for {@code gatevault
 * keys init}. The file is created owner-only (mode 600) and never overwritten: replacing a keystore
 * would make every artifact sealed under its key unreadable.
 */
public final class KeystoreGenerator {

  private final SecureRandom random;

  public KeystoreGenerator() {
    this(new SecureRandom());
  }

  public KeystoreGenerator(SecureRandom random) {
    this.random = random;
  }

  /**
   * Writes a new keystore at {@code path} with an AES-256 key under {@code alias}, protected by
   * {@code passphrase}.
   *
   * @throws KeystoreUnusableException when the file exists already or cannot be written
   */
  public void create(Path path, char[] passphrase, String alias) {
    if (passphrase == null || passphrase.length < 8) {
      throw new KeystoreUnusableException(
          "The keystore passphrase must have at least 8 characters");
    }
    if (alias == null || alias.isBlank()) {
      throw new KeystoreUnusableException("The key alias must not be blank");
    }
    try {
      KeyGenerator generator = KeyGenerator.getInstance("AES");
      generator.init(256, random);
      SecretKey key = generator.generateKey();
      KeyStore keystore = KeyStore.getInstance("PKCS12");
      keystore.load(null, passphrase);
      keystore.setEntry(
          alias, new KeyStore.SecretKeyEntry(key), new KeyStore.PasswordProtection(passphrase));
      Path absolute = path.toAbsolutePath();
      Files.createDirectories(absolute.getParent());
      createOwnerOnly(absolute);
      boolean written = false;
      try (OutputStream out = Files.newOutputStream(absolute)) {
        keystore.store(out, passphrase);
        written = true;
      } finally {
        if (!written) {
          Files.deleteIfExists(absolute);
        }
      }
    } catch (FileAlreadyExistsException e) {
      throw new KeystoreUnusableException(
          "Keystore "
              + path.toAbsolutePath()
              + " exists already: it is never overwritten, because artifacts sealed under its key"
              + " would become unreadable. Choose another path",
          e);
    } catch (IOException | GeneralSecurityException e) {
      throw new KeystoreUnusableException(
          "Keystore " + path.toAbsolutePath() + " could not be created: " + e.getMessage(), e);
    }
  }

  /**
   * Adds a new random AES-256 key under {@code alias} to an existing keystore (for a key rotation:
   * the old key stays until every artifact is re-wrapped). The file is replaced atomically by a new
   * owner-only file; an existing alias is never overwritten.
   *
   * @throws KeystoreUnusableException when the keystore cannot be opened, the alias exists, or the
   *     file cannot be written
   */
  public void addKey(Path path, char[] passphrase, String alias) {
    if (alias == null || alias.isBlank()) {
      throw new KeystoreUnusableException("The key alias must not be blank");
    }
    Path absolute = path.toAbsolutePath();
    try {
      KeyStore keystore = KeyStore.getInstance("PKCS12");
      try (java.io.InputStream in = Files.newInputStream(absolute)) {
        keystore.load(in, passphrase);
      }
      if (keystore.containsAlias(alias)) {
        throw new KeystoreUnusableException(
            "Keystore " + absolute + " has a key '" + alias + "' already: choose a new alias");
      }
      KeyGenerator generator = KeyGenerator.getInstance("AES");
      generator.init(256, random);
      keystore.setEntry(
          alias,
          new KeyStore.SecretKeyEntry(generator.generateKey()),
          new KeyStore.PasswordProtection(passphrase));
      Path next = absolute.resolveSibling(absolute.getFileName() + ".next");
      Files.deleteIfExists(next);
      createOwnerOnly(next);
      try (OutputStream out = Files.newOutputStream(next)) {
        keystore.store(out, passphrase);
      }
      Files.move(
          next,
          absolute,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | GeneralSecurityException e) {
      throw new KeystoreUnusableException(
          "Cannot add key '" + alias + "' to keystore " + absolute + ": " + e.getMessage(), e);
    }
  }

  private static void createOwnerOnly(Path path) throws IOException {
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(
          path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(path);
    }
  }
}
