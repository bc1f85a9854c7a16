package io.gatevault.allinone.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The changes the end-to-end tests make to the shop site of {@code caddy-release-1.json} behind
 * Gatevault's back, as an operator editing Caddy's running configuration would.
 */
final class ShopRoutes {

  private ShopRoutes() {}

  /** /hello answers as release 2: its X-Release header and body. */
  static void helloBecomesReleaseTwo(ObjectNode config) {
    ArrayNode handle = (ArrayNode) route(config, "hello").path("handle");
    ((ObjectNode) handle.get(0).path("response").path("set")).putArray("X-Release").add("2");
    ((ObjectNode) handle.get(1)).put("body", "hello from release 2");
  }

  /** A new route {@code @id status}: /status answers ok. */
  static void statusRouteIsAdded(ObjectNode config) {
    ObjectNode status = routes(config).addObject();
    status.put("@id", "status");
    status.putArray("match").addObject().putArray("path").add("/status");
    status.putArray("handle").addObject().put("handler", "static_response").put("body", "ok");
  }

  /** The /orders/* route is gone. */
  static void ordersRouteIsRemoved(ObjectNode config) {
    ArrayNode routes = routes(config);
    for (int i = 0; i < routes.size(); i++) {
      if (routes.get(i).path("match").get(0).path("path").get(0).asText().equals("/orders/*")) {
        routes.remove(i);
        return;
      }
    }
    throw new IllegalStateException("no /orders/* route in " + config);
  }

  static ArrayNode routes(ObjectNode config) {
    return (ArrayNode) config.path("apps").path("http").path("servers").path("shop").path("routes");
  }

  static ObjectNode route(ObjectNode config, String id) {
    for (JsonNode route : routes(config)) {
      if (route.path("@id").asText().equals(id)) {
        return (ObjectNode) route;
      }
    }
    throw new IllegalStateException("no route @id " + id + " in " + config);
  }
}
