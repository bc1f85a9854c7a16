package io.gatevault.core.changes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatevault.core.config.CanonicalJson;
import io.gatevault.core.config.ConfigEntity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a change's before- and after-image holds: the whole {@link ConfigEntity} as canonical JSON,
 * {@code
 * {"body":{..},"foreignKeys":{..},"id":"..","naturalKey":".."|null,"tags":[..],"type":".."}}. The
 * body alone would not do: replay must rebuild the entity exactly, natural key, tags and references
 * included, or a replayed state would differ from a snapshot taken at the same moment.
 *
 * <p>Encoding is deterministic (canonical JSON), so equal entities give byte-equal images; decoding
 * is strict and names what is wrong.
 */
public final class EntityImage {

  private EntityImage() {}

  /** The image of an entity: canonical JSON text. */
  public static String encode(ConfigEntity entity) {
    ObjectNode node = CanonicalJson.newObject();
    node.put("type", entity.type());
    node.put("id", entity.id());
    if (entity.naturalKey() == null) {
      node.putNull("naturalKey");
    } else {
      node.put("naturalKey", entity.naturalKey());
    }
    ArrayNode tags = node.putArray("tags");
    entity.tags().forEach(tags::add);
    ObjectNode foreignKeys = node.putObject("foreignKeys");
    entity.foreignKeys().forEach(foreignKeys::put);
    node.set("body", CanonicalJson.parse(entity.body()));
    return CanonicalJson.toCanonicalString(node);
  }

  /**
   * The entity an image holds.
   *
   * @throws IllegalArgumentException naming the member that is missing or of the wrong kind, when
   *     the text is not an entity image
   */
  public static ConfigEntity decode(String image) {
    if (image == null) {
      throw new IllegalArgumentException("An entity image is required, got nothing");
    }
    JsonNode node;
    try {
      node = CanonicalJson.parse(image);
    } catch (IllegalArgumentException notJson) {
      throw new IllegalArgumentException(
          "An entity image must be JSON: " + notJson.getMessage(), notJson);
    }
    return fromTree(node);
  }

  /** The entity an image already parsed into a JSON tree holds (see {@link #decode}). */
  public static ConfigEntity fromTree(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("An entity image must be a JSON object");
    }
    String type = text(node, "type", false);
    String id = text(node, "id", false);
    String naturalKey = text(node, "naturalKey", true);
    JsonNode tagList = member(node, "tags", type, id);
    if (!tagList.isArray()) {
      throw new IllegalArgumentException(
          "Entity image of " + type + "/" + id + ": tags must be an array of text");
    }
    List<String> tags = new ArrayList<>();
    for (JsonNode tag : tagList) {
      if (!tag.isTextual()) {
        throw new IllegalArgumentException(
            "Entity image of " + type + "/" + id + ": tags must be an array of text");
      }
      tags.add(tag.textValue());
    }
    JsonNode references = member(node, "foreignKeys", type, id);
    if (!references.isObject()) {
      throw new IllegalArgumentException(
          "Entity image of " + type + "/" + id + ": foreignKeys must be an object of text");
    }
    Map<String, String> foreignKeys = new TreeMap<>();
    var fields = references.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (!field.getValue().isTextual()) {
        throw new IllegalArgumentException(
            "Entity image of "
                + type
                + "/"
                + id
                + ": foreign key "
                + field.getKey()
                + " must be \"type/id\" text");
      }
      foreignKeys.put(field.getKey(), field.getValue().textValue());
    }
    JsonNode body = node.get("body");
    if (body == null) {
      throw new IllegalArgumentException(
          "Entity image of " + type + "/" + id + " has no body (an empty one is {})");
    }
    return ConfigEntity.of(type, id, naturalKey, tags, foreignKeys, body);
  }

  private static JsonNode member(JsonNode node, String name, String type, String id) {
    JsonNode value = node.get(name);
    if (value == null) {
      throw new IllegalArgumentException(
          "Entity image of " + type + "/" + id + " has no " + name + " member");
    }
    return value;
  }

  private static String text(JsonNode node, String name, boolean nullable) {
    JsonNode value = node.get(name);
    if (value == null || (value.isNull() && !nullable)) {
      throw new IllegalArgumentException("An entity image needs a " + name + " member");
    }
    if (value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException(
          "An entity image's " + name + " must be text, got " + value.getNodeType());
    }
    return value.textValue();
  }
}
