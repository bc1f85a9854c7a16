package io.gatevault.allinone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatevault.allinone.cli.ExitCodes;
import io.gatevault.core.config.CanonicalJson;
import io.gatevault.gateways.scg.ScgProcess;
import io.gatevault.testsupport.RedisProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Point-in-time restore of a real Spring Cloud Gateway (the testbed) with Redis-backed rate
 * limiting on a real redis-server, from what the running pipeline captured: nothing is written into
 * Gatevault by the test. A script of timed route changes made behind Gatevault's back through SCG's
 * own actuator (a basic-auth route added, a rate limit tightened, a route added that shadows
 * another and that other moved behind it, two routes removed); capture's poll-and-diff feed (200
 * ms) publishes each change, a verified full backup carries its watermark, and capture seals change
 * segments by itself (every 2 s) that are replicated and verified on three targets. Each moment
 * records the route definitions and the traffic (routes, basic auth, a burst against the limiter);
 * restores to several moments through the control plane, then with the whole stack stopped from one
 * target alone, must give back both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScgPointInTimeRestoreIT {

  private static final String GATEWAY = "scg-pitr";
  private static final String PASSWORD = "alice-pass-7";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private RedisProcess redis;
  private ScgProcess scg;
  private String actuator;
  private E2eFixture fixture;
  private final List<Moment> moments = new ArrayList<>();

  private record Moment(Instant at, long lastSequence, String routes, List<String> traffic) {}

  @BeforeAll
  void captureScriptedChangesBehindGatevaultsBack() throws Exception {
    Assumptions.assumeTrue(RedisProcess.isInstalled(), RedisProcess.NOT_INSTALLED);
    redis = RedisProcess.start();
    scg =
        ScgProcess.start(
            ScgProcess.Options.defaults()
                .withExtraArguments(List.of("--spring.data.redis.port=" + redis.port())));
    String base = scg.managementUrl().toString().replaceAll("/+$", "");
    actuator = base.endsWith("/actuator") ? base : base + "/actuator";
    putRoute(openRoute());
    putRoute(limitedRoute(3));
    refresh();

    fixture = new E2eFixture(dir);
    fixture.writeConfigOnThreeTargets(
        """
        gateways:
          - {id: %s, type: spring-cloud-gateway, admin-url: "%s", environment: test,
             application: shop, owner: platform-team, poll-interval: 200ms}
        changes: {segment-events: 1000, segment-seconds: 2}
        """
            .formatted(GATEWAY, scg.managementUrl()));
    fixture.startStack();
    fixture.awaitChangesAbove(GATEWAY, 0);

    fixture.requestFullBackup(GATEWAY, "before the changes", "scg-pitr-full");
    fixture.awaitVerifiedFullBackup(GATEWAY);
    moments.add(
        new Moment(Instant.now(), fixture.lastSequence(GATEWAY), routeDefinitions(), observe()));

    List<Runnable> script =
        List.of(
            () -> putRoute(secureRoute()),
            () -> putRoute(limitedRoute(1)),
            () -> {
              // Equal order: SCG takes the first in its list. "maintenance" is added after
              // "open", then "open" is deleted and added again, so it now comes last.
              putRoute(maintenanceRoute());
              deleteRoute("open");
              putRoute(openRoute());
            },
            () -> {
              deleteRoute("maintenance");
              deleteRoute("open");
            });
    for (Runnable step : script) {
      Instant at =
          fixture.changeAndAwaitPoll(
              GATEWAY,
              () -> {
                step.run();
                refresh();
              });
      moments.add(new Moment(at, fixture.lastSequence(GATEWAY), routeDefinitions(), observe()));
    }
    // Capture seals, by itself, a verified segment holding the last change.
    fixture.awaitVerifiedSegmentHolding(GATEWAY, moments.get(moments.size() - 1).lastSequence());
  }

  @AfterAll
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
    if (scg != null) {
      scg.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  @Order(1)
  void everyMomentRecordedDiffersInTrafficTheLimiterIncluded() {
    assertThat(moments.get(0).traffic())
        .containsExactly("/open 200", "404", "404", "404", "/limited burst: 200 200 200 429");
    assertThat(moments.get(1).traffic())
        .containsExactly("/open 200", "401", "401", "200", "/limited burst: 200 200 200 429");
    assertThat(moments.get(2).traffic())
        .containsExactly("/open 200", "401", "401", "200", "/limited burst: 200 429 429 429");
    assertThat(moments.get(3).traffic())
        .containsExactly("/open 503", "401", "401", "200", "/limited burst: 200 429 429 429");
    assertThat(moments.get(4).traffic())
        .containsExactly("/open 404", "401", "401", "200", "/limited burst: 200 429 429 429");
    assertThat(idsOf(moments.get(3).routes()))
        .as("the moved route is last")
        .containsExactly("limited", "secure", "maintenance", "open");
  }

  @Test
  @Order(2)
  void throughTheControlPlaneEachMomentComesBackWithItsRoutesAuthAndRateLimit() throws Exception {
    // The gateway runs the last moment; back in time and forward again.
    for (int moment : new int[] {3, 0, 2, 1, 4}) {
      E2eFixture.Run restored =
          fixture.cliOnline(
              "restore", GATEWAY, "--at", moments.get(moment).at().plusMillis(300).toString());

      assertThat(restored.exit()).as(restored.out()).isEqualTo(ExitCodes.OK);
      assertThat(routeDefinitions()).as("moment " + moment).isEqualTo(moments.get(moment).routes());
      assertThat(observe()).as("moment " + moment).isEqualTo(moments.get(moment).traffic());
    }
  }

  @Test
  @Order(3)
  void withTheStackStoppedTheMomentsComeBackFromOneTargetAlone() throws Exception {
    fixture.stopStack();

    for (int moment : new int[] {3, 1}) {
      E2eFixture.Run restored =
          fixture.cli(
              "restore",
              GATEWAY,
              "--seq",
              Long.toString(moments.get(moment).lastSequence()),
              "--from",
              "offsite");

      assertThat(restored.exit()).as(restored.out()).isEqualTo(ExitCodes.OK);
      assertThat(restored.out()).contains("sealed segment(s)");
      assertThat(routeDefinitions()).as("moment " + moment).isEqualTo(moments.get(moment).routes());
      assertThat(observe()).as("moment " + moment).isEqualTo(moments.get(moment).traffic());
    }
    E2eFixture.Run restored =
        fixture.cli(
            "restore",
            GATEWAY,
            "--at",
            moments.get(2).at().plusMillis(300).toString(),
            "--from",
            "offsite");
    assertThat(restored.exit()).as(restored.out()).isEqualTo(ExitCodes.OK);
    assertThat(routeDefinitions()).isEqualTo(moments.get(2).routes());
    assertThat(observe()).isEqualTo(moments.get(2).traffic());
  }

  private static String openRoute() {
    return """
        {"id":"open","predicates":["Path=/open/**"],"filters":[],"uri":"forward:/origin/echo"}""";
  }

  private static String maintenanceRoute() {
    return """
        {"id":"maintenance","predicates":["Path=/open/**"],"uri":"forward:/origin/status/503"}""";
  }

  /**
   * {@code burst} requests, then 429: each request costs 10 tokens and one token comes back per
   * second, so a slow machine cannot refill the bucket during the burst.
   */
  private static String limitedRoute(int burst) {
    return """
        {"id":"limited","predicates":["Path=/limited/**"],
         "filters":[{"name":"RequestRateLimiter","args":{
           "redis-rate-limiter.replenishRate":1,"redis-rate-limiter.burstCapacity":%d,
           "redis-rate-limiter.requestedTokens":10,"key-resolver":"#{@clientKeyResolver}"}}],
         "uri":"forward:/origin/echo"}"""
        .formatted(burst * 10);
  }

  private static String secureRoute() {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(PASSWORD.getBytes(StandardCharsets.UTF_8));
      return """
          {"id":"secure","predicates":["Path=/secure/**"],
           "filters":["BasicAuth=alice, sha256:%s"],"uri":"forward:/origin/echo"}"""
          .formatted(HexFormat.of().formatHex(digest));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The gateway's route definitions as it answers them, canonical JSON. */
  private String routeDefinitions() {
    return CanonicalJson.canonicalize(send("GET", "/gateway/routedefinitions", null));
  }

  private static List<String> idsOf(String routes) {
    return CanonicalJson.parse(routes).findValuesAsText("id");
  }

  /** A route created or replaced through SCG's actuator, not through Gatevault. */
  private void putRoute(String definition) {
    try {
      send("POST", "/gateway/routes/" + JSON.readTree(definition).path("id").asText(), definition);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void deleteRoute(String id) {
    send("DELETE", "/gateway/routes/" + id, null);
  }

  private void refresh() {
    send("POST", "/gateway/refresh", null);
  }

  private String send(String method, String path, String body) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(actuator + path))
                  .header("Content-Type", "application/json")
                  .method(
                      method,
                      body == null
                          ? HttpRequest.BodyPublishers.noBody()
                          : HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode())
          .as(method + " " + path + ": " + response.body())
          .isBetween(200, 299);
      return response.body();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Routes (which route answers /open), basic auth, and a burst of 4 against the limiter. */
  private List<String> observe() throws Exception {
    List<String> seen = new ArrayList<>();
    seen.add("/open " + get("/open/x", null, null));
    seen.add(get("/secure/x", null, null));
    seen.add(get("/secure/x", "alice:wrong", null));
    seen.add(get("/secure/x", "alice:" + PASSWORD, null));
    // The first request on a (re)loaded route is slow; keep it out of the burst.
    get("/limited/x", null, "warm-up-" + UUID.randomUUID());
    String client = "pitr-" + UUID.randomUUID();
    StringBuilder burst = new StringBuilder("/limited burst:");
    for (int i = 0; i < 4; i++) {
      burst.append(' ').append(get("/limited/x", null, client));
    }
    seen.add(burst.toString());
    return seen;
  }

  private String get(String path, String credentials, String clientId) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(scg.proxyUrl().toString().replaceAll("/+$", "") + path))
            .timeout(Duration.ofSeconds(10));
    if (credentials != null) {
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    if (clientId != null) {
      request.header("X-Client-Id", clientId);
    }
    return Integer.toString(
        http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode());
  }
}
