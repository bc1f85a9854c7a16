package io.gatevault.testbed.scg;

import io.gatevault.core.config.CanonicalJson;
import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.gateways.scg.ScgRouteDefinitions;
import io.gatevault.gateways.scg.SpringCloudGatewayAdapter;

/** Route sets the ITs put on the testbed. Passwords: alice / wonderland. */
final class TestRoutes {

  static final String USER = "alice";
  static final String PASSWORD = "wonderland";

  /** An echo route with a request header, a basic-auth route, a fixed-status route. */
  static final String BASELINE =
      """
      [{"id":"api","predicates":["Path=/api/**"],"filters":["AddRequestHeader=X-Gatevault, v1"],
        "uri":"forward:/origin/echo"},
       {"id":"secure","predicates":["Path=/secure/**"],
        "filters":["BasicAuth=alice, %s"],"uri":"forward:/origin/echo","order":5},
       {"id":"teapot","predicates":["Path=/teapot"],"uri":"forward:/origin/status/418",
        "metadata":{"owner":"platform"}}]
      """
          .formatted(PasswordHash.sha256Of(PASSWORD));

  private TestRoutes() {}

  static ConfigSnapshot snapshot(String routesJson) {
    return ScgRouteDefinitions.snapshot(
        "scg-it", SpringCloudGatewayAdapter.TYPE, CanonicalJson.parse(routesJson));
  }

  /** The baseline with one more route appended (JSON object text). */
  static ConfigSnapshot baselinePlus(String routeJson) {
    String baseline = BASELINE.strip();
    return snapshot(baseline.substring(0, baseline.length() - 1) + "," + routeJson + "]");
  }
}
