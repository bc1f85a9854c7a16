package io.gatevault.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Declares where a gateway configuration holds one kind of sensitive value: a path pattern over the
 * JSON tree of an entity body (or the native document), optionally narrowed by the value's form.
 *
 * <p>Pattern syntax, segments separated by {@code /}:
 *
 * <ul>
 *   <li>{@code **}: any number of segments (also none); {@code *}: exactly one
 *   <li>a name, which may contain {@code *} (any characters): {@code password}, {@code *token}.
 *       Names are compared normalised: lower case, without {@code _} and {@code -}, so {@code
 *       api_key}, {@code apiKey} and {@code API-Key} are one name
 *   <li>{@code {a,b,c}}: any of these names
 *   <li>a segment may end with {@code [field=v1|v2]}: the node it matches must be an object whose
 *       member {@code field} is text equal (normalised) to one of the values
 * </ul>
 *
 * <p>A pattern that matches an object or array covers every text value inside it. Only text values
 * are sensitive fields: numbers and booleans never carry a secret in the gateways Gatevault knows.
 *
 * @param pattern the path pattern, e.g. {@code **}{@code /http_basic/accounts/}{@code *}{@code
 *     /password}
 * @param kind what a value matched holds
 * @param valuePattern regular expression the whole text value must match, or null for any value
 */
public record SensitiveFieldRule(String pattern, SensitiveKind kind, String valuePattern) {

  public SensitiveFieldRule {
    if (pattern == null || pattern.isBlank() || kind == null) {
      throw new IllegalArgumentException("SensitiveFieldRule needs a pattern and a kind");
    }
  }

  /** A rule for any value at the paths the pattern matches. */
  public static SensitiveFieldRule of(String pattern, SensitiveKind kind) {
    return new SensitiveFieldRule(pattern, kind, null);
  }

  /** A rule for values of this form at the paths the pattern matches. */
  public static SensitiveFieldRule valued(String pattern, SensitiveKind kind, String valueRegex) {
    return new SensitiveFieldRule(pattern, kind, valueRegex);
  }

  /** Parsed form, built once per rule set by {@link SensitiveDataClassifier}. */
  Compiled compile() {
    List<Segment> segments = new ArrayList<>();
    for (String text : pattern.split("/")) {
      segments.add(Segment.parse(text, pattern));
    }
    return new Compiled(
        this, List.copyOf(segments), valuePattern == null ? null : Pattern.compile(valuePattern));
  }

  /** {@code API-Key} and {@code api_key} are the same name. */
  static String normalise(String name) {
    return name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
  }

  record Compiled(SensitiveFieldRule rule, List<Segment> segments, Pattern value) {

    /**
     * Whether the node at {@code path} (member names and array indexes from the root; {@code
     * nodes.get(i)} is the node at {@code path[0..i]}) is covered by this rule's pattern.
     */
    boolean matchesPath(List<String> path, List<JsonNode> nodes) {
      return match(0, 0, path, nodes);
    }

    boolean matchesValue(String text) {
      return value == null || value.matcher(text).matches();
    }

    private boolean match(int s, int p, List<String> path, List<JsonNode> nodes) {
      if (s == segments.size()) {
        return p == path.size();
      }
      Segment segment = segments.get(s);
      if (segment.anyDepth()) {
        for (int skip = p; skip <= path.size(); skip++) {
          if (match(s + 1, skip, path, nodes)) {
            return true;
          }
        }
        return false;
      }
      return p < path.size()
          && segment.matches(path.get(p), nodes.get(p))
          && match(s + 1, p + 1, path, nodes);
    }
  }

  record Segment(boolean anyDepth, List<Pattern> names, String field, Set<String> fieldValues) {

    static Segment parse(String text, String pattern) {
      if (text.equals("**")) {
        return new Segment(true, List.of(), null, Set.of());
      }
      String field = null;
      Set<String> values = Set.of();
      int bracket = text.indexOf('[');
      if (bracket >= 0) {
        if (!text.endsWith("]") || text.indexOf('=', bracket) < 0) {
          throw new IllegalArgumentException(
              "Pattern " + pattern + ": condition in '" + text + "' must be [field=v1|v2]");
        }
        String condition = text.substring(bracket + 1, text.length() - 1);
        int equals = condition.indexOf('=');
        field = condition.substring(0, equals);
        List<String> normalised = new ArrayList<>();
        for (String value : condition.substring(equals + 1).split("\\|")) {
          normalised.add(normalise(value));
        }
        values = Set.copyOf(normalised);
        text = text.substring(0, bracket);
      }
      List<String> alternatives =
          text.startsWith("{") && text.endsWith("}")
              ? List.of(text.substring(1, text.length() - 1).split(","))
              : List.of(text);
      List<Pattern> names = new ArrayList<>();
      for (String alternative : alternatives) {
        String[] parts = normalise(alternative.trim()).split("\\*", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
          if (i > 0) {
            regex.append(".*");
          }
          if (!parts[i].isEmpty()) {
            regex.append(Pattern.quote(parts[i]));
          }
        }
        names.add(Pattern.compile(regex.toString()));
      }
      return new Segment(false, List.copyOf(names), field, values);
    }

    boolean matches(String name, JsonNode node) {
      String normalised = normalise(name);
      if (names.stream().noneMatch(regex -> regex.matcher(normalised).matches())) {
        return false;
      }
      if (field == null) {
        return true;
      }
      JsonNode member = node == null ? null : node.get(field);
      return member != null
          && member.isTextual()
          && fieldValues.contains(normalise(member.asText()));
    }
  }
}
