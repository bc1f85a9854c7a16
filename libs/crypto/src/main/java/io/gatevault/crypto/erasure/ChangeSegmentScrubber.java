package io.gatevault.crypto.erasure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatevault.core.config.CanonicalJson;
import io.gatevault.core.config.ConfigEntity;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Removes one person's data from a change-log segment's plaintext: JSON lines, one change per line
 * in sequence order, whose {@code before} and {@code after} are entity images held as JSON text
 * ({@code {body, foreignKeys, id, naturalKey, tags, type}}). Inside each image's body the rules of
 * {@link SubjectScrubber} apply (an account element goes whole). Every line stays, so the sequence
 * has no gap for point-in-time replay; a change that only added or removed the person becomes one
 * whose before and after are equal. A change of the person's own entity (its id or natural key is
 * the subject, or it belongs to one that is: a foreign key names it) becomes a DELETE of the entity
 * {@value #ERASED_ENTITY}, without images: replay applies it as nothing, as the erased snapshots no
 * longer hold the entity. A change that names them elsewhere (its actor, reference) is reported as
 * residual for review, like any occurrence left. A position tag ({@code after:<id>}) naming an
 * erased entity whose id holds the subject (a Caddy route whose {@code @id} is the person's e-mail)
 * is pointed at the predecessor that entity had ({@link SubjectScrubber#erasedPositions}, from the
 * gateway's snapshots and checkpoints), or dropped when none is known, so the image neither names
 * the person nor places its entity after one the restored base no longer has.
 */
final class ChangeSegmentScrubber {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The entity id a change of the subject's own entity is given: a DELETE of an entity no gateway
   * configuration holds, which replay applies as nothing.
   */
  static final String ERASED_ENTITY = "(erased)";

  private ChangeSegmentScrubber() {}

  static SubjectScrubber.Result scrub(
      byte[] document, String subject, Map<String, String> erasedPositions) {
    String text = new String(document, StandardCharsets.UTF_8);
    if (!text.contains(subject)) {
      return new SubjectScrubber.Result(document, List.of(), List.of());
    }
    List<String> removed = new ArrayList<>();
    List<String> residual = new ArrayList<>();
    // Where each erased entity stands as the segment goes: its own changes move it.
    Map<String, String> positions = new HashMap<>(erasedPositions);
    StringBuilder out = new StringBuilder();
    int lineNumber = 0;
    for (String line : text.split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      lineNumber++;
      JsonNode parsed;
      try {
        parsed = JSON.readTree(line);
      } catch (JsonProcessingException e) {
        parsed = null;
      }
      if (!(parsed instanceof ObjectNode change)) {
        if (line.contains(subject)) {
          residual.add("line " + lineNumber + " (not a change)");
        }
        out.append(line).append('\n');
        continue;
      }
      String at = "changes/" + change.path("sequence").asText(Integer.toString(lineNumber));
      if (ofSubjectsEntity(change, subject)) {
        remember(change, positions);
        // The line stays (no gap in the sequence) but changes nothing: the erased snapshots and
        // checkpoints no longer hold the entity, so replaying its creation, update or deletion
        // must not bring it back or name it.
        change.put("op", "DELETE");
        change.put("entityId", ERASED_ENTITY);
        change.putNull("naturalKey");
        change.putNull("before");
        change.putNull("after");
        removed.add(at + " (a change of the subject's entity, now of none)");
      }
      for (String image : List.of("before", "after")) {
        JsonNode value = change.get(image);
        if (value == null || !value.isTextual() || !value.textValue().contains(subject)) {
          continue;
        }
        JsonNode entity = CanonicalJson.parse(value.textValue());
        if (subject.equals(entity.path("id").asText(null))
            || subject.equals(entity.path("naturalKey").asText(null))) {
          residual.add(at + "/" + image + " (the entity is the subject)");
          continue;
        }
        JsonNode body = entity.get("body");
        if (body != null) {
          SubjectScrubber.scrubTree(body, subject, at + "/" + image + "/body", removed);
        }
        reposition((ObjectNode) entity, positions, subject, at + "/" + image, removed);
        change.put(image, CanonicalJson.toCanonicalString(entity));
      }
      Iterator<Map.Entry<String, JsonNode>> fields = change.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (field.getValue().isTextual() && field.getValue().textValue().contains(subject)) {
          residual.add(at + "/" + field.getKey());
        }
      }
      try {
        out.append(JSON.writeValueAsString(change)).append('\n');
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a parsed change line writes back as JSON", e);
      }
    }
    byte[] result = removed.isEmpty() ? document : out.toString().getBytes(StandardCharsets.UTF_8);
    return new SubjectScrubber.Result(result, removed, residual);
  }

  /**
   * The change is one of the subject's entity: its id or natural key is the subject, or it belongs
   * to such an entity (a foreign key names it: the handlers of a Caddy route whose {@code @id} is
   * the person's e-mail), as the snapshot rules remove it.
   */
  private static boolean ofSubjectsEntity(ObjectNode change, String subject) {
    if (subject.equals(change.path("entityId").asText(null))
        || subject.equals(change.path("naturalKey").asText(null))) {
      return true;
    }
    for (String image : List.of("before", "after")) {
      JsonNode value = change.get(image);
      if (value == null || !value.isTextual() || !value.textValue().contains(subject)) {
        continue;
      }
      JsonNode entity;
      try {
        entity = CanonicalJson.parse(value.textValue());
      } catch (IllegalArgumentException notAnImage) {
        continue;
      }
      if (subject.equals(entity.path("id").asText(null))
          || subject.equals(entity.path("naturalKey").asText(null))) {
        return true;
      }
      Iterator<Map.Entry<String, JsonNode>> references = entity.path("foreignKeys").fields();
      while (references.hasNext()) {
        String key = references.next().getValue().asText("");
        if (key.substring(key.indexOf('/') + 1).equals(subject)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Where the erased entity of {@code change} stands after it: the entity its after-image's
   * position tag names (or where that one, erased too, stood), {@code ""} when first of its list.
   */
  private static void remember(ObjectNode change, Map<String, String> positions) {
    JsonNode after = change.get("after");
    if (after == null || !after.isTextual()) {
      return;
    }
    JsonNode image;
    try {
      image = CanonicalJson.parse(after.textValue());
    } catch (IllegalArgumentException notAnImage) {
      return;
    }
    String type = image.path("type").asText();
    String previous = null;
    for (JsonNode tag : image.path("tags")) {
      String text = tag.asText();
      if (text.startsWith(SubjectScrubber.AFTER)
          && text.length() > SubjectScrubber.AFTER.length()) {
        previous = text.substring(SubjectScrubber.AFTER.length());
        break;
      }
    }
    positions.put(
        type + "/" + image.path("id").asText(),
        previous == null ? "" : positions.getOrDefault(type + "/" + previous, previous));
  }

  /**
   * An image's position tag that names an entity holding the subject (the route the erasure
   * removed) points at that entity's predecessor instead, or is dropped when none is known.
   */
  private static void reposition(
      ObjectNode image,
      Map<String, String> erasedPositions,
      String subject,
      String at,
      List<String> removed) {
    if (!(image.get("tags") instanceof ArrayNode tags)) {
      return;
    }
    List<String> before = new ArrayList<>();
    tags.forEach(tag -> before.add(tag.asText()));
    ConfigEntity entity =
        ConfigEntity.of(
            image.path("type").asText(),
            image.path("id").asText(),
            null,
            before,
            Map.of(),
            CanonicalJson.newObject());
    List<String> after =
        SubjectScrubber.repositioned(entity, erasedPositions, subject, at, removed);
    if (!after.equals(before)) {
      tags.removeAll();
      after.forEach(tags::add);
    }
  }
}
