package io.gatevault.gateways.caddy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatevault.core.config.CanonicalJson;
import io.gatevault.core.config.ConfigDiff;
import io.gatevault.core.config.ConfigEntity;
import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.gateway.GatewayAdapter;
import io.gatevault.core.gateway.GatewayDescriptor;
import io.gatevault.core.gateway.GatewayResponseRejectedException;
import io.gatevault.gateways.GatewayAdapters;
import io.gatevault.gateways.contract.GatewayAdapterContract;
import io.gatevault.testsupport.CaddyProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Caddy adapter against a real Caddy 2 process (the adapter contract plus Caddy facts). */
class CaddyGatewayAdapterIT extends GatewayAdapterContract {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static CaddyProcess caddy;
  private static int sitePort;
  private static GatewayAdapter adapter;
  private static ConfigSnapshot baseline;

  @BeforeAll
  static void startCaddy() {
    Assumptions.assumeTrue(
        CaddyProcess.isInstalled(), "caddy is not installed: apt-get install -y caddy");
    sitePort = CaddyProcess.freePort();
    caddy = CaddyProcess.start(CaddyTestConfigs.basicAuth(sitePort));
    adapter = GatewayAdapters.create(descriptor("caddy-test", caddy.adminUrl()));
    baseline = adapter.dump();
  }

  /** Every test starts from the same configuration, whatever the previous one left behind. */
  @AfterEach
  void restoreBaseline() {
    adapter.apply(baseline);
  }

  @AfterAll
  static void stopCaddy() {
    if (caddy != null) {
      caddy.close();
    }
  }

  static GatewayDescriptor descriptor(String id, URI adminUrl) {
    return new GatewayDescriptor(id, "caddy", adminUrl, "test", "demo", "team-demo");
  }

  @Override
  protected GatewayAdapter adapter() {
    return adapter;
  }

  @Override
  protected ConfigSnapshot anotherValidConfiguration(ConfigSnapshot current) {
    ObjectNode config = (ObjectNode) current.nativeConfigTree();
    ArrayNode routes = (ArrayNode) config.at("/apps/http/servers/site/routes");
    routes.remove(0);
    return snapshotOf(current.gatewayId(), config);
  }

  @Override
  protected ConfigSnapshot invalidConfiguration(ConfigSnapshot current) {
    ObjectNode config = (ObjectNode) current.nativeConfigTree();
    ArrayNode routes = (ArrayNode) config.at("/apps/http/servers/site/routes");
    routes.addObject().putArray("handle").addObject().put("handler", "no_such_handler");
    return snapshotOf(current.gatewayId(), config);
  }

  @Override
  protected GatewayAdapter unreachableAdapter() {
    return GatewayAdapters.create(
        descriptor("caddy-down", URI.create("http://127.0.0.1:" + CaddyProcess.freePort())),
        Duration.ofSeconds(2));
  }

  /**
   * Through Caddy's admin API (PUT on an array index inserts there, POST appends, DELETE /id/
   * removes by {@code @id}): a route {@code open-door} for /secret/open put first, a route {@code
   * greeting} for /hello put between {@code secret} and the unnamed /hello route, then {@code
   * secret} moved to the end. The routes become open-door, greeting, /hello, secret.
   */
  @Override
  protected void reorderThroughTheGatewaysOwnApi() {
    String routes = caddy.adminUrl() + "/config/apps/http/servers/site/routes";
    admin(
        "PUT",
        routes + "/0",
        "{\"@id\":\"open-door\",\"match\":[{\"path\":[\"/secret/open\"]}],"
            + "\"handle\":[{\"handler\":\"static_response\",\"body\":\"open door\"}]}");
    admin(
        "PUT",
        routes + "/2",
        "{\"@id\":\"greeting\",\"match\":[{\"path\":[\"/hello\"]}],"
            + "\"handle\":[{\"handler\":\"static_response\",\"body\":\"hi\"}]}");
    String secret = admin("GET", caddy.adminUrl() + "/id/secret", null);
    admin("DELETE", caddy.adminUrl() + "/id/secret", null);
    admin("POST", routes, secret);
  }

