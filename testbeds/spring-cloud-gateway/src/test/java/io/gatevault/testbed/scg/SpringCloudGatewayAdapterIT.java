package io.gatevault.testbed.scg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.gateway.GatewayAccessException;
import io.gatevault.core.gateway.GatewayAdapter;
import io.gatevault.core.gateway.GatewayDescriptor;
import io.gatevault.core.gateway.GatewayResponseRejectedException;
import io.gatevault.gateways.GatewayAdapters;
import io.gatevault.gateways.contract.GatewayAdapterContract;
import io.gatevault.gateways.scg.SpringCloudGatewayAdapter;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway adapter contract, and SCG's own traps, against the real testbed gateway. */
class SpringCloudGatewayAdapterIT extends GatewayAdapterContract {

  private final HttpClient client = HttpClient.newHttpClient();
  private GatewayAdapter adapter;

  @BeforeEach
  void baselineRoutes() {
    adapter = GatewayAdapters.create(SharedScg.descriptor());
    adapter.apply(TestRoutes.snapshot(TestRoutes.BASELINE));
  }

  @Override
  protected GatewayAdapter adapter() {
    return adapter;
  }

  @Override
  protected ConfigSnapshot anotherValidConfiguration(ConfigSnapshot current) {
    return TestRoutes.snapshot(
        """
        [{"id":"api","predicates":["Path=/api/**"],"filters":["AddRequestHeader=X-Gatevault, v2"],
          "uri":"forward:/origin/echo"},
         {"id":"extra","predicates":["Path=/extra/**","Method=GET"],"uri":"forward:/origin/echo"}]
        """);
  }

  @Override
  protected ConfigSnapshot invalidConfiguration(ConfigSnapshot current) {
    return TestRoutes.baselinePlus(
        """
        {"id":"unknown-filter","predicates":["Path=/u/**"],"filters":["NoSuchFilter=1"],
         "uri":"forward:/origin/echo"}""");
  }

  @Override
  protected GatewayAdapter unreachableAdapter() {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return GatewayAdapters.create(
        new GatewayDescriptor(
            "scg-down",
            SpringCloudGatewayAdapter.TYPE,
            URI.create("http://127.0.0.1:" + closedPort),
            "test",
            "demo",
            "platform"));
  }

  /**
   * Through SCG's actuator (a new id is appended; a deleted and re-posted id goes to the end): a
   * route {@code shadow} for /teapot answering 200 added after {@code teapot}, then {@code teapot}
   * deleted and posted again, so shadow now comes first among the two routes of equal order and
   * /teapot answers 200 instead of 418.
   */
  @Override
  protected void reorderThroughTheGatewaysOwnApi() {
    String routes = SharedScg.process().managementUrl().toString().replaceAll("/+$", "");
    routes = (routes.endsWith("/actuator") ? routes : routes + "/actuator") + "/gateway";
    actuator(
        "POST",
        routes + "/routes/shadow",
        """
        {"id":"shadow","predicates":["Path=/teapot"],"uri":"forward:/origin/status/200"}""");
    actuator("POST", routes + "/refresh", null);
    String teapot = actuator("GET", routes + "/routedefinitions", null);
    String teapotDefinition = null;
    for (var definition : io.gatevault.core.config.CanonicalJson.parse(teapot)) {
      if (definition.path("id").asText().equals("teapot")) {
        teapotDefinition = definition.toString();
      }
    }
    actuator("DELETE", routes + "/routes/teapot", null);
    actuator("POST", routes + "/routes/teapot", teapotDefinition);
    actuator("POST", routes + "/refresh", null);
  }

  @Override
  protected List<String> traffic() {
    return List.of("/teapot " + status("/teapot"), "/api/x " + status("/api/x"));
  }

