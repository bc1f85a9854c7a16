package io.gatevault.gateways.caddy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatevault.core.config.CanonicalJson;
import io.gatevault.core.config.ConfigEntity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CaddyConfigComposerTest {

  private static final String MIXED =
      "{\"admin\":{\"listen\":\"127.0.0.1:2019\"},\"logging\":{\"logs\":{}},"
          + "\"apps\":{\"tls\":{\"automation\":{}},\"http\":{\"grace_period\":1,\"servers\":{"
          + "\"s\":{\"listen\":[\":80\"],\"routes\":["
          + "{\"@id\":\"b\",\"handle\":[{\"handler\":\"static_response\",\"body\":\"b\"}]},"
          + "{\"match\":[{\"path\":[\"/x\"]}],\"handle\":[{\"handler\":\"headers\"},"
          + "{\"@id\":\"proxy\",\"handler\":\"reverse_proxy\",\"upstreams\":[{\"dial\":\"127.0.0.1:9\"}]},"
          + "{\"handler\":\"static_response\"}]},"
          + "{\"@id\":\"a\",\"handle\":[]},"
          + "{\"terminal\":true}]},"
          + "\"empty\":{\"listen\":[\":81\"],\"routes\":[]},"
          + "\"bare\":{\"listen\":[\":82\"]}}}}}";

  private static List<ConfigEntity> replaced(List<ConfigEntity> entities, ConfigEntity entity) {
    List<ConfigEntity> copy = new ArrayList<>(entities);
    copy.removeIf(e -> e.key().equals(entity.key()));
    copy.add(entity);
    return copy;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        MIXED,
        "{}",
        "{\"apps\":{}}",
        "{\"apps\":{\"http\":{\"servers\":{}}}}",
        "{\"apps\":{\"http\":{}},\"storage\":{\"module\":\"file_system\",\"root\":\"/x\"}}"
      })
  void composingTheEntitiesOfADocumentGivesTheDocumentBackByteForByte(String document) {
    JsonNode config = CanonicalJson.parse(document);

    JsonNode composed = CaddyConfigComposer.compose(config, CaddyConfigMapper.entities(config));

    assertThat(CanonicalJson.toCanonicalString(composed))
        .isEqualTo(CanonicalJson.toCanonicalString(config));
  }

  @Test
  void theTestGatewaysBasicAuthConfigurationRoundTrips() {
    JsonNode config = CanonicalJson.parse(CaddyTestConfigs.basicAuth(8080));

    assertThat(CaddyConfigComposer.compose(config, CaddyConfigMapper.entities(config)))
        .isEqualTo(config);
  }

  @Test
  void aChangedAddedAndRemovedEntityShowInTheComposedDocument() {
    JsonNode base = CanonicalJson.parse(MIXED);
    List<ConfigEntity> entities = new ArrayList<>(CaddyConfigMapper.entities(base));
    entities.removeIf(e -> e.key().equals("handler/proxy"));
    entities =
        replaced(
            entities,
            ConfigEntity.of(
                "handler",
                "b/handle/0",
                null,
                List.of(),
                Map.of("route", "route/b"),
                CanonicalJson.parse("{\"handler\":\"static_response\",\"body\":\"B2\"}")));
    entities.add(
        ConfigEntity.of(
            "handler",
            "a/handle/0",
            null,
            List.of(),
            Map.of("route", "route/a"),
            CanonicalJson.parse("{\"handler\":\"static_response\",\"body\":\"new\"}")));
    entities.add(
        ConfigEntity.of(
            "route",
            "z-new",
            null,
            List.of(),
            Map.of("server", "server/empty"),
            CanonicalJson.parse("{\"@id\":\"z-new\"}")));

    JsonNode composed = CaddyConfigComposer.compose(base, entities);

    JsonNode routes = composed.at("/apps/http/servers/s/routes");
    assertThat(routes.get(0).at("/handle/0/body").asText()).isEqualTo("B2");
    assertThat(routes.get(1).get("handle")).hasSize(2);
    assertThat(routes.get(1).toString()).doesNotContain("reverse_proxy");
    assertThat(routes.get(2).at("/handle/0/body").asText()).isEqualTo("new");
    assertThat(composed.at("/apps/http/servers/empty/routes/0/@id").asText()).isEqualTo("z-new");
    assertThat(composed.at("/admin/listen").asText()).isEqualTo("127.0.0.1:2019");
    assertThat(routes.get(1).get("handle").toString())
        .isEqualTo("[{\"handler\":\"headers\"},{\"handler\":\"static_response\"}]");
    assertThat(CaddyConfigMapper.entities(composed))
        .extracting(ConfigEntity::key)
        .contains("route/z-new", "handler/a/handle/0", "handler/b/handle/0")
        .doesNotContain("handler/proxy");
  }

  @Test
  void anIdTheBaseDoesNotKnowGoesAfterThePlacedRoutesAndPositionalOnesKeepTheirPlace() {
    JsonNode base =
        CanonicalJson.parse(
            "{\"apps\":{\"http\":{\"servers\":{\"s\":{\"routes\":[{\"@id\":\"one\"},{}]}}}}}");
    List<ConfigEntity> entities = new ArrayList<>(CaddyConfigMapper.entities(base));
    entities.add(
        ConfigEntity.of(
            "route",
            "aaa",
            null,
            List.of(),
            Map.of("server", "server/s"),
            CanonicalJson.parse("{\"@id\":\"aaa\"}")));

    JsonNode composed = CaddyConfigComposer.compose(base, entities);

    assertThat(composed.at("/apps/http/servers/s/routes").toString())
        .isEqualTo("[{\"@id\":\"one\"},{},{\"@id\":\"aaa\"}]");
  }

  @Test
  void aRouteOfAServerThatIsNotThereIsRefusedNamingBoth() {
    List<ConfigEntity> entities =
        List.of(
            ConfigEntity.of("app", "http", null, List.of(), Map.of(), CanonicalJson.newObject()),
            ConfigEntity.of(
                "route",
                "r",
                null,
                List.of(),
                Map.of("server", "server/gone"),
                CanonicalJson.newObject()));

    assertThatThrownBy(() -> CaddyConfigComposer.compose(null, entities))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("route/r refers to server/gone");
  }

  @Test
  void anEntityTypeTheMapperNeverMakesIsRefused() {
    assertThatThrownBy(
            () ->
                CaddyConfigComposer.compose(
                    null,
                    List.of(
                        ConfigEntity.of(
                            "plugin", "p", null, List.of(), Map.of(), CanonicalJson.newObject()))))
        .hasMessageContaining("plugin/p has a type the Caddy adapter does not make");
  }
}
