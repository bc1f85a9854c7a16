package io.gatevault.core.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.core.config.ConfigEntity;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class EntityImageTest {

  private static final ConfigEntity ROUTE =
      new ConfigEntity(
          "route",
          "r1",
          "host=a.test",
          List.of("team:b", "team:a"),
          new TreeMap<>(Map.of("server", "server/srv0", "plugin", "plugin/p1")),
          "{\"match\":[{\"host\":[\"a.test\"]}],\"terminal\":true}");

  @Test
  void imageIsTheWholeEntityAsCanonicalJson() {
    assertThat(EntityImage.encode(ROUTE))
        .isEqualTo(
            "{\"body\":{\"match\":[{\"host\":[\"a.test\"]}],\"terminal\":true},"
                + "\"foreignKeys\":{\"plugin\":\"plugin/p1\",\"server\":\"server/srv0\"},"
                + "\"id\":\"r1\",\"naturalKey\":\"host=a.test\",\"tags\":[\"team:a\",\"team:b\"],"
                + "\"type\":\"route\"}");
  }

  @Test
  void decodingAnImageRebuildsTheEntityExactly() {
    ConfigEntity plain = new ConfigEntity("setting", "logging", null, null, null, "[1,2.50]");

    assertThat(EntityImage.decode(EntityImage.encode(ROUTE))).isEqualTo(ROUTE);
    assertThat(EntityImage.decode(EntityImage.encode(plain))).isEqualTo(plain);
  }

  @Test
  void equalEntitiesGiveByteEqualImagesWhateverTheMemberOrderOfTheirSource() {
    String reordered =
        "{\"type\":\"route\",\"tags\":[\"team:b\",\"team:a\"],\"naturalKey\":\"host=a.test\","
            + "\"id\":\"r1\",\"foreignKeys\":{\"server\":\"server/srv0\",\"plugin\":\"plugin/p1\"},"
            + "\"body\":{\"terminal\":true,\"match\":[{\"host\":[\"a.test\"]}]}}";

    assertThat(EntityImage.encode(EntityImage.decode(reordered)))
        .isEqualTo(EntityImage.encode(ROUTE));
  }

  @Test
  void anImageWithoutABodyOrWithBadMembersIsRefusedNamingTheMember() {
    assertThatThrownBy(
            () ->
                EntityImage.decode(
                    "{\"type\":\"route\",\"id\":\"r1\",\"naturalKey\":null,\"tags\":[],"
                        + "\"foreignKeys\":{}}"))
        .hasMessageContaining("route/r1")
        .hasMessageContaining("no body");
    assertThatThrownBy(
            () ->
                EntityImage.decode(
                    "{\"type\":\"route\",\"id\":\"r1\",\"naturalKey\":null,\"tags\":\"x\","
                        + "\"foreignKeys\":{},\"body\":{}}"))
        .hasMessageContaining("tags must be an array");
    assertThatThrownBy(() -> EntityImage.decode("{\"id\":\"r1\"}")).hasMessageContaining("type");
    assertThatThrownBy(() -> EntityImage.decode("not json")).hasMessageContaining("must be JSON");
  }
}
