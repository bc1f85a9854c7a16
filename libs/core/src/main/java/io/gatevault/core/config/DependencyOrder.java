package io.gatevault.core.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Entities ordered so that every entity comes after the entities it references through its {@link
 * ConfigEntity#foreignKeys() foreign keys} (parents first); reverse it for deletions (children
 * first). Ties are broken by {@link ConfigEntity#key()}, so the order is deterministic.
 *
 * <p>References to keys outside the given entities do not constrain the order (they are reported by
 * whoever checks integrity). Entities on a reference cycle cannot be ordered: they come last, in
 * key order, and are named in {@link #cycles()}.
 *
 * @param parentsFirst the entities, parents before children
 * @param cycles the keys of the entities on, or depending on, a reference cycle; empty when the
 *     order is complete
 */
public record DependencyOrder(List<ConfigEntity> parentsFirst, List<String> cycles) {

  public DependencyOrder {
    parentsFirst = List.copyOf(parentsFirst);
    cycles = List.copyOf(cycles);
  }

  /** Orders the entities (keys must be unique). */
  public static DependencyOrder of(Collection<ConfigEntity> entities) {
    Map<String, ConfigEntity> byKey = new TreeMap<>();
    for (ConfigEntity entity : entities) {
      if (byKey.put(entity.key(), entity) != null) {
        throw new IllegalArgumentException(
            "Two entities with key " + entity.key() + " cannot be put in dependency order");
      }
    }
    Map<String, Integer> waitingFor = new HashMap<>();
    Map<String, List<String>> children = new HashMap<>();
    for (ConfigEntity entity : byKey.values()) {
      Set<String> parents = new TreeSet<>(entity.foreignKeys().values());
      parents.remove(entity.key());
      int count = 0;
      for (String parent : parents) {
        if (byKey.containsKey(parent)) {
          count++;
          children.computeIfAbsent(parent, key -> new ArrayList<>()).add(entity.key());
        }
      }
      waitingFor.put(entity.key(), count);
    }
    TreeSet<String> ready = new TreeSet<>();
    waitingFor.forEach(
        (key, count) -> {
          if (count == 0) {
            ready.add(key);
          }
        });
    List<ConfigEntity> ordered = new ArrayList<>(byKey.size());
    while (!ready.isEmpty()) {
      String key = ready.pollFirst();
      ordered.add(byKey.get(key));
      for (String child : children.getOrDefault(key, List.of())) {
        if (waitingFor.merge(child, -1, Integer::sum) == 0) {
          ready.add(child);
        }
      }
    }
    List<String> cyclic = new ArrayList<>();
    if (ordered.size() < byKey.size()) {
      for (Map.Entry<String, Integer> entry : new TreeMap<>(waitingFor).entrySet()) {
        if (entry.getValue() > 0) {
          cyclic.add(entry.getKey());
          ordered.add(byKey.get(entry.getKey()));
        }
      }
    }
    return new DependencyOrder(ordered, cyclic);
  }

  /** Children before parents: the order to delete in. */
  public List<ConfigEntity> childrenFirst() {
    List<ConfigEntity> reversed = new ArrayList<>(parentsFirst);
    java.util.Collections.reverse(reversed);
    return reversed;
  }

  /** Position of each key in {@link #parentsFirst()}. */
  public Map<String, Integer> positions() {
    Map<String, Integer> positions = new HashMap<>();
    for (int i = 0; i < parentsFirst.size(); i++) {
      positions.put(parentsFirst.get(i).key(), i);
    }
    return positions;
  }
}
