package io.gatevault.gateways;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatevault.core.config.CanonicalJson;
import io.gatevault.core.config.ConfigEntity;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The http-json adapter's entities and its document, both ways: a top-level object gives one {@code
 * section} per member (JSON pointer {@code /<id>}), a top-level array one {@code item} per element
 * ({@code /<index>}), anything else one {@code document/root} (the whole document).
 */
public final class HttpJsonDocuments {

  private HttpJsonDocuments() {}

  /** The entities of a document. */
  public static List<ConfigEntity> entities(JsonNode config) {
    List<ConfigEntity> entities = new java.util.ArrayList<>();
    if (config.isObject()) {
      config
          .fields()
          .forEachRemaining(
              field ->
                  entities.add(
                      ConfigEntity.of(
                          "section", field.getKey(), null, List.of(), Map.of(), field.getValue())));
    } else if (config.isArray()) {
      for (int i = 0; i < config.size(); i++) {
        entities.add(
            ConfigEntity.of("item", Integer.toString(i), null, List.of(), Map.of(), config.get(i)));
      }
    } else {
      entities.add(ConfigEntity.of("document", "root", null, List.of(), Map.of(), config));
    }
    return entities;
  }

  /**
   * The document holding exactly these entities, each at its JSON pointer; with no entities the
   * document has the base's shape (an empty object or array).
   *
   * @throws IllegalArgumentException when the entities mix sections, items and a whole document,
   *     when item indexes do not run 0..n-1, or when one has a type this adapter never makes
   */
  public static JsonNode compose(JsonNode base, List<ConfigEntity> entities) {
    Map<String, List<ConfigEntity>> byType = new TreeMap<>();
    for (ConfigEntity entity : entities) {
      if (!List.of("section", "item", "document").contains(entity.type())) {
        throw new IllegalArgumentException(
            "http-json entity "
                + entity.key()
                + " is not a section, item or document: it has no place in the document");
      }
      byType.computeIfAbsent(entity.type(), key -> new java.util.ArrayList<>()).add(entity);
    }
    if (byType.size() > 1) {
      throw new IllegalArgumentException(
          "http-json entities mix " + byType.keySet() + ": a document is one of them only");
    }
    if (byType.isEmpty()) {
      return base != null && base.isArray() ? CanonicalJson.newArray() : CanonicalJson.newObject();
    }
    String type = byType.keySet().iterator().next();
    List<ConfigEntity> group = byType.get(type);
    switch (type) {
      case "section" -> {
        ObjectNode document = CanonicalJson.newObject();
        group.forEach(entity -> document.set(entity.id(), entity.bodyTree()));
        return document;
      }
      case "item" -> {
        JsonNode[] slots = new JsonNode[group.size()];
        for (ConfigEntity entity : group) {
          int index;
          try {
            index = Integer.parseInt(entity.id());
          } catch (NumberFormatException notIndex) {
            index = -1;
          }
          if (index < 0 || index >= slots.length || slots[index] != null) {
            throw new IllegalArgumentException(
                "http-json items must be numbered 0.."
                    + (slots.length - 1)
                    + " without gaps; "
                    + entity.key()
                    + " does not fit (is the change log complete?)");
          }
          slots[index] = entity.bodyTree();
        }
        ArrayNode document = CanonicalJson.newArray();
        for (JsonNode slot : slots) {
          document.add(slot);
        }
        return document;
      }
      default -> {
        if (group.size() != 1 || !group.get(0).id().equals("root")) {
          throw new IllegalArgumentException(
              "An http-json document that is not an object or array is the one entity"
                  + " document/root");
        }
        return group.get(0).bodyTree();
      }
    }
  }
}
