package io.gatevault.gateways.caddy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatevault.core.config.CanonicalJson;
import io.gatevault.core.config.ConfigEntity;
import io.gatevault.core.config.ContentHash;
import io.gatevault.gateways.SiblingOrder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps Caddy's JSON configuration onto canonical entities (a pure function, so it is tested without
 * Caddy):
 *
 * <ul>
 *   <li>{@code route}: each route of each HTTP server, without its handlers; id = the route's
 *       {@code @id}, else {@code <server>/routes/<index>}; natural key from its host and path
 *       matchers; foreign key {@code server}; tags {@code server:<name>} and, but for the first
 *       route, {@code after:<id of the route before it>} ({@link SiblingOrder}: route order changes
 *       what Caddy does, and an {@code @id} says nothing about the position)
 *   <li>{@code handler}: each handler of those routes; id = its {@code @id}, else {@code
 *       <routeId>/handle/<index>}; foreign key {@code route}; tags {@code handler:<name>} and the
 *       same {@code after:} position; nested subroutes stay inside their handler's body
 *   <li>{@code server}: each HTTP server without its routes
 *   <li>{@code app}: each app (the http app without its servers)
 *   <li>{@code setting}: every other top-level member (logging, storage) except {@code admin}
 * </ul>
 *
 * <p>{@code admin} is not an entity and not part of the config hash: it is where the target
 * gateway's own admin API listens, which a restore must keep, not copy from the source.
 */
public final class CaddyConfigMapper {

  static final String ADMIN = "admin";
  private static final String ID = "@id";

  private CaddyConfigMapper() {}

  /** The entities of a Caddy configuration ({@code null} config: none). */
  public static List<ConfigEntity> entities(JsonNode config) {
    List<ConfigEntity> entities = new ArrayList<>();
    if (config == null || config.isNull()) {
      return entities;
    }
    Iterator<Map.Entry<String, JsonNode>> members = config.fields();
    while (members.hasNext()) {
      Map.Entry<String, JsonNode> member = members.next();
      if (member.getKey().equals("apps")) {
        apps(member.getValue(), entities);
      } else if (!member.getKey().equals(ADMIN)) {
        entities.add(
            ConfigEntity.of(
                "setting", member.getKey(), null, List.of(), Map.of(), member.getValue()));
      }
    }
    return entities;
  }

  /** The configuration without its {@code admin} member. */
  public static JsonNode withoutAdmin(JsonNode config) {
    if (config == null || !config.isObject() || !config.has(ADMIN)) {
      return config;
    }
    ObjectNode copy = ((ObjectNode) config).deepCopy();
    copy.remove(ADMIN);
    return copy;
  }

  /** Hash of the configuration without {@code admin}: what Caddy serves. */
  public static ContentHash configHash(JsonNode config) {
    return ContentHash.ofJson(withoutAdmin(config));
  }

  /**
   * The configuration to load into a running Caddy: {@code config} with the live configuration's
   * {@code admin} member (or none, when the live one has none), so loading never moves or closes
   * the admin API the restore talks to.
   */
  public static JsonNode withAdminOf(JsonNode config, JsonNode live) {
    if (config == null || config.isNull()) {
      config = CanonicalJson.newObject();
    }
    if (!config.isObject()) {
      throw new IllegalArgumentException(
          "A Caddy configuration is a JSON object, this one is " + config.getNodeType());
    }
    ObjectNode copy = ((ObjectNode) config).deepCopy();
    copy.remove(ADMIN);
    if (live != null && live.isObject() && live.has(ADMIN)) {
      copy.set(ADMIN, live.get(ADMIN).deepCopy());
    }
    return copy;
  }

  private static void apps(JsonNode apps, List<ConfigEntity> entities) {
    Iterator<Map.Entry<String, JsonNode>> each = apps.fields();
    while (each.hasNext()) {
      Map.Entry<String, JsonNode> app = each.next();
      JsonNode body = app.getValue();
      if (app.getKey().equals("http") && body.isObject() && body.has("servers")) {
        ObjectNode http = ((ObjectNode) body).deepCopy();
        JsonNode servers = http.remove("servers");
        servers
            .fields()
            .forEachRemaining(server -> server(server.getKey(), server.getValue(), entities));
        body = http;
      }
      entities.add(ConfigEntity.of("app", app.getKey(), null, List.of(), Map.of(), body));
    }
  }