  private String actuator(String method, String url, String body) {
    try {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create(url))
                  .header("Content-Type", "application/json")
                  .method(
                      method,
                      body == null
                          ? HttpRequest.BodyPublishers.noBody()
                          : HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode())
          .as(method + " " + url + ": " + response.body())
          .isBetween(200, 299);
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void emptiedGatewayTakesBackTheWholeDumpedConfiguration() {
    ConfigSnapshot before = adapter.dump();
    assertThat(before.entities()).hasSize(3);

    adapter.apply(TestRoutes.snapshot("[]"));
    assertThat(adapter.dump().entities()).isEmpty();
    assertThat(status("/api/x")).isEqualTo(404);

    adapter.apply(before);

    assertThat(adapter.dump().toDocument()).isEqualTo(before.toDocument());
    assertThat(status("/api/x")).isEqualTo(200);
    assertThat(status("/teapot")).isEqualTo(418);
  }

  @Test
  void newRouteWithBadFilterArgumentsIsRefusedNamingItAndTheGatewayKeepsItsRoutes() {
    ConfigSnapshot before = adapter.dump();
    ConfigSnapshot broken =
        TestRoutes.baselinePlus(
            """
            {"id":"broken-auth","predicates":["Path=/broken/**"],
             "filters":["BasicAuth=bob, not-a-hash"],"uri":"forward:/origin/echo"}""");

    assertThatThrownBy(() -> adapter.apply(broken))
        .isInstanceOf(GatewayResponseRejectedException.class)
        .satisfies(e -> assertThat(((GatewayAccessException) e).isRetriable()).isFalse())
        .hasMessageContaining("scg-it")
        .hasMessageContaining("[broken-auth]")
        .hasMessageContaining("previous routes were put back");

    assertThat(adapter.dump()).isEqualTo(before);
    assertThat(status("/api/x")).isEqualTo(200);
    assertThat(status("/broken/x")).isEqualTo(404);
  }

  @Test
  void changedRouteWithBadArgumentsIsRefusedAndItsOldVersionKeepsRouting() {
    ConfigSnapshot before = adapter.dump();
    ConfigSnapshot broken =
        TestRoutes.snapshot(
            TestRoutes.BASELINE.replace(
                "\"filters\":[\"AddRequestHeader=X-Gatevault, v1\"]",
                "\"filters\":[\"AddRequestHeader=X-Gatevault, v9\",\"SetStatus=not-a-status\"]"));

    assertThatThrownBy(() -> adapter.apply(broken))
        .isInstanceOf(GatewayResponseRejectedException.class)
        .hasMessageContaining("[api]");

    assertThat(adapter.dump()).isEqualTo(before);
    assertThat(body("/api/x")).contains("\"x-gatevault\":\"v1\"");
  }

  @Test
  void routesComeBackInTheSnapshotsOrder() {
    ConfigSnapshot reordered =
        TestRoutes.snapshot(
            """
            [{"id":"teapot","predicates":["Path=/teapot"],"uri":"forward:/origin/status/418"},
             {"id":"api","predicates":["Path=/api/**"],"uri":"forward:/origin/echo"}]
            """);

    adapter.apply(reordered);

    assertThat(adapter.dump().nativeConfigTree().findValuesAsText("id"))
        .containsExactly("teapot", "api");
  }

  @Test
  void configHashFollowsAChangeMadeBehindTheAdaptersBackBetweenTwoEqualAnswers() {
    String unchanged = adapter.configHash();
    assertThat(adapter.configHash())
        .isEqualTo(unchanged)
        .isEqualTo(adapter.dump().configHash().hex());
    String routes = SharedScg.process().managementUrl().toString().replaceAll("/+$", "");
    routes = (routes.endsWith("/actuator") ? routes : routes + "/actuator") + "/gateway";

    actuator(
        "POST",
        routes + "/routes/late",
        """
        {"id":"late","predicates":["Path=/late/**"],"uri":"forward:/origin/echo"}""");

    String changed = adapter.configHash();
    assertThat(changed).isNotEqualTo(unchanged).isEqualTo(adapter.dump().configHash().hex());
    actuator("DELETE", routes + "/routes/late", null);
    assertThat(adapter.configHash()).isEqualTo(unchanged);
  }

  /**
   * What a poll of an unchanged gateway costs, 300 routes: the hash (one GET, a SHA-256 of the
   * answer) against a dump (the same GET, parsed, normalised, one entity per route). Printed, not
   * asserted: the machine is shared.
   */
  @Test
  void configHashOfAnUnchangedGatewayMatchesTheDumpAndIsTimedAgainstIt() {
    StringBuilder many = new StringBuilder("[");
    for (int i = 0; i < 300; i++) {
      many.append(i == 0 ? "" : ",")
          .append("{\"id\":\"r")
          .append(i)
          .append("\",\"predicates\":[\"Path=/r")
          .append(i)
          .append("/**\",\"Method=GET,POST\"],\"filters\":[\"AddRequestHeader=X-R, ")
          .append(i)
          .append("\"],\"uri\":\"forward:/origin/echo\"}");
    }
    adapter.apply(TestRoutes.snapshot(many.append("]").toString()));
    for (int i = 0; i < 20; i++) {
      adapter.configHash();
      adapter.dump();
    }
    long hashNanos = 0;
    long dumpNanos = 0;
    for (int i = 0; i < 50; i++) {
      long start = System.nanoTime();
      adapter.configHash();
      hashNanos += System.nanoTime() - start;
      start = System.nanoTime();
      adapter.dump();
      dumpNanos += System.nanoTime() - start;
    }
    System.out.printf(
        "SCG 300 routes, unchanged: configHash %.2f ms, dump %.2f ms (mean of 50)%n",
        hashNanos / 50e6, dumpNanos / 50e6);
    assertThat(adapter.configHash()).isEqualTo(adapter.dump().configHash().hex());
  }

  @Test
  void probeReportsTheGatewayVersionAndRouteCount() {
    var probe = adapter.probe();

    assertThat(probe.reachable()).isTrue();
    assertThat(probe.version()).matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(probe.message()).contains("3 route(s)");
  }

  private int status(String path) {
    return send(path).statusCode();
  }

  private String body(String path) {
    return send(path).body();
  }

  private HttpResponse<String> send(String path) {
    try {
      return client.send(
          HttpRequest.newBuilder(SharedScg.process().proxyUrl().resolve(path)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
