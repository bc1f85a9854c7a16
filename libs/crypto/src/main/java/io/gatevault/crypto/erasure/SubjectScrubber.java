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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Removes one person's data from an unsealed artifact (a pure function: bytes in, bytes out, so it
 * is tested without storage or keys). The subject is a consumer id or a username, matched exactly
 * (case-sensitive), generically over the JSON: an exact match in any field covers every field a
 * gateway type's classification of personal data ({@code SensitiveDataRules}) names, and types
 * without rules are handled too. When a classifier is given, the result also names which classified
 * personal-data fields held the subject:
 *
 * <ol>
 *   <li>In a snapshot document ({@link ConfigSnapshot}): an entity whose id or natural key is the
 *       subject (a Kong consumer, an account) is removed, and with it every entity whose foreign
 *       keys point at a removed one (its credentials).
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
    requireSubject(subject);
    return ChangeSegmentScrubber.scrub(document, subject);
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
    if (snapshot != null) {
      result = scrubSnapshot(snapshot, subject, removed);
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
    Set<String> removedKeys = new HashSet<>();
    for (ConfigEntity entity : snapshot.entities()) {
      if (subject.equals(entity.id()) || subject.equals(entity.naturalKey())) {
        removedKeys.add(entity.key());
      }
    }
    // Entities that belong to a removed one (a consumer's credentials) go with it.
    boolean grew = !removedKeys.isEmpty();
    while (grew) {
      grew = false;
      for (ConfigEntity entity : snapshot.entities()) {
        if (!removedKeys.contains(entity.key())
            && entity.foreignKeys().values().stream().anyMatch(removedKeys::contains)) {
          removedKeys.add(entity.key());
          grew = true;
        }
      }
    }
    List<ConfigEntity> kept = new ArrayList<>();
    for (ConfigEntity entity : snapshot.entities()) {
      if (removedKeys.contains(entity.key())) {
        removed.add("entities/" + entity.type() + "/" + safe(entity.id(), subject));
        continue;
      }
      JsonNode body = entity.bodyTree();
      int before = removed.size();
      scrubTree(
          body,
          subject,
          "entities/" + entity.type() + "/" + safe(entity.id(), subject) + "/body",
          removed);
      kept.add(
          removed.size() == before
              ? entity
              : ConfigEntity.of(
                  entity.type(),
                  entity.id(),
                  subject.equals(entity.naturalKey()) ? null : entity.naturalKey(),
                  entity.tags(),
                  entity.foreignKeys(),
                  body));
    }
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
