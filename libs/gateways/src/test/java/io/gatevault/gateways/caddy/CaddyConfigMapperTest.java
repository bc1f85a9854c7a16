package io.gatevault.gateways.caddy;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.core.config.CanonicalJson;
import io.gatevault.core.config.ConfigEntity;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CaddyConfigMapperTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = ';',
      nullValues = "NULL",
      value = {
        "[{\"host\":[\"a.test\"]}] ; host=a.test",
        "[{\"path\":[\"/api/*\",\"/v1/*\"]}] ; path=/api/*,/v1/*",
        "[{\"path\":[\"/x\"],\"host\":[\"a.test\"]}] ; host=a.test path=/x",
        "[{\"host\":[\"a\"]},{\"host\":[\"b\"]}] ; host=a | host=b",
        "[{\"method\":[\"GET\"]}] ; NULL",
        "[] ; NULL",
      })
  void routeNaturalKeyComesFromHostAndPathMatchers(String match, String naturalKey) {
    assertThat(CaddyConfigMapper.matcherKey(CanonicalJson.parse(match))).isEqualTo(naturalKey);
  }

  @Test
  void everyPartExceptAdminBecomesAnEntity() {
    List<ConfigEntity> entities =
        CaddyConfigMapper.entities(
            CanonicalJson.parse(
                "{\"admin\":{\"listen\":\"127.0.0.1:1\"},\"logging\":{\"logs\":{}},"
                    + "\"apps\":{\"tls\":{\"automation\":{}},\"http\":{\"grace_period\":1,"
                    + "\"servers\":{\"s\":{\"listen\":[\":80\"],\"routes\":[{\"handle\":"
                    + "[{\"handler\":\"reverse_proxy\",\"@id\":\"proxy\",\"upstreams\":"
                    + "[{\"dial\":\"127.0.0.1:9000\"}]}]}]}}}}}"));

    assertThat(entities)
        .extracting(ConfigEntity::label)
        .containsExactlyInAnyOrder(
            "setting/logging",
            "app/tls",
            "app/http",
            "server/s (listen=:80)",
            "route/s/routes/0",
            "handler/proxy (reverse_proxy -> 127.0.0.1:9000)");
    ConfigEntity http =
        entities.stream().filter(e -> e.key().equals("app/http")).findFirst().orElseThrow();
    assertThat(http.body()).isEqualTo("{\"grace_period\":1}");
  }

  @Test
  void configHashIgnoresWhereTheAdminApiListens() {
    String served = "{\"apps\":{\"http\":{}}}";
    assertThat(
            CaddyConfigMapper.configHash(
                CanonicalJson.parse(
                    "{\"admin\":{\"listen\":\"127.0.0.1:1\"},\"apps\":{\"http\":{}}}")))
        .isEqualTo(
            CaddyConfigMapper.configHash(
                CanonicalJson.parse(
                    "{\"admin\":{\"listen\":\"127.0.0.1:2\"},\"apps\":{\"http\":{}}}")))
        .isEqualTo(CaddyConfigMapper.configHash(CanonicalJson.parse(served)));
  }

  @Test
  void loadedConfigurationKeepsTheLiveAdminSection() {
    String loaded =
        CanonicalJson.toCanonicalString(
            CaddyConfigMapper.withAdminOf(
                CanonicalJson.parse("{\"admin\":{\"listen\":\"0.0.0.0:1\"},\"apps\":{}}"),
                CanonicalJson.parse("{\"admin\":{\"listen\":\"127.0.0.1:2\"}}")));

    assertThat(loaded).isEqualTo("{\"admin\":{\"listen\":\"127.0.0.1:2\"},\"apps\":{}}");
    assertThat(
            CanonicalJson.toCanonicalString(
                CaddyConfigMapper.withAdminOf(
                    CanonicalJson.parse("{\"admin\":{\"listen\":\"0.0.0.0:1\"}}"),
                    CanonicalJson.parse("null"))))
        .isEqualTo("{}");
  }
}
