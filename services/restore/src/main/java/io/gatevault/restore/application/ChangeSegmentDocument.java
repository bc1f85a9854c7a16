package io.gatevault.restore.application;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatevault.core.event.ChangeOperation;
import io.gatevault.core.pitr.LoggedChange;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the plaintext of a sealed change-log segment, the format capture writes
 * (ChangeSegmentFormat, documented in docs/repository-format.md): JSON lines, one change per line
 * in increasing sequence order, each with {@code sequence, op, entityType, entityId, after,
 * occurredAt} among other members. Strict: a line that is not such a change, or a sequence that
 * does not increase, makes the whole segment unusable, named by the segment and line.
 */
public final class ChangeSegmentDocument {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ChangeSegmentDocument() {}

  /**
   * The changes of a segment, in its order.
   *
   * @param segmentName the segment's name ({@code <first>-<last>}), for error messages
   * @throws IllegalArgumentException naming the segment and line that is not a change
   */
  public static List<LoggedChange> decode(String segmentName, byte[] plaintext) {
    String text = new String(plaintext, StandardCharsets.UTF_8);
    List<LoggedChange> changes = new ArrayList<>();
    long previous = -1;
    int lineNumber = 0;
    for (String line : text.split("\n", -1)) {
      lineNumber++;
      if (line.isEmpty()) {
        continue;
      }
      LoggedChange change;
      try {
        JsonNode node = JSON.readTree(line);
        JsonNode after = node.get("after");
        change =
            new LoggedChange(
                required(node, "sequence").asLong(),
                ChangeOperation.valueOf(required(node, "op").asText()),
                required(node, "entityType").asText(),
                required(node, "entityId").asText(),
                after == null || after.isNull() ? null : after.asText(),
                Instant.parse(required(node, "occurredAt").asText()));
      } catch (Exception e) {
        throw new IllegalArgumentException(
            "change segment "
                + segmentName
                + " line "
                + lineNumber
                + " is not a change-log entry: "
                + e.getMessage(),
            e);
      }
      if (change.sequence() <= previous) {
        throw new IllegalArgumentException(
            "change segment "
                + segmentName
                + " line "
                + lineNumber
                + ": sequence "
                + change.sequence()
                + " follows "
                + previous
                + "; a segment holds increasing sequences");
      }
      previous = change.sequence();
      changes.add(change);
    }
    return changes;
  }

  private static JsonNode required(JsonNode node, String member) {
    JsonNode value = node.get(member);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("member '" + member + "' is missing");
    }
    return value;
  }
}
