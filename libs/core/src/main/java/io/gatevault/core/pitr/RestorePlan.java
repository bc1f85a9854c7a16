package io.gatevault.core.pitr;

import io.gatevault.core.config.ConfigDiff;
import io.gatevault.core.config.ConfigEntity;
import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.config.DependencyOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a restore does to a gateway, entity by entity: creates parents first, then updates (parents
 * first), then deletes children first, so no step refers to an entity that is not there yet or no
 * longer there. A selective restore plans only the selected entities and names the differences it
 * leaves out; references the result would break (dangling) and reference cycles that leave no order
 * are problems, and a plan with problems is not executable.
 *
 * @param selection what was selected
 * @param steps the steps in order
 * @param leftOut differences not planned because the selection excludes them
 * @param problems why the plan cannot be executed as it is; empty when it can
 */
public record RestorePlan(
    RestoreSelection selection, List<Step> steps, List<LeftOut> leftOut, List<Problem> problems) {

  public RestorePlan {
    Objects.requireNonNull(selection, "selection");
    steps = List.copyOf(steps);
    leftOut = List.copyOf(leftOut);
    problems = List.copyOf(problems);
  }

  /** What a step does. */
  public enum Action {
    CREATE("+"),
    UPDATE("~"),
    DELETE("-");

    private final String symbol;

    Action(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  /**
   * One step.
   *
   * @param number 1-based position in the plan
   * @param action what it does
   * @param before the live entity, null for a CREATE
   * @param after the wanted entity, null for a DELETE
   * @param changedPaths for an UPDATE what differs (as {@link ConfigDiff.EntityChange})
   */
  public record Step(
      int number,
      Action action,
      ConfigEntity before,
      ConfigEntity after,
      List<String> changedPaths) {

    public Step {
      changedPaths = List.copyOf(changedPaths);
    }

    public String key() {
      return (after != null ? after : before).key();
    }

    /** {@code 3. + route/api (host=a.test)}. */
    public String render() {
      ConfigEntity shown = after != null ? after : before;
      String line = number + ". " + action.symbol() + " " + shown.label();
      return action == Action.UPDATE && !changedPaths.isEmpty()
          ? line + ": " + String.join(", ", changedPaths)
          : line;
    }
  }

  /** A difference the selection leaves as it is live. */
  public record LeftOut(String key, Action action) {}

  /** Why the plan cannot be executed. */
  public record Problem(Kind kind, List<String> keys, String message) {

    /** What kind of problem. */
    public enum Kind {
      /** The result would hold a reference to an entity it does not have. */
      DANGLING_REFERENCE,
      /** Entities reference each other in a cycle, so there is no parent-first order. */
      CYCLE
    }

    public Problem {
      keys = List.copyOf(keys);
    }
  }

  /** The plan that turns a gateway's live configuration into the wanted one. */
  public static RestorePlan between(
      ConfigSnapshot live, List<ConfigEntity> wanted, RestoreSelection selection) {
    return between(live.entities(), wanted, selection);
  }

  /** The plan that turns the live entities into the wanted ones (keys unique within each). */
  public static RestorePlan between(
      List<ConfigEntity> live, List<ConfigEntity> wanted, RestoreSelection selection) {
    Map<String, ConfigEntity> liveByKey = index(live, "live");
    Map<String, ConfigEntity> wantedByKey = index(wanted, "wanted");
    ConfigDiff diff =
        ConfigDiff.between(
            new ConfigSnapshot("live", "plan", live, "{}", null),
            new ConfigSnapshot("live", "plan", wanted, "{}", null));

    List<ConfigEntity> creates = new ArrayList<>();
    List<ConfigEntity> updates = new ArrayList<>();
    List<ConfigEntity> deletes = new ArrayList<>();
    Map<String, List<String>> changedPaths = new HashMap<>();
    List<LeftOut> leftOut = new ArrayList<>();
    for (ConfigDiff.EntityChange change : diff.changes()) {
      Action action =
          switch (change.kind()) {
            case ADDED -> Action.CREATE;
            case CHANGED -> Action.UPDATE;
            case REMOVED -> Action.DELETE;
          };
      ConfigEntity subject = change.after() != null ? change.after() : change.before();
      if (!selection.matches(subject)
          && (change.before() == null || !selection.matches(change.before()))) {
        leftOut.add(new LeftOut(change.key(), action));
        continue;
      }
      switch (action) {
        case CREATE -> creates.add(change.after());
        case UPDATE -> {
          updates.add(change.after());
          changedPaths.put(change.key(), change.changedPaths());
        }
        case DELETE -> deletes.add(change.before());
      }
    }

    List<Problem> problems = new ArrayList<>();
    DependencyOrder createOrder = DependencyOrder.of(creates);
    DependencyOrder updateOrder = DependencyOrder.of(updates);
    DependencyOrder deleteOrder = DependencyOrder.of(deletes);
    cycle(createOrder, "created", problems);
    cycle(deleteOrder, "deleted", problems);

    List<Step> steps = new ArrayList<>();
    for (ConfigEntity entity : createOrder.parentsFirst()) {
      steps.add(new Step(steps.size() + 1, Action.CREATE, null, entity, List.of()));
    }
    for (ConfigEntity entity : updateOrder.parentsFirst()) {
      steps.add(
          new Step(
              steps.size() + 1,
              Action.UPDATE,
              liveByKey.get(entity.key()),
              entity,
              changedPaths.get(entity.key())));
    }
    for (ConfigEntity entity : deleteOrder.childrenFirst()) {
      steps.add(new Step(steps.size() + 1, Action.DELETE, entity, null, List.of()));
    }
    dangling(liveByKey, wantedByKey, steps, leftOut, problems);
    return new RestorePlan(selection, steps, leftOut, problems);
  }

  /**
   * Referential integrity of a whole configuration (step 3 of a point-in-time restore: check the
   * replayed state before planning): every foreign key that names an entity the configuration does
   * not hold, in entity order.
   */
  public static List<Problem> danglingReferences(List<ConfigEntity> entities) {
    java.util.Set<String> keys = new java.util.HashSet<>();
    entities.forEach(entity -> keys.add(entity.key()));
    List<ConfigEntity> sorted = new ArrayList<>(entities);
    sorted.sort(ConfigEntity.ORDER);
    List<Problem> problems = new ArrayList<>();
    for (ConfigEntity entity : sorted) {
      for (Map.Entry<String, String> reference : entity.foreignKeys().entrySet()) {
        if (!keys.contains(reference.getValue())) {
          problems.add(
              new Problem(
                  Problem.Kind.DANGLING_REFERENCE,
                  List.of(entity.key(), reference.getValue()),
                  entity.key()
                      + " refers ("
                      + reference.getKey()
                      + ") to "
                      + reference.getValue()
                      + ", which the configuration does not hold"));
        }
      }
    }
    return problems;
  }

  /** Whether the plan can be carried out as it is. */
  public boolean isExecutable() {
    return problems.isEmpty();
  }

  /** The entities the gateway holds once every step is applied. */
  public List<ConfigEntity> resultingEntities(List<ConfigEntity> live) {
    Map<String, ConfigEntity> result = new TreeMap<>();
    live.forEach(entity -> result.put(entity.key(), entity));
    for (Step step : steps) {
      if (step.action() == Action.DELETE) {
        result.remove(step.key());
      } else {
        result.put(step.key(), step.after());
      }
    }
    List<ConfigEntity> entities = new ArrayList<>(result.values());
    entities.sort(ConfigEntity.ORDER);
    return entities;
  }

  /** Steps, left-out differences and problems, one per line. */
  public String render() {
    StringBuilder text = new StringBuilder();
    text.append("Restore plan (")
        .append(selection.describe())
        .append("): ")
        .append(steps.size())
        .append(" step(s)");
    for (Step step : steps) {
      text.append('\n').append(step.render());
    }
    if (!leftOut.isEmpty()) {
      text.append('\n').append("Left out by the selection (stay as they are live):");
      for (LeftOut out : leftOut) {
        text.append('\n').append("  ").append(out.action().symbol()).append(' ').append(out.key());
      }
    }
    for (Problem problem : problems) {
      text.append('\n')
          .append("PROBLEM ")
          .append(problem.kind())
          .append(": ")
          .append(problem.message());
    }
    return text.toString();
  }

  private static void cycle(DependencyOrder order, String verb, List<Problem> problems) {
    if (!order.cycles().isEmpty()) {
      problems.add(
          new Problem(
              Problem.Kind.CYCLE,
              order.cycles(),
              "entities to be "
                  + verb
                  + " reference each other in a cycle, so none can go first: "
                  + String.join(", ", order.cycles())
                  + ". Break the cycle on the gateway (or restore them as one whole document)."));
    }
  }

  private static void dangling(
      Map<String, ConfigEntity> live,
      Map<String, ConfigEntity> wanted,
      List<Step> steps,
      List<LeftOut> leftOut,
      List<Problem> problems) {
    Map<String, ConfigEntity> result = new TreeMap<>(live);
    java.util.Set<String> deleted = new java.util.HashSet<>();
    java.util.Set<String> stepped = new java.util.HashSet<>();
    for (Step step : steps) {
      stepped.add(step.key());
      if (step.action() == Action.DELETE) {
        result.remove(step.key());
        deleted.add(step.key());
      } else {
        result.put(step.key(), step.after());
      }
    }
    Map<String, Action> notPlanned = new HashMap<>();
    leftOut.forEach(out -> notPlanned.put(out.key(), out.action()));
    for (ConfigEntity entity : result.values()) {
      boolean touched =
          stepped.contains(entity.key())
              || entity.foreignKeys().values().stream().anyMatch(deleted::contains);
      if (!touched) {
        continue;
      }
      for (Map.Entry<String, String> reference : entity.foreignKeys().entrySet()) {
        String target = reference.getValue();
        if (result.containsKey(target)) {
          continue;
        }
        String hint;
        if (notPlanned.get(target) == Action.CREATE) {
          hint = "it is in the backup but the selection leaves it out: select it too";
        } else if (deleted.contains(target)) {
          hint =
              "the plan deletes it: select " + entity.key() + " too, or leave " + target + " out";
        } else if (wanted.containsKey(target)) {
          hint = "it is in the backup but not planned";
        } else {
          hint = "neither the gateway nor the backup has it";
        }
        problems.add(
            new Problem(
                Problem.Kind.DANGLING_REFERENCE,
                List.of(entity.key(), target),
                entity.key()
                    + " would refer ("
                    + reference.getKey()
                    + ") to "
                    + target
                    + ", which the restored gateway would not have: "
                    + hint));
      }
    }
  }

  private static Map<String, ConfigEntity> index(List<ConfigEntity> entities, String which) {
    Map<String, ConfigEntity> byKey = new HashMap<>();
    for (ConfigEntity entity : entities) {
      if (byKey.put(entity.key(), entity) != null) {
        throw new IllegalArgumentException(
            "The " + which + " configuration has two entities with key " + entity.key());
      }
    }
    return byKey;
  }
}
