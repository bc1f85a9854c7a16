package io.gatevault.gateways.caddy;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatevault.core.config.CanonicalJson;
import io.gatevault.core.config.ConfigEntity;
import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.config.ContentHash;
import io.gatevault.core.gateway.GatewayAdapter;
import io.gatevault.core.gateway.GatewayDescriptor;
import io.gatevault.core.gateway.GatewayResponseRejectedException;
import io.gatevault.core.gateway.GatewayUnreachableException;
import io.gatevault.core.gateway.ProbeResult;
import io.gatevault.gateways.AdminHttp;
import io.gatevault.gateways.GatewayAdapters;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * Caddy 2 through its admin API ({@code admin-url} = the admin endpoint, e.g. {@code
 * http://127.0.0.1:2019}).
 *
 * <ul>
 *   <li>dump: {@code GET /config/}, mapped by {@link CaddyConfigMapper}
 *   <li>apply: {@code POST /load} of the native configuration with the target's own {@code admin}
 *       section kept; Caddy loads a configuration atomically and keeps the old one when the new one
 *       fails, so a refused apply leaves the gateway unchanged
 *   <li>configHash: SHA-256 of the canonical configuration without {@code admin}
 * </ul>
 *
 * <p>Caddy's admin API tells no version; {@link #probe()} reports {@code null} for it.
 */
public class CaddyGatewayAdapter implements GatewayAdapter {

  /** The adapter type name in settings. */
  public static final String TYPE = "caddy";

  private final GatewayDescriptor gateway;
  private final AdminHttp http;
  private final URI configUri;
  private final URI loadUri;

  public CaddyGatewayAdapter(GatewayDescriptor gateway, HttpClient client, Duration timeout) {
    this.gateway = gateway;
    this.http = new AdminHttp(gateway, client, timeout);
    String base = gateway.adminUrl().toString().replaceAll("/+$", "");
    this.configUri = URI.create(base + "/config/");
    this.loadUri = URI.create(base + "/load");
  }

  @Override
  public GatewayDescriptor gateway() {
    return gateway;
  }

  @Override
  public ConfigSnapshot dump() {
    JsonNode config = read();
    try {
      return new ConfigSnapshot(
          gateway.id(),
          TYPE,
          CaddyConfigMapper.entities(config),
          CanonicalJson.toCanonicalString(config),
          CaddyConfigMapper.configHash(config));
    } catch (IllegalArgumentException e) {
      throw new GatewayResponseRejectedException(
          gateway.id(),
          "Caddy gateway "
              + gateway.id()
              + " at "
              + configUri
              + " has a configuration Gatevault cannot model: "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public void apply(ConfigSnapshot snapshot) {
    GatewayAdapters.requireType(gateway, TYPE, snapshot);
    JsonNode toLoad;
    try {
      toLoad = CaddyConfigMapper.withAdminOf(snapshot.nativeConfigTree(), read());
    } catch (IllegalArgumentException e) {
      throw new GatewayResponseRejectedException(
          gateway.id(),
          "Snapshot of gateway "
              + snapshot.gatewayId()
              + " cannot be loaded into Caddy gateway "
              + gateway.id()
              + ": "
              + e.getMessage(),
          e);
    }
    http.sendJson("POST", loadUri, CanonicalJson.toBytes(toLoad));
  }

  @Override
  public ProbeResult probe() {
    try {
      String hash = configHash();
      return new ProbeResult(
          true, null, hash, "Caddy gateway " + gateway.id() + " answered at " + configUri);
    } catch (GatewayUnreachableException e) {
      return ProbeResult.unreachable(e.getMessage());
    } catch (GatewayResponseRejectedException e) {
      return new ProbeResult(true, null, null, e.getMessage());
    }
  }

  @Override
  public String configHash() {
    return CaddyConfigMapper.configHash(read()).hex();
  }

  private JsonNode read() {
    byte[] body = http.get(configUri);
    try {
      return CanonicalJson.parse(body);
    } catch (IllegalArgumentException e) {
      throw new GatewayResponseRejectedException(
          gateway.id(),
          "Caddy gateway "
              + gateway.id()
              + " answered GET "
              + configUri
              + " with something that is not JSON ("
              + e.getMessage()
              + "): "
              + AdminHttp.excerpt(body)
              + ". Check admin-url is Caddy's admin endpoint (e.g. http://127.0.0.1:2019), not a"
              + " site it serves",
          e);
    }
  }

  /** Caddy's hash leaves out {@code admin}, which belongs to the target. */
  @Override
  public ConfigSnapshot compose(ConfigSnapshot base, java.util.List<ConfigEntity> entities) {
    GatewayAdapters.requireType(gateway, TYPE, base);
    return GatewayAdapters.composed(
        base, entities, CaddyConfigComposer.compose(base.nativeConfigTree(), entities), this);
  }

  @Override
  public ContentHash configHashOf(JsonNode nativeConfig) {
    return CaddyConfigMapper.configHash(nativeConfig);
  }
}
