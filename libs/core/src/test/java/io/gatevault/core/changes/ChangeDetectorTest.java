package io.gatevault.core.changes;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.core.config.ConfigEntity;
import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.config.ContentHash;
import io.gatevault.core.event.ChangeOperation;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ChangeDetectorTest {

  static ConfigEntity entity(String type, String id, String body, String... references) {
    TreeMap<String, String> keys = new TreeMap<>();
    for (String reference : references) {
      keys.put(reference.substring(0, reference.indexOf('/')), reference);
    }
    return new ConfigEntity(type, id, null, List.of(), keys, body);
  }

  static ConfigSnapshot snapshot(List<ConfigEntity> entities) {
    StringBuilder doc = new StringBuilder("{");
    for (ConfigEntity entity : entities) {
      if (doc.length() > 1) {
        doc.append(',');
      }
      doc.append('"').append(entity.key()).append("\":").append(entity.body());
    }
    return new ConfigSnapshot("gw", "http-json", entities, doc.append('}').toString(), null);
  }

  private static List<String> render(List<DetectedChange> changes) {
    return changes.stream().map(change -> change.op() + " " + change.entity().key()).toList();
  }

  @Test
  void withoutAPreviousConfigurationEveryEntityIsCreatedParentsFirst() {
    ConfigSnapshot current =
        snapshot(
            List.of(
                entity("a-handler", "h1", "{}", "route/r1"),
                entity("route", "r1", "{}", "server/s1"),
                entity("server", "s1", "{}")));

    List<DetectedChange> changes = ChangeDetector.detect(null, current);

    assertThat(render(changes))
        .containsExactly("CREATE server/s1", "CREATE route/r1", "CREATE a-handler/h1");
    assertThat(changes.get(0).beforeImage()).isNull();
    assertThat(EntityImage.decode(changes.get(0).afterImage()))
        .isEqualTo(current.entities().get(2));
  }

  @Test
  void equalConfigurationHashesMeanNoChangesWithoutLookingAtEntities() {
    ConfigSnapshot previous = snapshot(List.of(entity("server", "s1", "{}")));
    // Same hash, different entities: the detector must trust the hash and not diff.
    ConfigSnapshot sameHash =
        new ConfigSnapshot(
            "gw",
            "http-json",
            List.of(entity("server", "s2", "{}")),
            "{\"x\":1}",
            previous.configHash());

    assertThat(ChangeDetector.detect(previous, sameHash)).isEmpty();
  }

  @Test
  void createsAndUpdatesComeParentsFirstThenDeletesChildrenFirst() {
    ConfigSnapshot previous =
        snapshot(
            List.of(
                entity("server", "old", "{}"),
                entity("route", "gone", "{}", "server/old"),
                entity("handler", "gone-h", "{}", "route/gone"),
                entity("route", "kept", "{\"v\":1}", "server/old")));
    ConfigSnapshot current =
        snapshot(
            List.of(
                entity("server", "new", "{}"),
                entity("route", "kept", "{\"v\":2}", "server/new"),
                entity("handler", "added", "{}", "route/kept")));

    List<DetectedChange> changes = ChangeDetector.detect(previous, current);

    assertThat(render(changes))
        .containsExactly(
            "CREATE server/new",
            "UPDATE route/kept",
            "CREATE handler/added",
            "DELETE handler/gone-h",
            "DELETE route/gone",
            "DELETE server/old");
    DetectedChange update = changes.get(1);
    assertThat(EntityImage.decode(update.beforeImage()).body()).isEqualTo("{\"v\":1}");
    assertThat(EntityImage.decode(update.afterImage()).foreignKeys())
        .isEqualTo(Map.of("server", "server/new"));
    assertThat(changes.get(5).afterImage()).isNull();
  }

  @Test
  void aChangeOfTagsOrNaturalKeyAloneIsAnUpdate() {
    ConfigEntity plain = entity("route", "r", "{}");
    ConfigEntity tagged = new ConfigEntity("route", "r", "host=a", List.of("x"), null, "{}");

    assertThat(ChangeDetector.detect(List.of(plain), List.of(tagged)))
        .singleElement()
        .satisfies(change -> assertThat(change.op()).isEqualTo(ChangeOperation.UPDATE));
  }

  @Test
  void theSameDifferenceGivesTheSameChangesInTheSameOrder() {
    List<ConfigEntity> before = List.of(entity("b", "1", "{}"), entity("a", "2", "{}"));
    List<ConfigEntity> after = List.of(entity("c", "3", "{}"), entity("a", "1", "{}"));

    List<ConfigEntity> beforeReversed = new java.util.ArrayList<>(before);
    java.util.Collections.reverse(beforeReversed);
    List<ConfigEntity> afterReversed = new java.util.ArrayList<>(after);
    java.util.Collections.reverse(afterReversed);

    assertThat(ChangeDetector.detect(before, after))
        .isEqualTo(ChangeDetector.detect(beforeReversed, afterReversed));
    assertThat(render(ChangeDetector.detect(before, after)))
        .containsExactly("CREATE a/1", "CREATE c/3", "DELETE b/1", "DELETE a/2");
  }

  @Test
  void referenceCyclesDoNotStopDetection() {
    ConfigSnapshot current =
        snapshot(List.of(entity("a", "1", "{}", "b/2"), entity("b", "2", "{}", "a/1")));

    assertThat(render(ChangeDetector.detect(null, current)))
        .containsExactly("CREATE a/1", "CREATE b/2");
  }

  @Test
  void aDifferenceOutsideTheEntitiesGivesNoEntityChange() {
    ConfigSnapshot previous = snapshot(List.of(entity("server", "s1", "{}")));
    ConfigSnapshot current =
        new ConfigSnapshot(
            "gw",
            "http-json",
            previous.entities(),
            "{\"other\":true}",
            ContentHash.of(new byte[] {1}));

    assertThat(ChangeDetector.detect(previous, current)).isEmpty();
  }
}
