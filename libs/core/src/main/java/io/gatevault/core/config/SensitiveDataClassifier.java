package io.gatevault.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the sensitive values of a configuration snapshot by a gateway type's {@link
 * SensitiveFieldRule rules}, and takes secrets out of a snapshot (and puts them back). Reports name
 * values by entity and JSON path, never by content. A pure function of the snapshot and the rules.
 *
 * <p>Rules are tried in order: a text value gets the kind of the first rule that covers it, so rule
 * sets list secrets before personal data.
 */
public final class SensitiveDataClassifier {

  /** Secrets shorter than this are not searched for inside natural keys (too many false hits). */
  private static final int MIN_LENGTH_SEARCHED_IN_TEXT = 4;

  private final List<SensitiveFieldRule.Compiled> rules;

  public SensitiveDataClassifier(List<SensitiveFieldRule> rules) {
    List<SensitiveFieldRule.Compiled> compiled = new ArrayList<>();
    for (SensitiveFieldRule rule : rules) {
      compiled.add(rule.compile());
    }
    this.rules = List.copyOf(compiled);
  }

  /**
   * Every sensitive value of the snapshot: those in entity bodies under their entity, and those of
   * the native document that no entity holds under {@value SensitiveField#NATIVE_CONFIG}.
   */
  public List<SensitiveField> classify(ConfigSnapshot snapshot) {
    List<SensitiveField> fields = new ArrayList<>();
    Set<String> entityValues = new HashSet<>();
    for (ConfigEntity entity : snapshot.entities()) {
      for (Hit hit : hits(entity.bodyTree())) {
        fields.add(new SensitiveField(entity.key(), hit.pointer(), hit.kind()));
        entityValues.add(hit.value());
      }
    }
    for (Hit hit : hits(snapshot.nativeConfigTree())) {
      if (!entityValues.contains(hit.value())) {
        fields.add(new SensitiveField(SensitiveField.NATIVE_CONFIG, hit.pointer(), hit.kind()));
      }
    }
    return List.copyOf(fields);
  }

  /**
   * The snapshot with every secret value replaced by its {@link RedactedSecret#placeholder()}, in
   * entity bodies, the native document and natural keys, and the list of what was replaced. Equal
   * values share one placeholder. The config hash stays the one of the configuration the gateway
   * ran. Personal data is kept.
   */
  public ConfigSnapshot redactSecrets(ConfigSnapshot snapshot) {
    Map<String, Group> byValue = new LinkedHashMap<>();
    List<JsonNode> bodies = new ArrayList<>();
    for (ConfigEntity entity : snapshot.entities()) {
      JsonNode body = entity.bodyTree();
      for (Hit hit : hits(body)) {
        if (hit.kind().isSecret()) {
          group(byValue, entity.key(), hit).replace(hit);
        }
      }
      bodies.add(body);
    }
    JsonNode nativeConfig = snapshot.nativeConfigTree();
    for (Hit hit : hits(nativeConfig)) {
      if (hit.kind().isSecret()) {
        group(byValue, SensitiveField.NATIVE_CONFIG, hit).replace(hit);
      }
    }
    if (byValue.isEmpty()) {
      return snapshot;
    }
    Map<String, String> replacements = new LinkedHashMap<>();
    byValue.forEach((value, group) -> replacements.put(value, group.secret().placeholder()));
    List<ConfigEntity> entities = new ArrayList<>();
    for (int i = 0; i < bodies.size(); i++) {
      ConfigEntity entity = snapshot.entities().get(i);
      entities.add(
          ConfigEntity.of(
              entity.type(),
              entity.id(),
              replaceInText(entity.naturalKey(), replacements),
              entity.tags(),
              entity.foreignKeys(),
              replaceEqualText(bodies.get(i), replacements)));
    }
    List<RedactedSecret> redacted = byValue.values().stream().map(Group::secret).toList();
    return new ConfigSnapshot(
        snapshot.gatewayId(),
        snapshot.gatewayType(),
        entities,
        CanonicalJson.toCanonicalString(replaceEqualText(nativeConfig, replacements)),
        snapshot.configHash(),
        redacted);
  }

  /**
   * The snapshot with the supplied values in place of its placeholders and no redactions left. Its
   * config hash is that of the native document with these values (the caller's adapter may compute
   * its own from {@link ConfigSnapshot#nativeConfigTree()}).
   *
   * @param values value per {@link RedactedSecret#reference()}; references the snapshot does not
   *     have are ignored
   * @throws MissingSecretValuesException naming every redacted value not supplied
   */
  public static ConfigSnapshot supplySecrets(ConfigSnapshot snapshot, Map<String, String> values) {
    if (snapshot.redactedSecrets().isEmpty()) {
      return snapshot;
    }
    List<RedactedSecret> missing =
        snapshot.redactedSecrets().stream()
            .filter(secret -> values.get(secret.reference()) == null)
            .toList();
    if (!missing.isEmpty()) {
      throw new MissingSecretValuesException(missing);
    }
    Map<String, String> replacements = new LinkedHashMap<>();
    for (RedactedSecret secret : snapshot.redactedSecrets()) {
      replacements.put(secret.placeholder(), values.get(secret.reference()));
    }
    List<ConfigEntity> entities = new ArrayList<>();
    for (ConfigEntity entity : snapshot.entities()) {
      entities.add(
          ConfigEntity.of(
              entity.type(),
              entity.id(),
              replaceInText(entity.naturalKey(), replacements),
              entity.tags(),
              entity.foreignKeys(),
              replaceEqualText(entity.bodyTree(), replacements)));
    }
    return new ConfigSnapshot(
        snapshot.gatewayId(),
        snapshot.gatewayType(),
        entities,
        CanonicalJson.toCanonicalString(
            replaceEqualText(snapshot.nativeConfigTree(), replacements)),
        null,
        List.of());
  }

