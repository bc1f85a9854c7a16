package io.gatevault.gateways.scg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatevault.core.config.CanonicalJson;
import io.gatevault.core.config.ConfigEntity;
import io.gatevault.core.config.ConfigSnapshot;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ScgRouteDefinitionsTest {

  private static final String STORED =
      """
      [{"id":"api","predicates":[{"name":"Path","args":{"_genkey_0":"/api/**"}},
        {"name":"Method","args":{"_genkey_0":"GET","_genkey_1":"POST"}}],
        "filters":[{"name":"AddRequestHeader","args":{"name":"X-A","value":"1"}}],
        "uri":"forward:/origin/echo","metadata":{},"order":0,"enabled":true},
       {"id":"all","predicates":[],"filters":[],"uri":"http://127.0.0.1:9000",
        "metadata":{"team":"x"},"order":7,"enabled":true}]
      """;

  @Test
  void eachRouteIsOneEntityKeyedByItsIdWithItsPredicatesAsNaturalKey() {
    ConfigSnapshot snapshot =
        ScgRouteDefinitions.snapshot("scg-1", "spring-cloud-gateway", CanonicalJson.parse(STORED));

    assertThat(snapshot.entities())
        .extracting(ConfigEntity::key, ConfigEntity::naturalKey)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("route/all", null),
            org.assertj.core.groups.Tuple.tuple("route/api", "Path=/api/**; Method=GET,POST"));
    assertThat(snapshot.entity("route/all").orElseThrow().body()).contains("\"order\":7");
  }

  @Test
  void nativeDocumentKeepsTheGatewaysRouteOrder() {
    ConfigSnapshot snapshot =
        ScgRouteDefinitions.snapshot("scg-1", "spring-cloud-gateway", CanonicalJson.parse(STORED));

    assertThat(snapshot.nativeConfigTree().get(0).get("id").asText()).isEqualTo("api");
    assertThat(snapshot.nativeConfigTree().get(1).get("id").asText()).isEqualTo("all");
  }

  @Test
  void shortcutFormAndMissingDefaultsNormaliseToWhatTheGatewayStores() {
    String shortcut =
        """
        [{"id":"api","predicates":["Path=/api/**","Method=GET, POST"],
          "filters":["AddRequestHeader=X-A, 1"],"uri":"forward:/origin/echo"}]
        """;

    String normalised =
        CanonicalJson.toCanonicalString(
            ScgRouteDefinitions.parse(CanonicalJson.parse(shortcut)).get(0));

    assertThat(normalised)
        .isEqualTo(
            CanonicalJson.canonicalize(
                """
                {"id":"api","predicates":[{"name":"Path","args":{"_genkey_0":"/api/**"}},
                  {"name":"Method","args":{"_genkey_0":"GET","_genkey_1":"POST"}}],
                  "filters":[{"name":"AddRequestHeader","args":{"_genkey_0":"X-A","_genkey_1":"1"}}],
                  "uri":"forward:/origin/echo","metadata":{},"order":0,"enabled":true}
                """));
  }

  @Test
  void numberAndBooleanArgsAreStoredAsTheStringsTheGatewayKeeps() {
    String written =
        """
        [{"id":"limited","predicates":["Path=/limited/**"],"uri":"forward:/origin/echo",
          "filters":[{"name":"RequestRateLimiter","args":{"redis-rate-limiter.replenishRate":1,
            "redis-rate-limiter.burstCapacity":3,"deny-empty-key":false,
            "key-resolver":"#{@clientKeyResolver}"}}]}]
        """;

    JsonNode args =
        ScgRouteDefinitions.parse(CanonicalJson.parse(written))
            .get(0)
            .get("filters")
            .get(0)
            .get("args");

    assertThat(args.get("redis-rate-limiter.replenishRate").isTextual()).isTrue();
    assertThat(args.get("redis-rate-limiter.replenishRate").textValue()).isEqualTo("1");
    assertThat(args.get("redis-rate-limiter.burstCapacity").textValue()).isEqualTo("3");
    assertThat(args.get("deny-empty-key").textValue()).isEqualTo("false");
    assertThat(args.get("key-resolver").textValue()).isEqualTo("#{@clientKeyResolver}");
  }

  @Test
  void equalDefinitionsGiveEqualConfigHashesWhateverTheirFormatting() {
    ConfigSnapshot first =
        ScgRouteDefinitions.snapshot("a", "spring-cloud-gateway", CanonicalJson.parse(STORED));
    ConfigSnapshot second =
        ScgRouteDefinitions.snapshot(
            "a", "spring-cloud-gateway", CanonicalJson.parse(STORED.replace("\n", "  ")));

    assertThat(second.configHash()).isEqualTo(first.configHash());
  }

  @Test
  void duplicateRouteIdsAreRefusedNamingTheId() {
    String twice = "[{\"id\":\"a\",\"uri\":\"http://x\"},{\"id\":\"a\",\"uri\":\"http://y\"}]";

    assertThatThrownBy(() -> ScgRouteDefinitions.parse(CanonicalJson.parse(twice)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a' appears twice");
  }

  @Test
  void routeWithoutUriIsRefusedNamingTheRoute() {
    assertThatThrownBy(() -> ScgRouteDefinitions.parse(CanonicalJson.parse("[{\"id\":\"r1\"}]")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("route 'r1' has no uri");
  }

  @Test
  void notAnArrayIsRefused() {
    assertThatThrownBy(() -> ScgRouteDefinitions.parse(CanonicalJson.parse("{\"routes\":[]}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be a JSON array");
  }

  @Test
  void adminUrlOfTheManagementServerGetsTheActuatorPath() {
    assertThat(SpringCloudGatewayAdapter.actuatorBase(URI.create("http://127.0.0.1:9090/")))
        .isEqualTo("http://127.0.0.1:9090/actuator");
    assertThat(SpringCloudGatewayAdapter.actuatorBase(URI.create("http://h:9090/manage")))
        .isEqualTo("http://h:9090/manage");
    assertThat(SpringCloudGatewayAdapter.actuatorBase(URI.create("http://h:9090/actuator/gateway")))
        .isEqualTo("http://h:9090/actuator");
  }
}
