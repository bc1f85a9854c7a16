package io.gatevault.core.config;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * SHA-256 of canonical bytes, as 64 lower-case hex digits. Two configurations with the same hash
 * are, for every practical purpose, the same configuration.
 *
 * @param hex the digest in lower-case hex
 */
public record ContentHash(String hex) {

  private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

  public ContentHash {
    if (hex == null || !HEX_SHA256.matcher(hex).matches()) {
      throw new IllegalArgumentException(
          "ContentHash must be 64 lower-case hex digits (a SHA-256), got: " + hex);
    }
  }

  /** The hash of these bytes (callers pass canonical bytes, e.g. {@link CanonicalJson}). */
  public static ContentHash of(byte[] canonicalBytes) {
    try {
      return new ContentHash(
          HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonicalBytes)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("This JVM provides no SHA-256 MessageDigest", e);
    }
  }

  /** The hash of a JSON tree's canonical form. */
  public static ContentHash ofJson(com.fasterxml.jackson.databind.JsonNode node) {
    return of(CanonicalJson.toBytes(node));
  }

  @Override
  public String toString() {
    return hex;
  }
}
