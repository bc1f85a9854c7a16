package io.gatevault.core.changes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Capture's proof that a gateway's change log was complete at a moment: a poll that succeeded at
 * {@code polledAt} found the gateway in the state of {@code lastSequence}, and every change up to
 * that sequence is published. So every change that happened by {@code polledAt} is in the log up to
 * {@code lastSequence}; a point-in-time restore to a later moment cannot tell "nothing changed"
 * from "capture was behind or down".
 *
 * <p>Kept per gateway on the compacted topic {@code gatevault.capture.heartbeats} (key gatewayId,
 * value {@link #toJson()}), like capture's other state.
 *
 * @param gatewayId the gateway polled
 * @param lastSequence every change up to this sequence is published; 0 when the log is empty
 * @param polledAt when the poll began reading the gateway (a change before it was seen by it)
 */
public record CaptureHeartbeat(String gatewayId, long lastSequence, Instant polledAt) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public CaptureHeartbeat {
    if (gatewayId == null || gatewayId.isBlank()) {
      throw new IllegalArgumentException("CaptureHeartbeat.gatewayId must not be blank");
    }
    if (lastSequence < 0) {
      throw new IllegalArgumentException(
          "CaptureHeartbeat.lastSequence must be >= 0, but was " + lastSequence);
    }
    if (polledAt == null) {
      throw new IllegalArgumentException("CaptureHeartbeat.polledAt is required");
    }
  }

  /** {@code {"gatewayId":…,"lastSequence":…,"polledAt":"<ISO-8601>"}} as UTF-8. */
  public byte[] toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("gatewayId", gatewayId);
    node.put("lastSequence", lastSequence);
    node.put("polledAt", polledAt.toString());
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads {@link #toJson()}'s form.
   *
   * @param where what is being read, for the error (e.g. topic, partition and offset)
   * @throws IllegalArgumentException naming {@code where} and what is wrong
   */
  public static CaptureHeartbeat fromJson(byte[] json, String where) {
    try {
      JsonNode node = JSON.readTree(json);
      if (node == null
          || !node.path("gatewayId").isTextual()
          || !node.path("lastSequence").canConvertToLong()
          || !node.path("polledAt").isTextual()) {
        throw new IllegalArgumentException(
            "needs gatewayId (text), lastSequence (number) and polledAt (ISO-8601 text)");
      }
      return new CaptureHeartbeat(
          node.get("gatewayId").asText(),
          node.get("lastSequence").asLong(),
          Instant.parse(node.get("polledAt").asText()));
    } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          "capture heartbeat " + where + " is not readable: " + e.getMessage(), e);
    }
  }

  /** Whether this heartbeat says more than {@code other}: a later sequence, or a later poll. */
  public boolean isNewerThan(CaptureHeartbeat other) {
    return lastSequence > other.lastSequence
        || (lastSequence == other.lastSequence && polledAt.isAfter(other.polledAt));
  }
}
