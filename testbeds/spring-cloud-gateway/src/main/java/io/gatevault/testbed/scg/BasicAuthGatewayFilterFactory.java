package io.gatevault.testbed.scg;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code BasicAuth=<user>, <hash>}: lets a request through only with HTTP basic credentials of that
 * user whose password matches the hash ({@link PasswordHash}); otherwise answers 401 with a {@code
 * WWW-Authenticate} challenge. Stock Spring Cloud Gateway has no such filter, and without one a
 * restore could not be checked to bring authentication back.
 *
 * <p>A hash in neither accepted form fails the route when the gateway builds it (at refresh), the
 * way SCG's own filters fail on bad arguments: the route is saved, the refresh is not applied.
 */
@Component
public class BasicAuthGatewayFilterFactory
    extends AbstractGatewayFilterFactory<BasicAuthGatewayFilterFactory.Config> {

  /**
   * Exchange attribute holding the user a {@code BasicAuth} filter let through, so a rate limiter
   * after it in the route still keys by that user ({@link ClientKeyResolver}) although the
   * Authorization header is removed before the request goes on.
   */
  public static final String AUTHENTICATED_USER_ATTRIBUTE = "gatevault.basicAuth.user";

  public BasicAuthGatewayFilterFactory() {
    super(Config.class);
  }

  @Override
  public List<String> shortcutFieldOrder() {
    return List.of("user", "hash");
  }

  @Override
  public GatewayFilter apply(Config config) {
    if (config.getUser() == null || config.getUser().isBlank()) {
      throw new IllegalArgumentException("BasicAuth needs a user (args: user, hash)");
    }
    PasswordHash hash = PasswordHash.parse(config.getHash());
    byte[] user = config.getUser().getBytes(StandardCharsets.UTF_8);
    String challenge = "Basic realm=\"" + config.getRealm() + "\", charset=\"UTF-8\"";
    return (exchange, chain) ->
        // bcrypt is slow on purpose: check off the event loop.
        Mono.fromCallable(() -> authenticated(exchange, user, hash))
            .subscribeOn(Schedulers.boundedElastic())
            .flatMap(
                ok -> {
                  if (!ok) {
                    exchange.getResponse().setStatusCode(HttpStatus.UNAUTHORIZED);
                    exchange
                        .getResponse()
                        .getHeaders()
                        .set(HttpHeaders.WWW_AUTHENTICATE, challenge);
                    return exchange.getResponse().setComplete();
                  }
                  // The origin has no use for the gateway's credentials.
                  ServerWebExchange forwarded =
                      exchange
                          .mutate()
                          .request(r -> r.headers(h -> h.remove(HttpHeaders.AUTHORIZATION)))
                          .build();
                  forwarded.getAttributes().put(AUTHENTICATED_USER_ATTRIBUTE, config.getUser());
                  return chain.filter(forwarded);
                });
  }

  private static boolean authenticated(ServerWebExchange exchange, byte[] user, PasswordHash hash) {
    String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return false;
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return false;
    }
    boolean userMatches =
        MessageDigest.isEqual(user, decoded.substring(0, colon).getBytes(StandardCharsets.UTF_8));
    boolean passwordMatches = hash.matches(decoded.substring(colon + 1));
    return userMatches && passwordMatches;
  }

  /** Arguments of {@code BasicAuth}. */
  public static class Config {
    private String user;
    private String hash;
    private String realm = "gatevault";

    public String getUser() {
      return user;
    }

    public void setUser(String user) {
      this.user = user;
    }

    public String getHash() {
      return hash;
    }

    public void setHash(String hash) {
      this.hash = hash;
    }

    public String getRealm() {
      return realm;
    }

    public void setRealm(String realm) {
      this.realm = realm;
    }
  }
}
