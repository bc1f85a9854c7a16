package io.gatevault.restore.application;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatevault.core.config.CanonicalJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The secret values an operator supplies for a backup taken with {@code secrets: redact}, keyed by
 * the reference the restore named ({@code <entity type>/<entity id>#<JSON pointer>}). Two forms:
 *
 * <ul>
 *   <li>a JSON object {@code {"<reference>": "<value>", ...}} (the file starts with {@code {}}
 *   <li>lines {@code <reference>=<value>} (split at the first {@code =} after the {@code #}); empty
 *       lines and lines starting with {@code #} are ignored
 * </ul>
 */
public final class SecretsFile {

  private SecretsFile() {}

  /**
   * Reads a secrets file.
   *
   * @throws IllegalArgumentException naming the file and line when it is neither form
   */
  public static Map<String, String> read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Secrets file " + file + " cannot be read (" + e.getMessage() + ")", e);
    }
    return parse(text, file.toString());
  }

  static Map<String, String> parse(String text, String source) {
    Map<String, String> values = new LinkedHashMap<>();
    if (text.stripLeading().startsWith("{")) {
      JsonNode root;
      try {
        root = CanonicalJson.parse(text.getBytes(StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Secrets file " + source + " starts with '{' but is not JSON: " + e.getMessage(), e);
      }
      Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (!field.getValue().isTextual()) {
          throw new IllegalArgumentException(
              "Secrets file "
                  + source
                  + ": the value of "
                  + field.getKey()
                  + " must be a JSON string");
        }
        values.put(field.getKey(), field.getValue().textValue());
      }
      return values;
    }
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int hash = line.indexOf('#');
      int equals = hash < 0 ? -1 : line.indexOf('=', hash);
      if (hash < 1 || equals < 0) {
        throw new IllegalArgumentException(
            "Secrets file "
                + source
                + " line "
                + (i + 1)
                + " is not '<entity>#<path>=<value>' (the reference as the restore names it)");
      }
      values.put(line.substring(0, equals), line.substring(equals + 1));
    }
    return values;
  }
}
