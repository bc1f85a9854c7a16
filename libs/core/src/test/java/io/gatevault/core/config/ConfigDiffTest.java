package io.gatevault.core.config;

import static io.gatevault.core.config.ConfigSnapshotTest.route;
import static io.gatevault.core.config.ConfigSnapshotTest.server;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigDiffTest {

  private static ConfigSnapshot snapshot(String nativeConfig, ConfigEntity... entities) {
    return ConfigSnapshot.of("gw", "caddy", List.of(entities), CanonicalJson.parse(nativeConfig));
  }

  @Test
  void equalSnapshotsHaveNoDifferences() {
    ConfigSnapshot one = snapshot("{\"a\":1}", server(), route("api", "a.test", "a:80"));
    ConfigSnapshot two = snapshot("{ \"a\" : 1.0 }", route("api", "a.test", "a:80"), server());

    ConfigDiff diff = ConfigDiff.between(one, two);

    assertThat(diff.isEmpty()).isTrue();
    assertThat(diff.render()).isEqualTo("no differences");
  }

  @Test
  void addedRemovedAndChangedEntitiesAreListedInEntityOrderWithWhatChanged() {
    ConfigSnapshot live =
        snapshot(
            "{\"v\":1}", server(), route("api", "a.test", "a:80"), route("old", "o.test", "o:80"));
    ConfigSnapshot backup =
        snapshot(
            "{\"v\":2}",
            server(),
            route("api", "a.test", "a:8080"),
            route("new", "n.test", "n:80"));

    ConfigDiff diff = ConfigDiff.between(live, backup);

    assertThat(diff.added()).extracting(ConfigDiff.EntityChange::key).containsExactly("route/new");
    assertThat(diff.removed())
        .extracting(ConfigDiff.EntityChange::key)
        .containsExactly("route/old");
    assertThat(diff.changed())
        .extracting(ConfigDiff.EntityChange::key)
        .containsExactly("route/api");
    assertThat(diff.render())
        .isEqualTo(
            String.join(
                "\n",
                "3 entity change(s): 1 added, 1 removed, 1 changed",
                "~ route/api (host=a.test): body/upstream",
                "+ route/new (host=n.test)",
                "- route/old (host=o.test)",
                "(configuration hash differs)"));
  }

  @Test
  void changeNamesNaturalKeyTagsForeignKeysAndBodyPointers() {
    ConfigEntity before =
        new ConfigEntity(
            "route",
            "r",
            "host=a",
            List.of("x"),
            new java.util.TreeMap<>(java.util.Map.of("server", "server/srv0")),
            "{\"match\":[{\"host\":[\"a\"],\"path\":[\"/v1/*\"]}],\"a/b\":1}");
    ConfigEntity after =
        new ConfigEntity(
            "route",
            "r",
            "host=b",
            List.of("y"),
            new java.util.TreeMap<>(java.util.Map.of("server", "server/srv1")),
            "{\"match\":[{\"host\":[\"b\"],\"path\":[\"/v1/*\"]}],\"a/b\":2,\"terminal\":true}");

    ConfigDiff diff = ConfigDiff.between(snapshot("{}", before), snapshot("{}", after));

    assertThat(diff.changed().get(0).changedPaths())
        .containsExactly(
            "naturalKey",
            "tags",
            "foreignKeys.server",
            "body/a~1b",
            "body/match/0/host/0",
            "body/terminal");
    assertThat(diff.nativeConfigChanged()).isFalse();
  }

  @Test
  void differenceOutsideEveryEntityStillCounts() {
    ConfigDiff diff =
        ConfigDiff.between(snapshot("{\"admin\":{}}", server()), snapshot("{}", server()));

    assertThat(diff.isEmpty()).isFalse();
    assertThat(diff.changes()).isEmpty();
    assertThat(diff.render()).isEqualTo("no entity differs; settings outside the entities differ");
  }

  @Test
  void longListsOfChangedPathsAreSummarised() {
    StringBuilder a = new StringBuilder("{");
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < 10; i++) {
      a.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":0");
      b.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":1");
    }
    ConfigEntity before = new ConfigEntity("app", "x", null, null, null, a + "}");
    ConfigEntity after = new ConfigEntity("app", "x", null, null, null, b + "}");

    String line =
        ConfigDiff.between(snapshot("{}", before), snapshot("{}", after)).changes().get(0).render();

    assertThat(line).startsWith("~ app/x: body/k0, body/k1,").endsWith("and 2 more");
  }
}
