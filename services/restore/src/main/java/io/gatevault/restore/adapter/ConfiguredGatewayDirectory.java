package io.gatevault.restore.adapter;

import io.gatevault.core.gateway.GatewayAdapter;
import io.gatevault.gateways.GatewayAdapters;
import io.gatevault.gateways.GatewayHttpClients;
import io.gatevault.restore.application.GatewayDirectory;
import io.gatevault.restore.application.RestoreProperties;
import io.gatevault.tls.TlsSettings;
import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** The gateways listed under {@code gatevault.restore.gateways}, each with its adapter. */
public class ConfiguredGatewayDirectory implements GatewayDirectory {

  private final Map<String, GatewayAdapter> adapters = new LinkedHashMap<>();

  /**
   * Each gateway over TLS as configured ({@code gatevault.tls.gateways.<id>.*}); an http://
   * admin-url on another machine needs that gateway's {@code allow-plaintext}.
   *
   * @param tlsByGatewayId the TLS settings of a gateway by its id
   */
  public ConfiguredGatewayDirectory(
      RestoreProperties properties, Function<String, TlsSettings> tlsByGatewayId) {
    GatewayHttpClients clients =
        new GatewayHttpClients(properties.requestTimeout(), System::getenv);
    for (int i = 0; i < properties.gateways().size(); i++) {
      RestoreProperties.Gateway gateway = properties.gateways().get(i);
      adapters.put(
          gateway.id(),
          clients.adapter(
              gateway.descriptor(),
              "gatevault.restore.gateways[" + i + "].admin-url",
              tlsByGatewayId.apply(gateway.id())));
    }
  }

  public ConfiguredGatewayDirectory(RestoreProperties properties) {
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(properties.requestTimeout())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    for (RestoreProperties.Gateway gateway : properties.gateways()) {
      adapters.put(
          gateway.id(),
          GatewayAdapters.create(gateway.descriptor(), client, properties.requestTimeout()));
    }
  }

  @Override
  public Optional<GatewayAdapter> find(String gatewayId) {
    return Optional.ofNullable(adapters.get(gatewayId));
  }

  @Override
  public Set<String> knownGatewayIds() {
    return Set.copyOf(adapters.keySet());
  }
}
