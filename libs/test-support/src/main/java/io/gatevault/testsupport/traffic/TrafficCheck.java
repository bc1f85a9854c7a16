package io.gatevault.testsupport.traffic;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One thing to check by sending real requests through a gateway, with a name that is stable across
 * runs so that the {@link TrafficReport}s of two moments can be compared (e.g. "traffic at T" and
 * "traffic after restoring to T").
 *
 * <p>A check with {@code requests == 1} reports the status of one request ({@code "status 200"}); a
 * burst ({@code requests > 1}) sends its requests back to back and reports where a rate limit
 * stopped it ({@code "limited after 3 (burst-capacity 3, replenish-rate 1)"}) or that none did
 * ({@code "not limited in 8"}).
 *
 * @param name stable name of the check, the key in the report
 * @param path path and query on the gateway's proxy, e.g. {@code /api/x?y=1}
 * @param headers request headers sent with every request of the check
 * @param requests how many requests to send (1 = a plain status check)
 * @param freshClientHeader when not null, a header set to a new random value on every run, so a
 *     rate limiter keyed by it starts with a full bucket each time (the key of earlier runs is
 *     still in Redis)
 */
public record TrafficCheck(
    String name, String path, Map<String, String> headers, int requests, String freshClientHeader) {

  /** The header the Spring Cloud Gateway testbed keys its rate limits by, without credentials. */
  public static final String CLIENT_HEADER = "X-Client-Id";

  public TrafficCheck {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("A traffic check needs a name");
    }
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException(
          "Traffic check '" + name + "' needs a path starting with '/', got " + path);
    }
    if (requests < 1) {
      throw new IllegalArgumentException(
          "Traffic check '" + name + "' must send at least one request, got " + requests);
    }
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  /** The status of one anonymous request, e.g. a route is there (200) or gone (404). */
  public static TrafficCheck status(String name, String path) {
    return new TrafficCheck(name, path, Map.of(), 1, null);
  }

  /** The status of one request with these basic credentials: accepted (200) or refused (401). */
  public static TrafficCheck basicAuth(String name, String path, String user, String password) {
    return new TrafficCheck(name, path, Map.of("Authorization", basic(user, password)), 1, null);
  }

  /**
   * A burst of anonymous requests from a client never seen before ({@value #CLIENT_HEADER}: a new
   * value each run): where a rate limit stops it.
   */
  public static TrafficCheck burst(String name, String path, int requests) {
    return new TrafficCheck(name, path, Map.of(), requests, CLIENT_HEADER);
  }

  /** This check with one more request header. */
  public TrafficCheck withHeader(String header, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(header, value);
    return new TrafficCheck(name, path, more, requests, freshClientHeader);
  }

  /** The value of an HTTP basic Authorization header. */
  public static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
