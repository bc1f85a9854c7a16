package io.gatevault.capture.adapter;

import io.gatevault.core.gateway.GatewayAdapter;
import io.gatevault.core.gateway.GatewayDescriptor;
import io.gatevault.core.gateway.GatewayResponseRejectedException;
import io.gatevault.core.gateway.GatewayUnreachableException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a gateway whose admin endpoint returns its whole configuration as one JSON document
 * (Caddy's {@code /config/}, a Spring Cloud Gateway actuator route list, any JSON export). GETs the
 * admin URL and checks the body is JSON.
 *
 * <p>Failures are classified: no connection or a timeout is {@link GatewayUnreachableException}
 * (retried); a non-200 status or a body that is not JSON is {@link
 * GatewayResponseRejectedException} (not retried), with the gateway, URL and status in the message.
 */
public class HttpJsonGatewayAdapter implements GatewayAdapter {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final GatewayDescriptor gateway;
  private final HttpClient client;
  private final Duration timeout;

  public HttpJsonGatewayAdapter(GatewayDescriptor gateway, HttpClient client, Duration timeout) {
    this.gateway = gateway;
    this.client = client;
    this.timeout = timeout;
  }

  @Override
  public GatewayDescriptor gateway() {
    return gateway;
  }

  @Override
  public byte[] dump() {
    HttpRequest request =
        HttpRequest.newBuilder(gateway.adminUrl())
            .timeout(timeout)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<byte[]> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw new GatewayUnreachableException(
          gateway.id(),
          "Gateway "
              + gateway.id()
              + " did not answer GET "
              + gateway.adminUrl()
              + " within "
              + timeout.toMillis()
              + " ms; will retry. Check the gateway is up, or raise"
              + " gatevault.capture.request-timeout",
          e);
    } catch (IOException e) {
      throw new GatewayUnreachableException(
          gateway.id(),
          "Gateway "
              + gateway.id()
              + " could not be reached at "
              + gateway.adminUrl()
              + " ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + "); will retry. Check the gateway is running and admin-url is right",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GatewayUnreachableException(
          gateway.id(), "Interrupted while reading gateway " + gateway.id(), e);
    }
    if (response.statusCode() != 200) {
      throw new GatewayResponseRejectedException(
          gateway.id(),
          "Gateway "
              + gateway.id()
              + " answered GET "
              + gateway.adminUrl()
              + " with HTTP "
              + response.statusCode()
              + " instead of 200: check admin-url points at the configuration endpoint and that"
              + " the admin API accepts unauthenticated reads from this host");
    }
    byte[] body = response.body();
    try {
      JSON.readTree(body);
    } catch (JacksonException e) {
      throw new GatewayResponseRejectedException(
          gateway.id(),
          "Gateway "
              + gateway.id()
              + " returned a body from "
              + gateway.adminUrl()
              + " (HTTP 200, "
              + body.length
              + " bytes) that is not JSON: "
              + e.getOriginalMessage()
              + ". Check admin-url points at the JSON configuration endpoint, not a web page",
          e);
    }
    if (body.length == 0) {
      throw new GatewayResponseRejectedException(
          gateway.id(),
          "Gateway " + gateway.id() + " returned an empty body from " + gateway.adminUrl());
    }
    return body;
  }
}
