package io.gatevault.testbed.scg;

import io.netty.channel.EventLoop;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

/**
 * Routes each request on its own connection's event loop, after the route's filters ran.
 *
 * <p>SCG's RedisRateLimiter continues the filter chain on the Redis client's thread; when the route
 * then forwards and the answer is written from there, a kept-alive connection that served a limited
 * request and then a 404 sometimes never gets the next limited request's answer (measured on this
 * testbed: about 1 in 8 such sequences with curl). Going back to the connection's event loop before
 * routing removes that.
 */
@Component
public class RoutingOnTheConnectionsEventLoop implements GlobalFilter, Ordered {

  /** After every route filter (they are ordered 1..n by position), before routing. */
  static final int ORDER = 9_000;

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
    if (!(nativeRequest instanceof Connection connection)) {
      return chain.filter(exchange);
    }
    EventLoop eventLoop = connection.channel().eventLoop();
    if (eventLoop.inEventLoop()) {
      return chain.filter(exchange);
    }
    return Mono.defer(() -> chain.filter(exchange)).subscribeOn(Schedulers.fromExecutor(eventLoop));
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}
