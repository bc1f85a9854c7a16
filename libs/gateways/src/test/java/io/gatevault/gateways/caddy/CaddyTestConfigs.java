package io.gatevault.gateways.caddy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Caddy configurations used by the tests. {@code caddy-basic-auth.json} protects {@code /secret/*}
 * with basic auth for user {@code alice}, password {@value #ALICE_PASSWORD}; the hash in it is
 * bcrypt with cost 4 (computed once with glibc crypt), because Caddy's own hash-password uses cost
 * 14, which costs about a second per login.
 */
public final class CaddyTestConfigs {

  /** Plaintext of the bcrypt hash in {@code caddy-basic-auth.json}. */
  public static final String ALICE_PASSWORD = "open-sesame";

  private CaddyTestConfigs() {}

  /** The basic-auth configuration with its site listening on {@code 127.0.0.1:<sitePort>}. */
  public static String basicAuth(int sitePort) {
    return resource("/caddy-basic-auth.json").replace("${SITE_PORT}", Integer.toString(sitePort));
  }

  static String resource(String name) {
    try (InputStream in = CaddyTestConfigs.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("Test resource " + name + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
