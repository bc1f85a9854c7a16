package io.gatevault.gateways;

import io.gatevault.core.config.ConfigEntity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where an entity sits in an ordered list of its gateway's configuration (Caddy routes in a server,
 * handlers in a route, Spring Cloud Gateway route definitions), carried by the entity itself: every
 * entity but the first of its list has the tag {@code after:<id of the entity before it>}.
 *
 * <p>Why a tag: the order of routes changes what a gateway does, and an entity with an id of its
 * own has no position in its id. With the predecessor in the entity, inserting a route between two
 * others is one created entity plus one updated neighbour, a move updates the moved entity and its
 * old and new neighbours, and {@code compose(base + changes)} yields the list of that moment even
 * for ids the base snapshot never saw. A tag rather than a foreign key, because a foreign key means
 * "depends on": dependency order, dangling-reference checks of selective restores and GDPR erasure
 * (which removes what depends on an erased entity) must not follow list order.
 *
 * <p>Entities without the tag (snapshots and change segments written before positions existed, or
 * the first of a list) are placed by a fallback order the caller gives; an entity whose predecessor
 * is not among the entities (a selective restore left it out) is placed like one without the tag.
 */
public final class SiblingOrder {

  /** Prefix of the position tag. */
  public static final String AFTER = "after:";

  private SiblingOrder() {}

  /** The position tag of an entity whose list holds {@code previousId} right before it. */
  public static String afterTag(String previousId) {
    return AFTER + previousId;
  }

  /** The id of the entity before this one in its list, when the entity carries its position. */
  public static Optional<String> previous(ConfigEntity entity) {
    for (String tag : entity.tags()) {
      if (tag.startsWith(AFTER) && tag.length() > AFTER.length()) {
        return Optional.of(tag.substring(AFTER.length()));
      }
    }
    return Optional.empty();
  }

  /**
   * The entities of one list in list order: each entity right after the one its position tag names;
   * entities without a present predecessor start a run, runs ordered by {@code fallback}. Two
   * entities naming the same predecessor (never in a dump) follow it in {@code fallback} order.
   *
   * @param siblings the entities of one list, ids unique
   * @param fallback order of entities that carry no usable position (old snapshots)
   */
  public static List<ConfigEntity> ordered(
      List<ConfigEntity> siblings, Comparator<ConfigEntity> fallback) {
    Map<String, ConfigEntity> byId = new LinkedHashMap<>();
    siblings.forEach(entity -> byId.put(entity.id(), entity));
    Map<String, List<ConfigEntity>> followers = new HashMap<>();
    List<ConfigEntity> starts = new ArrayList<>();
    for (ConfigEntity entity : siblings) {
      Optional<String> previous = previous(entity);
      if (previous.isPresent()
          && byId.containsKey(previous.get())
          && !previous.get().equals(entity.id())) {
        followers.computeIfAbsent(previous.get(), id -> new ArrayList<>()).add(entity);
      } else {
        starts.add(entity);
      }
    }
    starts.sort(fallback);
    followers.values().forEach(list -> list.sort(fallback));
    List<ConfigEntity> result = new ArrayList<>(siblings.size());
    Set<String> placed = new HashSet<>();
    for (ConfigEntity start : starts) {
      place(start, followers, placed, result);
    }
    if (result.size() < siblings.size()) {
      // Only a cycle of position tags (never in a dump) gets here: keep its members, by fallback.
      List<ConfigEntity> rest = new ArrayList<>();
      for (ConfigEntity entity : siblings) {
        if (!placed.contains(entity.id())) {
          rest.add(entity);
        }
      }
      rest.sort(fallback);
      for (ConfigEntity entity : rest) {
        place(entity, followers, placed, result);
      }
    }
    return result;
  }

  private static void place(
      ConfigEntity first,
      Map<String, List<ConfigEntity>> followers,
      Set<String> placed,
      List<ConfigEntity> result) {
    // Iterative depth-first walk: a list of thousands of routes must not overflow the stack.
    ArrayList<ConfigEntity> stack = new ArrayList<>();
    stack.add(first);
    while (!stack.isEmpty()) {
      ConfigEntity entity = stack.remove(stack.size() - 1);
      if (!placed.add(entity.id())) {
        continue;
      }
      result.add(entity);
      List<ConfigEntity> next = followers.getOrDefault(entity.id(), List.of());
      for (int i = next.size() - 1; i >= 0; i--) {
        stack.add(next.get(i));
      }
    }
  }
}
