package io.gatevault.crypto.rotation;

import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.ObjectKeySyntax;
import io.gatevault.crypto.WrappingKeyReference;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The rotation's record on every target, under the repository root, outside the {@code v1/} layout
 * (so catalog rebuilds never mistake it for a backup):
 *
 * <pre>
 * rotations/&lt;rotationId&gt;/started.json
 * rotations/&lt;rotationId&gt;/rewrapped/&lt;environment&gt;/&lt;gatewayId&gt;/&lt;artifactId&gt;.json
 * rotations/&lt;rotationId&gt;/rewrapped-everywhere.json
 * rotations/&lt;rotationId&gt;/retired/&lt;environment&gt;/&lt;gatewayId&gt;/&lt;artifactId&gt;.json
 * rotations/&lt;rotationId&gt;/completed.json
 * </pre>
 *
 * Each step's object is written once: a step found recorded is not recorded again, so a resumed or
 * repeated run adds only the steps it really did.
 */
final class RotationJournal {

  static final String ROOT = "rotations";

  private final String rotationId;
  private final Clock clock;

  RotationJournal(WrappingKeyReference to, Clock clock) {
    this.rotationId = rotationId(to);
    this.clock = clock;
  }

  /**
   * {@code <keyringId>.<keyId>.v<keyVersion>}, with characters object keys do not allow replaced by
   * {@code _}: a rotation is named by the key it rotates to, so running it again finds its journal.
   */
  static String rotationId(WrappingKeyReference to) {
    String raw = to.keyringId() + "." + to.keyId() + ".v" + to.keyVersion();
    String id = raw.replaceAll("[^A-Za-z0-9._-]", "_");
    if (id.startsWith(".")) {
      id = "_" + id.substring(1);
    }
    if (id.length() > ObjectKeySyntax.MAX_SEGMENT_LENGTH) {
      id = id.substring(id.length() - ObjectKeySyntax.MAX_SEGMENT_LENGTH);
    }
    return ObjectKeySyntax.checkSegment(id, "rotation id");
  }

  String rotationId() {
    return rotationId;
  }

  String started() {
    return prefix() + "started.json";
  }

  String rewrapped(ArtifactRef artifact) {
    return prefix() + "rewrapped/" + artifact.path() + ".json";
  }

  String rewrappedEverywhere() {
    return prefix() + "rewrapped-everywhere.json";
  }

  String retired(ArtifactRef artifact) {
    return prefix() + "retired/" + artifact.path() + ".json";
  }

  String completed() {
    return prefix() + "completed.json";
  }

  private String prefix() {
    return ROOT + "/" + rotationId + "/";
  }

  /** Writes the step record unless the step is recorded already; true when it wrote it. */
  boolean record(BackupStore target, String key, Map<String, Object> fields) {
    if (target.exists(key)) {
      return false;
    }
    StringBuilder json = new StringBuilder("{\n");
    json.append("  \"rotationId\": ").append(quote(rotationId)).append(",\n");
    for (Map.Entry<String, Object> field : fields.entrySet()) {
      json.append("  ").append(quote(field.getKey())).append(": ");
      json.append(value(field.getValue())).append(",\n");
    }
    json.append("  \"at\": ").append(quote(clock.instant().toString())).append("\n}\n");
    target.put(key, json.toString().getBytes(StandardCharsets.UTF_8));
    return true;
  }

  private static String value(Object value) {
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    if (value instanceof List<?> list) {
      return list.stream().map(RotationJournal::value).collect(Collectors.joining(", ", "[", "]"));
    }
    return quote(String.valueOf(value));
  }

  private static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
