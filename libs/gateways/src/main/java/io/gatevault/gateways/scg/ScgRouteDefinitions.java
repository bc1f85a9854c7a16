package io.gatevault.gateways.scg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.gatevault.core.config.CanonicalJson;
import io.gatevault.core.config.ConfigEntity;
import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.gateways.SiblingOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Spring Cloud Gateway route definitions (the JSON of {@code GET
 * /actuator/gateway/routedefinitions} and of {@code POST /actuator/gateway/routes/{id}}) in the
 * canonical model: one {@code route} entity per definition, the list itself as the native document.
 * Every route but the first carries its place in the list as the tag {@code after:<id of the route
 * before it>} ({@link SiblingOrder}).
 *
 * <p>Definitions are normalised the way SCG stores them, so a snapshot written by hand and the one
 * the gateway gives back after it was applied are equal: shortcut predicates and filters ({@code
 * "Path=/a,/b"}) become {@code {name, args:{_genkey_0:"/a",_genkey_1:"/b"}}}, and the members SCG
 * always answers with get its defaults ({@code order 0}, {@code enabled true}, empty {@code
 * metadata}, {@code predicates}, {@code filters}).
 */
public final class ScgRouteDefinitions {

  /** The entity type of a route. */
  public static final String ROUTE = "route";

  private ScgRouteDefinitions() {}

