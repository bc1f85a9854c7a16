package io.gatevault.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A gateway's whole configuration at one moment, in the canonical model: the entities (for diffs
 * and reports) and the gateway's own configuration document (so a restore puts back exactly what
 * was there, including settings no entity covers).
 *
 * <p>Its {@link #toDocument() document} is the "snapshot document" that capture publishes, encrypt
 * seals and restore reads back: canonical JSON, so equal snapshots are byte-equal.
 *
 * @param gatewayId Gatevault id of the gateway it was taken from
 * @param gatewayType adapter type (caddy, http-json...): a snapshot is applied only by that type
 * @param entities the entities, sorted by {@link ConfigEntity#ORDER}, keys unique
 * @param nativeConfig the gateway's configuration document as canonical JSON
 * @param configHash what the adapter's {@code configHash()} reports for a gateway running this
 *     configuration; usually the hash of {@code nativeConfig}, but an adapter may leave out parts
 *     that belong to the target rather than the configuration (Caddy's admin endpoint)
 * @param redactedSecrets the secrets capture replaced by placeholders (gateway setting {@code
 *     secrets: redact}); empty when the snapshot holds every value. A restore needs each supplied
 *     again ({@link SensitiveDataClassifier#supplySecrets})
 */
public record ConfigSnapshot(
    String gatewayId,
    String gatewayType,
    List<ConfigEntity> entities,
    String nativeConfig,
    ContentHash configHash,
    List<RedactedSecret> redactedSecrets) {

  /** Version of the snapshot document format written by {@link #toDocument()}. */
  public static final int FORMAT_VERSION = 1;

  public ConfigSnapshot {
    if (gatewayId == null || gatewayId.isBlank()) {
      throw new IllegalArgumentException("ConfigSnapshot.gatewayId must not be blank");
    }
    if (gatewayType == null || gatewayType.isBlank()) {
      throw new IllegalArgumentException("ConfigSnapshot.gatewayType must not be blank");
    }
    List<ConfigEntity> sorted = new ArrayList<>(entities == null ? List.of() : entities);
    sorted.sort(ConfigEntity.ORDER);
    Set<String> keys = new HashSet<>();
    for (ConfigEntity entity : sorted) {
      if (!keys.add(entity.key())) {
        throw new IllegalArgumentException(
            "Gateway "
                + gatewayId
                + " has two entities with key "
                + entity.key()
                + ": ids must be unique per type (give the gateway's objects distinct ids)");
      }
    }
    entities = List.copyOf(sorted);
    if (nativeConfig == null) {
      throw new IllegalArgumentException("ConfigSnapshot.nativeConfig is required");
    }
    nativeConfig = CanonicalJson.canonicalize(nativeConfig);
    if (configHash == null) {
      configHash = ContentHash.of(nativeConfig.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    redactedSecrets = redactedSecrets == null ? List.of() : List.copyOf(redactedSecrets);
  }

  /** A snapshot that holds every value (nothing redacted). */
  public ConfigSnapshot(
      String gatewayId,
      String gatewayType,
      List<ConfigEntity> entities,
      String nativeConfig,
      ContentHash configHash) {
    this(gatewayId, gatewayType, entities, nativeConfig, configHash, List.of());
  }

  /** A snapshot whose config hash is the hash of the whole native configuration. */
  public static ConfigSnapshot of(
      String gatewayId, String gatewayType, List<ConfigEntity> entities, JsonNode nativeConfig) {
    return new ConfigSnapshot(
        gatewayId, gatewayType, entities, CanonicalJson.toCanonicalString(nativeConfig), null);
  }

  /** The native configuration as a (fresh, mutable) JSON tree. */
  public JsonNode nativeConfigTree() {
    return CanonicalJson.parse(nativeConfig);
  }

  /** The entity with this {@code type/id} key. */
  public Optional<ConfigEntity> entity(String key) {
    return entities.stream().filter(entity -> entity.key().equals(key)).findFirst();
  }

  /** The snapshot document: canonical JSON bytes. */
  public byte[] toDocument() {
    return CanonicalJson.toBytes(toTree());
  }

  /** SHA-256 of {@link #toDocument()}. */
  public ContentHash documentHash() {
    return ContentHash.of(toDocument());
  }

  private ObjectNode toTree() {
    ObjectNode root = CanonicalJson.newObject();
    root.put("formatVersion", FORMAT_VERSION);
    root.put("gatewayId", gatewayId);
    root.put("gatewayType", gatewayType);
    root.put("configHash", configHash.hex());
    ArrayNode list = root.putArray("entities");
    for (ConfigEntity entity : entities) {
      ObjectNode node = list.addObject();
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
    }
    root.set("nativeConfig", CanonicalJson.parse(nativeConfig));
    // Written only when there are some, so documents of unredacted snapshots stay byte-equal to
    // those of earlier releases.
    if (!redactedSecrets.isEmpty()) {
      ArrayNode redacted = root.putArray("redactedSecrets");
      for (RedactedSecret secret : redactedSecrets) {
        ObjectNode node = redacted.addObject();
        node.put("entity", secret.entityKey());
        node.put("path", secret.path());
        node.put("kind", secret.kind().name());
        ArrayNode alsoAt = node.putArray("alsoAt");
        secret.alsoAt().forEach(alsoAt::add);
      }
    }
    return root;
  }

  /**
   * Reads a snapshot document.
   *
   * @throws IllegalArgumentException naming the field that is missing or wrong, when the bytes are
   *     not a snapshot document of a format version this release reads
   */
  public static ConfigSnapshot fromDocument(byte[] document) {
    JsonNode root = CanonicalJson.parse(document);
    if (!root.isObject()) {
      throw new IllegalArgumentException("Not a snapshot document: the top level is not an object");
    }
    JsonNode version = root.get("formatVersion");
    if (version == null || !version.canConvertToInt() || version.intValue() != FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "Not a snapshot document this release reads: formatVersion is "
              + version
              + ", expected "
              + FORMAT_VERSION);
    }
    List<ConfigEntity> entities = new ArrayList<>();
    JsonNode list = required(root, "entities");
    if (!list.isArray()) {
      throw new IllegalArgumentException("Snapshot document: entities must be an array");
    }
    for (JsonNode node : list) {
      List<String> tags = new ArrayList<>();
      required(node, "tags").forEach(tag -> tags.add(tag.asText()));
      Map<String, String> foreignKeys = new TreeMap<>();
      Iterator<Map.Entry<String, JsonNode>> fields = required(node, "foreignKeys").fields();
      fields.forEachRemaining(field -> foreignKeys.put(field.getKey(), field.getValue().asText()));
      JsonNode naturalKey = node.get("naturalKey");
      entities.add(
          ConfigEntity.of(
              text(node, "type"),
              text(node, "id"),
              naturalKey == null || naturalKey.isNull() ? null : naturalKey.asText(),
              tags,
              foreignKeys,
              required(node, "body")));
    }
    List<RedactedSecret> redacted = new ArrayList<>();
    JsonNode redactedList = root.get("redactedSecrets");
    if (redactedList != null && redactedList.isArray()) {
      for (JsonNode node : redactedList) {
        List<String> alsoAt = new ArrayList<>();
        node.path("alsoAt").forEach(reference -> alsoAt.add(reference.asText()));
        SensitiveKind kind;
        try {
          kind = SensitiveKind.valueOf(text(node, "kind"));
        } catch (IllegalArgumentException unknown) {
          throw new IllegalArgumentException(
              "Snapshot document: redactedSecrets kind " + node.get("kind") + " is unknown");
        }
        redacted.add(new RedactedSecret(text(node, "entity"), text(node, "path"), kind, alsoAt));
      }
    }
    return new ConfigSnapshot(
        text(root, "gatewayId"),
        text(root, "gatewayType"),
        entities,
        CanonicalJson.toCanonicalString(required(root, "nativeConfig")),
        new ContentHash(text(root, "configHash")),
        redacted);
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("Snapshot document: field " + field + " is missing");
    }
    return value;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = required(node, field);
    if (!value.isTextual()) {
      throw new IllegalArgumentException("Snapshot document: field " + field + " must be text");
    }
    return value.textValue();
  }
}
