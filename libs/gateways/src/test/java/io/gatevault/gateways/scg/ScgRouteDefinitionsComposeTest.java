package io.gatevault.gateways.scg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatevault.core.config.CanonicalJson;
import io.gatevault.core.config.ConfigEntity;
import io.gatevault.core.config.ConfigSnapshot;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScgRouteDefinitionsComposeTest {

  private static final String STORED =
      """
      [{"id":"zeta","predicates":[{"name":"Path","args":{"_genkey_0":"/z/**"}}],"filters":[],
        "uri":"forward:/origin/echo","metadata":{},"order":0,"enabled":true},
       {"id":"api","predicates":[],"filters":[{"name":"RequestRateLimiter",
        "args":{"redis-rate-limiter.replenishRate":"1"}}],"uri":"http://127.0.0.1:9000",
        "metadata":{"team":"x"},"order":7,"enabled":true}]
      """;

  private static ConfigSnapshot stored() {
    return ScgRouteDefinitions.snapshot("scg", "spring-cloud-gateway", CanonicalJson.parse(STORED));
  }

  @Test
  void composingTheRoutesOfADumpGivesItsDefinitionsBackInTheirOrder() {
    ConfigSnapshot snapshot = stored();

    JsonNode composed =
        ScgRouteDefinitions.compose(snapshot.nativeConfigTree(), snapshot.entities());

    assertThat(CanonicalJson.toCanonicalString(composed)).isEqualTo(snapshot.nativeConfig());
  }

  @Test
  void aChangedAddedAndRemovedRouteShowInTheDefinitions() {
    ConfigSnapshot snapshot = stored();
    List<ConfigEntity> entities = new ArrayList<>();
    entities.add(
        ConfigEntity.of(
            "route",
            "api",
            null,
            null,
            null,
            CanonicalJson.parse(
                "{\"id\":\"api\",\"uri\":\"http://127.0.0.1:9001\",\"filters\":[\"StripPrefix=1\"]}")));
    entities.add(
        ConfigEntity.of(
            "route",
            "added",
            null,
            null,
            null,
            CanonicalJson.parse("{\"id\":\"added\",\"uri\":\"forward:/x\"}")));

    JsonNode composed = ScgRouteDefinitions.compose(snapshot.nativeConfigTree(), entities);

    assertThat(composed).hasSize(2);
    assertThat(composed.get(0).get("id").asText()).isEqualTo("api");
    assertThat(composed.get(0).at("/filters/0/args/_genkey_0").asText()).isEqualTo("1");
    assertThat(composed.get(0).get("uri").asText()).isEqualTo("http://127.0.0.1:9001");
    assertThat(composed.get(1).get("id").asText()).isEqualTo("added");
    assertThat(composed.get(1).get("enabled").asBoolean()).isTrue();
    assertThat(composed.toString()).doesNotContain("zeta");
  }

  @Test
  void aRouteWhoseDefinitionHasAnotherIdIsRefused() {
    List<ConfigEntity> entities =
        List.of(
            ConfigEntity.of(
                "route",
                "a",
                null,
                null,
                null,
                CanonicalJson.parse("{\"id\":\"b\",\"uri\":\"forward:/x\"}")));

    assertThatThrownBy(() -> ScgRouteDefinitions.compose(null, entities))
        .hasMessageContaining("route/a has a definition whose id is \"b\"");
  }
}
