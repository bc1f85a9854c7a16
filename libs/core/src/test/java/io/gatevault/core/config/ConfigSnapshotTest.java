package io.gatevault.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigSnapshotTest {

  static ConfigEntity route(String id, String host, String upstream) {
    return ConfigEntity.of(
        "route",
        id,
        "host=" + host,
        List.of("server:srv0"),
        Map.of("server", "server/srv0"),
        CanonicalJson.parse(
            "{\"match\":[{\"host\":[\"" + host + "\"]}],\"upstream\":\"" + upstream + "\"}"));
  }

  static ConfigEntity server() {
    return ConfigEntity.of(
        "server", "srv0", null, List.of(), Map.of(), CanonicalJson.parse("{\"listen\":[\":80\"]}"));
  }

  @Test
  void entitiesAreSortedByTypeThenIdWhateverOrderTheAdapterGaveThem() {
    ConfigSnapshot snapshot =
        ConfigSnapshot.of(
            "gw",
            "caddy",
            List.of(route("web", "b.test", "b:80"), server(), route("api", "a.test", "a:80")),
            CanonicalJson.parse("{}"));

    assertThat(snapshot.entities())
        .extracting(ConfigEntity::key)
        .containsExactly("route/api", "route/web", "server/srv0");
  }

  @Test
  void twoEntitiesWithTheSameKeyAreRefusedNamingTheKey() {
    assertThatThrownBy(
            () ->
                ConfigSnapshot.of(
                    "gw",
                    "caddy",
                    List.of(route("api", "a.test", "a:80"), route("api", "b.test", "b:80")),
                    CanonicalJson.parse("{}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("route/api");
  }

  @Test
  void documentIsGoldenCanonicalJson() {
    ConfigSnapshot snapshot =
        ConfigSnapshot.of(
            "gw",
            "caddy",
            List.of(route("api", "a.test", "a:80")),
            CanonicalJson.parse("{\"apps\":{\"http\":{}},\"admin\":{\"listen\":\"127.0.0.1:1\"}}"));

    String expectedNative = "{\"admin\":{\"listen\":\"127.0.0.1:1\"},\"apps\":{\"http\":{}}}";
    assertThat(new String(snapshot.toDocument(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"configHash\":\""
                + ContentHash.of(expectedNative.getBytes(StandardCharsets.UTF_8)).hex()
                + "\",\"entities\":[{\"body\":{\"match\":[{\"host\":[\"a.test\"]}],"
                + "\"upstream\":\"a:80\"},\"foreignKeys\":{\"server\":\"server/srv0\"},"
                + "\"id\":\"api\",\"naturalKey\":\"host=a.test\",\"tags\":[\"server:srv0\"],"
                + "\"type\":\"route\"}],\"formatVersion\":1,\"gatewayId\":\"gw\","
                + "\"gatewayType\":\"caddy\",\"nativeConfig\":"
                + expectedNative
                + "}");
  }

  @Test
  void documentReadsBackToAnEqualSnapshot() {
    ConfigSnapshot snapshot =
        new ConfigSnapshot(
            "gw",
            "caddy",
            List.of(server(), route("api", "a.test", "a:80")),
            "{\"apps\":{}}",
            ContentHash.of(new byte[] {1}));

    ConfigSnapshot read = ConfigSnapshot.fromDocument(snapshot.toDocument());

    assertThat(read).isEqualTo(snapshot);
    assertThat(read.toDocument()).isEqualTo(snapshot.toDocument());
    assertThat(read.documentHash()).isEqualTo(snapshot.documentHash());
  }

  @Test
  void documentOfAnotherFormatVersionIsRefused() {
    byte[] document = "{\"formatVersion\":2,\"gatewayId\":\"gw\"}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> ConfigSnapshot.fromDocument(document))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("formatVersion is 2, expected 1");
  }

  @Test
  void documentWithoutEntitiesIsRefusedNamingTheField() {
    byte[] document =
        "{\"formatVersion\":1,\"gatewayId\":\"gw\",\"gatewayType\":\"caddy\"}"
            .getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> ConfigSnapshot.fromDocument(document))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("entities");
  }

  @Test
  void entityBodyIsStoredCanonicalSoEqualBodiesCompareEqual() {
    ConfigEntity a =
        new ConfigEntity("route", "x", null, List.of("b", "a", "a"), null, "{ \"b\":1,\"a\":2.0 }");
    ConfigEntity b =
        new ConfigEntity("route", "x", " ", List.of("a", "b"), null, "{\"a\":2,\"b\":1}");

    assertThat(a).isEqualTo(b);
    assertThat(a.tags()).containsExactly("a", "b");
    assertThat(a.naturalKey()).isNull();
  }

  @Test
  void foreignKeyMustNameTypeAndId() {
    assertThatThrownBy(
            () ->
                new ConfigEntity(
                    "route",
                    "x",
                    null,
                    null,
                    new java.util.TreeMap<>(Map.of("service", "svc")),
                    "{}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("route/x foreign key service must be \"type/id\"");
  }
}
