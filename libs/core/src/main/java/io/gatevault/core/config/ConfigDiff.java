package io.gatevault.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What changes, entity by entity, when a gateway running {@code before} is given {@code after} (for
 * a restore: before = the target's live configuration, after = the backup). A pure function of the
 * two snapshots, in a deterministic order ({@link ConfigEntity#ORDER}).
 *
 * @param changes added, removed and changed entities in entity order
 * @param nativeConfigChanged whether the configuration hashes differ; it can be true with no entity
 *     change when the difference lies in settings no entity covers
 */
public record ConfigDiff(List<EntityChange> changes, boolean nativeConfigChanged) {

  /** How many body paths a change lists before summarising the rest. */
  static final int MAX_PATHS_PER_CHANGE = 8;

  public ConfigDiff {
    changes = List.copyOf(changes);
  }

  /** What happens to one entity. */
  public enum Kind {
    ADDED("+"),
    REMOVED("-"),
    CHANGED("~");

    private final String symbol;

    Kind(String symbol) {
      this.symbol = symbol;
    }

    /** The one-character marker used in {@link ConfigDiff#render()}. */
    public String symbol() {
      return symbol;
    }
  }

  /**
   * One entity's change.
   *
   * @param kind added, removed or changed
   * @param before the entity before, null when added
   * @param after the entity after, null when removed
   * @param changedPaths for a change: what differs, as {@code naturalKey}, {@code tags}, {@code
   *     foreignKeys.<field>} and JSON pointers into the body ({@code body/match/0/host}); empty
   *     otherwise
   */
  public record EntityChange(
      Kind kind, ConfigEntity before, ConfigEntity after, List<String> changedPaths) {

    public EntityChange {
      Objects.requireNonNull(kind, "kind");
      if ((kind == Kind.ADDED) != (before == null) || (kind == Kind.REMOVED) != (after == null)) {
        throw new IllegalArgumentException(kind + " change with inconsistent before/after");
      }
      changedPaths = List.copyOf(changedPaths);
    }

    /** The entity's {@code type/id}. */
    public String key() {
      return (after != null ? after : before).key();
    }

    /** One line: marker, key, natural key, and for a change what differs. */
    public String render() {
      ConfigEntity shown = after != null ? after : before;
      StringBuilder line = new StringBuilder(kind.symbol()).append(' ').append(shown.label());
      if (kind == Kind.CHANGED) {
        line.append(": ");
        if (changedPaths.size() > MAX_PATHS_PER_CHANGE) {
          line.append(String.join(", ", changedPaths.subList(0, MAX_PATHS_PER_CHANGE)))
              .append(" and ")
              .append(changedPaths.size() - MAX_PATHS_PER_CHANGE)
              .append(" more");
        } else {
          line.append(String.join(", ", changedPaths));
        }
      }
      return line.toString();
    }
  }

  /** The entity-level difference between two snapshots. */
  public static ConfigDiff between(ConfigSnapshot before, ConfigSnapshot after) {
    Map<String, ConfigEntity> old = index(before);
    Map<String, ConfigEntity> neu = index(after);
    List<ConfigEntity> all = new ArrayList<>(old.values());
    neu.forEach(
        (key, entity) -> {
          if (!old.containsKey(key)) {
            all.add(entity);
          }
        });
    all.sort(ConfigEntity.ORDER);
    List<EntityChange> changes = new ArrayList<>();
    for (ConfigEntity entity : all) {
      ConfigEntity was = old.get(entity.key());
      ConfigEntity will = neu.get(entity.key());
      if (was == null) {
        changes.add(new EntityChange(Kind.ADDED, null, will, List.of()));
      } else if (will == null) {
        changes.add(new EntityChange(Kind.REMOVED, was, null, List.of()));
      } else if (!was.equals(will)) {
        changes.add(new EntityChange(Kind.CHANGED, was, will, changedPaths(was, will)));
      }
    }
    return new ConfigDiff(changes, !before.configHash().equals(after.configHash()));
  }

  /** True when applying {@code after} would change nothing. */
  public boolean isEmpty() {
    return changes.isEmpty() && !nativeConfigChanged;
  }

  public List<EntityChange> added() {
    return of(Kind.ADDED);
  }

  public List<EntityChange> removed() {
    return of(Kind.REMOVED);
  }

  public List<EntityChange> changed() {
    return of(Kind.CHANGED);
  }

  /** A one-line count, e.g. {@code 3 entity change(s): 1 added, 1 removed, 1 changed}. */
  public String summary() {
    if (isEmpty()) {
      return "no differences";
    }
    if (changes.isEmpty()) {
      return "no entity differs; settings outside the entities differ";
    }
    return changes.size()
        + " entity change(s): "
        + added().size()
        + " added, "
        + removed().size()
        + " removed, "
        + changed().size()
        + " changed";
  }

  /** The summary, then one line per change ({@code +}, {@code -}, {@code ~}), "\n"-separated. */
  public String render() {
    StringBuilder text = new StringBuilder(summary());
    for (EntityChange change : changes) {
      text.append('\n').append(change.render());
    }
    if (nativeConfigChanged && !changes.isEmpty()) {
      text.append('\n').append("(configuration hash differs)");
    }
    return text.toString();
  }

  private List<EntityChange> of(Kind kind) {
    return changes.stream().filter(change -> change.kind() == kind).toList();
  }

  private static Map<String, ConfigEntity> index(ConfigSnapshot snapshot) {
    Map<String, ConfigEntity> byKey = new TreeMap<>();
    snapshot.entities().forEach(entity -> byKey.put(entity.key(), entity));
    return byKey;
  }

  private static List<String> changedPaths(ConfigEntity was, ConfigEntity will) {
    List<String> paths = new ArrayList<>();
    if (!Objects.equals(was.naturalKey(), will.naturalKey())) {
      paths.add("naturalKey");
    }
    if (!was.tags().equals(will.tags())) {
      paths.add("tags");
    }
    TreeSet<String> fields = new TreeSet<>(was.foreignKeys().keySet());
    fields.addAll(will.foreignKeys().keySet());
    for (String field : fields) {
      if (!Objects.equals(was.foreignKeys().get(field), will.foreignKeys().get(field))) {
        paths.add("foreignKeys." + field);
      }
    }
    if (!was.body().equals(will.body())) {
      bodyPaths(was.bodyTree(), will.bodyTree(), "body", paths);
    }
    return paths;
  }

  private static void bodyPaths(JsonNode was, JsonNode will, String path, List<String> paths) {
    if (was != null && will != null && was.isObject() && will.isObject()) {
      TreeSet<String> names = new TreeSet<>();
      Iterator<String> a = was.fieldNames();
      a.forEachRemaining(names::add);
      Iterator<String> b = will.fieldNames();
      b.forEachRemaining(names::add);
      for (String name : names) {
        bodyPaths(was.get(name), will.get(name), path + "/" + escape(name), paths);
      }
    } else if (was != null
        && will != null
        && was.isArray()
        && will.isArray()
        && was.size() == will.size()) {
      for (int i = 0; i < was.size(); i++) {
        bodyPaths(was.get(i), will.get(i), path + "/" + i, paths);
      }
    } else if (was == null
        || will == null
        || !CanonicalJson.toCanonicalString(was).equals(CanonicalJson.toCanonicalString(will))) {
      paths.add(path);
    }
  }

  /** JSON pointer escaping (RFC 6901). */
  private static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }
}
