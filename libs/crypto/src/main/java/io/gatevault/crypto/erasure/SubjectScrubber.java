package io.gatevault.crypto.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatevault.core.config.CanonicalJson;
import io.gatevault.core.config.ConfigEntity;
import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.config.ContentHash;
import io.gatevault.core.config.DataCategory;
import io.gatevault.core.config.RedactedSecret;
import io.gatevault.core.config.SensitiveDataClassifier;
import io.gatevault.core.config.SensitiveField;
import io.gatevault.core.pitr.Checkpoint;
import io.gatevault.core.pitr.ConfigState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Removes one person's data from an unsealed artifact (a pure function: bytes in, bytes out, so it
 * is tested without storage or keys). The subject is a consumer id or a username, matched exactly
 * (case-sensitive), generically over the JSON: an exact match in any field covers every field a
 * gateway type's classification of personal data ({@code SensitiveDataRules}) names, and types
 * without rules are handled too. When a classifier is given, the result also names which classified
 * personal-data fields held the subject:
 *
 * <ol>
 *   <li>In a snapshot document ({@link ConfigSnapshot}) or a checkpoint ({@link Checkpoint}): an
 *       entity whose id or natural key is the subject (a Kong consumer, an account, a Caddy route
 *       whose {@code @id} is the person's e-mail) is removed, and with it every entity whose
 *       foreign keys point at a removed one (its credentials, a route's handlers). An entity whose
 *       position tag ({@code after:<id>}) named a removed one now names the nearest entity before
 *       it that stays, or none when it is first of its list: the list composes as the gateway's
 *       dump after deleting those entities would, and no tag names the person.
 *   <li>Everywhere in what remains (entity bodies, the native configuration, any other JSON
 *       document): an array element that is the subject, or an object holding a direct text field
 *       equal to the subject (Caddy {@code http_basic.accounts[] {username, password}}, a consumer
 *       list), is removed whole, so the person's password hash or key goes with the name; an object
 *       member whose key is the subject is removed, and one whose text value is the subject when it
 *       is the object's only member. Beside other members (SCG BasicAuth {@code args {user, hash}})
 *       it is left for review: removing the name alone would keep the hash, removing the object
 *       could open a route.
 *   <li>What still contains the subject string anywhere (e.g. inside a path {@code /users/alice/*})
 *       is reported as residual: it cannot be removed without knowing what the text means, so the
 *       artifact is not rewritten and the erasure of it is reported as needing review.
 * </ol>
 *
 * The result names paths ({@code nativeConfig/apps/http/.../accounts/0}), never values. A
 * snapshot's config hash is recomputed the way it was made (over the native configuration, or over
 * it without its top-level {@code admin} member, as the Caddy adapter does), so a restore's probe
 * still matches.
 */
public final class SubjectScrubber {

  /**
   * Prefix of a position tag ({@code after:<id of the entity before it>}, libs/gateways {@code
   * SiblingOrder}): the route or handler list of a Caddy server, Spring Cloud Gateway routes.
   */
  static final String AFTER = "after:";

  private SubjectScrubber() {}

  /**
   * What scrubbing one document found and produced.
   *
   * @param document the document without the subject; the input unchanged when nothing was removed
   * @param removedPaths where the subject's data was removed, paths only
   * @param residualPaths where the subject string still occurs after removal (then the document is
   *     not to be written)
   * @param personalDataFields where the gateway type's classification of personal data ({@code
   *     SensitiveDataRules}) found the subject before removal: {@code entityKey#pointer (kind)}
   */
  public record Result(
      byte[] document,
      List<String> removedPaths,
      List<String> residualPaths,
      List<String> personalDataFields) {
    public Result {
      removedPaths = List.copyOf(removedPaths);
      residualPaths = List.copyOf(residualPaths);
      personalDataFields = List.copyOf(personalDataFields);
    }

    Result(byte[] document, List<String> removedPaths, List<String> residualPaths) {
      this(document, removedPaths, residualPaths, List.of());
    }

    /** The subject occurred in the document. */
    public boolean containsSubject() {
      return !removedPaths.isEmpty() || !residualPaths.isEmpty();
    }

    /** Everything found was removed: the document can be written in place of the original. */
    public boolean clean() {
      return residualPaths.isEmpty();
    }
  }

  /** The document without {@code subject}'s data. */
  public static Result scrub(byte[] document, String subject) {
    return scrub(document, subject, null);
  }

  /**
   * The document without {@code subject}'s data, naming also which of the gateway type's classified
   * personal-data fields held it ({@code classifier} may be null: no classification for the type).
   */
  public static Result scrub(byte[] document, String subject, SensitiveDataClassifier classifier) {
    Result result = scrubGenerically(document, subject);
    if (classifier == null || !result.containsSubject()) {
      return result;
    }
    ConfigSnapshot snapshot = snapshotOrNull(document);
    if (snapshot == null) {
      return result;
    }
    List<String> classified = new ArrayList<>();
    for (SensitiveField field : classifier.classify(snapshot)) {
      if (field.kind().category() != DataCategory.PERSONAL_DATA) {
        continue;
      }
      JsonNode root =
          SensitiveField.NATIVE_CONFIG.equals(field.entityKey())
              ? snapshot.nativeConfigTree()
              : snapshot.entity(field.entityKey()).map(ConfigEntity::bodyTree).orElse(null);
      JsonNode value = root == null ? null : root.at(field.path());
      if (value != null && value.isTextual() && value.textValue().equals(subject)) {
        classified.add(
            field.reference().replace(subject, "(subject)") + " (" + field.kind().label() + ")");
      }
    }
    return new Result(result.document(), result.removedPaths(), result.residualPaths(), classified);
  }

  /**
   * A change-log segment (JSON lines of changes with entity images) without the subject's data; see
   * {@link ChangeSegmentScrubber}.
   */
  public static Result scrubChangeSegment(byte[] document, String subject) {
    return scrubChangeSegment(document, subject, Map.of());
  }

  /**
   * A change-log segment without the subject's data, a position tag naming an erased entity pointed
   * at the predecessor {@code erasedPositions} gives for it ({@link #erasedPositions}, from the
   * gateway's snapshots and checkpoints), or dropped when none is known.
   */
  public static Result scrubChangeSegment(
      byte[] document, String subject, Map<String, String> erasedPositions) {
    requireSubject(subject);
    return ChangeSegmentScrubber.scrub(document, subject, erasedPositions);
  }

  private static Result scrubGenerically(byte[] document, String subject) {
    requireSubject(subject);
    JsonNode tree;
    try {
      tree = CanonicalJson.parse(document);
    } catch (IllegalArgumentException notJson) {
      // Not JSON: nothing can be removed safely, only detected.
      boolean found = containsText(document, subject);
      return new Result(document, List.of(), found ? List.of("(not a JSON document)") : List.of());
    }
    List<String> removed = new ArrayList<>();
    byte[] result;
    ConfigSnapshot snapshot = snapshotOrNull(document);
    ConfigState checkpoint = snapshot == null ? checkpointOrNull(document) : null;
    if (snapshot != null) {
      result = scrubSnapshot(snapshot, subject, removed);
    } else if (checkpoint != null) {
      result = scrubCheckpoint(checkpoint, document, subject, removed);
    } else {
      JsonNode copy = tree.deepCopy();
      scrubTree(copy, subject, "", removed);
      result = removed.isEmpty() ? document : CanonicalJson.toBytes(copy);
    }
    return new Result(result, removed, occurrences(result, subject));
  }

  /**
   * Where {@code subject} occurs in a document: JSON paths of every key or text value containing it
   * (so an escaped form is found too), or the whole document when it is not JSON. Empty means the
   * subject string does not occur.
   */
  public static List<String> occurrences(byte[] document, String subject) {
    requireSubject(subject);
    List<String> paths = new ArrayList<>();
    JsonNode tree;
    try {
      tree = CanonicalJson.parse(document);
    } catch (IllegalArgumentException notJson) {
      return containsText(document, subject) ? List.of("(not a JSON document)") : List.of();
    }
    collectOccurrences(tree, subject, "", paths);
    if (paths.isEmpty() && containsText(document, subject)) {
      paths.add("(raw bytes)");
    }
    return paths;
  }

  private static byte[] scrubSnapshot(
      ConfigSnapshot snapshot, String subject, List<String> removed) {
    List<ConfigEntity> kept = scrubEntities(snapshot.entities(), subject, removed);
    JsonNode oldNative = snapshot.nativeConfigTree();
    JsonNode newNative = oldNative.deepCopy();
    scrubTree(newNative, subject, "nativeConfig", removed);
    if (removed.isEmpty()) {
      return snapshot.toDocument();
    }
    String nativeText = CanonicalJson.toCanonicalString(newNative);
    // A secret capture redacted from the subject's removed data leaves no placeholder behind: a
    // restore must not ask for it. The others keep their names (their references are names).
    StringBuilder remaining = new StringBuilder(nativeText);
    kept.forEach(entity -> remaining.append(entity.body()));
    List<RedactedSecret> secrets =
        snapshot.redactedSecrets().stream()
            .filter(secret -> remaining.indexOf(secret.placeholder()) >= 0)
            .toList();
    return new ConfigSnapshot(
            snapshot.gatewayId(),
            snapshot.gatewayType(),
            kept,
            nativeText,
            configHash(snapshot.configHash(), oldNative, newNative),
            secrets)
        .toDocument();
  }

  /**
   * A checkpoint ({@link Checkpoint}: the entities at a watermark) without the subject: the same
   * entity rules as a snapshot's; base snapshot, watermark and its time stay.
   */
  private static byte[] scrubCheckpoint(
      ConfigState state, byte[] document, String subject, List<String> removed) {
    List<ConfigEntity> kept = scrubEntities(state.entities(), subject, removed);
    if (removed.isEmpty()) {
      return document;
    }
    ConfigSnapshot entities =
        new ConfigSnapshot(state.gatewayId(), state.gatewayType(), kept, "{}", null, List.of());
    return Checkpoint.write(
        ConfigState.fromSnapshot(
            entities, state.baseSnapshot(), state.watermark(), state.watermarkTime()));
  }

  /** Which entities are the subject's (their id or natural key), with what belongs to them. */
  private static Set<String> subjectEntityKeys(List<ConfigEntity> entities, String subject) {
    Set<String> removedKeys = new HashSet<>();
    for (ConfigEntity entity : entities) {
      if (subject.equals(entity.id()) || subject.equals(entity.naturalKey())) {
        removedKeys.add(entity.key());
      }
    }
    // Entities that belong to a removed one (a consumer's credentials) go with it.
    boolean grew = !removedKeys.isEmpty();
    while (grew) {
      grew = false;
      for (ConfigEntity entity : entities) {
        if (!removedKeys.contains(entity.key())
            && entity.foreignKeys().values().stream().anyMatch(removedKeys::contains)) {
          removedKeys.add(entity.key());
          grew = true;
        }
      }
    }
    return removedKeys;
  }

  /**
   * The entities without the subject's, each kept one's body scrubbed and its position tag pointed
   * past removed entities ({@link #erasedPositions}).
   */
  private static List<ConfigEntity> scrubEntities(
      List<ConfigEntity> entities, String subject, List<String> removed) {
    Set<String> removedKeys = subjectEntityKeys(entities, subject);
    Map<String, String> positions = positionsPast(entities, removedKeys);
    List<ConfigEntity> kept = new ArrayList<>();
    for (ConfigEntity entity : entities) {
      String at = "entities/" + entity.type() + "/" + safe(entity.id(), subject);
      if (removedKeys.contains(entity.key())) {
        removed.add(at);
        continue;
      }
      JsonNode body = entity.bodyTree();
      int before = removed.size();
      scrubTree(body, subject, at + "/body", removed);
      List<String> tags = repositioned(entity, positions, subject, at, removed);
      kept.add(
          removed.size() == before && tags.equals(entity.tags())
              ? entity
              : ConfigEntity.of(
                  entity.type(),
                  entity.id(),
                  subject.equals(entity.naturalKey()) ? null : entity.naturalKey(),
                  tags,
                  entity.foreignKeys(),
                  body));
    }
    return kept;
  }

  /**
   * Where each of the subject's entities in a snapshot or checkpoint stood, as the predecessor an
   * entity that followed it gets instead: {@code type/id} of the removed entity to the id of the
   * nearest entity before it that stays, or {@code ""} when none does (its follower becomes the
   * first of its list). Empty for other documents, or when no entity is the subject's. An erasure
   * gives this to {@link #scrubChangeSegment(byte[], String, Map)}, whose changes name the removed
   * entity in position tags but do not hold where it stood.
   */
  public static Map<String, String> erasedPositions(byte[] document, String subject) {
    requireSubject(subject);
    List<ConfigEntity> entities = entitiesOrNull(document);
    if (entities == null) {
      return Map.of();
    }
    return positionsPast(entities, subjectEntityKeys(entities, subject));
  }

  /**
   * For each removed entity ({@code type/id}), the id of the nearest kept entity before it in its
   * list, following the removed ones' own position tags; {@code ""} when the run starts with
   * removed entities. An entity that followed a removed one then follows that kept entity, so the
   * list composes as if the removed ones had never been there (what the gateway's own dump would
   * say after deleting them); with no kept entity before, it starts the list, as the first one of a
   * dump carries no position.
   */
  private static Map<String, String> positionsPast(
      List<ConfigEntity> entities, Set<String> removedKeys) {
    if (removedKeys.isEmpty()) {
      return Map.of();
    }
    Map<String, ConfigEntity> byKey = new HashMap<>();
    entities.forEach(entity -> byKey.put(entity.key(), entity));
    Map<String, String> positions = new TreeMap<>();
    for (String key : removedKeys) {
      ConfigEntity current = byKey.get(key);
      Set<String> seen = new HashSet<>();
      String predecessor = "";
      while (current != null && seen.add(current.key())) {
        String previous = previousOf(current);
        if (previous == null) {
          predecessor = "";
          break;
        }
        String previousKey = current.type() + "/" + previous;
        if (!removedKeys.contains(previousKey)) {
          predecessor = previous;
          break;
        }
        current = byKey.get(previousKey);
      }
      positions.put(key, predecessor);
    }
    return positions;
  }

  /**
   * The entity's tags with its position tag pointing past an erased entity ({@code positions}:
   * {@code type/id} to the predecessor that stays, {@code ""} for none). A tag that named an id
   * holding the subject is reported as removed; one naming another removed entity (a credential of
   * the subject's) is repaired without a path.
   */
  static List<String> repositioned(
      ConfigEntity entity,
      Map<String, String> positions,
      String subject,
      String at,
      List<String> removed) {
    String previous = previousOf(entity);
    if (previous == null) {
      return entity.tags();
    }
    String replacement = positions.get(entity.type() + "/" + previous);
    if (replacement == null) {
      if (!previous.contains(subject)) {
        return entity.tags();
      }
      // The subject's entity is not among those given (a change segment without a known
      // position): the entity starts a run of its own, placed by the composer's fallback order.
      replacement = "";
    }
    List<String> tags = new ArrayList<>();
    for (String tag : entity.tags()) {
      if (!tag.startsWith(AFTER)) {
        tags.add(tag);
      } else if (!replacement.isEmpty()) {
        tags.add(AFTER + replacement);
      }
    }
    if (previous.contains(subject)) {
      removed.add(at + "/tags/" + AFTER + "(subject)");
    }
    return tags;
  }

  /** The id an entity's position tag names, or null when it carries none. */
  static String previousOf(ConfigEntity entity) {
    for (String tag : entity.tags()) {
      if (tag.startsWith(AFTER) && tag.length() > AFTER.length()) {
        return tag.substring(AFTER.length());
      }
    }
    return null;
  }

  /**
   * Position tags of a snapshot or checkpoint that name an entity the document does not hold: a
   * dump never writes one (each names the entity before it in the same list), so after an erasure
   * such a tag is one that still names an erased entity. Paths only; empty for other documents.
   */
  public static List<String> danglingPositions(byte[] document, String subject) {
    requireSubject(subject);
    List<ConfigEntity> entities = entitiesOrNull(document);
    if (entities == null) {
      return List.of();
    }
    Set<String> keys = new HashSet<>();
    entities.forEach(entity -> keys.add(entity.key()));
    List<String> paths = new ArrayList<>();
    for (ConfigEntity entity : entities) {
      String previous = previousOf(entity);
      if (previous != null && !keys.contains(entity.type() + "/" + previous)) {
        paths.add(
            "entities/"
                + entity.type()
                + "/"
                + safe(entity.id(), subject)
                + "/tags/"
                + AFTER
                + safe(previous, subject)
                + " (names an entity the document does not hold)");
      }
    }
    return paths;
  }

  /** The entities of a snapshot or checkpoint document, or null for another document. */
  private static List<ConfigEntity> entitiesOrNull(byte[] document) {
    ConfigSnapshot snapshot = snapshotOrNull(document);
    if (snapshot != null) {
      return snapshot.entities();
    }
    ConfigState checkpoint = checkpointOrNull(document);
    return checkpoint == null ? null : checkpoint.entities();
  }

  private static ConfigState checkpointOrNull(byte[] document) {
    try {
      return Checkpoint.read(document);
    } catch (IllegalArgumentException notACheckpoint) {
      return null;
    }
  }

  /**
   * The new configuration's hash, made the way the old one was: over the whole native
   * configuration, or over it without {@code admin} (Caddy: the target's admin endpoint is not
   * configuration). Any other derivation is unknown here; the whole configuration's hash is then
   * the best a restore's probe can be compared with.
   */
  static ContentHash configHash(ContentHash old, JsonNode oldNative, JsonNode newNative) {
    if (oldNative.isObject() && oldNative.has("admin")) {
      ObjectNode oldWithout = ((ObjectNode) oldNative).deepCopy();
      oldWithout.remove("admin");
      if (ContentHash.ofJson(oldWithout).equals(old)) {
        ObjectNode newWithout = ((ObjectNode) newNative).deepCopy();
        newWithout.remove("admin");
        return ContentHash.ofJson(newWithout);
      }
    }
    return ContentHash.ofJson(newNative);
  }

  /** Removes the subject's data inside {@code node} (in place), adding the paths removed. */
  static void scrubTree(JsonNode node, String subject, String path, List<String> removed) {
    if (node instanceof ArrayNode array) {
      for (int i = array.size() - 1; i >= 0; i--) {
        JsonNode element = array.get(i);
        if (isSubject(element, subject) || holdsSubjectDirectly(element, subject)) {
          array.remove(i);
          removed.add(0, join(path, Integer.toString(i)));
        }
      }
      for (int i = 0; i < array.size(); i++) {
        scrubTree(array.get(i), subject, join(path, Integer.toString(i)), removed);
      }
    } else if (node instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        JsonNode value = object.get(name);
        if (name.equals(subject)) {
          object.remove(name);
          removed.add(join(path, safe(name, subject)));
        } else if (isSubject(value, subject)) {
          // Alone, the value goes. Beside other members it is a record about the person that is
          // not an array element (SCG BasicAuth args {user, hash}): removing only the name would
          // leave their password hash behind, removing the whole object could open a route. It
          // stays, and the residual check reports the artifact for review.
          if (object.size() == 1) {
            object.remove(name);
            removed.add(join(path, safe(name, subject)));
          }
        } else {
          scrubTree(value, subject, join(path, name), removed);
        }
      }
    }
  }

  private static boolean isSubject(JsonNode node, String subject) {
    return node != null && node.isTextual() && node.textValue().equals(subject);
  }

  private static boolean holdsSubjectDirectly(JsonNode element, String subject) {
    if (!(element instanceof ObjectNode object)) {
      return false;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
    while (fields.hasNext()) {
      if (isSubject(fields.next().getValue(), subject)) {
        return true;
      }
    }
    return false;
  }

  private static void collectOccurrences(
      JsonNode node, String subject, String path, List<String> paths) {
    if (node.isTextual()) {
      if (node.textValue().contains(subject)) {
        paths.add(path.isEmpty() ? "(document)" : path);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collectOccurrences(node.get(i), subject, join(path, Integer.toString(i)), paths);
      }
    } else if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        String at = join(path, safe(field.getKey(), subject));
        if (field.getKey().contains(subject)) {
          paths.add(at);
        }
        collectOccurrences(field.getValue(), subject, at, paths);
      }
    }
  }

  private static ConfigSnapshot snapshotOrNull(byte[] document) {
    try {
      return ConfigSnapshot.fromDocument(document);
    } catch (IllegalArgumentException notASnapshot) {
      return null;
    }
  }

  private static boolean containsText(byte[] document, String subject) {
    return new String(document, StandardCharsets.UTF_8).contains(subject);
  }

  /**
   * A path segment that would spell the subject is written as {@code (subject)}: paths, not values.
   */
  private static String safe(String segment, String subject) {
    return segment.contains(subject) ? "(subject)" : segment;
  }

  private static String join(String path, String segment) {
    return path.isEmpty() ? segment : path + "/" + segment;
  }

  private static void requireSubject(String subject) {
    if (subject == null || subject.isBlank()) {
      throw new IllegalArgumentException(
          "The subject to erase must not be blank: give the consumer id or username");
    }
  }
}
