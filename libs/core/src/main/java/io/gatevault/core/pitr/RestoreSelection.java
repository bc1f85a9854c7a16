package io.gatevault.core.pitr;

import io.gatevault.core.config.ConfigEntity;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which entities a selective restore touches: an entity is selected when it matches every filter
 * given (an empty filter matches all). Types match exactly; tags match when the entity carries one
 * of them; names are globs ({@code *} any text) matched against the entity's id, its {@code
 * type/id} key and its natural key.
 *
 * @param types entity types, e.g. {@code route}
 * @param tags tags, e.g. {@code server:site}
 * @param names globs, e.g. {@code api-*} or {@code host=shop.test*}
 */
public record RestoreSelection(Set<String> types, Set<String> tags, List<String> names) {

  /** Everything. */
  public static final RestoreSelection ALL = new RestoreSelection(Set.of(), Set.of(), List.of());

  public RestoreSelection {
    types = Set.copyOf(new TreeSet<>(types == null ? Set.of() : types));
    tags = Set.copyOf(new TreeSet<>(tags == null ? Set.of() : tags));
    names = List.copyOf(names == null ? List.of() : names);
    for (String name : names) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException(
            "A name filter of a selective restore must not be blank");
      }
    }
  }

  /** Whether nothing is filtered. */
  public boolean selectsAll() {
    return types.isEmpty() && tags.isEmpty() && names.isEmpty();
  }

  /** Whether the entity is selected. */
  public boolean matches(ConfigEntity entity) {
    if (!types.isEmpty() && !types.contains(entity.type())) {
      return false;
    }
    if (!tags.isEmpty() && entity.tags().stream().noneMatch(tags::contains)) {
      return false;
    }
    if (names.isEmpty()) {
      return true;
    }
    for (String name : names) {
      Pattern glob = glob(name);
      if (glob.matcher(entity.id()).matches()
          || glob.matcher(entity.key()).matches()
          || (entity.naturalKey() != null && glob.matcher(entity.naturalKey()).matches())) {
        return true;
      }
    }
    return false;
  }

  /** For reports, e.g. {@code type in [route], name matching [api-*]}; {@code everything}. */
  public String describe() {
    if (selectsAll()) {
      return "everything";
    }
    List<String> parts = new ArrayList<>();
    if (!types.isEmpty()) {
      parts.add("type in " + new TreeSet<>(types));
    }
    if (!tags.isEmpty()) {
      parts.add("tag in " + new TreeSet<>(tags));
    }
    if (!names.isEmpty()) {
      parts.add("name matching " + names);
    }
    return String.join(", ", parts);
  }

  private static Pattern glob(String name) {
    return Pattern.compile(
        java.util.Arrays.stream(name.split("\\*", -1))
            .map(Pattern::quote)
            .collect(java.util.stream.Collectors.joining(".*")));
  }
}
