package io.gatevault.gateways.caddy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatevault.core.config.CanonicalJson;
import io.gatevault.core.config.ConfigEntity;
import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.gateways.ReplayedChanges;
import io.gatevault.gateways.SiblingOrder;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Route order changes what Caddy does, so a point-in-time restore must rebuild the routes of a
 * moment in the order they had then: replaying the detected changes onto the base snapshot and
 * composing gives the moment's document byte for byte, whether a route was inserted between two
 * others, moved, or added with an {@code @id} the base never saw.
 */
class CaddyRoutePositionsTest {

  private static final String BASE =
      "{\"admin\":{\"listen\":\"127.0.0.1:2019\"},\"apps\":{\"http\":{\"servers\":{\"s\":{"
          + "\"listen\":[\":80\"],\"routes\":["
          + "{\"@id\":\"a\",\"match\":[{\"path\":[\"/a/*\"]}],\"handle\":["
          + "{\"@id\":\"a-headers\",\"handler\":\"headers\"},"
          + "{\"@id\":\"a-body\",\"handler\":\"static_response\",\"body\":\"a\"}]},"
          + "{\"@id\":\"b\",\"match\":[{\"path\":[\"/b/*\"]}],\"handle\":["
          + "{\"handler\":\"static_response\",\"body\":\"b\"}]},"
          + "{\"@id\":\"c\",\"handle\":[{\"handler\":\"static_response\",\"body\":\"c\"}]}]}}}}}";

  private static ConfigSnapshot snapshot(JsonNode config) {
    return new ConfigSnapshot(
        "caddy",
        "caddy",
        CaddyConfigMapper.entities(config),
        CanonicalJson.toCanonicalString(config),
        CaddyConfigMapper.configHash(config));
  }

  private static ConfigSnapshot moment(Consumer<ArrayNode> change) {
    ObjectNode config = (ObjectNode) CanonicalJson.parse(BASE);
    change.accept((ArrayNode) config.at("/apps/http/servers/s/routes"));
    return snapshot(config);
  }

  private static ObjectNode route(String id, String body) {
    ObjectNode route = CanonicalJson.newObject();
    if (id != null) {
      route.put("@id", id);
    }
    route.putArray("handle").addObject().put("handler", "static_response").put("body", body);
    return route;
  }

  private static void assertReplayComposesTheMoment(ConfigSnapshot base, ConfigSnapshot moment) {
    List<ConfigEntity> replayed = ReplayedChanges.onto(base, moment);

    JsonNode composed = CaddyConfigComposer.compose(base.nativeConfigTree(), replayed);

    assertThat(CanonicalJson.toCanonicalString(composed)).isEqualTo(moment.nativeConfig());
  }

  @Test
  void eachRouteButTheFirstNamesTheRouteBeforeIt() {
    ConfigSnapshot base = snapshot(CanonicalJson.parse(BASE));

    assertThat(base.entity("route/a").orElseThrow().tags()).containsExactly("server:s");
    assertThat(base.entity("route/b").orElseThrow().tags()).containsExactly("after:a", "server:s");
    assertThat(base.entity("route/c").orElseThrow().tags()).containsExactly("after:b", "server:s");
    assertThat(base.entity("handler/a-body").orElseThrow().tags())
        .containsExactly("after:a-headers", "handler:static_response");
    assertThat(base.entity("handler/b/handle/0").orElseThrow().tags())
        .containsExactly("handler:static_response");
  }

  @Test
  void aRouteWithAnUnknownIdInsertedBetweenTwoOthersComesBackBetweenThem() {
    ConfigSnapshot base = snapshot(CanonicalJson.parse(BASE));
    ConfigSnapshot moment = moment(routes -> routes.insert(1, route("new", "new")));

    assertThat(ReplayedChanges.count(base, moment))
        .as("the new route, its handler, and the route after it (its predecessor changed)")
        .isEqualTo(3);
    assertReplayComposesTheMoment(base, moment);
  }

  @Test
  void aRouteInsertedFirstComesBackFirst() {
    ConfigSnapshot base = snapshot(CanonicalJson.parse(BASE));

    assertReplayComposesTheMoment(base, moment(routes -> routes.insert(0, route("zz", "z"))));
  }

  @Test
  void aMovedRouteComesBackAtItsNewPlace() {
    ConfigSnapshot base = snapshot(CanonicalJson.parse(BASE));
    ConfigSnapshot moment = moment(routes -> routes.insert(0, routes.remove(2)));

    assertReplayComposesTheMoment(base, moment);
  }

  @Test
  void aRouteRemovedAndAddedBackAtTheEndComesBackAtTheEnd() {
    ConfigSnapshot base = snapshot(CanonicalJson.parse(BASE));
    ConfigSnapshot moment = moment(routes -> routes.add(routes.remove(0)));

    assertReplayComposesTheMoment(base, moment);
  }

  @Test
  void aRouteWithoutIdInsertedInTheMiddleComesBackThere() {
    ConfigSnapshot base = snapshot(CanonicalJson.parse(BASE));

    assertReplayComposesTheMoment(base, moment(routes -> routes.insert(2, route(null, "anon"))));
  }

  @Test
  void aHandlerWithAnUnknownIdInsertedBetweenTwoOthersComesBackBetweenThem() {
    ConfigSnapshot base = snapshot(CanonicalJson.parse(BASE));
    ConfigSnapshot moment =
        moment(
            routes ->
                ((ArrayNode) routes.get(0).get("handle"))
                    .insert(
                        1,
                        CanonicalJson.newObject()
                            .put("@id", "a-middle")
                            .put("handler", "vars")
                            .put("x", "1")));

    assertReplayComposesTheMoment(base, moment);
  }

  @Test
  void severalChangesInOneStepComeBackInTheirOrder() {
    ConfigSnapshot base = snapshot(CanonicalJson.parse(BASE));
    ConfigSnapshot moment =
        moment(
            routes -> {
              routes.insert(1, route("x", "x"));
              routes.insert(0, routes.remove(3));
              routes.add(route("y", "y"));
              routes.remove(2);
            });

    assertReplayComposesTheMoment(base, moment);
  }

  @Test
  void aBaseWrittenBeforePositionsExistedStillComposesAndReplaysOntoIt() {
    JsonNode config = CanonicalJson.parse(BASE);
    List<ConfigEntity> unpositioned =
        CaddyConfigMapper.entities(config).stream().map(CaddyRoutePositionsTest::without).toList();
    ConfigSnapshot old =
        new ConfigSnapshot(
            "caddy",
            "caddy",
            unpositioned,
            CanonicalJson.toCanonicalString(config),
            CaddyConfigMapper.configHash(config));

    assertThat(CanonicalJson.toCanonicalString(CaddyConfigComposer.compose(config, unpositioned)))
        .isEqualTo(old.nativeConfig());
    assertReplayComposesTheMoment(old, moment(routes -> routes.insert(1, route("new", "new"))));
  }

  private static ConfigEntity without(ConfigEntity entity) {
    return new ConfigEntity(
        entity.type(),
        entity.id(),
        entity.naturalKey(),
        entity.tags().stream().filter(tag -> !tag.startsWith(SiblingOrder.AFTER)).toList(),
        entity.foreignKeys(),
        entity.body());
  }
}
