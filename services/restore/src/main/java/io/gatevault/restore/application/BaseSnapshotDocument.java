package io.gatevault.restore.application;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatevault.core.config.ConfigSnapshot;
import java.io.IOException;

/**
 * The part of a snapshot a checkpoint is composed on: everything but its entities (gateway, type,
 * native configuration, redacted secrets). Composing a gateway document needs only that, and the
 * entities come from the checkpoint, so they are skipped while reading instead of parsed (with
 * 100,000 entities the difference between a token scan and a tree of every entity).
 */
final class BaseSnapshotDocument {

  private static final ObjectMapper JSON = new ObjectMapper();

  private BaseSnapshotDocument() {}

  /**
   * The snapshot without entities.
   *
   * @throws IllegalArgumentException when the bytes are not a snapshot document
   */
  static ConfigSnapshot withoutEntities(byte[] document) {
    ObjectNode skeleton = JSON.createObjectNode();
    try (JsonParser parser = JSON.getFactory().createParser(document)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException(
            "Not a snapshot document: the top level is not an object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equals("entities")) {
          if (value != JsonToken.START_ARRAY) {
            throw new IllegalArgumentException("Snapshot document: entities must be an array");
          }
          parser.skipChildren();
          skeleton.putArray("entities");
        } else {
          skeleton.set(name, JSON.readTree(parser));
        }
      }
    } catch (IOException notJson) {
      throw new IllegalArgumentException(
          "Not a snapshot document: " + notJson.getMessage(), notJson);
    }
    try {
      return ConfigSnapshot.fromDocument(JSON.writeValueAsBytes(skeleton));
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a snapshot skeleton: " + e.getMessage(), e);
    }
  }
}
