package io.gatevault.core.gateway;

/**
 * What a quick check of a gateway found.
 *
 * @param reachable whether the admin interface answered
 * @param version the gateway's product version when it tells, otherwise null
 * @param configHash hex SHA-256 of the running configuration as {@link GatewayAdapter#configHash()}
 *     computes it, or null when it could not be read
 * @param message what was found, for people (why it is unreachable, what answered)
 */
public record ProbeResult(boolean reachable, String version, String configHash, String message) {

  public ProbeResult {
    if (message == null || message.isBlank()) {
      throw new IllegalArgumentException("ProbeResult.message must say what the probe found");
    }
  }

  /** A gateway that did not answer. */
  public static ProbeResult unreachable(String message) {
    return new ProbeResult(false, null, null, message);
  }
}
