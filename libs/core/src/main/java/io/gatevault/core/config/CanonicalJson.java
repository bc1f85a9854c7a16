package io.gatevault.core.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Deterministic JSON: equal configurations give byte-equal documents, so hashes and diffs compare
 * meaning, not formatting.
 *
 * <p>Rules: UTF-8; no insignificant whitespace; object members sorted by key (UTF-16 code units, as
 * {@link String#compareTo}); strings escape only {@code "}, {@code \}, and control characters below
 * U+0020; numbers in one form per value: integral values as plain integers ({@code 1.0} and {@code
 * 1E+2} become {@code 1} and {@code 100}; gateways written in Go reject {@code 1.0} for an integer
 * field, so this is the safe direction), other values as {@link BigDecimal#toString()} of the value
 * without trailing zeros. Integral values with more than 21 digits keep exponent form ({@code
 * 1E+400}) so a hostile number cannot blow up a document.
 *
 * <p>Parsing is strict: duplicate keys, trailing content and empty input are refused, because a
 * configuration that two readers could see differently must not be backed up as if it were clear.
 */
public final class CanonicalJson {

  private static final int MAX_PLAIN_INTEGER_DIGITS = 21;

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .build();

  private CanonicalJson() {}

  /**
   * Parses a JSON document strictly.
   *
   * @throws IllegalArgumentException naming what is wrong and where, when the bytes are not one
   *     well-formed JSON value without duplicate keys
   */
  public static JsonNode parse(byte[] json) {
    if (json == null || json.length == 0) {
      throw new IllegalArgumentException("Not JSON: the document is empty");
    }
    try {
      JsonNode node = MAPPER.readTree(json);
      if (node == null || node.isMissingNode()) {
        throw new IllegalArgumentException("Not JSON: the document holds no value");
      }
      return node;
    } catch (JacksonException e) {
      throw new IllegalArgumentException("Not JSON: " + e.getOriginalMessage(), e);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("Not JSON: " + e.getMessage(), e);
    }
  }

  /** Parses a JSON document strictly; see {@link #parse(byte[])}. */
  public static JsonNode parse(String json) {
    return parse(json == null ? null : json.getBytes(StandardCharsets.UTF_8));
  }

  /** The canonical UTF-8 bytes of a JSON tree. */
  public static byte[] toBytes(JsonNode node) {
    return toCanonicalString(node).getBytes(StandardCharsets.UTF_8);
  }

  /** The canonical text of a JSON tree. */
  public static String toCanonicalString(JsonNode node) {
    if (node == null) {
      throw new IllegalArgumentException("Cannot write a null JSON tree (use a NullNode)");
    }
    StringBuilder out = new StringBuilder();
    write(node, out);
    return out.toString();
  }

  /** Re-writes any JSON document in canonical form (parse strictly, then write). */
  public static byte[] canonicalize(byte[] json) {
    return toBytes(parse(json));
  }

  /** Re-writes any JSON text in canonical form (parse strictly, then write). */
  public static String canonicalize(String json) {
    return toCanonicalString(parse(json));
  }

  /** A fresh, mutable empty object node, for adapters building trees. */
  public static com.fasterxml.jackson.databind.node.ObjectNode newObject() {
    return MAPPER.createObjectNode();
  }

  /** A fresh, mutable empty array node, for adapters building trees. */
  public static com.fasterxml.jackson.databind.node.ArrayNode newArray() {
    return MAPPER.createArrayNode();
  }

  private static void write(JsonNode node, StringBuilder out) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        List<Map.Entry<String, JsonNode>> members = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        fields.forEachRemaining(members::add);
        members.sort(Map.Entry.comparingByKey());
        out.append('{');
        for (int i = 0; i < members.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          writeString(members.get(i).getKey(), out);
          out.append(':');
          write(members.get(i).getValue(), out);
        }
        out.append('}');
      }
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(node.get(i), out);
        }
        out.append(']');
      }
      case STRING -> writeString(node.textValue(), out);
      case NUMBER -> out.append(number(node));
      case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
      case NULL -> out.append("null");
      default ->
          throw new IllegalArgumentException(
              "JSON tree holds a " + node.getNodeType() + " node, which has no JSON text form");
    }
  }

  /** One text per numeric value; see the class comment. */
  static String number(JsonNode node) {
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue().toString();
    }
    if (node.isDouble() || node.isFloat()) {
      double value = node.doubleValue();
      if (Double.isNaN(value) || Double.isInfinite(value)) {
        throw new IllegalArgumentException("JSON has no form for the number " + value);
      }
    }
    BigDecimal value = node.decimalValue().stripTrailingZeros();
    if (value.signum() == 0) {
      return "0";
    }
    if (value.scale() <= 0) {
      int integerDigits = value.precision() - value.scale();
      return integerDigits <= MAX_PLAIN_INTEGER_DIGITS
          ? value.toBigIntegerExact().toString()
          : value.toString();
    }
    return value.toString();
  }

  private static void writeString(String value, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
