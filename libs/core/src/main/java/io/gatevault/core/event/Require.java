package io.gatevault.core.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Argument checks for the compact constructors of this package. Every failure is an {@link
 * IllegalArgumentException} whose message names the record and field ("ConfigChange.gatewayId"), so
 * a bad event is diagnosed from the message alone.
 */
final class Require {

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  private Require() {}

  static <T> T present(T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is required but was null");
    }
    return value;
  }

  static String nonBlank(String value, String field) {
    present(value, field);
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
    return value;
  }

  /** Null is allowed (the field is optional); an empty or blank string is not. */
  static String nullOrNonBlank(String value, String field) {
    if (value != null && value.isBlank()) {
      throw new IllegalArgumentException(field + " must be null or non-blank, but was blank");
    }
    return value;
  }

  static long notNegative(long value, String field) {
    if (value < 0) {
      throw new IllegalArgumentException(field + " must be >= 0, but was " + value);
    }
    return value;
  }

  static int atLeast(int minimum, int value, String field) {
    if (value < minimum) {
      throw new IllegalArgumentException(field + " must be >= " + minimum + ", but was " + value);
    }
    return value;
  }

  static String sha256Hex(String value, String field) {
    present(value, field);
    if (!SHA256_HEX.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field + " must be 64 lower-case hex characters (a SHA-256), but was '" + value + "'");
    }
    return value;
  }

  /** Checks the chunk position and size shared by snapshot chunks and sealed artifact chunks. */
  static void chunk(int chunkIndex, int chunkCount, BinaryContent bytes, String record) {
    atLeast(1, chunkCount, record + ".chunkCount");
    if (chunkIndex < 0 || chunkIndex >= chunkCount) {
      throw new IllegalArgumentException(
          record
              + ".chunkIndex must be in [0, "
              + chunkCount
              + ") for chunkCount "
              + chunkCount
              + ", but was "
              + chunkIndex);
    }
    if (bytes.size() > BinaryContent.MAX_CHUNK_BYTES) {
      throw new IllegalArgumentException(
          record
              + " chunk holds "
              + bytes.size()
              + " bytes, more than the "
              + BinaryContent.MAX_CHUNK_BYTES
              + " allowed per message: split the content into more chunks");
    }
  }

  /** An immutable copy; null keys or values are rejected by name rather than by a bare NPE. */
  static Map<String, String> stringMap(Map<String, String> map, String field) {
    present(map, field);
    map.forEach(
        (key, value) -> {
          if (key == null || value == null) {
            throw new IllegalArgumentException(
                field + " must not contain null keys or values, but has " + key + "=" + value);
          }
        });
    return Map.copyOf(map);
  }

  static <T> List<T> list(List<T> list, String field) {
    present(list, field);
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) == null) {
        throw new IllegalArgumentException(field + "[" + i + "] is null");
      }
    }
    return List.copyOf(list);
  }

  /** The envelope's optional gatewayId must not contradict the event's own. */
  static void sameGateway(EventEnvelope envelope, String gatewayId, String record) {
    if (envelope.gatewayId() != null && !envelope.gatewayId().equals(gatewayId)) {
      throw new IllegalArgumentException(
          record
              + ".envelope.gatewayId '"
              + envelope.gatewayId()
              + "' differs from "
              + record
              + ".gatewayId '"
              + gatewayId
              + "'");
    }
  }

  /** Checks the fields every {@link Command} has; {@code record} names the command. */
  static void commandFields(
      EventEnvelope envelope,
      String commandId,
      String gatewayId,
      String requestedBy,
      Instant requestedAt,
      String record) {
    present(envelope, record + ".envelope");
    nonBlank(commandId, record + ".commandId");
    nonBlank(gatewayId, record + ".gatewayId");
    sameGateway(envelope, gatewayId, record);
    nonBlank(requestedBy, record + ".requestedBy");
    present(requestedAt, record + ".requestedAt");
  }
}
