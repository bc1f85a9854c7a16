package io.gatevault.gateways;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatevault.core.config.CanonicalJson;
import io.gatevault.core.config.ConfigEntity;
import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.gateway.GatewayAdapter;
import io.gatevault.core.gateway.GatewayDescriptor;
import io.gatevault.core.gateway.GatewayResponseRejectedException;
import io.gatevault.core.gateway.GatewayUnreachableException;
import io.gatevault.core.gateway.ProbeResult;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A gateway whose admin URL is one JSON resource holding its whole configuration: GET reads it, PUT
 * replaces it. Each top-level member becomes a {@code section} entity (each element of a top-level
 * array an {@code item}), so diffs say which part changed. Whether a refused PUT leaves the old
 * configuration in place is up to the gateway behind the URL.
 *
 * <p>Failures are classified by {@link AdminHttp}; a 200 whose body is not JSON is {@link
 * GatewayResponseRejectedException}.
 */
public class HttpJsonGatewayAdapter implements GatewayAdapter {

  /** The adapter type name in settings. */
  public static final String TYPE = "http-json";

  private final GatewayDescriptor gateway;
  private final AdminHttp http;

  public HttpJsonGatewayAdapter(GatewayDescriptor gateway, HttpClient client, Duration timeout) {
    this.gateway = gateway;
    this.http = new AdminHttp(gateway, client, timeout);
  }

  @Override
  public GatewayDescriptor gateway() {
    return gateway;
  }

  @Override
  public ConfigSnapshot dump() {
    JsonNode config = read();
    List<ConfigEntity> entities = HttpJsonDocuments.entities(config);
    return ConfigSnapshot.of(gateway.id(), TYPE, entities, config);
  }

  @Override
  public ConfigSnapshot compose(ConfigSnapshot base, List<ConfigEntity> entities) {
    GatewayAdapters.requireType(gateway, TYPE, base);
    return GatewayAdapters.composed(
        base, entities, HttpJsonDocuments.compose(base.nativeConfigTree(), entities), this);
  }

  @Override
  public void apply(ConfigSnapshot snapshot) {
    GatewayAdapters.requireType(gateway, TYPE, snapshot);
    http.sendJson(
        "PUT", gateway.adminUrl(), snapshot.nativeConfig().getBytes(StandardCharsets.UTF_8));
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
    byte[] body = http.get(gateway.adminUrl());
    try {
      return CanonicalJson.parse(body);
    } catch (IllegalArgumentException e) {
      throw new GatewayResponseRejectedException(
          gateway.id(),
          "Gateway "
              + gateway.id()
              + " returned a body from "
              + gateway.adminUrl()
              + " ("
              + body.length
              + " bytes) that is not JSON ("
              + e.getMessage()
              + "): "
              + AdminHttp.excerpt(body)
              + ". Check admin-url points at the JSON configuration endpoint, not a web page",
          e);
    }
  }
}
