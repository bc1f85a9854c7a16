package io.gatevault.capture.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatevault.core.config.CanonicalJson;
import io.gatevault.core.config.ConfigEntity;
import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.gateway.GatewayAdapter;
import io.gatevault.core.gateway.GatewayDescriptor;
import io.gatevault.core.gateway.GatewayResponseRejectedException;
import io.gatevault.core.gateway.GatewayUnreachableException;
import io.gatevault.core.gateway.ProbeResult;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a gateway whose admin endpoint returns its whole configuration as one JSON document. GETs
 * the admin URL and checks the body is JSON; each top-level member becomes a {@code section} entity
 * (each element of a top-level array an {@code item}).
 *
 * <p>Failures are classified: no connection or a timeout is {@link GatewayUnreachableException}
 * (retried); a non-200 status or a body that is not JSON is {@link
 * GatewayResponseRejectedException} (not retried), with the gateway, URL and status in the message.
 */
public class HttpJsonGatewayAdapter implements GatewayAdapter {

  /** The adapter type name in settings. */
  public static final String TYPE = "http-json";

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
  public ConfigSnapshot dump() {
    JsonNode config = read();
    List<ConfigEntity> entities = new ArrayList<>();
    if (config.isObject()) {
      config
          .fields()
          .forEachRemaining(
              field ->
                  entities.add(
                      ConfigEntity.of(
                          "section", field.getKey(), null, List.of(), Map.of(), field.getValue())));
    } else if (config.isArray()) {
      for (int i = 0; i < config.size(); i++) {
        entities.add(
            ConfigEntity.of("item", Integer.toString(i), null, List.of(), Map.of(), config.get(i)));
      }
    } else {
      entities.add(ConfigEntity.of("document", "root", null, List.of(), Map.of(), config));
    }
    return ConfigSnapshot.of(gateway.id(), TYPE, entities, config);
  }

  /** PUTs the native document back to the admin URL (the resource that GET returned). */
  @Override
  public void apply(ConfigSnapshot snapshot) {
    if (!TYPE.equals(snapshot.gatewayType())) {
      throw new GatewayResponseRejectedException(
          gateway.id(),
          "Cannot apply a "
              + snapshot.gatewayType()
              + " snapshot (from gateway "
              + snapshot.gatewayId()
              + ") to "
              + TYPE
              + " gateway "
              + gateway.id()
              + ": restore it to a gateway of the same type");
    }
    HttpRequest request =
        HttpRequest.newBuilder(gateway.adminUrl())
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .PUT(
                HttpRequest.BodyPublishers.ofByteArray(
                    snapshot.nativeConfig().getBytes(StandardCharsets.UTF_8)))
            .build();
    HttpResponse<byte[]> response = send(request, "PUT");
    if (response.statusCode() / 100 != 2) {
      throw new GatewayResponseRejectedException(
          gateway.id(),
          "Gateway "
              + gateway.id()
              + " refused PUT "
              + gateway.adminUrl()
              + " with HTTP "
              + response.statusCode()
              + ": "
              + excerpt(response.body())
              + ". Check the snapshot belongs to this kind of gateway and that its admin API"
              + " accepts writes from this host");
    }
  }

  @Override
  public ProbeResult probe() {
    try {
      return new ProbeResult(
          true,
          null,
          configHash(),
          "Gateway " + gateway.id() + " answered at " + gateway.adminUrl());
    } catch (GatewayUnreachableException e) {
      return ProbeResult.unreachable(e.getMessage());
    } catch (GatewayResponseRejectedException e) {
      return new ProbeResult(true, null, null, e.getMessage());
    }
  }

  @Override
  public String configHash() {
    return ConfigSnapshot.of(gateway.id(), TYPE, List.of(), read()).configHash().hex();
  }

  private JsonNode read() {
    HttpRequest request =
        HttpRequest.newBuilder(gateway.adminUrl())
            .timeout(timeout)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<byte[]> response = send(request, "GET");
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
    if (body.length == 0) {
      throw new GatewayResponseRejectedException(
          gateway.id(),
          "Gateway " + gateway.id() + " returned an empty body from " + gateway.adminUrl());
    }
    try {
      return CanonicalJson.parse(body);
    } catch (IllegalArgumentException e) {
      throw new GatewayResponseRejectedException(
          gateway.id(),
          "Gateway "
              + gateway.id()
              + " returned a body from "
              + gateway.adminUrl()
              + " (HTTP 200, "
              + body.length
              + " bytes) that is not JSON ("
              + e.getMessage()
              + "): "
              + excerpt(body)
              + ". Check admin-url points at the JSON configuration endpoint, not a web page",
          e);
    }
  }

  private HttpResponse<byte[]> send(HttpRequest request, String method) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw new GatewayUnreachableException(
          gateway.id(),
          "Gateway "
              + gateway.id()
              + " did not answer "
              + method
              + " "
              + gateway.adminUrl()
              + " within "
              + timeout.toMillis()
              + " ms; will retry. Check the gateway is up, or raise the request timeout",
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
          gateway.id(), "Interrupted while talking to gateway " + gateway.id(), e);
    }
  }

  private static String excerpt(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    return text.length() <= 200 ? "'" + text + "'" : "'" + text.substring(0, 200) + "…'";
  }
}
