package io.gatevault.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One entity of a gateway's configuration in the canonical model (a Kong service, a Caddy route, a
 * handler inside it...). Every adapter maps its gateway's configuration into these, so diffs,
 * dependency order and reports work the same for every gateway.
 *
 * @param type entity type in the adapter's vocabulary, lower case (route, handler, server, app)
 * @param id stable id unique within its type: the gateway's own id when it has one, otherwise one
 *     derived from where the entity sits (e.g. {@code srv0/routes/2})
 * @param naturalKey how a person recognises the entity (host and path, a consumer's username), or
 *     null when there is none
 * @param tags labels, sorted and without duplicates
 * @param foreignKeys references to other entities, field name to {@code "type/id"}, sorted by field
 * @param body the entity's own configuration as canonical JSON ({@link CanonicalJson})
 */
public record ConfigEntity(
    String type,
    String id,
    String naturalKey,
    List<String> tags,
    SortedMap<String, String> foreignKeys,
    String body) {

  /** Entities in a snapshot and a diff come in this order: by type, then by id. */
  public static final Comparator<ConfigEntity> ORDER =
      Comparator.comparing(ConfigEntity::type).thenComparing(ConfigEntity::id);

  private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_-]*");

  public ConfigEntity {
    if (type == null || !TYPE.matcher(type).matches()) {
      throw new IllegalArgumentException(
          "ConfigEntity.type must be lower-case letters, digits, '_' or '-' starting with a"
              + " letter, got: "
              + type);
    }
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("ConfigEntity.id of a " + type + " must not be blank");
    }
    if (naturalKey != null && naturalKey.isBlank()) {
      naturalKey = null;
    }
    tags = tags == null ? List.of() : List.copyOf(new TreeSet<>(tags));
    SortedMap<String, String> keys = new TreeMap<>();
    if (foreignKeys != null) {
      for (Map.Entry<String, String> reference : foreignKeys.entrySet()) {
        String target = reference.getValue();
        if (target == null || target.indexOf('/') < 1 || target.endsWith("/")) {
          throw new IllegalArgumentException(
              "ConfigEntity "
                  + type
                  + "/"
                  + id
                  + " foreign key "
                  + reference.getKey()
                  + " must be \"type/id\", got: "
                  + target);
        }
        keys.put(reference.getKey(), target);
      }
    }
    foreignKeys = Collections.unmodifiableSortedMap(keys);
    if (body == null) {
      throw new IllegalArgumentException(
          "ConfigEntity " + type + "/" + id + " needs a body (use {} for none)");
    }
    body = CanonicalJson.canonicalize(body);
  }

  /** An entity from a JSON tree body. */
  public static ConfigEntity of(
      String type,
      String id,
      String naturalKey,
      Collection<String> tags,
      Map<String, String> foreignKeys,
      JsonNode body) {
    return new ConfigEntity(
        type,
        id,
        naturalKey,
        tags == null ? List.of() : List.copyOf(tags),
        foreignKeys == null ? null : new TreeMap<>(foreignKeys),
        CanonicalJson.toCanonicalString(body));
  }

  /** {@code type/id}: unique within a snapshot. */
  public String key() {
    return type + "/" + id;
  }

  /** The body as a (fresh, mutable) JSON tree. */
  public JsonNode bodyTree() {
    return CanonicalJson.parse(body);
  }

  /** {@code key()} with the natural key, for reports. */
  public String label() {
    return naturalKey == null ? key() : key() + " (" + naturalKey + ")";
  }
}
