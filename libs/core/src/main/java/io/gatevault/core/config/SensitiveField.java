package io.gatevault.core.config;

/**
 * One sensitive value found in a configuration, named by where it is, never by what it is.
 *
 * @param entityKey {@code type/id} of the entity holding it, or {@value #NATIVE_CONFIG} for a value
 *     found only in the gateway's native document
 * @param path JSON pointer (RFC 6901) of the value inside the entity's body (or the native
 *     document)
 * @param kind what it holds
 */
public record SensitiveField(String entityKey, String path, SensitiveKind kind) {

  /** The entity key of values that belong to no entity, only to the native document. */
  public static final String NATIVE_CONFIG = "nativeConfig";

  public SensitiveField {
    if (entityKey == null || entityKey.isBlank() || path == null || kind == null) {
      throw new IllegalArgumentException("SensitiveField needs an entity key, a path and a kind");
    }
  }

  /** {@code entityKey#path}: how an operator names this value, e.g. in a secrets file. */
  public String reference() {
    return entityKey + "#" + path;
  }
}
