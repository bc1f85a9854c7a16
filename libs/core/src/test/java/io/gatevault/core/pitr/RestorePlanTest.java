package io.gatevault.core.pitr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.core.config.ConfigEntity;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RestorePlanTest {

  static ConfigEntity entity(String type, String id, String body, String... references) {
    return tagged(type, id, body, List.of(), references);
  }

  static ConfigEntity tagged(
      String type, String id, String body, List<String> tags, String... references) {
    TreeMap<String, String> keys = new TreeMap<>();
    for (String reference : references) {
      keys.put(reference.substring(0, reference.indexOf('/')), reference);
    }
    return new ConfigEntity(type, id, "name-" + id, tags, keys, body);
  }

  private static List<String> steps(RestorePlan plan) {
    return plan.steps().stream().map(step -> step.action() + " " + step.key()).toList();
  }

  private final List<ConfigEntity> live =
      List.of(
          entity("service", "old", "{}"),
          entity("route", "old-r", "{}", "service/old"),
          entity("plugin", "old-p", "{}", "route/old-r"),
          entity("service", "kept", "{\"v\":1}"),
          tagged("route", "kept-r", "{}", List.of("team:a"), "service/kept"));

  private final List<ConfigEntity> wanted =
      List.of(
          entity("service", "kept", "{\"v\":2}"),
          tagged("route", "kept-r", "{}", List.of("team:a"), "service/kept"),
          entity("service", "new", "{}"),
          entity("route", "new-r", "{}", "service/new"),
          entity("plugin", "new-p", "{}", "route/new-r"));

  @Test
  void parentsAreCreatedFirstUpdatesComeBetweenAndChildrenAreDeletedFirst() {
    RestorePlan plan = RestorePlan.between(live, wanted, RestoreSelection.ALL);

    assertThat(steps(plan))
        .containsExactly(
            "CREATE service/new",
            "CREATE route/new-r",
            "CREATE plugin/new-p",
            "UPDATE service/kept",
            "DELETE plugin/old-p",
            "DELETE route/old-r",
            "DELETE service/old");
    assertThat(plan.isExecutable()).isTrue();
    assertThat(plan.steps().get(3).changedPaths()).containsExactly("body/v");
    assertThat(plan.resultingEntities(live)).containsExactlyInAnyOrderElementsOf(wanted);
    assertThat(plan.render()).contains("4. ~ service/kept (name-kept): body/v");
  }

  @Test
  void aSelectiveRestorePlansOnlyTheSelectedEntitiesAndNamesWhatItLeavesOut() {
    RestorePlan plan =
        RestorePlan.between(
            live, wanted, new RestoreSelection(Set.of("service"), Set.of(), List.of("kept")));

    assertThat(steps(plan)).containsExactly("UPDATE service/kept");
    assertThat(plan.leftOut())
        .extracting(out -> out.action() + " " + out.key())
        .containsExactlyInAnyOrder(
            "DELETE plugin/old-p",
            "CREATE plugin/new-p",
            "DELETE route/old-r",
            "CREATE route/new-r",
            "CREATE service/new",
            "DELETE service/old");
    assertThat(plan.isExecutable()).isTrue();
    assertThat(plan.render()).contains("Left out by the selection").contains("+ service/new");
  }

  @Test
  void selectionByTagAndByNaturalKeyGlob() {
    RestoreSelection byTag = new RestoreSelection(null, Set.of("team:a"), null);
    RestoreSelection byName = new RestoreSelection(null, null, List.of("name-new*"));

    assertThat(byTag.matches(wanted.get(1))).isTrue();
    assertThat(byTag.matches(wanted.get(0))).isFalse();
    assertThat(steps(RestorePlan.between(live, wanted, byName)))
        .containsExactly("CREATE service/new", "CREATE route/new-r", "CREATE plugin/new-p");
  }

  @Test
  void selectingAChildWithoutItsNewParentIsADanglingReferenceNamingTheFix() {
    RestorePlan plan =
        RestorePlan.between(live, wanted, new RestoreSelection(Set.of("route"), null, null));

    assertThat(plan.isExecutable()).isFalse();
    assertThat(plan.problems())
        .anySatisfy(
            problem -> {
              assertThat(problem.kind()).isEqualTo(RestorePlan.Problem.Kind.DANGLING_REFERENCE);
              assertThat(problem.keys()).containsExactly("route/new-r", "service/new");
              assertThat(problem.message())
                  .contains("route/new-r would refer (service) to service/new")
                  .contains("select it too");
            });
  }

  @Test
  void deletingAParentWhoseChildStaysIsReported() {
    RestorePlan plan =
        RestorePlan.between(live, wanted, new RestoreSelection(Set.of("service"), null, null));

    assertThat(plan.problems())
        .extracting(RestorePlan.Problem::message)
        .anySatisfy(
            message ->
                assertThat(message)
                    .contains("route/old-r would refer (service) to service/old")
                    .contains("the plan deletes it"));
  }

  @Test
  void aReferenceToAnEntityNobodyHasIsReported() {
    RestorePlan plan =
        RestorePlan.between(
            List.of(), List.of(entity("route", "r", "{}", "service/ghost")), RestoreSelection.ALL);

    assertThat(plan.problems())
        .singleElement()
        .satisfies(
            problem ->
                assertThat(problem.message())
                    .contains("neither the gateway nor the backup has it"));
  }

  @Test
  void aReferenceCycleAmongCreatedEntitiesIsReportedByKey() {
    RestorePlan plan =
        RestorePlan.between(
            List.of(),
            List.of(entity("a", "1", "{}", "b/2"), entity("b", "2", "{}", "a/1")),
            RestoreSelection.ALL);

    assertThat(plan.isExecutable()).isFalse();
    assertThat(plan.problems())
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.kind()).isEqualTo(RestorePlan.Problem.Kind.CYCLE);
              assertThat(problem.keys()).containsExactly("a/1", "b/2");
              assertThat(problem.message()).contains("to be created reference each other");
            });
  }

  @Test
  void duplicateKeysAreRefused() {
    assertThatThrownBy(
            () ->
                RestorePlan.between(
                    List.of(entity("a", "1", "{}"), entity("a", "1", "{\"x\":1}")),
                    List.of(),
                    RestoreSelection.ALL))
        .hasMessageContaining("two entities with key a/1");
  }

  @Test
  void aReplayedConfigurationIsCheckedForReferencesToEntitiesItDoesNotHold() {
    List<ConfigEntity> replayed =
        List.of(
            entity("service", "s", "{}"),
            entity("route", "ok", "{}", "service/s"),
            entity("route", "orphan", "{}", "service/deleted"));

    assertThat(RestorePlan.danglingReferences(replayed))
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.keys()).containsExactly("route/orphan", "service/deleted");
              assertThat(problem.message())
                  .isEqualTo(
                      "route/orphan refers (service) to service/deleted, which the configuration"
                          + " does not hold");
            });
    assertThat(RestorePlan.danglingReferences(wanted)).isEmpty();
  }
}
