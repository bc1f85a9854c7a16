package io.gatevault.restore.application;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatevault.core.event.ChangeOperation;
import io.gatevault.core.pitr.LoggedChange;
import java.io.IOException;
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
    List<LoggedChange> changes = new ArrayList<>();
    long previous = -1;
    int lineNumber = 0;
    // One streaming parser over the whole document: no per-line string or tree.
    try (JsonParser parser = JSON.getFactory().createParser(plaintext)) {
      while (true) {
        JsonToken token;
        try {
          token = parser.nextToken();
        } catch (Exception e) {
          throw notAChange(segmentName, lineNumber + 1, e);
        }
        if (token == null) {
          break;
        }
        lineNumber++;
        LoggedChange change;
        try {
          change = read(parser, token);
        } catch (Exception e) {
          throw notAChange(segmentName, lineNumber, e);
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
    } catch (IOException e) {
      throw notAChange(segmentName, lineNumber, e);
    }
    return changes;
  }

  private static LoggedChange read(JsonParser parser, JsonToken start) throws IOException {
    if (start != JsonToken.START_OBJECT) {
      throw new IllegalArgumentException("a line must be a JSON object, found " + start);
    }
    Long sequence = null;
    String op = null;
    String entityType = null;
    String entityId = null;
    String after = null;
    String occurredAt = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String member = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (member) {
        case "sequence" -> sequence = parser.getLongValue();
        case "op" -> op = parser.getText();
        case "entityType" -> entityType = parser.getText();
        case "entityId" -> entityId = parser.getText();
        case "after" -> after = value == JsonToken.VALUE_NULL ? null : parser.getText();
        case "occurredAt" -> occurredAt = parser.getText();
        default -> parser.skipChildren();
      }
    }
    return new LoggedChange(
        present(sequence, "sequence"),
        ChangeOperation.valueOf(present(op, "op")),
        present(entityType, "entityType"),
        present(entityId, "entityId"),
        after,
        Instant.parse(present(occurredAt, "occurredAt")));
  }

  private static <T> T present(T value, String member) {
    if (value == null) {
      throw new IllegalArgumentException("member '" + member + "' is missing");
    }
    return value;
  }

  private static IllegalArgumentException notAChange(
      String segmentName, int lineNumber, Exception cause) {
    return new IllegalArgumentException(
        "change segment "
            + segmentName
            + " line "
            + lineNumber
            + " is not a change-log entry: "
            + cause.getMessage(),
        cause);
  }
}
