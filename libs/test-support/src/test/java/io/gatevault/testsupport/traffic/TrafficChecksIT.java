package io.gatevault.testsupport.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The traffic checks against a real HTTP server that behaves like a gateway: {@code /open} answers
 * 200, {@code /secure} wants alice:wonderland, {@code /limited} lets 3 requests per client through
 * and then answers 429 with SCG's rate-limit headers.
 */
class TrafficChecksIT {

  private HttpServer server;
  private final Map<String, AtomicInteger> perClient = new ConcurrentHashMap<>();
  private TrafficChecks checks;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/open", exchange -> reply(exchange, 200));
    server.createContext(
        "/secure",
        exchange ->
            reply(
                exchange,
                TrafficCheck.basic("alice", "wonderland")
                        .equals(exchange.getRequestHeaders().getFirst("Authorization"))
                    ? 200
                    : 401));
    server.createContext(
        "/limited",
        exchange -> {
          String client = exchange.getRequestHeaders().getFirst(TrafficCheck.CLIENT_HEADER);
          int count = perClient.computeIfAbsent(client, c -> new AtomicInteger()).incrementAndGet();
          exchange.getResponseHeaders().add("X-RateLimit-Burst-Capacity", "3");
          exchange.getResponseHeaders().add("X-RateLimit-Replenish-Rate", "1");
          reply(exchange, count <= 3 ? 200 : 429);
        });
    server.start();
    checks = new TrafficChecks(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private static void reply(com.sun.net.httpserver.HttpExchange exchange, int status)
      throws IOException {
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  private static List<TrafficCheck> all() {
    return List.of(
        TrafficCheck.status("open", "/open"),
        TrafficCheck.status("secure anonymous", "/secure"),
        TrafficCheck.basicAuth("secure alice", "/secure", "alice", "wonderland"),
        TrafficCheck.basicAuth("secure wrong password", "/secure", "alice", "guess"),
        TrafficCheck.burst("limited burst", "/limited", 6),
        TrafficCheck.burst("open burst", "/open", 6));
  }

  @Test
  void reportNamesEachChecksOutcome() {
    TrafficReport report = checks.run(all());

    assertThat(report.outcomes())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "open", "status 200",
                "secure anonymous", "status 401",
                "secure alice", "status 200",
                "secure wrong password", "status 401",
                "limited burst", "limited after 3 (burst-capacity 3, replenish-rate 1)",
                "open burst", "not limited in 6"));
  }

  @Test
  void aSecondRunOfTheSameChecksIsEqualBecauseEachBurstComesFromANewClient() {
    TrafficReport first = checks.run(all());
    TrafficReport second = checks.run(all());

    assertThat(second).isEqualTo(first);
    assertThat(first.differences(second)).isEmpty();
  }

  @Test
  void differencesNameTheCheckAndBothOutcomes() {
    TrafficReport before = checks.run(all());
    server.removeContext("/open");

    TrafficReport after = checks.run(all());

    assertThat(before.differences(after))
        .containsEntry("open", "status 200 -> status 404")
        .containsEntry("open burst", "not limited in 6 -> status 404 after 0")
        .hasSize(2);
  }

  @Test
  void twoChecksWithOneNameAreRefused() {
    assertThatThrownBy(
            () ->
                checks.run(
                    List.of(
                        TrafficCheck.status("x", "/open"), TrafficCheck.status("x", "/secure"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'x'");
  }
}
