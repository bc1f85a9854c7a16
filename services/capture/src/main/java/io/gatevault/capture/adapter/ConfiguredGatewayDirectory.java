package io.gatevault.capture.adapter;

import io.gatevault.capture.application.CaptureProperties;
import io.gatevault.capture.application.GatewayDirectory;
import io.gatevault.core.config.SensitiveDataClassifier;
import io.gatevault.core.gateway.GatewayAdapter;
import io.gatevault.gateways.GatewayAdapters;
import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The gateways listed under {@code gatevault.capture.gateways}, each with its adapter. */
public class ConfiguredGatewayDirectory implements GatewayDirectory {

  private final Map<String, GatewayAdapter> adapters = new LinkedHashMap<>();
  private final Map<String, SensitiveDataClassifier> redactions = new LinkedHashMap<>();

  public ConfiguredGatewayDirectory(CaptureProperties properties, HttpClient client) {
    for (int i = 0; i < properties.gateways().size(); i++) {
      CaptureProperties.Gateway gateway = properties.gateways().get(i);
      try {
        adapters.put(
            gateway.id(),
            GatewayAdapters.create(gateway.descriptor(), client, properties.requestTimeout()));
        if (gateway.redactsSecrets()) {
          redactions.put(
              gateway.id(), GatewayAdapters.sensitiveDataRules(gateway.type()).classifier());
        }
      } catch (IllegalArgumentException unknownType) {
        throw new IllegalArgumentException(
            "gatevault.capture.gateways[" + i + "].type: " + unknownType.getMessage(), unknownType);
      }
    }
  }

  @Override
  public Optional<GatewayAdapter> find(String gatewayId) {
    return Optional.ofNullable(adapters.get(gatewayId));
  }

  @Override
  public Optional<SensitiveDataClassifier> secretRedaction(String gatewayId) {
    return Optional.ofNullable(redactions.get(gatewayId));
  }

  @Override
  public Set<String> knownGatewayIds() {
    return Set.copyOf(adapters.keySet());
  }
}
