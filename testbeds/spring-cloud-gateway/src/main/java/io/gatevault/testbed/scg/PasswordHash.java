package io.gatevault.testbed.scg;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * A stored password hash, as the {@code BasicAuth} filter's {@code hash} argument gives it: a
 * bcrypt hash ({@code $2a$}, {@code $2b$} or {@code $2y$}, as Caddy and htpasswd write them) or
 * {@code sha256:<64 hex digits>} (unsalted; cheap, for tests and demos only).
 */
final class PasswordHash {

  private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$\\d{2}\\$[./A-Za-z0-9]{53}");
  private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-fA-F]{64}");

  private final String encoded;

  private PasswordHash(String encoded) {
    this.encoded = encoded;
  }

  /**
   * Reads a hash argument.
   *
   * @throws IllegalArgumentException naming the accepted forms, when the text is neither
   */
  static PasswordHash parse(String encoded) {
    if (encoded != null
        && (BCRYPT.matcher(encoded).matches() || SHA256.matcher(encoded).matches())) {
      return new PasswordHash(encoded);
    }
    throw new IllegalArgumentException(
        "BasicAuth hash must be a bcrypt hash ($2a$/$2b$/$2y$, 60 characters) or"
            + " sha256:<64 hex digits>, got: "
            + (encoded == null ? "nothing" : "'" + encoded + "'"));
  }

  /** The {@code sha256:} form of a password, for tests and demos. */
  static String sha256Of(String password) {
    return "sha256:" + HexFormat.of().formatHex(sha256(password));
  }

  boolean matches(String password) {
    if (encoded.startsWith("sha256:")) {
      byte[] expected = HexFormat.of().parseHex(encoded.substring("sha256:".length()));
      return MessageDigest.isEqual(expected, sha256(password));
    }
    return BCrypt.checkpw(password, encoded);
  }

  private static byte[] sha256(String password) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("This JVM provides no SHA-256 MessageDigest", e);
    }
  }
}
