package io.gatevault.core.storage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed, named access to one parsed JSON object; a missing or mistyped field fails with a message
 * naming the document and the field, so a damaged manifest is diagnosed from the message alone.
 */
final class JsonFields {

  private final Map<String, Object> map;
  private final String where;

  private JsonFields(Map<String, Object> map, String where) {
    this.map = map;
    this.where = where;
  }

  @SuppressWarnings("unchecked")
  static JsonFields of(Object parsed, String where) {
    if (!(parsed instanceof Map<?, ?>)) {
      throw new IllegalArgumentException(where + " must be a JSON object");
    }
    return new JsonFields((Map<String, Object>) parsed, where);
  }

  private Object required(String name) {
    Object value = map.get(name);
    if (value == null) {
      throw new IllegalArgumentException(where + "." + name + " is missing");
    }
    return value;
  }

  private <T> T typed(String name, Object value, Class<T> type, String description) {
    if (!type.isInstance(value)) {
      throw new IllegalArgumentException(
          where + "." + name + " must be " + description + " but was " + value);
    }
    return type.cast(value);
  }

  String text(String name) {
    return typed(name, required(name), String.class, "a string");
  }

  String optionalText(String name) {
    Object value = map.get(name);
    return value == null ? null : typed(name, value, String.class, "a string");
  }

  long number(String name) {
    return typed(name, required(name), Long.class, "an integer");
  }

  int integer(String name) {
    long value = number(name);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(where + "." + name + " is out of range: " + value);
    }
    return (int) value;
  }

  boolean bool(String name) {
    return typed(name, required(name), Boolean.class, "true or false");
  }

  JsonFields object(String name) {
    return of(required(name), where + "." + name);
  }

  Map<String, String> stringMap(String name) {
    JsonFields object = object(name);
    Map<String, String> result = new LinkedHashMap<>();
    object.map.forEach(
        (key, value) -> result.put(key, object.typed(key, value, String.class, "a string")));
    return result;
  }

  List<JsonFields> objects(String name) {
    List<?> list = typed(name, required(name), List.class, "an array");
    List<JsonFields> result = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      result.add(of(list.get(i), where + "." + name + "[" + i + "]"));
    }
    return result;
  }

  java.util.Set<String> names() {
    return map.keySet();
  }
}
