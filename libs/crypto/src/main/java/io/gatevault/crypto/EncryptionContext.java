package io.gatevault.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an artifact's keys and ciphertext are bound to: gateway, environment and artifact id. The
 * keyring authenticates it with the wrapped data key (and enforces it when unwrapping); the
 * streaming AEAD authenticates it on every segment. A ciphertext moved to another artifact, gateway
 * or environment therefore fails to open.
 */
public record EncryptionContext(String gatewayId, String environment, String artifactId) {

  public static final String GATEWAY = "gatevault:gateway";
  public static final String ENVIRONMENT = "gatevault:environment";
  public static final String ARTIFACT = "gatevault:artifact";

  public EncryptionContext {
    requireNonBlank(gatewayId, "gatewayId");
    requireNonBlank(environment, "environment");
    requireNonBlank(artifactId, "artifactId");
  }

  /** The context as the Encryption SDK takes it. */
  public Map<String, String> asMap() {
    return Map.of(GATEWAY, gatewayId, ENVIRONMENT, environment, ARTIFACT, artifactId);
  }

  /**
   * The context as associated data of a GVX1 artifact: entry count (4 bytes), then per entry in key
   * order the UTF-8 key and value, each preceded by its 4-byte big-endian length. Unambiguous, so
   * no two contexts encode alike.
   */
  public byte[] associatedData() {
    Map<String, String> sorted = new TreeMap<>(asMap());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ByteBuffer.allocate(4).putInt(sorted.size()).array());
    sorted.forEach(
        (key, value) -> {
          writeLengthPrefixed(out, key);
          writeLengthPrefixed(out, value);
        });
    return out.toByteArray();
  }

  private static void writeLengthPrefixed(ByteArrayOutputStream out, String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    out.writeBytes(ByteBuffer.allocate(4).putInt(utf8.length).array());
    out.writeBytes(utf8);
  }

  private static void requireNonBlank(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("EncryptionContext." + field + " must not be blank");
    }
  }
}
