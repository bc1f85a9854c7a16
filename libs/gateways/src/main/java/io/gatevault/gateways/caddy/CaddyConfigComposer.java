package io.gatevault.gateways.caddy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatevault.core.config.CanonicalJson;
import io.gatevault.core.config.ConfigEntity;
import io.gatevault.gateways.SiblingOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The inverse of {@link CaddyConfigMapper#entities}: a Caddy configuration rebuilt from entities,
 * on the document of a base snapshot. Each entity goes back where the mapper took it from: a {@code
 * setting} to the top-level member of its id, an {@code app} to {@code /apps/<id>}, a {@code
 * server} to {@code /apps/http/servers/<id>}, a {@code route} into the {@code routes} of the server
 * its {@code server} foreign key names, a {@code handler} into the {@code handle} of the route its
 * {@code route} foreign key names. {@code admin} is the base's.
 *
 * <p>Order inside {@code routes} and {@code handle} matters to Caddy. Each entity goes right after
 * the one its {@code after:} tag names ({@link SiblingOrder}), so a route inserted, moved or added
 * with an {@code @id} the base never saw lands where it was at that moment. Entities without that
 * tag (snapshots and segments written before positions were recorded) are placed as then: a
 * positional id ({@code <server>/routes/<i>}, {@code <route>/handle/<i>}) at that position, an
 * {@code @id} where the base document had it, an {@code @id} the base does not know after those, in
 * id order.
 *
 * <p>Empty {@code routes}, {@code handle}, {@code servers} and {@code apps} members are written
 * when the base had them, so {@code compose(doc, entities(doc))} gives {@code doc} back byte for
 * byte.
 */
public final class CaddyConfigComposer {

  private static final String ID = "@id";
  private static final Pattern POSITIONAL = Pattern.compile("(.*)/(routes|handle)/(\\d+)");

  private CaddyConfigComposer() {}

  /**
   * The configuration holding exactly these entities.
   *
   * @param base the base snapshot's native document (its {@code admin} and the positions of
   *     entities with an {@code @id}); null or not an object: none
   * @throws IllegalArgumentException naming the entity, when one has a type the mapper never makes
   *     or references a server or route that is not among the entities
   */
  public static JsonNode compose(JsonNode base, List<ConfigEntity> entities) {
    BasePositions positions = new BasePositions(base);
    ObjectNode config = CanonicalJson.newObject();
    if (base != null && base.isObject() && base.has(CaddyConfigMapper.ADMIN)) {
      config.set(CaddyConfigMapper.ADMIN, base.get(CaddyConfigMapper.ADMIN).deepCopy());
    }
    Map<String, ObjectNode> servers = new TreeMap<>();
    Map<String, ObjectNode> routes = new HashMap<>();
    Map<String, List<ConfigEntity>> routesByServer = new HashMap<>();
    Map<String, List<ConfigEntity>> handlersByRoute = new HashMap<>();
    ObjectNode apps = null;
    for (ConfigEntity entity : entities) {
      switch (entity.type()) {
        case "setting" -> config.set(entity.id(), entity.bodyTree());
        case "app" -> {
          if (apps == null) {
            apps = CanonicalJson.newObject();
          }
          apps.set(entity.id(), entity.bodyTree());
        }
        case "server" -> servers.put(entity.id(), object(entity));
        case "route" -> {
          routes.put(entity.id(), object(entity));
          routesByServer
              .computeIfAbsent(reference(entity, "server"), key -> new ArrayList<>())
              .add(entity);
        }
        case "handler" ->
            handlersByRoute
                .computeIfAbsent(reference(entity, "route"), key -> new ArrayList<>())
                .add(entity);
        default ->
            throw new IllegalArgumentException(
                "Caddy entity "
                    + entity.key()
                    + " has a type the Caddy adapter does not make (setting, app, server, route,"
                    + " handler): it cannot be placed in a Caddy configuration");
      }
    }
    if (apps == null && (positions.hadApps || !servers.isEmpty())) {
      apps = CanonicalJson.newObject();
    }
    for (Map.Entry<String, List<ConfigEntity>> group : handlersByRoute.entrySet()) {
      ObjectNode route = routes.get(group.getKey());
      if (route == null) {
        throw dangling(group.getValue().get(0), "route/" + group.getKey());
      }
      ArrayNode handle = route.putArray("handle");
      sorted(group.getValue(), positions.handlerIndex).forEach(h -> handle.add(h.bodyTree()));
    }
    for (String routeId : positions.routesWithHandle) {
      ObjectNode route = routes.get(routeId);
      if (route != null && !route.has("handle")) {
        route.putArray("handle");
      }
    }
    for (Map.Entry<String, List<ConfigEntity>> group : routesByServer.entrySet()) {
      ObjectNode server = servers.get(group.getKey());
      if (server == null) {
        throw dangling(group.getValue().get(0), "server/" + group.getKey());
      }
      ArrayNode list = server.putArray("routes");
      sorted(group.getValue(), positions.routeIndex).forEach(r -> list.add(routes.get(r.id())));
    }
    for (String name : positions.serversWithRoutes) {
      ObjectNode server = servers.get(name);
      if (server != null && !server.has("routes")) {
        server.putArray("routes");
      }
    }
    if (!servers.isEmpty() || positions.hadServers) {
      JsonNode http = apps.get("http");
      if (http == null) {
        if (servers.isEmpty()) {
          http = null;
        } else {
          throw new IllegalArgumentException(
              "Caddy servers "
                  + servers.keySet()
                  + " have no http app entity (app/http) to sit in: replay lost app/http or the"
                  + " change log is incomplete");
        }
      }
      if (http != null) {
        if (!http.isObject()) {
          throw new IllegalArgumentException(
              "Caddy entity app/http must be a JSON object to hold servers");
        }
        ObjectNode serverMap = ((ObjectNode) http).putObject("servers");
        servers.forEach(serverMap::set);
      }
    }
    if (apps != null) {
      config.set("apps", apps);
    }
    return config;
  }

  private static ObjectNode object(ConfigEntity entity) {
    JsonNode body = entity.bodyTree();
    if (!body.isObject()) {
      throw new IllegalArgumentException(
          "Caddy entity "
              + entity.key()
              + " must have a JSON object body, got "
              + body.getNodeType());
    }
    return (ObjectNode) body;
  }

  private static String reference(ConfigEntity entity, String field) {
    String target = entity.foreignKeys().get(field);
    if (target == null || !target.startsWith(field + "/")) {
      throw new IllegalArgumentException(
          "Caddy entity "
              + entity.key()
              + " has no "
              + field
              + " foreign key, so there is no place for it in the configuration");
    }
    return target.substring(field.length() + 1);
  }

  private static IllegalArgumentException dangling(ConfigEntity entity, String missing) {
    return new IllegalArgumentException(
        "Caddy entity "
            + entity.key()
            + " refers to "
            + missing
            + ", which is not among the entities: the configuration cannot be composed (is the"
            + " change log complete?)");
  }

  /**
   * List order from the entities' position tags ({@link SiblingOrder}); entities without one (old
   * snapshots) by positional id, then where the base had them, then by id.
   */
  private static List<ConfigEntity> sorted(List<ConfigEntity> group, Map<String, Integer> base) {
    return SiblingOrder.ordered(
        group,
        Comparator.comparingLong((ConfigEntity entity) -> rank(entity.id(), base))
            .thenComparing(ConfigEntity::id));
  }

  private static long rank(String id, Map<String, Integer> base) {
    Matcher positional = POSITIONAL.matcher(id);
    if (positional.matches()) {
      return Long.parseLong(positional.group(3));
    }
    Integer index = base.get(id);
    return index == null ? Long.MAX_VALUE : index;
  }

  /** Where the base document had each route and handler, and which lists it had empty. */
  private static final class BasePositions {
    final Map<String, Integer> routeIndex = new HashMap<>();
    final Map<String, Integer> handlerIndex = new HashMap<>();
    final Set<String> routesWithHandle = new HashSet<>();
    final Set<String> serversWithRoutes = new HashSet<>();
    boolean hadApps;
    boolean hadServers;

    BasePositions(JsonNode base) {
      if (base == null || !base.isObject() || !base.has("apps")) {
        return;
      }
      hadApps = true;
      JsonNode servers = base.path("apps").path("http").get("servers");
      if (servers == null || !servers.isObject()) {
        return;
      }
      hadServers = true;
      servers
          .fields()
          .forEachRemaining(
              server -> {
                JsonNode list = server.getValue().get("routes");
                if (list == null || !list.isArray()) {
                  return;
                }
                serversWithRoutes.add(server.getKey());
                for (int i = 0; i < list.size(); i++) {
                  JsonNode route = list.get(i);
                  String routeId = idOr(route, server.getKey() + "/routes/" + i);
                  routeIndex.put(routeId, i);
                  JsonNode handle = route.get("handle");
                  if (handle != null && handle.isArray()) {
                    routesWithHandle.add(routeId);
                    for (int j = 0; j < handle.size(); j++) {
                      handlerIndex.put(idOr(handle.get(j), routeId + "/handle/" + j), j);
                    }
                  }
                }
              });
    }

    private static String idOr(JsonNode node, String fallback) {
      JsonNode id = node.get(ID);
      return id != null && id.isTextual() && !id.textValue().isBlank() ? id.textValue() : fallback;
    }
  }
}
