package io.gatevault.gateways;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.core.config.CanonicalJson;
import io.gatevault.core.config.ConfigEntity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class SiblingOrderTest {

  private static final Comparator<ConfigEntity> BY_ID = Comparator.comparing(ConfigEntity::id);

  private static ConfigEntity entity(String id, String after) {
    return ConfigEntity.of(
        "route",
        id,
        null,
        after == null ? List.of() : List.of(SiblingOrder.afterTag(after)),
        null,
        CanonicalJson.newObject());
  }

  private static List<String> ids(List<ConfigEntity> entities) {
    return entities.stream().map(ConfigEntity::id).toList();
  }

  @Test
  void eachEntityFollowsTheOneItsTagNamesWhateverTheInputOrder() {
    List<ConfigEntity> shuffled =
        List.of(entity("b", "z"), entity("a", "b"), entity("z", null), entity("m", "a"));

    assertThat(ids(SiblingOrder.ordered(shuffled, BY_ID))).containsExactly("z", "b", "a", "m");
  }

  @Test
  void entitiesWithoutAPositionKeepTheFallbackOrder() {
    List<ConfigEntity> old = List.of(entity("c", null), entity("a", null), entity("b", null));

    assertThat(ids(SiblingOrder.ordered(old, BY_ID))).containsExactly("a", "b", "c");
  }

  @Test
  void anEntityWhosePredecessorIsMissingStartsARunOfItsOwn() {
    List<ConfigEntity> selected = List.of(entity("x", "gone"), entity("y", "x"), entity("a", null));

    assertThat(ids(SiblingOrder.ordered(selected, BY_ID))).containsExactly("a", "x", "y");
  }

  @Test
  void aCycleOfTagsLosesNoEntity() {
    List<ConfigEntity> cycle = List.of(entity("p", "q"), entity("q", "p"), entity("s", null));

    assertThat(ids(SiblingOrder.ordered(cycle, BY_ID))).containsExactly("s", "p", "q");
  }

  @Test
  void aLongListIsOrderedWithoutRecursion() {
    List<ConfigEntity> chain = new ArrayList<>();
    chain.add(entity("r0", null));
    for (int i = 1; i < 50_000; i++) {
      chain.add(entity("r" + i, "r" + (i - 1)));
    }
    List<ConfigEntity> reversed = new ArrayList<>(chain);
    java.util.Collections.reverse(reversed);

    assertThat(ids(SiblingOrder.ordered(reversed, BY_ID))).isEqualTo(ids(chain));
  }
}
