package io.gatevault.testsupport.traffic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Runs {@link TrafficCheck}s against a gateway's proxy address and reports each outcome. Requests
 * go one after the other, so a burst of N reaches the gateway within a few milliseconds each on
 * loopback: a rate limit of a few per second is hit before its bucket refills.
 */
public final class TrafficChecks {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final URI proxy;

  /**
   * @param proxy the gateway's traffic address, e.g. {@code http://127.0.0.1:8080}
   */
  public TrafficChecks(URI proxy) {
    this.proxy = proxy;
  }

  /**
   * A client of its own per check, so each check starts on a new connection and what one check did
   * to a kept-alive connection cannot change the next one's outcome (stock Spring Cloud Gateway
   * could leave a rate-limited request unanswered on a connection that had just answered a 404; see
   * testbeds/spring-cloud-gateway/README.md). HTTP/1.1, as most gateway clients speak; the JDK's
   * default would ask for an h2c upgrade.
   */
  private static HttpClient newClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /**
   * Runs every check in order.
   *
   * @throws IllegalArgumentException when two checks share a name
   * @throws UncheckedIOException when the gateway does not answer a request
   */
  public TrafficReport run(List<TrafficCheck> checks) {
    TreeMap<String, String> outcomes = new TreeMap<>();
    for (TrafficCheck check : checks) {
      if (outcomes.containsKey(check.name())) {
        throw new IllegalArgumentException("Two traffic checks are named '" + check.name() + "'");
      }
      outcomes.put(check.name(), run(check));
    }
    return new TrafficReport(outcomes);
  }

  /** Runs one check and returns its outcome. */
  public String run(TrafficCheck check) {
    Map<String, String> headers = new TreeMap<>(check.headers());
    if (check.freshClientHeader() != null) {
      headers.put(check.freshClientHeader(), check.name() + "-" + UUID.randomUUID());
    }
    HttpClient client = newClient();
    if (check.requests() == 1) {
      return "status " + send(client, check.path(), headers, 1).statusCode();
    }
    int passed = 0;
    for (int i = 0; i < check.requests(); i++) {
      HttpResponse<Void> response = send(client, check.path(), headers, i + 1);
      if (response.statusCode() == 429) {
        return "limited after "
            + passed
            + " ("
            + "burst-capacity "
            + response.headers().firstValue("X-RateLimit-Burst-Capacity").orElse("?")
            + ", replenish-rate "
            + response.headers().firstValue("X-RateLimit-Replenish-Rate").orElse("?")
            + ")";
      }
      if (response.statusCode() / 100 != 2) {
        return "status " + response.statusCode() + " after " + passed;
      }
      passed++;
    }
    return "not limited in " + check.requests();
  }

  private HttpResponse<Void> send(
      HttpClient client, String path, Map<String, String> headers, int number) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(proxy.resolve(path)).timeout(REQUEST_TIMEOUT).GET();
    headers.forEach(request::header);
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Gateway at " + proxy + " did not answer GET " + path + " (request " + number + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while checking traffic at " + proxy, e);
    }
  }
}
