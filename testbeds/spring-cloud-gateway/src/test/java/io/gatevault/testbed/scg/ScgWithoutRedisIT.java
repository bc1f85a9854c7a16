package io.gatevault.testbed.scg;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.core.gateway.GatewayAdapter;
import io.gatevault.core.gateway.GatewayDescriptor;
import io.gatevault.gateways.GatewayAdapters;
import io.gatevault.gateways.scg.ScgProcess;
import io.gatevault.testsupport.CaddyProcess;
import io.gatevault.testsupport.traffic.TrafficCheck;
import io.gatevault.testsupport.traffic.TrafficChecks;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The testbed pointed at a Redis that is not there (a closed loopback port): it starts, reports UP,
 * routes, and a route carrying the rate limiter lets every request through (SCG's RedisRateLimiter
 * fails open). So the demo and the ITs that never start Redis keep working.
 */
class ScgWithoutRedisIT {

  private static ScgProcess scg;

  @BeforeAll
  static void startGatewayWithoutRedis() {
    int nobodyListens = CaddyProcess.freePort();
    scg =
        ScgProcess.start(
            ScgProcess.Options.defaults()
                .withExtraArguments(List.of("--spring.data.redis.port=" + nobodyListens)));
  }

  @AfterAll
  static void stop() {
    if (scg != null) {
      scg.close();
    }
  }

  @Test
  void gatewayStartsAndReportsUpWithoutRedis() throws Exception {
    HttpResponse<String> health =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(scg.managementUrl().resolve("/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("UP");
  }

  @Test
  void routesAndAuthWorkAndALimitedRouteFailsOpenWithoutRedis() throws IOException {
    GatewayAdapter adapter =
        GatewayAdapters.create(
            new GatewayDescriptor(
                "scg-no-redis",
                "spring-cloud-gateway",
                scg.managementUrl(),
                "test",
                "demo",
                "platform"));
    adapter.apply(TestRoutes.baselinePlus(ScgRateLimitIT.LIMITED_ROUTE));

    var report =
        new TrafficChecks(scg.proxyUrl())
            .run(
                List.of(
                    TrafficCheck.status("teapot", "/teapot"),
                    TrafficCheck.status("secure anonymous", "/secure/x"),
                    TrafficCheck.basicAuth(
                        "secure alice", "/secure/x", TestRoutes.USER, TestRoutes.PASSWORD),
                    TrafficCheck.burst("limited burst", "/limited/x", 6)));

    assertThat(report.outcome("teapot")).isEqualTo("status 418");
    assertThat(report.outcome("secure anonymous")).isEqualTo("status 401");
    assertThat(report.outcome("secure alice")).isEqualTo("status 200");
    assertThat(report.outcome("limited burst")).isEqualTo("not limited in 6");
    assertThat(scg.isAlive()).isTrue();
  }
}
