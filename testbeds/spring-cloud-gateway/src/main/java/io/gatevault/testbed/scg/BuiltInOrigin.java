package io.gatevault.testbed.scg;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * A tiny origin served by the gateway itself under {@value #PATH}, so routes can be checked by
 * traffic without another server: a route with {@code uri: forward:/origin/echo} answers with what
 * the origin received. WebFlux matches these handlers before the gateway's routes, so gateway
 * routes on {@value #PATH}/** never apply.
 *
 * <ul>
 *   <li>{@code /origin/echo/**}: 200 with JSON {origin, method, path, query, headers} (no
 *       Authorization header: it never reaches an origin through {@code BasicAuth})
 *   <li>{@code /origin/status/{code}}: answers with that status
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class BuiltInOrigin {

  static final String PATH = "/origin";
  static final String NAME = "gatevault-testbed-scg";

  @Bean
  RouterFunction<ServerResponse> builtInOriginRoutes() {
    return RouterFunctions.route()
        .route(
            RequestPredicates.path(PATH + "/echo").or(RequestPredicates.path(PATH + "/echo/**")),
            BuiltInOrigin::echo)
        .GET(PATH + "/status/{code}", BuiltInOrigin::status)
        .build();
  }

  private static Mono<ServerResponse> echo(ServerRequest request) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("origin", NAME);
    body.put("method", request.method().name());
    body.put("path", request.path());
    body.put("query", request.uri().getRawQuery());
    Map<String, String> headers = new TreeMap<>();
    request
        .headers()
        .asHttpHeaders()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase(HttpHeaders.AUTHORIZATION)) {
                headers.put(name.toLowerCase(java.util.Locale.ROOT), String.join(",", values));
              }
            });
    body.put("headers", headers);
    return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
  }

  private static Mono<ServerResponse> status(ServerRequest request) {
    int code;
    try {
      code = Integer.parseInt(request.pathVariable("code"));
    } catch (NumberFormatException e) {
      return ServerResponse.badRequest().bodyValue("status must be a number from 200 to 599");
    }
    if (code < 200 || code > 599) {
      return ServerResponse.badRequest().bodyValue("status must be a number from 200 to 599");
    }
    return ServerResponse.status(code).bodyValue(NAME + " answered " + code + "\n");
  }
}
