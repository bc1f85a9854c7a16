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
  private final HttpClient client;

  /**
   * @param proxy the gateway's traffic address, e.g. {@code http://127.0.0.1:8080}
   */
  public TrafficChecks(URI proxy) {
    this.proxy = proxy;
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
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
    if (check.requests() == 1) {
      return "status " + send(check.path(), headers).statusCode();
    }
    int passed = 0;
    for (int i = 0; i < check.requests(); i++) {
      HttpResponse<Void> response = send(check.path(), headers);
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

  private HttpResponse<Void> send(String path, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(proxy.resolve(path)).timeout(REQUEST_TIMEOUT).GET();
    headers.forEach(request::header);
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      throw new UncheckedIOException("Gateway at " + proxy + " did not answer GET " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while checking traffic at " + proxy, e);
    }
  }
}