  @Override
  protected List<String> traffic() {
    try {
      List<String> seen = new ArrayList<>();
      for (String path : List.of("/hello", "/secret/open", "/secret/x")) {
        HttpResponse<String> response = get(path, null);
        seen.add(path + " -> " + response.statusCode() + " " + response.body());
      }
      return seen;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String admin(String method, String url, String body) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/json")
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body));
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode())
          .as(method + " " + url + ": " + response.body())
          .isEqualTo(200);
      return response.body();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static ConfigSnapshot snapshotOf(String gatewayId, JsonNode config) {
    return new ConfigSnapshot(
        gatewayId,
        "caddy",
        CaddyConfigMapper.entities(config),
        CanonicalJson.toCanonicalString(config),
        CaddyConfigMapper.configHash(config));
  }

  @Test
  void dumpHasOneEntityPerRouteAndHandlerWithIdsAndNaturalKeys() {
    ConfigSnapshot snapshot = adapter.dump();

    assertThat(snapshot.entities())
        .extracting(ConfigEntity::label)
        .containsExactly(
            "app/http",
            "handler/secret/handle/0 (authentication)",
            "handler/secret/handle/1 (static_response)",
            "handler/site/routes/1/handle/0 (headers)",
            "handler/site/routes/1/handle/1 (static_response)",
            "route/secret (path=/secret/*)",
            "route/site/routes/1 (host=127.0.0.1 path=/hello)",
            "server/site (listen=127.0.0.1:" + sitePort + ")");
    ConfigEntity auth = snapshot.entity("handler/secret/handle/0").orElseThrow();
    assertThat(auth.foreignKeys()).containsEntry("route", "route/secret");
    assertThat(auth.tags()).containsExactly("handler:authentication");
    assertThat(snapshot.entity("route/secret").orElseThrow().body()).doesNotContain("handle\"");
    assertThat(snapshot.nativeConfig()).contains("\"admin\":{\"listen\":\"127.0.0.1:");
  }

  @Test
  void restoredConfigurationServesTrafficAgainWithBasicAuth() throws Exception {
    ConfigSnapshot backup = adapter.dump();
    adapter.apply(anotherValidConfiguration(backup));
    assertThat(get("/secret/x", null).statusCode()).isEqualTo(200);
    assertThat(get("/secret/x", null).body()).isEmpty();

    adapter.apply(backup);

    assertThat(get("/secret/x", null).statusCode()).isEqualTo(401);
    assertThat(get("/secret/x", "alice:wrong").statusCode()).isEqualTo(401);
    HttpResponse<String> authorised = get("/secret/x", "alice:" + CaddyTestConfigs.ALICE_PASSWORD);
    assertThat(authorised.statusCode()).isEqualTo(200);
    assertThat(authorised.body()).isEqualTo("secret ok");
    HttpResponse<String> hello = get("/hello", null);
    assertThat(hello.body()).isEqualTo("hello");
    assertThat(hello.headers().firstValue("X-Gatevault")).contains("restored");
  }

  @Test
  void snapshotFromAnotherCaddyIsAppliedKeepingTheTargetsAdminEndpoint() {
    int otherSite = CaddyProcess.freePort();
    ConfigSnapshot original = adapter.dump();
    try (CaddyProcess other =
        CaddyProcess.start(
            "{\"apps\":{\"http\":{\"servers\":{\"site\":{\"automatic_https\":{\"disable\":true},"
                + "\"listen\":[\"127.0.0.1:"
                + otherSite
                + "\"],\"routes\":[{\"@id\":\"only\",\"handle\":[{\"handler\":\"static_response\","
                + "\"body\":\"other\"}]}]}}}}}")) {
      ConfigSnapshot foreign =
          GatewayAdapters.create(descriptor("caddy-other", other.adminUrl())).dump();

      adapter.apply(foreign);

      assertThat(adapter.configHash()).isEqualTo(foreign.configHash().hex());
      assertThat(adapter.dump().nativeConfig())
          .contains("127.0.0.1:" + caddy.adminPort())
          .doesNotContain("127.0.0.1:" + other.adminPort());
      ConfigDiff diff = ConfigDiff.between(original, foreign);
      assertThat(diff.render()).contains("+ route/only").contains("- route/secret");
    } finally {
      adapter.apply(original);
    }
    assertThat(adapter.dump()).isEqualTo(original);
  }

  @Test
  void refusedConfigurationMessageNamesGatewayUrlStatusAndCaddysReason() {
    ConfigSnapshot invalid = invalidConfiguration(adapter.dump());

    assertThatThrownBy(() -> adapter.apply(invalid))
        .isInstanceOf(GatewayResponseRejectedException.class)
        .hasMessageContaining("caddy-test")
        .hasMessageContaining(caddy.adminUrl() + "/load")
        .hasMessageContaining("HTTP 400")
        .hasMessageContaining("unknown module: http.handlers.no_such_handler")
        .hasMessageContaining("keeps the one it had");
  }

  @Test
  void adminUrlPointingAtASiteInsteadOfTheAdminApiIsPermanentNamingTheFix() {
    GatewayAdapter wrong =
        GatewayAdapters.create(
            descriptor("caddy-site", URI.create("http://127.0.0.1:" + sitePort)));

    assertThatThrownBy(wrong::dump)
        .isInstanceOf(GatewayResponseRejectedException.class)
        .hasMessageContaining("caddy-site")
        .hasMessageContaining("not JSON")
        .hasMessageContaining("admin endpoint");
  }

  private HttpResponse<String> get(String path, String credentials) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sitePort + path))
            .timeout(Duration.ofSeconds(5));
    if (credentials != null) {
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
