package io.gatevault.restore.adapter;

import io.gatevault.core.gateway.GatewayAdapter;
import io.gatevault.gateways.GatewayAdapters;
import io.gatevault.restore.application.GatewayDirectory;
import io.gatevault.restore.application.RestoreProperties;
import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The gateways listed under {@code gatevault.restore.gateways}, each with its adapter. */
public class ConfiguredGatewayDirectory implements GatewayDirectory {

  private final Map<String, GatewayAdapter> adapters = new LinkedHashMap<>();

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