  private static Group group(Map<String, Group> byValue, String entityKey, Hit hit) {
    Group group = byValue.get(hit.value());
    if (group == null) {
      group = new Group(entityKey, hit);
      byValue.put(hit.value(), group);
    } else if (!entityKey.equals(SensitiveField.NATIVE_CONFIG)) {
      // The native document repeats what entities hold: the same place, not another one.
      group.alsoAt(entityKey + "#" + hit.pointer());
    }
    return group;
  }

  /** The text values this rule set covers in a tree, in document order. */
  private List<Hit> hits(JsonNode root) {
    List<Hit> hits = new ArrayList<>();
    walk(root, null, null, new ArrayList<>(), new ArrayList<>(), List.of(), hits);
    return hits;
  }

  private void walk(
      JsonNode node,
      JsonNode parent,
      String name,
      List<String> path,
      List<JsonNode> nodes,
      List<SensitiveFieldRule.Compiled> covering,
      List<Hit> hits) {
    List<SensitiveFieldRule.Compiled> active = new ArrayList<>(covering);
    for (SensitiveFieldRule.Compiled rule : rules) {
      if (!active.contains(rule) && rule.matchesPath(path, nodes)) {
        active.add(rule);
      }
    }
    if (node.isTextual()) {
      for (SensitiveFieldRule.Compiled rule : rules) {
        if (active.contains(rule)
            && rule.matchesValue(node.textValue())
            && !node.textValue().startsWith(RedactedSecret.PLACEHOLDER_PREFIX)) {
          hits.add(new Hit(pointer(path), rule.rule().kind(), node.textValue(), parent, name));
          return;
        }
      }
      return;
    }
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        descend(field.getValue(), node, field.getKey(), path, nodes, active, hits);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        descend(node.get(i), node, Integer.toString(i), path, nodes, active, hits);
      }
    }
  }

  private void descend(
      JsonNode child,
      JsonNode node,
      String name,
      List<String> path,
      List<JsonNode> nodes,
      List<SensitiveFieldRule.Compiled> active,
      List<Hit> hits) {
    path.add(name);
    nodes.add(child);
    walk(child, node, name, path, nodes, active, hits);
    path.remove(path.size() - 1);
    nodes.remove(nodes.size() - 1);
  }

  /** RFC 6901: {@code ~} as {@code ~0}, {@code /} as {@code ~1}. */
  static String pointer(List<String> path) {
    StringBuilder pointer = new StringBuilder();
    for (String segment : path) {
      pointer.append('/').append(segment.replace("~", "~0").replace("/", "~1"));
    }
    return pointer.toString();
  }

  /** Replaces every text node equal to a key of {@code replacements}, in place. */
  private static JsonNode replaceEqualText(JsonNode node, Map<String, String> replacements) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        JsonNode child = object.get(name);
        if (child.isTextual() && replacements.containsKey(child.textValue())) {
          object.put(name, replacements.get(child.textValue()));
        } else {
          replaceEqualText(child, replacements);
        }
      }
    } else if (node.isArray()) {
      ArrayNode array = (ArrayNode) node;
      for (int i = 0; i < array.size(); i++) {
        JsonNode child = array.get(i);
        if (child.isTextual() && replacements.containsKey(child.textValue())) {
          array.set(i, TextNode.valueOf(replacements.get(child.textValue())));
        } else {
          replaceEqualText(child, replacements);
        }
      }
    }
    return node;
  }

  /** Replaces occurrences inside a free text (a natural key), longest values first. */
  private static String replaceInText(String text, Map<String, String> replacements) {
    if (text == null) {
      return null;
    }
    List<Map.Entry<String, String>> entries = new ArrayList<>(replacements.entrySet());
    entries.sort((a, b) -> b.getKey().length() - a.getKey().length());
    for (Map.Entry<String, String> entry : entries) {
      if (entry.getKey().length() >= MIN_LENGTH_SEARCHED_IN_TEXT) {
        text = text.replace(entry.getKey(), entry.getValue());
      }
    }
    return text;
  }

  private record Hit(
      String pointer, SensitiveKind kind, String value, JsonNode parent, String name) {}

  /** One secret value and the places it was found. */
  private static final class Group {
    private final String entityKey;
    private final Hit first;
    private final List<String> alsoAt = new ArrayList<>();

    Group(String entityKey, Hit first) {
      this.entityKey = entityKey;
      this.first = first;
    }

    void alsoAt(String reference) {
      alsoAt.add(reference);
    }

    RedactedSecret secret() {
      return new RedactedSecret(entityKey, first.pointer(), first.kind(), alsoAt);
    }

    void replace(Hit hit) {
      String placeholder = secret().placeholder();
      if (hit.parent() instanceof ObjectNode object) {
        object.put(hit.name(), placeholder);
      } else if (hit.parent() instanceof ArrayNode array) {
        array.set(Integer.parseInt(hit.name()), TextNode.valueOf(placeholder));
      }
    }
  }
}
