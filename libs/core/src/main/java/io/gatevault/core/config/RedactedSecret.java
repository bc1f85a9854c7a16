package io.gatevault.core.config;

import java.util.List;

/**
 * A secret that capture left out of a backup: the backup holds {@link #placeholder()} where the
 * value was, and a restore needs the value supplied again under {@link #reference()}.
 *
 * @param entityKey {@code type/id} of the entity where it was first found, or {@value
 *     SensitiveField#NATIVE_CONFIG}
 * @param path JSON pointer of the value inside that entity's body
 * @param kind what it held
 * @param alsoAt references of other places that held the same value (they get the same placeholder,
 *     so the value is supplied once)
 */
public record RedactedSecret(
    String entityKey, String path, SensitiveKind kind, List<String> alsoAt) {

  /** Text every placeholder starts with; no real secret starts so. */
  public static final String PLACEHOLDER_PREFIX = "[gatevault-redacted ";

  public RedactedSecret {
    if (entityKey == null || entityKey.isBlank() || path == null || kind == null) {
      throw new IllegalArgumentException("RedactedSecret needs an entity key, a path and a kind");
    }
    alsoAt = alsoAt == null ? List.of() : List.copyOf(alsoAt);
  }

  /** {@code entityKey#path}: the name under which the value is supplied on restore. */
  public String reference() {
    return entityKey + "#" + path;
  }

  /** What the backup holds instead of the value. */
  public String placeholder() {
    return PLACEHOLDER_PREFIX + reference() + "]";
  }

  /** One line for reports: reference, kind and other places. */
  public String describe() {
    return reference()
        + " ("
        + kind.label()
        + (alsoAt.isEmpty() ? "" : "; same value also at " + String.join(", ", alsoAt))
        + ")";
  }
}
