package io.gatevault.crypto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;

/**
 * The files of the public-key recovery key: an RSA-4096 key pair whose public half ({@code
 * -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo) stays beside the encrypt service and
 * whose private half is written as an encrypted PKCS#8 file ({@code -----BEGIN ENCRYPTED PRIVATE
 * KEY-----}, PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC, the same layout {@code openssl pkcs8
 * -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256} writes, so OpenSSL reads it too) for the operator
 * to move offline. Files are created owner-only and never replaced.
 */
public final class RecoveryKeyFiles {

  /** RSA modulus size of new recovery keys. */
  public static final int KEY_BITS = 4096;

  /** Smallest RSA key accepted as a recovery key. */
  static final int MINIMUM_KEY_BITS = 3072;

  private static final String PBE = "PBEWithHmacSHA256AndAES_256";

  /** PBKDF2 iterations: OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
  private static final int ITERATIONS = 600_000;

  /** DER of OID 1.2.840.113549.1.5.13 (PBES2). */
  private static final byte[] PBES2_OID = {
    0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x05, 0x0d
  };

  private final SecureRandom random;

  public RecoveryKeyFiles() {
    this(new SecureRandom());
  }

  RecoveryKeyFiles(SecureRandom random) {
    this.random = random;
  }

  /**
   * Creates a new RSA-4096 recovery key pair: the public key (PEM) at {@code publicKeyFile}, the
   * private key encrypted under {@code passphrase} at {@code privateKeyFile}. Neither file may
   * exist: replacing a recovery key silently would leave backups sealed under the old one without a
   * recovery path.
   *
   * @throws IllegalStateException when a file exists already or the passphrase is shorter than 12
   *     characters
   */
  public KeyPair create(Path publicKeyFile, Path privateKeyFile, char[] passphrase) {
    if (passphrase == null || passphrase.length < 12) {
      throw new IllegalStateException(
          "The recovery key's passphrase must have at least 12 characters: it is all that protects"
              + " the private key once the file is copied");
    }
    for (Path file : new Path[] {publicKeyFile, privateKeyFile}) {
      if (Files.exists(file)) {
        throw new IllegalStateException(
            file.toAbsolutePath()
                + " exists already; a recovery key is never replaced (backups sealed under it"
                + " would lose their recovery path). Choose another path or move the file away");
      }
    }
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(KEY_BITS, random);
      KeyPair pair = generator.generateKeyPair();
      writeOwnerOnly(privateKeyFile, encryptedPrivateKeyPem(pair.getPrivate(), passphrase));
      writeOwnerOnly(publicKeyFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
      return pair;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot generate an RSA-" + KEY_BITS + " key pair", e);
    }
  }

  /**
   * Reads the recovery public key.
   *
   * @throws KeystoreUnusableException naming {@code setting} when the file is missing, not a PEM
   *     public key, not RSA or too small
   */
  public static PublicKey readPublicKey(Path file, String setting) {
    byte[] der = readPem(file, "PUBLIC KEY", setting);
    try {
      PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
      checkSize(key, file, setting);
      return key;
    } catch (GeneralSecurityException e) {
      throw new KeystoreUnusableException(
          file.toAbsolutePath()
              + " ("
              + setting
              + ") is not an RSA public key: point the setting at the public key file `gatevault"
              + " keys recovery-init` wrote",
          e);
    }
  }

  /**
   * Reads and decrypts the recovery private key.
   *
   * @throws KeystoreUnusableException naming {@code setting} when the file is missing, not an
   *     encrypted PKCS#8 RSA key, or the passphrase does not open it
   */
  public static PrivateKey readPrivateKey(Path file, char[] passphrase, String setting) {
    byte[] der = readPem(file, "ENCRYPTED PRIVATE KEY", setting);
    EncryptedPrivateKeyInfo info;
    try {
      info = new EncryptedPrivateKeyInfo(der);
    } catch (IOException e) {
      throw new KeystoreUnusableException(
          file.toAbsolutePath()
              + " ("
              + setting
              + ") is not an encrypted PKCS#8 private key: point the setting at the private key"
              + " file `gatevault keys recovery-init` wrote",
          e);
    }
    PKCS8EncodedKeySpec spec;
    try {
      AlgorithmParameters parameters = info.getAlgParameters();
      SecretKey key =
          SecretKeyFactory.getInstance(parameters.toString())
              .generateSecret(new PBEKeySpec(passphrase));
      Cipher cipher = Cipher.getInstance(parameters.toString());
      cipher.init(Cipher.DECRYPT_MODE, key, parameters);
      spec = info.getKeySpec(cipher);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new KeystoreUnusableException(
          "The passphrase does not open the recovery private key "
              + file.toAbsolutePath()
              + " ("
              + setting
              + "), or the file was altered: set the passphrase chosen at `gatevault keys"
              + " recovery-init`",
          e);
    }
    try {
      PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(spec);
      checkSize(key, file, setting);
      return key;
    } catch (GeneralSecurityException e) {
      throw new KeystoreUnusableException(
          file.toAbsolutePath() + " (" + setting + ") does not hold an RSA private key", e);
    }
  }

