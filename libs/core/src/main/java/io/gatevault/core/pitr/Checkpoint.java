package io.gatevault.core.pitr;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.node.TextNode;
import io.gatevault.core.config.CanonicalJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link ConfigState} written down, so a later replay starts from it instead of from the
 * snapshot: canonical JSON,
 *
 * <pre>
 * {"baseSnapshot":"&lt;snapshot id&gt;","entities":[&lt;entity image&gt;,...],"formatVersion":1,
 *  "gatewayId":"..","gatewayType":"..","watermark":&lt;seq&gt;,"watermarkTime":"&lt;ISO-8601&gt;"}
 * </pre>
 *
 * with the entities as {@link io.gatevault.core.changes.EntityImage images} sorted by key. The base
 * snapshot is named, not copied: composing a gateway document needs that snapshot's native
 * document, and a checkpoint is only usable while its snapshot is.
 */
public final class Checkpoint {

  private static final JsonFactory FACTORY =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  /** Version of the checkpoint document. */
  public static final int FORMAT_VERSION = 1;

  private Checkpoint() {}

  /**
   * Whether a document is a checkpoint rather than a snapshot: canonical JSON sorts members, so a
   * checkpoint starts with its {@code baseSnapshot} member (a snapshot with {@code configHash}).
   */
  public static boolean isCheckpointDocument(byte[] document) {
    byte[] prefix = "{\"baseSnapshot\":".getBytes(StandardCharsets.UTF_8);
    if (document == null || document.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (document[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** The checkpoint document of a state (canonical JSON bytes; equal states, equal bytes). */
  public static byte[] write(ConfigState state) {
    // Images are canonical JSON already, so they are copied in as text rather than parsed: with
    // 100,000 entities this is the difference between milliseconds and a second.
    StringBuilder out = new StringBuilder(state.size() * 256 + 256);
    out.append("{\"baseSnapshot\":").append(text(state.baseSnapshot()));
    out.append(",\"entities\":[");
    boolean first = true;
    for (String image : state.images().values()) {
      if (!first) {
        out.append(',');
      }
      out.append(image);
      first = false;
    }
    out.append("],\"formatVersion\":").append(FORMAT_VERSION);
    out.append(",\"gatewayId\":").append(text(state.gatewayId()));
    out.append(",\"gatewayType\":").append(text(state.gatewayType()));
    out.append(",\"watermark\":").append(state.watermark());
    out.append(",\"watermarkTime\":").append(text(state.watermarkTime().toString()));
    out.append('}');
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The state a checkpoint document holds.
   *
   * @throws IllegalArgumentException naming the member that is missing or wrong
   */
  public static ConfigState read(byte[] document) {
    // Streamed rather than parsed into a tree: each image is cut out of the document as the text
    // it was written as, so 100,000 entities cost one pass instead of a tree plus a re-write.
    Map<String, String> images = null;
    Map<String, String> texts = new HashMap<>();
    Long watermark = null;
    Integer version = null;
    try (JsonParser parser = FACTORY.createParser(document)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("Not a checkpoint document: the top level is no object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (name) {
          case "entities" -> images = entities(parser, document, value);
          case "formatVersion" ->
              version = value == JsonToken.VALUE_NUMBER_INT ? parser.getIntValue() : -1;
          case "watermark" -> {
            if (value != JsonToken.VALUE_NUMBER_INT) {
              throw new IllegalArgumentException(
                  "Checkpoint document: watermark must be a sequence");
            }
            watermark = parser.getLongValue();
          }
          default -> {
            if (value == JsonToken.VALUE_STRING) {
              texts.put(name, parser.getText());
            } else {
              parser.skipChildren();
            }
          }
        }
      }
      if (parser.nextToken() != null) {
        throw new IllegalArgumentException("Checkpoint document: content after the end");
      }
    } catch (IOException notJson) {
      throw new IllegalArgumentException(
          "Not a checkpoint document: " + notJson.getMessage(), notJson);
    }
    if (version == null || version != FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "Not a checkpoint document this release reads: formatVersion is "
              + version
              + ", expected "
              + FORMAT_VERSION);
    }
    if (images == null) {
      throw new IllegalArgumentException("Checkpoint document: entities must be an array");
    }
    if (watermark == null) {
      throw new IllegalArgumentException("Checkpoint document: watermark must be a sequence");
    }
    Instant watermarkTime;
    try {
      watermarkTime = Instant.parse(textMember(texts, "watermarkTime"));
    } catch (DateTimeParseException notATime) {
      throw new IllegalArgumentException(
          "Checkpoint document: watermarkTime is not an ISO-8601 instant", notATime);
    }
    return ConfigState.fromImages(
        textMember(texts, "gatewayId"),
        textMember(texts, "gatewayType"),
        textMember(texts, "baseSnapshot"),
        images,
        watermark,
        watermarkTime);
  }

  private static Map<String, String> entities(JsonParser parser, byte[] document, JsonToken value)
      throws IOException {
    if (value != JsonToken.START_ARRAY) {
      throw new IllegalArgumentException("Checkpoint document: entities must be an array");
    }
    Map<String, String> images = new HashMap<>();
    while (parser.nextToken() == JsonToken.START_OBJECT) {
      int start = (int) parser.currentTokenLocation().getByteOffset();
      String type = null;
      String id = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken member = parser.nextToken();
        if (member == JsonToken.VALUE_STRING && name.equals("type")) {
          type = parser.getText();
        } else if (member == JsonToken.VALUE_STRING && name.equals("id")) {
          id = parser.getText();
        } else {
          parser.skipChildren();
        }
      }
      int end = (int) parser.currentLocation().getByteOffset();
      if (type == null || id == null) {
        throw new IllegalArgumentException(
            "Checkpoint document: an entity image has no text type and id");
      }
      String key = type + "/" + id;
      if (images.put(key, new String(document, start, end - start, StandardCharsets.UTF_8))
          != null) {
        throw new IllegalArgumentException("Checkpoint document: entity " + key + " appears twice");
      }
    }
    if (parser.currentToken() != JsonToken.END_ARRAY) {
      throw new IllegalArgumentException(
          "Checkpoint document: entities must hold entity images (objects) only");
    }
    return images;
  }

  private static String text(String value) {
    return CanonicalJson.toCanonicalString(TextNode.valueOf(value));
  }

  private static String textMember(Map<String, String> texts, String name) {
    String value = texts.get(name);
    if (value == null) {
      throw new IllegalArgumentException("Checkpoint document: " + name + " must be text");
    }
    return value;
  }
}
