package io.gatevault.capture.application;

import io.gatevault.core.event.ConfigChange;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * The plaintext of a sealed change-log segment ({@code changes/<first>-<last>.changes.gvx}): JSON
 * lines, one {@link ConfigChange} per line in sequence order, members sorted by name, UTF-8, every
 * line ending in {@code \n}. Each line holds {@code sequence, op, entityType, entityId, naturalKey,
 * before, after, feed, reference, actor, occurredAt, capturedAt, eventId} ({@code before}/{@code
 * after} are the entity images as JSON text, or null). docs/repository-format.md documents it.
 */
public final class ChangeSegmentFormat {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ChangeSegmentFormat() {}

  /** The segment document of {@code changes}, which must be in sequence order. */
  public static byte[] encode(List<ConfigChange> changes) {
    StringBuilder lines = new StringBuilder();
    long previous = -1;
    for (ConfigChange change : changes) {
      if (change.sequence() <= previous) {
        throw new IllegalArgumentException(
            "A change segment holds changes in increasing sequence order, but "
                + change.sequence()
                + " follows "
                + previous);
      }
      previous = change.sequence();
      Map<String, Object> line = new TreeMap<>();
      line.put("sequence", change.sequence());
      line.put("op", change.op().name());
      line.put("entityType", change.entityType());
      line.put("entityId", change.entityId());
      line.put("naturalKey", change.naturalKey());
      line.put("before", change.before());
      line.put("after", change.after());
      line.put("feed", change.source().feed());
      line.put("reference", change.source().reference());
      line.put("actor", change.source().actor());
      line.put("occurredAt", change.occurredAt().toString());
      line.put("capturedAt", change.capturedAt().toString());
      line.put("eventId", change.envelope().eventId());
      lines.append(JSON.writeValueAsString(line)).append('\n');
    }
    return lines.toString().getBytes(StandardCharsets.UTF_8);
  }
}
