package io.gatevault.gateways.scg;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.gatevault.core.config.CanonicalJson;
import io.gatevault.core.config.ConfigEntity;
import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.gateways.ReplayedChanges;
import io.gatevault.gateways.SiblingOrder;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * SCG matches routes by {@code order} and, between routes of equal order, by their place in the
 * definitions list: replaying the detected changes onto the base and composing gives the moment's
 * list, in its order, for routes inserted in the middle, moved, or removed and added again.
 */
class ScgRoutePositionsTest {

  private static final String BASE =
      """
      [{"id":"a","predicates":["Path=/**"],"uri":"forward:/origin/status/200"},
       {"id":"b","predicates":["Path=/b/**"],"uri":"forward:/origin/echo"},
       {"id":"c","predicates":["Path=/c/**"],"uri":"forward:/origin/echo"}]
      """;

  private static ConfigSnapshot snapshot(JsonNode definitions) {
    return ScgRouteDefinitions.snapshot("scg", "spring-cloud-gateway", definitions);
  }

  private static ConfigSnapshot moment(Consumer<ArrayNode> change) {
    ArrayNode definitions = (ArrayNode) CanonicalJson.parse(BASE);
    change.accept(definitions);
    return snapshot(definitions);
  }

  private static JsonNode route(String id) {
    return CanonicalJson.parse(
        "{\"id\":\"" + id + "\",\"predicates\":[\"Path=/**\"],\"uri\":\"forward:/origin/echo\"}");
  }

  private static void assertReplayComposesTheMoment(ConfigSnapshot base, ConfigSnapshot moment) {
    List<ConfigEntity> replayed = ReplayedChanges.onto(base, moment);

    JsonNode composed = ScgRouteDefinitions.compose(base.nativeConfigTree(), replayed);

    assertThat(CanonicalJson.toCanonicalString(composed)).isEqualTo(moment.nativeConfig());
  }

  @Test
  void eachRouteButTheFirstNamesTheRouteBeforeIt() {
    ConfigSnapshot base = snapshot(CanonicalJson.parse(BASE));

    assertThat(base.entity("route/a").orElseThrow().tags()).isEmpty();
    assertThat(base.entity("route/c").orElseThrow().tags()).containsExactly("after:b");
  }

  @Test
  void aRouteInsertedBetweenTwoOthersComesBackBetweenThem() {
    ConfigSnapshot base = snapshot(CanonicalJson.parse(BASE));
    // "0" sorts before every other id: without positions it would compose first.
    ConfigSnapshot moment = moment(routes -> routes.insert(1, route("0")));

    assertThat(ReplayedChanges.count(base, moment)).isEqualTo(2);
    assertReplayComposesTheMoment(base, moment);
  }

  @Test
  void aMovedRouteComesBackAtItsNewPlace() {
    ConfigSnapshot base = snapshot(CanonicalJson.parse(BASE));

    assertReplayComposesTheMoment(base, moment(routes -> routes.insert(0, routes.remove(2))));
  }

  @Test
  void aRouteRemovedAndAddedAgainComesBackAtTheEnd() {
    ConfigSnapshot base = snapshot(CanonicalJson.parse(BASE));

    assertReplayComposesTheMoment(base, moment(routes -> routes.add(routes.remove(0))));
  }

  @Test
  void aBaseWrittenBeforePositionsExistedStillComposes() {
    ConfigSnapshot current = snapshot(CanonicalJson.parse(BASE));
    List<ConfigEntity> unpositioned =
        current.entities().stream()
            .map(
                e ->
                    new ConfigEntity(
                        e.type(),
                        e.id(),
                        e.naturalKey(),
                        e.tags().stream().filter(t -> !t.startsWith(SiblingOrder.AFTER)).toList(),
                        e.foreignKeys(),
                        e.body()))
            .toList();

    assertThat(
            CanonicalJson.toCanonicalString(
                ScgRouteDefinitions.compose(current.nativeConfigTree(), unpositioned)))
        .isEqualTo(current.nativeConfig());
  }
}
