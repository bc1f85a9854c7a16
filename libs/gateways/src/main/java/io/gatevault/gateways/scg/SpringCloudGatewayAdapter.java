package io.gatevault.gateways.scg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatevault.core.config.CanonicalJson;
import io.gatevault.core.config.ConfigEntity;
import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.gateway.GatewayAdapter;
import io.gatevault.core.gateway.GatewayDescriptor;
import io.gatevault.core.gateway.GatewayResponseRejectedException;
import io.gatevault.core.gateway.GatewayUnreachableException;
import io.gatevault.core.gateway.ProbeResult;
import io.gatevault.gateways.AdminHttp;
import io.gatevault.gateways.GatewayAdapters;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Spring Cloud Gateway (server-webflux) through its actuator gateway endpoint. {@code admin-url} is
 * the management server, e.g. {@code http://127.0.0.1:9090} (then {@code /actuator} is added), or
 * the actuator base when it is not {@code /actuator}, e.g. {@code http://127.0.0.1:9090/manage}.
 * The gateway must expose the endpoint: {@code management.endpoints.web.exposure.include=gateway}
 * and {@code management.endpoint.gateway.access=unrestricted}.
 *
 * <ul>
 *   <li>dump: {@code GET routedefinitions}, one {@code route} entity per definition ({@link
 *       ScgRouteDefinitions})
 *   <li>apply: {@code DELETE routes/{id}} for routes not in the snapshot, {@code POST routes/{id}}
 *       for new or changed ones, then {@code POST refresh}. SCG keeps routing with the routes of
 *       the last successful refresh until the next one succeeds, so traffic switches in one step.
 *   <li>configHash: SHA-256 of the canonical definitions; SCG has no ETag, so the definitions are
 *       read, but an answer byte-equal to the last one is not parsed again
 * </ul>
 *
 * <p>SCG saves a route whose filter or predicate arguments are bad (only unknown names and a uri
 * without scheme get a 400), and then fails every refresh, logging the error and answering 200. So
 * apply checks what the gateway really routes with: it adds a check route that matches no request,
 * refreshes, and expects to see the check route and every snapshot route in {@code GET routes}. If
 * not, it puts the previous definitions back, refreshes, finds the routes the gateway refuses (each
 * tried alone as a copy that matches no request) and fails permanently naming them; the gateway
 * then routes and holds what it did before. A copy of a route with a {@code Weight} predicate joins
 * its weight group for the moment of that check.
 *
 * <p>Routes defined in the gateway's own configuration (YAML, discovery) appear in the dump but
 * cannot be deleted through the actuator: apply then fails naming them. Route order: SCG keeps
 * definitions in insertion order, which decides between routes of equal {@code order}; when the
 * snapshot's order cannot be reached by adding and removing routes, apply re-adds them all.
 */
public class SpringCloudGatewayAdapter implements GatewayAdapter {

  /** The adapter type name in settings. */
  public static final String TYPE = "spring-cloud-gateway";

  /** Id prefix of the routes apply adds for a moment to check a refresh; never in a snapshot. */
  static final String CHECK_ROUTE_PREFIX = "gatevault-apply-check-";

  private static final Duration DEFAULT_REFRESH_WAIT = Duration.ofSeconds(3);
  private static final int MAX_ROUTES_DIAGNOSED = 200;

  private final GatewayDescriptor gateway;
  private final AdminHttp http;
  private final String gatewayEndpoint;
  private final URI definitionsUri;
  private final URI activeRoutesUri;
  private final URI refreshUri;
  private final URI infoUri;
  private final Duration refreshWait;
  private volatile RawHash lastRawHash;

  public SpringCloudGatewayAdapter(GatewayDescriptor gateway, HttpClient client, Duration timeout) {
    this(gateway, client, timeout, DEFAULT_REFRESH_WAIT);
  }

  /**
   * @param refreshWait how long a refresh may take to show in {@code GET routes} (SCG refreshes as
   *     it answers for in-memory routes; a slow route locator needs longer)
   */
  public SpringCloudGatewayAdapter(
      GatewayDescriptor gateway, HttpClient client, Duration timeout, Duration refreshWait) {
    this.gateway = gateway;
    this.http = new AdminHttp(gateway, client, timeout);
    this.refreshWait = refreshWait;
    String actuator = actuatorBase(gateway.adminUrl());
    this.gatewayEndpoint = actuator + "/gateway";
    this.definitionsUri = URI.create(gatewayEndpoint + "/routedefinitions");
    this.activeRoutesUri = URI.create(gatewayEndpoint + "/routes");
    this.refreshUri = URI.create(gatewayEndpoint + "/refresh");
    this.infoUri = URI.create(actuator + "/info");
  }

  static String actuatorBase(URI adminUrl) {
    String base = adminUrl.toString().replaceAll("/+$", "");
    if (base.endsWith("/gateway")) {
      base = base.substring(0, base.length() - "/gateway".length());
    }
    String path = URI.create(base).getPath();
    return path == null || path.isEmpty() ? base + "/actuator" : base;
  }

  @Override
  public GatewayDescriptor gateway() {
    return gateway;
  }

  @Override
  public ConfigSnapshot dump() {
    JsonNode definitions = readJson(definitionsUri);
    try {
      return ScgRouteDefinitions.snapshot(gateway.id(), TYPE, definitions);
    } catch (IllegalArgumentException e) {
      throw unmodelled(e);
    }
  }

  private GatewayResponseRejectedException unmodelled(IllegalArgumentException e) {
    return new GatewayResponseRejectedException(
        gateway.id(),
        "Spring Cloud Gateway "
            + gateway.id()
            + " answered GET "
            + definitionsUri
            + " with route definitions Gatevault cannot model: "
            + e.getMessage()
            + ". Check admin-url is the gateway's management server",
        e);
  }

  @Override
  public ConfigSnapshot compose(ConfigSnapshot base, List<ConfigEntity> entities) {
    GatewayAdapters.requireType(gateway, TYPE, base);
    return GatewayAdapters.composed(
        base, entities, ScgRouteDefinitions.compose(base.nativeConfigTree(), entities), this);
  }

  @Override
  public void apply(ConfigSnapshot snapshot) {
    GatewayAdapters.requireType(gateway, TYPE, snapshot);
    List<ObjectNode> wanted;
    try {
      wanted = ScgRouteDefinitions.parse(snapshot.nativeConfigTree());
    } catch (IllegalArgumentException e) {
      throw new GatewayResponseRejectedException(
          gateway.id(),
          "Snapshot of gateway "
              + snapshot.gatewayId()
              + " cannot be applied to Spring Cloud Gateway "
              + gateway.id()
              + ": its native configuration is not a list of route definitions ("
              + e.getMessage()
              + "); nothing was sent. Pick another backup",
          e);
    }
    for (ObjectNode route : wanted) {
      if (ScgRouteDefinitions.id(route).startsWith(CHECK_ROUTE_PREFIX)) {
        throw new GatewayResponseRejectedException(
            gateway.id(),
            "Snapshot route "
                + ScgRouteDefinitions.id(route)
                + " uses the id prefix Gatevault reserves for its check routes; rename it");
      }
    }
    List<ObjectNode> previous = readDefinitions();
    try {
      write(previous, wanted);
      List<String> inactive = refreshAndFindInactive(ids(wanted));
      if (inactive == null) {
        throw new RefreshRefused(null);
      }
      if (!inactive.isEmpty()) {
        throw new RefreshRefused(inactive);
      }
      List<ObjectNode> held = readDefinitions();
      if (!canonical(held).equals(canonical(wanted))) {
        throw new GatewayResponseRejectedException(
            gateway.id(),
            "Spring Cloud Gateway "
                + gateway.id()
                + " holds other route definitions than the snapshot after apply (ids "
                + ids(held)
                + ", expected "
                + ids(wanted)
                + "): another client may be changing routes at the same time; apply again");
      }
    } catch (RefreshRefused refused) {
      restore(previous);
      List<String> refusedRoutes =
          refused.inactiveRoutes != null ? refused.inactiveRoutes : diagnose(previous, wanted);
      throw new GatewayResponseRejectedException(
          gateway.id(),
          "Spring Cloud Gateway "
              + gateway.id()
              + " saved the snapshot's routes but refused to route with "
              + (refusedRoutes.isEmpty()
                  ? "them as a set (each alone was accepted)"
                  : "route(s) " + refusedRoutes)
              + " after POST "
              + refreshUri
              + " (it answers 200 and logs 'Refresh routes error'; its log says why: usually a"
              + " bad filter or predicate argument). The previous routes were put back and"
              + " still route. Fix the route in the backup or pick another backup");
    } catch (GatewayResponseRejectedException rejected) {
      restore(previous);
      throw new GatewayResponseRejectedException(
          gateway.id(),
          rejected.getMessage() + ". The previous routes were put back and still route",
          rejected);
    } catch (GatewayUnreachableException unreachable) {
      throw new GatewayUnreachableException(
          gateway.id(),
          unreachable.getMessage()
              + ". The apply stopped part way: the gateway keeps routing with its previous routes"
              + " until its next refresh; apply the snapshot again",
          unreachable);
    }
  }

  @Override
  public ProbeResult probe() {
    ConfigSnapshot snapshot;
    try {
      snapshot = dump();
    } catch (GatewayUnreachableException e) {
      return ProbeResult.unreachable(e.getMessage());
    } catch (GatewayResponseRejectedException e) {
      return new ProbeResult(true, null, null, e.getMessage());
    }
    return new ProbeResult(
        true,
        version(),
        snapshot.configHash().hex(),
        "Spring Cloud Gateway "
            + gateway.id()
            + " answered at "
            + definitionsUri
            + " with "
            + snapshot.entities().size()
            + " route(s)");
  }

  /**
   * SCG has no ETag or version to ask for, so the definitions are read each time; what is saved is
   * the work after the read: when the answer is byte for byte the one of the last call (a poll of
   * an unchanged gateway), its hash is the last one, without parsing, normalising and hashing the
   * definitions again.
   */
  @Override
  public String configHash() {
    byte[] body = http.get(definitionsUri);
    byte[] digest = sha256(body);
    RawHash last = lastRawHash;
    if (last != null && MessageDigest.isEqual(last.rawDigest(), digest)) {
      return last.configHash();
    }
    String hash;
    try {
      hash =
          ScgRouteDefinitions.snapshot(gateway.id(), TYPE, parse(definitionsUri, body))
              .configHash()
              .hex();
    } catch (IllegalArgumentException e) {
      throw unmodelled(e);
    }
    lastRawHash = new RawHash(digest, hash);
    return hash;
  }

  /** SHA-256 of an answer as received, and the config hash of the definitions it held. */
  private record RawHash(byte[] rawDigest, String configHash) {}

  private static byte[] sha256(byte[] body) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(body);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The version /actuator/info tells (the Gatevault testbed does; stock SCG does not), or null. */
  private String version() {
    try {
      JsonNode version = CanonicalJson.parse(http.get(infoUri)).path("gateway").path("version");
      return version.isTextual() ? version.textValue() : null;
    } catch (RuntimeException noInfo) {
      return null;
    }
  }

  /**
   * Makes the gateway's saved definitions equal {@code wanted}, in order: SCG's repository keeps
   * insertion order and re-saving an id keeps its place, so routes are only removed and added
   * unless the order can be reached no other way.
   */
  private void write(List<ObjectNode> current, List<ObjectNode> wanted) {
    Map<String, String> currentBodies = bodies(current);
    Map<String, String> wantedBodies = bodies(wanted);
    List<String> kept = new ArrayList<>(currentBodies.keySet());
    kept.retainAll(wantedBodies.keySet());
    List<String> wantedIds = new ArrayList<>(wantedBodies.keySet());
    boolean orderReachable = wantedIds.subList(0, kept.size()).equals(kept);
    for (String id : currentBodies.keySet()) {
      if (!orderReachable || !wantedBodies.containsKey(id)) {
        delete(id);
      }
    }
    for (ObjectNode route : wanted) {
      String id = ScgRouteDefinitions.id(route);
      if (!orderReachable || !wantedBodies.get(id).equals(currentBodies.get(id))) {
        http.sendJson("POST", routeUri(id), CanonicalJson.toBytes(route));
      }
    }
  }

  private void delete(String id) {
    try {
      http.sendJson("DELETE", routeUri(id), new byte[0]);
    } catch (GatewayResponseRejectedException e) {
      throw new GatewayResponseRejectedException(
          gateway.id(),
          "Spring Cloud Gateway "
              + gateway.id()
              + " would not delete route "
              + id
              + " ("
              + e.getMessage()
              + "); a route defined in the gateway's own configuration (YAML, properties,"
              + " discovery) cannot be deleted through the actuator: remove it there, or keep it"
              + " in the backup",
          e);
    }
  }

  /**
   * Refreshes with a check route added, then without it.
   *
   * @return null when the refresh was not applied at all (the check route never showed), otherwise
   *     the expected routes the gateway does not route with (SCG skips bad routes instead of
   *     failing the refresh when {@code fail-on-route-definition-error} is false)
   */
  private List<String> refreshAndFindInactive(List<String> expected) {
    String checkId = CHECK_ROUTE_PREFIX + UUID.randomUUID();
    http.sendJson("POST", routeUri(checkId), CanonicalJson.toBytes(checkRoute(checkId, null)));
    try {
      http.sendJson("POST", refreshUri, new byte[0]);
      Set<String> active = awaitActive(ids -> ids.contains(checkId));
      if (!active.contains(checkId)) {
        return null;
      }
    } finally {
      deleteQuietly(checkId);
    }
    http.sendJson("POST", refreshUri, new byte[0]);
    Set<String> active = awaitActive(ids -> !ids.contains(checkId));
    List<String> inactive = new ArrayList<>(expected);
    inactive.removeAll(active);
    return inactive;
  }

  /** Finds the routes SCG refuses, each tried alone as a copy that matches no request. */
  private List<String> diagnose(List<ObjectNode> previous, List<ObjectNode> wanted) {
    Map<String, String> previousBodies = bodies(previous);
    List<String> refused = new ArrayList<>();
    int tried = 0;
    for (ObjectNode route : wanted) {
      String id = ScgRouteDefinitions.id(route);
      String body = CanonicalJson.toCanonicalString(route);
      if (body.equals(previousBodies.get(id)) || tried++ >= MAX_ROUTES_DIAGNOSED) {
        continue;
      }
      String checkId = CHECK_ROUTE_PREFIX + UUID.randomUUID();
      http.sendJson("POST", routeUri(checkId), CanonicalJson.toBytes(checkRoute(checkId, route)));
      try {
        http.sendJson("POST", refreshUri, new byte[0]);
        if (!awaitActive(ids -> ids.contains(checkId)).contains(checkId)) {
          refused.add(id);
        }
      } finally {
        deleteQuietly(checkId);
      }
    }
    http.sendJson("POST", refreshUri, new byte[0]);
    return refused;
  }

  /** Puts the previous definitions back and refreshes (routing never left them). */
  private void restore(List<ObjectNode> previous) {
    try {
      write(readDefinitions(), previous);
      http.sendJson("POST", refreshUri, new byte[0]);
    } catch (RuntimeException e) {
      throw new GatewayResponseRejectedException(
          gateway.id(),
          "Spring Cloud Gateway "
              + gateway.id()
              + " refused the snapshot, and putting its previous routes "
              + ids(previous)
              + " back failed too ("
              + e.getMessage()
              + "). It keeps routing with the routes of its last successful refresh until the next"
              + " refresh; re-apply a known good backup before refreshing it",
          e);
    }
  }

  /**
   * A route that matches no request (a header with a random value): the empty check route, or a
   * copy of {@code original} with that extra predicate.
   */
  private ObjectNode checkRoute(String checkId, ObjectNode original) {
    ObjectNode route =
        original == null ? CanonicalJson.newObject() : (ObjectNode) original.deepCopy();
    route.put("id", checkId);
    if (original == null) {
      route.put("uri", "http://127.0.0.1:9");
      route.putArray("filters");
      route.putArray("predicates");
    }
    route.put("order", Integer.MAX_VALUE);
    ObjectNode guard =
        ((com.fasterxml.jackson.databind.node.ArrayNode) route.get("predicates")).addObject();
    guard.put("name", "Header");
    guard.putObject("args").put("header", "X-Gatevault-Check").put("regexp", checkId);
    return route;
  }

  private void deleteQuietly(String id) {
    try {
      http.sendJson("DELETE", routeUri(id), new byte[0]);
    } catch (GatewayResponseRejectedException alreadyGone) {
      // A check route no longer there is what we wanted.
    }
  }

  private Set<String> awaitActive(java.util.function.Predicate<Set<String>> done) {
    long deadline = System.nanoTime() + refreshWait.toNanos();
    while (true) {
      Set<String> active = new LinkedHashSet<>();
      for (JsonNode route : readJson(activeRoutesUri)) {
        active.add(route.path("route_id").asText());
      }
      if (done.test(active) || System.nanoTime() > deadline) {
        return active;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new GatewayUnreachableException(
            gateway.id(),
            "Interrupted while waiting for gateway " + gateway.id() + " to refresh",
            e);
      }
    }
  }

  private List<ObjectNode> readDefinitions() {
    JsonNode definitions = readJson(definitionsUri);
    try {
      return ScgRouteDefinitions.parse(definitions);
    } catch (IllegalArgumentException e) {
      throw new GatewayResponseRejectedException(
          gateway.id(),
          "Spring Cloud Gateway "
              + gateway.id()
              + " answered GET "
              + definitionsUri
              + " with route definitions Gatevault cannot model: "
              + e.getMessage(),
          e);
    }
  }

  private JsonNode readJson(URI uri) {
    return parse(uri, http.get(uri));
  }

  private JsonNode parse(URI uri, byte[] body) {
    try {
      return CanonicalJson.parse(body);
    } catch (IllegalArgumentException e) {
      throw new GatewayResponseRejectedException(
          gateway.id(),
          "Spring Cloud Gateway "
              + gateway.id()
              + " answered GET "
              + uri
              + " with something that is not JSON ("
              + e.getMessage()
              + "): "
              + AdminHttp.excerpt(body)
              + ". Check admin-url is the gateway's management server (e.g."
              + " http://127.0.0.1:9090) with the gateway endpoint exposed, not a route it serves",
          e);
    }
  }

  private URI routeUri(String id) {
    return URI.create(
        gatewayEndpoint
            + "/routes/"
            + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"));
  }

  private static Map<String, String> bodies(List<ObjectNode> routes) {
    Map<String, String> bodies = new LinkedHashMap<>();
    routes.forEach(r -> bodies.put(ScgRouteDefinitions.id(r), CanonicalJson.toCanonicalString(r)));
    return bodies;
  }

  private static List<String> canonical(List<ObjectNode> routes) {
    return new ArrayList<>(bodies(routes).values());
  }

  private static List<String> ids(List<ObjectNode> routes) {
    return new ArrayList<>(bodies(routes).keySet());
  }

  /** The gateway accepted the definitions but does not route with all of them. */
  private static final class RefreshRefused extends RuntimeException {
    private final List<String> inactiveRoutes;

    RefreshRefused(List<String> inactiveRoutes) {
      super(null, null, false, false);
      this.inactiveRoutes = inactiveRoutes;
    }
  }
}
