package io.gatevault.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the AES-256 key-encryption key from a PKCS12 keystore and builds the {@link RawAesKeyring}
 * on it. Every way this can go wrong ends in a {@link KeystoreUnusableException} naming the setting
 * ({@code gatevault.keyring.*}) and what to do.
 */
public final class KeystoreLoader {

  private static final Logger log = LoggerFactory.getLogger(KeystoreLoader.class);

  private final UnaryOperator<String> environment;

  /** A loader that reads passphrases from the process environment. */
  public KeystoreLoader() {
    this(System::getenv);
  }

  /** A loader reading environment variables through {@code environment} (tests pass a map). */
  public KeystoreLoader(UnaryOperator<String> environment) {
    this.environment = environment;
  }

  /** The keyring on the configured key. */
  public RawAesKeyring loadKeyring(KeystoreSettings settings) {
    return new RawAesKeyring(settings.reference(), loadKey(settings));
  }

  /** The configured key-encryption key. */
  public SecretKey loadKey(KeystoreSettings settings) {
    Path path = settings.keystorePath();
    if (path == null) {
      throw new KeystoreUnusableException(
          "gatevault.keyring.keystore-path is not set: point it at the PKCS12 keystore holding the"
              + " key-encryption key (create one with `gatevault keys init`), kept outside every"
              + " backup target");
    }
    if (settings.keyAlias() == null || settings.keyAlias().isBlank()) {
      throw new KeystoreUnusableException(
          "gatevault.keyring.key-alias is not set: name the keystore entry that holds the"
              + " AES-256 key-encryption key");
    }
    if (!Files.isRegularFile(path)) {
      throw new KeystoreUnusableException(
          "Keystore "
              + path.toAbsolutePath()
              + " (gatevault.keyring.keystore-path) does not exist: create it with `gatevault keys"
              + " init` or correct the path");
    }
    warnIfOthersCanRead(path);
    char[] password = password(settings);
    try {
      KeyStore keystore = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(path)) {
        keystore.load(in, password);
      } catch (IOException e) {
        if (e.getCause() instanceof UnrecoverableKeyException) {
          throw new KeystoreUnusableException(
              "The passphrase from "
                  + passwordSource(settings)
                  + " does not open keystore "
                  + path.toAbsolutePath()
                  + ": set the keystore's passphrase there",
              e);
        }
        throw new KeystoreUnusableException(
            "Keystore "
                + path.toAbsolutePath()
                + " (gatevault.keyring.keystore-path) is not a readable PKCS12 keystore ("
                + e.getMessage()
                + "): point the setting at the file `gatevault keys init` created",
            e);
      }
      String alias = settings.keyAlias();
      if (!keystore.containsAlias(alias)) {
        throw new KeystoreUnusableException(
            "Keystore "
                + path.toAbsolutePath()
                + " has no entry '"
                + alias
                + "' (gatevault.keyring.key-alias); it holds "
                + Collections.list(keystore.aliases())
                + ": set key-alias to one of them");
      }
      Key key;
      try {
        key = keystore.getKey(alias, password);
      } catch (UnrecoverableKeyException e) {
        throw new KeystoreUnusableException(
            "Entry '"
                + alias
                + "' of keystore "
                + path.toAbsolutePath()
                + " has a passphrase different from the keystore's: re-create it with the"
                + " keystore's passphrase",
            e);
      }
      if (!(key instanceof SecretKey secret) || !"AES".equalsIgnoreCase(key.getAlgorithm())) {
        throw new KeystoreUnusableException(
            "Entry '"
                + alias
                + "' (gatevault.keyring.key-alias) of keystore "
                + path.toAbsolutePath()
                + " holds "
                + (key == null ? "no key" : "a " + key.getAlgorithm() + " key")
                + ", not an AES secret key: point key-alias at the AES-256 entry `gatevault keys"
                + " init` created");
      }
      byte[] encoded = secret.getEncoded();
      int bits = encoded == null ? 0 : encoded.length * 8;
      if (encoded != null) {
        Arrays.fill(encoded, (byte) 0);
      }
      if (bits != 256) {
        throw new KeystoreUnusableException(
            "Entry '"
                + alias
                + "' (gatevault.keyring.key-alias) of keystore "
                + path.toAbsolutePath()
                + " is a "
                + bits
                + "-bit AES key, but Gatevault needs AES-256: create a 256-bit key with"
                + " `gatevault keys init`");
      }
      return secret;
    } catch (GeneralSecurityException e) {
      throw new KeystoreUnusableException(
          "Keystore " + path.toAbsolutePath() + " could not be read: " + e.getMessage(), e);
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  private char[] password(KeystoreSettings settings) {
    boolean fromEnv = settings.passwordEnv() != null && !settings.passwordEnv().isBlank();
    boolean fromFile = settings.passwordFile() != null;
    if (fromEnv == fromFile) {
      throw new KeystoreUnusableException(
          fromEnv
              ? "Both gatevault.keyring.password-env and gatevault.keyring.password-file are set:"
                  + " set only one, so it is clear which passphrase is used"
              : "Neither gatevault.keyring.password-env nor gatevault.keyring.password-file is"
                  + " set: name the environment variable or the file that holds the keystore"
                  + " passphrase");
    }
    if (fromEnv) {
      String value = environment.apply(settings.passwordEnv());
      if (value == null || value.isEmpty()) {
        throw new KeystoreUnusableException(
            "Environment variable "
                + settings.passwordEnv()
                + " (gatevault.keyring.password-env) is not set or empty: export the keystore"
                + " passphrase in it, or use gatevault.keyring.password-file");
      }
      return value.toCharArray();
    }
    Path file = settings.passwordFile();
    if (!Files.isRegularFile(file)) {
      throw new KeystoreUnusableException(
          "Passphrase file "
              + file.toAbsolutePath()
              + " (gatevault.keyring.password-file) does not exist: create it (mode 600) with the"
              + " keystore passphrase, or correct the path");
    }
    try {
      String content = Files.readString(file, StandardCharsets.UTF_8);
      // Editors and `echo` add a trailing newline that is not part of the passphrase.
      String passphrase = content.replaceAll("[\\r\\n]+$", "");
      if (passphrase.isEmpty()) {
        throw new KeystoreUnusableException(
            "Passphrase file "
                + file.toAbsolutePath()
                + " (gatevault.keyring.password-file) is empty: write the keystore passphrase"
                + " into it");
      }
      return passphrase.toCharArray();
    } catch (IOException e) {
      throw new KeystoreUnusableException(
          "Passphrase file "
              + file.toAbsolutePath()
              + " (gatevault.keyring.password-file) cannot be read: "
              + e.getMessage()
              + "; make it readable by this service's user",
          e);
    }
  }

  private static String passwordSource(KeystoreSettings settings) {
    return settings.passwordFile() != null
        ? "gatevault.keyring.password-file (" + settings.passwordFile().toAbsolutePath() + ")"
        : "environment variable " + settings.passwordEnv() + " (gatevault.keyring.password-env)";
  }

  private static void warnIfOthersCanRead(Path path) {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
      if (permissions.contains(PosixFilePermission.OTHERS_READ)
          || permissions.contains(PosixFilePermission.GROUP_READ)) {
        log.warn("Keystore {} is readable by group or others: restrict it with chmod 600", path);
      }
    } catch (UnsupportedOperationException | IOException e) {
      // Not a POSIX file system: nothing to check.
    }
  }
}
