package io.gatevault.testbed.scg;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Who a {@code RequestRateLimiter} counts a request against, so each client has its own token
 * bucket in Redis. The first of:
 *
 * <ol>
 *   <li>{@code user:<name>}: the user a {@code BasicAuth} filter earlier in the route let through;
 *   <li>{@code user:<name>}: the user named in the request's basic credentials (the limiter runs
 *       before {@code BasicAuth}, or the route has none; the password is not checked here);
 *   <li>{@code client:<value>}: the {@value #CLIENT_HEADER} header;
 *   <li>{@code addr:<ip>}: the remote address.
 * </ol>
 *
 * <p>There is always a key, so SCG's deny-empty-key (403) never applies. Being the only {@link
 * KeyResolver} bean, it replaces SCG's default {@code PrincipalNameKeyResolver} (which needs Spring
 * Security's principal, absent here, and would deny every request); routes may still name it as
 * {@code key-resolver: "#{@clientKeyResolver}"}.
 */
@Component("clientKeyResolver")
public class ClientKeyResolver implements KeyResolver {

  /** Header naming the client when the request has no basic credentials. */
  public static final String CLIENT_HEADER = "X-Client-Id";

  @Override
  public Mono<String> resolve(ServerWebExchange exchange) {
    Object authenticated =
        exchange.getAttribute(BasicAuthGatewayFilterFactory.AUTHENTICATED_USER_ATTRIBUTE);
    if (authenticated instanceof String user) {
      return Mono.just("user:" + user);
    }
    String claimed =
        basicUser(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
    if (claimed != null) {
      return Mono.just("user:" + claimed);
    }
    String client = exchange.getRequest().getHeaders().getFirst(CLIENT_HEADER);
    if (client != null && !client.isBlank()) {
      return Mono.just("client:" + client.strip());
    }
    InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
    return Mono.just(
        "addr:"
            + (remote == null || remote.getAddress() == null
                ? "unknown"
                : remote.getAddress().getHostAddress()));
  }

  private static String basicUser(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      String decoded =
          new String(
              Base64.getDecoder().decode(authorization.substring(6).trim()),
              StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon > 0 ? decoded.substring(0, colon) : null;
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
  }
}
