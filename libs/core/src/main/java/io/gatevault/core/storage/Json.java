package io.gatevault.core.storage;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small JSON dialect the repository's metadata documents need: objects, arrays, strings,
 * integers, booleans and null. The core domain takes no library dependency, and these documents are
 * simple enough that a reader anyone can audit beats a framework.
 *
 * <p>Writing keeps the caller's field order (a {@link LinkedHashMap}) and pretty-prints with two
 * spaces, so the same document always yields the same bytes.
 */
final class Json {

  private Json() {}

  /** Parses {@code text}; objects become ordered maps, integers {@link Long}. */
  static Object parse(String text) {
    Reader reader = new Reader(text);
    reader.skipWhitespace();
    Object value = reader.value();
    reader.skipWhitespace();
    if (!reader.atEnd()) {
      throw reader.error("unexpected content after the document");
    }
    return value;
  }

  static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out, 0);
    return out.append('\n').toString();
  }

  private static void write(Object value, StringBuilder out, int indent) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String text) {
      quote(text, out);
    } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
      out.append(value);
    } else if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        out.append("{}");
        return;
      }
      out.append("{\n");
      int i = 0;
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        out.append("  ".repeat(indent + 1));
        quote((String) entry.getKey(), out);
        out.append(": ");
        write(entry.getValue(), out, indent + 1);
        out.append(++i < map.size() ? ",\n" : "\n");
      }
      out.append("  ".repeat(indent)).append('}');
    } else if (value instanceof List<?> list) {
      if (list.isEmpty()) {
        out.append("[]");
        return;
      }
      out.append("[\n");
      for (int i = 0; i < list.size(); i++) {
        out.append("  ".repeat(indent + 1));
        write(list.get(i), out, indent + 1);
        out.append(i + 1 < list.size() ? ",\n" : "\n");
      }
      out.append("  ".repeat(indent)).append(']');
    } else {
      throw new IllegalArgumentException(
          "Json cannot write a " + value.getClass().getName() + ": map it to a JSON type first");
    }
  }

  private static void quote(String text, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
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

  private static final class Reader {
    private final String text;
    private int position;

    Reader(String text) {
      this.text = text;
    }

    boolean atEnd() {
      return position >= text.length();
    }

    IllegalArgumentException error(String what) {
      return new IllegalArgumentException("invalid JSON at offset " + position + ": " + what);
    }

    void skipWhitespace() {
      while (!atEnd() && Character.isWhitespace(text.charAt(position))) {
        position++;
      }
    }

    char peek() {
      if (atEnd()) {
        throw error("unexpected end of document");
      }
      return text.charAt(position);
    }

    void expect(char c) {
      if (peek() != c) {
        throw error("expected '" + c + "' but found '" + peek() + "'");
      }
      position++;
    }

    Object value() {
      char c = peek();
      return switch (c) {
        case '{' -> object();
        case '[' -> array();
        case '"' -> string();
        case 't' -> literal("true", Boolean.TRUE);
        case 'f' -> literal("false", Boolean.FALSE);
        case 'n' -> literal("null", null);
        default -> {
          if (c == '-' || (c >= '0' && c <= '9')) {
            yield number();
          }
          throw error("unexpected '" + c + "'");
        }
      };
    }

    private Object literal(String word, Object value) {
      if (!text.startsWith(word, position)) {
        throw error("expected " + word);
      }
      position += word.length();
      return value;
    }

    private Map<String, Object> object() {
      expect('{');
      Map<String, Object> map = new LinkedHashMap<>();
      skipWhitespace();
      if (peek() == '}') {
        position++;
        return map;
      }
      while (true) {
        skipWhitespace();
        String key = string();
        skipWhitespace();
        expect(':');
        skipWhitespace();
        if (map.containsKey(key)) {
          throw error("duplicate field \"" + key + "\"");
        }
        map.put(key, value());
        skipWhitespace();
        if (peek() == ',') {
          position++;
          continue;
        }
        expect('}');
        return map;
      }
    }

    private List<Object> array() {
      expect('[');
      List<Object> list = new ArrayList<>();
      skipWhitespace();
      if (peek() == ']') {
        position++;
        return list;
      }
      while (true) {
        skipWhitespace();
        list.add(value());
        skipWhitespace();
        if (peek() == ',') {
          position++;
          continue;
        }
        expect(']');
        return list;
      }
    }

    private String string() {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (true) {
        char c = peek();
        position++;
        if (c == '"') {
          return out.toString();
        }
        if (c == '\\') {
          char escaped = peek();
          position++;
          switch (escaped) {
            case '"', '\\', '/' -> out.append(escaped);
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'u' -> {
              if (position + 4 > text.length()) {
                throw error("truncated \\u escape");
              }
              try {
                out.append((char) Integer.parseInt(text.substring(position, position + 4), 16));
              } catch (NumberFormatException e) {
                throw error("bad \\u escape");
              }
              position += 4;
            }
            default -> throw error("unknown escape \\" + escaped);
          }
        } else if (c < 0x20) {
          throw error("control character in string");
        } else {
          out.append(c);
        }
      }
    }

    private Object number() {
      int start = position;
      while (!atEnd() && "+-0123456789.eE".indexOf(text.charAt(position)) >= 0) {
        position++;
      }
      String literal = text.substring(start, position);
      try {
        return new BigDecimal(literal).longValueExact();
      } catch (ArithmeticException | NumberFormatException e) {
        throw error("'" + literal + "' is not an integer (metadata documents hold integers only)");
      }
    }
  }
}
