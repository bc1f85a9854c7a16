package io.gatevault.gateways;

import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.gateway.GatewayAdapter;
import io.gatevault.core.gateway.GatewayDescriptor;
import io.gatevault.core.gateway.GatewayResponseRejectedException;
import io.gatevault.core.gateway.SensitiveDataRules;
import io.gatevault.gateways.caddy.CaddyGatewayAdapter;
import io.gatevault.gateways.caddy.CaddySensitiveFields;
import io.gatevault.gateways.scg.ScgSensitiveFields;
import io.gatevault.gateways.scg.SpringCloudGatewayAdapter;
import io.gatevault.tls.PlaintextGuard;
import io.gatevault.tls.TlsMaterial;
import io.gatevault.tls.TlsSettings;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Creates the adapter for a configured gateway by its {@link GatewayDescriptor#type() type}:
 *
 * <ul>
 *   <li>{@code caddy}: admin-url is Caddy's admin endpoint, e.g. {@code http://127.0.0.1:2019}
 *   <li>{@code http-json}: admin-url is one JSON resource with the whole configuration (GET/PUT)
 * </ul>
 */
public final class GatewayAdapters {

  /** The types {@link #create} knows, for settings validation and error messages. */
  public static final List<String> TYPES =
      List.of(
          CaddyGatewayAdapter.TYPE, HttpJsonGatewayAdapter.TYPE, SpringCloudGatewayAdapter.TYPE);

  /** Per request to a gateway's admin API, when the caller gives none. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private GatewayAdapters() {}

  /** The adapter for this gateway, with the default timeout. */
  public static GatewayAdapter create(GatewayDescriptor gateway) {
    return create(gateway, DEFAULT_TIMEOUT);
  }

  /**
   * The adapter for this gateway.
   *
   * @param requestTimeout how long one admin request may take before it counts as unreachable
   * @throws IllegalArgumentException naming the supported types when the type is unknown
   */
  public static GatewayAdapter create(GatewayDescriptor gateway, Duration requestTimeout) {
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(requestTimeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    return create(gateway, client, requestTimeout);
  }

  /**
   * The adapter for this gateway over TLS as configured: its admin-url is checked by {@link
   * PlaintextGuard} (http:// to another machine needs {@code allow-plaintext}), and the client
   * trusts the configured CAs and offers the configured protocols.
   *
   * @param connection the setting holding admin-url, e.g. {@code gateways[0].admin-url}, for errors
   * @param environment reads the environment variable named by a store's {@code password-env}
   * @throws io.gatevault.tls.TlsConfigurationException naming the setting when the TLS settings
   *     cannot be used or plaintext is not allowed
   */
  public static GatewayAdapter create(
      GatewayDescriptor gateway,
      String connection,
      TlsSettings tls,
      Duration requestTimeout,
      Function<String, String> environment) {
    PlaintextGuard.checkUrl(connection, gateway.adminUrl(), tls);
    return create(gateway, httpClient(tls, requestTimeout, environment), requestTimeout);
  }

  /**
   * An HTTP client for gateways' admin APIs with {@code tls}: one per distinct TLS setting keeps
   * connections pooled.
   */
  public static HttpClient httpClient(
      TlsSettings tls, Duration connectTimeout, Function<String, String> environment) {
    TlsMaterial material = TlsMaterial.load(tls, environment);
    return HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .sslContext(material.context())
        .sslParameters(material.parameters())
        .build();
  }

  /**
   * The adapter for this gateway, sharing the caller's HTTP client (one client per service keeps
   * connections pooled).
   *
   * @throws IllegalArgumentException naming the supported types when the type is unknown
   */
  public static GatewayAdapter create(
      GatewayDescriptor gateway, HttpClient client, Duration requestTimeout) {
    return switch (gateway.type()) {
      case CaddyGatewayAdapter.TYPE -> new CaddyGatewayAdapter(gateway, client, requestTimeout);
      case HttpJsonGatewayAdapter.TYPE ->
          new HttpJsonGatewayAdapter(gateway, client, requestTimeout);
      case SpringCloudGatewayAdapter.TYPE ->
          new SpringCloudGatewayAdapter(gateway, client, requestTimeout);
      default ->
          throw new IllegalArgumentException(
              "Gateway "
                  + gateway.id()
                  + " has type '"
                  + gateway.type()
                  + "', which this release has no adapter for: use one of "
                  + TYPES);
    };
  }

  /**
   * Where configurations of this gateway type hold secrets and personal data.
   *
   * @throws IllegalArgumentException naming the supported types when the type is unknown
   */
  public static SensitiveDataRules sensitiveDataRules(String type) {
    return switch (type) {
      case CaddyGatewayAdapter.TYPE -> new CaddySensitiveFields();
      case HttpJsonGatewayAdapter.TYPE -> new HttpJsonSensitiveFields();
      case SpringCloudGatewayAdapter.TYPE -> new ScgSensitiveFields();
      default ->
          throw new IllegalArgumentException(
              "Gateway type '" + type + "' has no sensitive-data rules: use one of " + TYPES);
    };
  }

  /** Refuses a snapshot taken from another type of gateway, before anything is sent. */
  public static void requireType(GatewayDescriptor gateway, String type, ConfigSnapshot snapshot) {
    if (!type.equals(snapshot.gatewayType())) {
      throw new GatewayResponseRejectedException(
          gateway.id(),
          "Cannot apply a "
              + snapshot.gatewayType()
              + " snapshot (taken from gateway "
              + snapshot.gatewayId()
              + ") to "
              + type
              + " gateway "
              + gateway.id()
              + ": restore it to a gateway of type "
              + snapshot.gatewayType());
    }
  }

  /**
   * The snapshot {@link GatewayAdapter#compose} returns: the base's gateway, the entities, the
   * composed document with the hash the adapter expects for it, and those of the base's redacted
   * secrets whose entity is still there.
   */
  public static ConfigSnapshot composed(
      ConfigSnapshot base,
      java.util.List<io.gatevault.core.config.ConfigEntity> entities,
      com.fasterxml.jackson.databind.JsonNode document,
      GatewayAdapter adapter) {
    java.util.Set<String> keys = new java.util.HashSet<>();
    entities.forEach(entity -> keys.add(entity.key()));
    return new ConfigSnapshot(
        base.gatewayId(),
        base.gatewayType(),
        entities,
        io.gatevault.core.config.CanonicalJson.toCanonicalString(document),
        adapter.configHashOf(document),
        base.redactedSecrets().stream()
            .filter(secret -> keys.contains(secret.entityKey()))
            .toList());
  }
}