  /**
   * Reads a list of route definitions and normalises each.
   *
   * @throws IllegalArgumentException naming the route and member, when the JSON is not an array of
   *     definitions with unique, non-blank ids and a uri
   */
  public static List<ObjectNode> parse(JsonNode definitions) {
    if (definitions == null || !definitions.isArray()) {
      throw new IllegalArgumentException(
          "route definitions must be a JSON array, got "
              + (definitions == null ? "nothing" : definitions.getNodeType()));
    }
    List<ObjectNode> routes = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < definitions.size(); i++) {
      ObjectNode route = normalise(definitions.get(i), i);
      if (!ids.add(route.get("id").textValue())) {
        throw new IllegalArgumentException(
            "route id '" + route.get("id").textValue() + "' appears twice in the definitions");
      }
      routes.add(route);
    }
    return routes;
  }

  /** A snapshot of a gateway whose definitions are these (normalised by {@link #parse}). */
  public static ConfigSnapshot snapshot(
      String gatewayId, String gatewayType, JsonNode definitions) {
    List<ObjectNode> routes = parse(definitions);
    List<ConfigEntity> entities = new ArrayList<>();
    ArrayNode document = CanonicalJson.newArray();
    String previous = null;
    for (ObjectNode route : routes) {
      String id = route.get("id").textValue();
      entities.add(
          ConfigEntity.of(
              ROUTE,
              id,
              naturalKey(route),
              previous == null ? null : List.of(SiblingOrder.afterTag(previous)),
              null,
              route));
      document.add(route);
      previous = id;
    }
    return ConfigSnapshot.of(gatewayId, gatewayType, entities, document);
  }

  /**
   * The route definitions holding exactly these {@code route} entities: each entity's body is its
   * definition, each right after the route its {@code after:} tag names ({@link SiblingOrder}).
   * Routes without that tag (snapshots written before positions were recorded) keep the base
   * document's place, unknown ones follow in id order. The list order matters: SCG matches routes
   * by {@code order}, and between routes of equal {@code order} by their place in the list.
   *
   * @throws IllegalArgumentException naming the entity, when one is not a route or its body is not
   *     a definition with the entity's id
   */
  public static JsonNode compose(JsonNode base, List<ConfigEntity> entities) {
    Map<String, Integer> positions = new java.util.HashMap<>();
    if (base != null && base.isArray()) {
      for (int i = 0; i < base.size(); i++) {
        JsonNode id = base.get(i).get("id");
        if (id != null && id.isTextual()) {
          positions.putIfAbsent(id.textValue(), i);
        }
      }
    }
    List<ConfigEntity> routes = new ArrayList<>();
    for (ConfigEntity entity : entities) {
      if (!entity.type().equals(ROUTE)) {
        throw new IllegalArgumentException(
            "Spring Cloud Gateway entity "
                + entity.key()
                + " is not a route: route definitions hold routes only");
      }
      JsonNode id = entity.bodyTree().get("id");
      if (id == null || !id.isTextual() || !id.textValue().equals(entity.id())) {
        throw new IllegalArgumentException(
            "Spring Cloud Gateway entity "
                + entity.key()
                + " has a definition whose id is "
                + id
                + ": the body of route/<id> is the definition of route <id>");
      }
      routes.add(entity);
    }
    List<ConfigEntity> ordered =
        SiblingOrder.ordered(
            routes,
            java.util.Comparator.comparingInt(
                    (ConfigEntity route) -> positions.getOrDefault(route.id(), Integer.MAX_VALUE))
                .thenComparing(ConfigEntity::id));
    ArrayNode document = CanonicalJson.newArray();
    ordered.forEach(route -> document.add(route.bodyTree()));
    return CanonicalJson.newArray().addAll(parse(document));
  }

  /** The route's id. */
  public static String id(JsonNode route) {
    return route.get("id").textValue();
  }

  /**
   * How a person recognises a route: its predicates in SCG's shortcut form, e.g. {@code
   * Path=/api/**; Method=GET,POST}; null for a route without predicates (it matches everything).
   */
  static String naturalKey(JsonNode route) {
    List<String> parts = new ArrayList<>();
    for (JsonNode predicate : route.get("predicates")) {
      List<String> values = new ArrayList<>();
      predicate.get("args").fields().forEachRemaining(arg -> values.add(text(arg.getValue())));
      parts.add(predicate.get("name").textValue() + "=" + String.join(",", values));
    }
    return parts.isEmpty() ? null : String.join("; ", parts);
  }

  private static ObjectNode normalise(JsonNode definition, int index) {
    if (definition == null || !definition.isObject()) {
      throw new IllegalArgumentException("route definition #" + index + " is not a JSON object");
    }
    ObjectNode route = definition.deepCopy();
    JsonNode id = route.get("id");
    if (id == null || !id.isTextual() || id.textValue().isBlank()) {
      throw new IllegalArgumentException("route definition #" + index + " has no id");
    }
    String where = "route '" + id.textValue() + "'";
    JsonNode uri = route.get("uri");
    if (uri == null || !uri.isTextual() || uri.textValue().isBlank()) {
      throw new IllegalArgumentException(where + " has no uri");
    }
    route.set("predicates", parts(route.get("predicates"), where + " predicates"));
    route.set("filters", parts(route.get("filters"), where + " filters"));
    if (route.get("order") == null || route.get("order").isNull()) {
      route.put("order", 0);
    } else if (!route.get("order").canConvertToInt()) {
      throw new IllegalArgumentException(where + " has an order that is not an integer");
    }
    if (route.get("enabled") == null || route.get("enabled").isNull()) {
      route.put("enabled", true);
    }
    if (route.get("metadata") == null || route.get("metadata").isNull()) {
      route.putObject("metadata");
    } else if (!route.get("metadata").isObject()) {
      throw new IllegalArgumentException(where + " has metadata that is not an object");
    }
    return route;
  }

  /** Predicates or filters as {name, args} objects; shortcut strings expanded as SCG does. */
  private static ArrayNode parts(JsonNode list, String where) {
    ArrayNode normalised = CanonicalJson.newArray();
    if (list == null || list.isNull()) {
      return normalised;
    }
    if (!list.isArray()) {
      throw new IllegalArgumentException(where + " must be an array");
    }
    for (JsonNode part : list) {
      ObjectNode out = normalised.addObject();
      if (part.isTextual()) {
        // SCG's PredicateDefinition/FilterDefinition(String): name before the first '=',
        // then comma-separated values, trimmed, empty ones dropped.
        String text = part.textValue();
        int equals = text.indexOf('=');
        out.put("name", (equals < 0 ? text : text.substring(0, equals)).strip());
        ObjectNode args = out.putObject("args");
        if (equals >= 0) {
          int i = 0;
          for (String value : text.substring(equals + 1).split(",")) {
            if (!value.isBlank()) {
              args.put("_genkey_" + i++, value.strip());
            }
          }
        }
      } else if (part.isObject() && part.path("name").isTextual()) {
        out.put("name", part.get("name").textValue());
        JsonNode args = part.get("args");
        if (args == null || args.isNull()) {
          out.putObject("args");
        } else if (args.isObject()) {
          ObjectNode copy = out.putObject("args");
          Iterator<Map.Entry<String, JsonNode>> fields = args.fields();
          // SCG keeps args as Map<String, String>: a 1 or true written in a snapshot comes back
          // from the gateway as "1" / "true", so store them that way or every apply would look
          // like someone else changed the routes.
          fields.forEachRemaining(
              arg -> {
                JsonNode value = arg.getValue();
                copy.set(
                    arg.getKey(),
                    value.isNumber() || value.isBoolean()
                        ? TextNode.valueOf(value.asText())
                        : value.deepCopy());
              });
        } else {
          throw new IllegalArgumentException(
              where + ": args of " + part.get("name").textValue() + " must be an object");
        }
      } else {
        throw new IllegalArgumentException(
            where + " must hold \"Name=args\" strings or {name, args} objects, got " + part);
      }
    }
    return normalised;
  }

  private static String text(JsonNode value) {
    return value.isTextual() ? value.textValue() : CanonicalJson.toCanonicalString(value);
  }
}