  /** The key as a PEM block (what the Material Providers library's RSA keyring takes). */
  static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private String encryptedPrivateKeyPem(PrivateKey key, char[] passphrase)
      throws GeneralSecurityException {
    byte[] salt = new byte[16];
    byte[] iv = new byte[16];
    random.nextBytes(salt);
    random.nextBytes(iv);
    SecretKey pbeKey = SecretKeyFactory.getInstance(PBE).generateSecret(new PBEKeySpec(passphrase));
    Cipher cipher = Cipher.getInstance(PBE);
    cipher.init(
        Cipher.ENCRYPT_MODE,
        pbeKey,
        new PBEParameterSpec(salt, ITERATIONS, new IvParameterSpec(iv)));
    byte[] plain = key.getEncoded();
    try {
      byte[] encrypted = cipher.doFinal(plain);
      // The JDK reads PBES2 EncryptedPrivateKeyInfo but cannot write it (JDK 17 has no name for
      // the PBES2 algorithm id), so the two-field DER sequence is written here.
      byte[] algorithmId = der(0x30, concat(PBES2_OID, cipher.getParameters().getEncoded()));
      return pem("ENCRYPTED PRIVATE KEY", der(0x30, concat(algorithmId, der(0x04, encrypted))));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot encode the PBES2 parameters", e);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  private static byte[] readPem(Path file, String type, String setting) {
    if (file == null) {
      throw new KeystoreUnusableException(setting + " is not set");
    }
    if (!Files.isRegularFile(file)) {
      throw new KeystoreUnusableException(
          file.toAbsolutePath()
              + " ("
              + setting
              + ") does not exist: create the recovery key with `gatevault keys recovery-init`, or"
              + " correct the path");
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new KeystoreUnusableException(
          file.toAbsolutePath() + " (" + setting + ") cannot be read: " + e.getMessage(), e);
    }
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      throw new KeystoreUnusableException(
          file.toAbsolutePath()
              + " ("
              + setting
              + ") has no '"
              + begin
              + "' block: point the setting at the file `gatevault keys recovery-init` wrote");
    }
    try {
      return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    } catch (IllegalArgumentException e) {
      throw new KeystoreUnusableException(
          file.toAbsolutePath() + " (" + setting + ") has a damaged PEM block", e);
    }
  }

  private static void checkSize(java.security.Key key, Path file, String setting) {
    int bits = ((RSAKey) key).getModulus().bitLength();
    if (bits < MINIMUM_KEY_BITS) {
      throw new KeystoreUnusableException(
          file.toAbsolutePath()
              + " ("
              + setting
              + ") is an RSA-"
              + bits
              + " key; a recovery key must have at least "
              + MINIMUM_KEY_BITS
              + " bits: create one with `gatevault keys recovery-init` (RSA-"
              + KEY_BITS
              + ")");
    }
  }

  private static void writeOwnerOnly(Path file, String content) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        // Not a POSIX file system (Windows): no permission bits to set; the folder's ACL applies.
        Files.createFile(file);
      }
      Files.writeString(file, content, StandardCharsets.US_ASCII);
    } catch (FileAlreadyExistsException e) {
      throw new IllegalStateException(file.toAbsolutePath() + " appeared while creating it", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file.toAbsolutePath(), e);
    }
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }

  /** A DER tag-length-value with the definite length form. */
  private static byte[] der(int tag, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int length = value.length;
    if (length < 0x80) {
      out.write(length);
    } else if (length < 0x100) {
      out.write(0x81);
      out.write(length);
    } else if (length < 0x10000) {
      out.write(0x82);
      out.write(length >> 8);
      out.write(length & 0xff);
    } else {
      out.write(0x83);
      out.write(length >> 16);
      out.write((length >> 8) & 0xff);
      out.write(length & 0xff);
    }
    out.writeBytes(value);
    return out.toByteArray();
  }
}
