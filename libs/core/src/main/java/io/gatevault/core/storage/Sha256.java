package io.gatevault.core.storage;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** SHA-256 as the repository writes it: 64 lower-case hex characters. */
public final class Sha256 {

  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  private Sha256() {}

  /** A fresh digest; every JDK has SHA-256, so its absence is a broken runtime. */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256 MessageDigest", e);
    }
  }

  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(newDigest().digest(bytes));
  }

  public static String hex(MessageDigest finishedDigest) {
    return HexFormat.of().formatHex(finishedDigest.digest());
  }

  /**
   * Returns {@code value} when it is a lower-case hex SHA-256; otherwise fails naming {@code
   * field}.
   */
  public static String requireHex(String value, String field) {
    if (value == null || !HEX.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field + " must be 64 lower-case hex characters (a SHA-256), but was '" + value + "'");
    }
    return value;
  }
}