  private static void server(String name, JsonNode server, List<ConfigEntity> entities) {
    JsonNode body = server;
    if (server.isObject() && server.has("routes")) {
      ObjectNode copy = ((ObjectNode) server).deepCopy();
      JsonNode routes = copy.remove("routes");
      String previous = null;
      for (int i = 0; i < routes.size(); i++) {
        previous = route(name, name + "/routes/" + i, previous, routes.get(i), entities);
      }
      body = copy;
    }
    entities.add(ConfigEntity.of("server", name, listenKey(server), List.of(), Map.of(), body));
  }

  /** Adds the route and its handlers; returns the route's id (the next route's predecessor). */
  private static String route(
      String server, String path, String previous, JsonNode route, List<ConfigEntity> entities) {
    String id = idOr(route, path);
    JsonNode body = route;
    if (route.isObject() && route.has("handle")) {
      ObjectNode copy = ((ObjectNode) route).deepCopy();
      JsonNode handlers = copy.remove("handle");
      String previousHandler = null;
      for (int i = 0; i < handlers.size(); i++) {
        JsonNode handler = handlers.get(i);
        String name = handler.path("handler").asText("unknown");
        String handlerId = idOr(handler, id + "/handle/" + i);
        entities.add(
            ConfigEntity.of(
                "handler",
                handlerId,
                handlerKey(name, handler),
                positioned(previousHandler, "handler:" + name),
                Map.of("route", "route/" + id),
                handler));
        previousHandler = handlerId;
      }
      body = copy;
    }
    entities.add(
        ConfigEntity.of(
            "route",
            id,
            matcherKey(route.get("match")),
            positioned(previous, "server:" + server),
            Map.of("server", "server/" + server),
            body));
    return id;
  }

  /** The tags of an entity in an ordered list: its label and, after the first, its predecessor. */
  private static List<String> positioned(String previous, String label) {
    return previous == null ? List.of(label) : List.of(label, SiblingOrder.afterTag(previous));
  }

  private static String idOr(JsonNode node, String fallback) {
    JsonNode id = node.get(ID);
    return id != null && id.isTextual() && !id.textValue().isBlank() ? id.textValue() : fallback;
  }

  /**
   * {@code host=a.test,b.test path=/api/*}, sets joined by {@code |}; null without such matchers.
   */
  static String matcherKey(JsonNode match) {
    if (match == null || !match.isArray()) {
      return null;
    }
    List<String> sets = new ArrayList<>();
    for (JsonNode set : match) {
      List<String> parts = new ArrayList<>();
      for (String matcher : List.of("host", "path")) {
        JsonNode values = set.get(matcher);
        if (values != null && values.isArray() && !values.isEmpty()) {
          List<String> texts = new ArrayList<>();
          values.forEach(value -> texts.add(value.asText()));
          parts.add(matcher + "=" + String.join(",", texts));
        }
      }
      if (!parts.isEmpty()) {
        sets.add(String.join(" ", parts));
      }
    }
    return sets.isEmpty() ? null : String.join(" | ", sets);
  }

  private static String handlerKey(String name, JsonNode handler) {
    Set<String> dials = new LinkedHashSet<>();
    handler.path("upstreams").forEach(upstream -> dials.add(upstream.path("dial").asText()));
    dials.remove("");
    return dials.isEmpty() ? name : name + " -> " + String.join(",", dials);
  }

  private static String listenKey(JsonNode server) {
    JsonNode listen = server.get("listen");
    if (listen == null || !listen.isArray() || listen.isEmpty()) {
      return null;
    }
    List<String> addresses = new ArrayList<>();
    listen.forEach(address -> addresses.add(address.asText()));
    return "listen=" + String.join(",", addresses);
  }
}
