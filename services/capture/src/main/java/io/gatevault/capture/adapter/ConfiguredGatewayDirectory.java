package io.gatevault.capture.adapter;

import io.gatevault.capture.application.CaptureProperties;
import io.gatevault.capture.application.GatewayDirectory;
import io.gatevault.core.config.SensitiveDataClassifier;
import io.gatevault.core.gateway.GatewayAdapter;
import io.gatevault.gateways.GatewayAdapters;
import io.gatevault.gateways.GatewayHttpClients;
import io.gatevault.tls.TlsConfigurationException;
import io.gatevault.tls.TlsSettings;
import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/** The gateways listed under {@code gatevault.capture.gateways}, each with its adapter. */
public class ConfiguredGatewayDirectory implements GatewayDirectory {

  private final Map<String, GatewayAdapter> adapters = new LinkedHashMap<>();
  private final Map<String, SensitiveDataClassifier> redactions = new LinkedHashMap<>();

  public ConfiguredGatewayDirectory(CaptureProperties properties, HttpClient client) {
    this(
        properties,
        (gateway, index) ->
            GatewayAdapters.create(gateway.descriptor(), client, properties.requestTimeout()));
  }

  /**
   * Each gateway over TLS as configured ({@code gatevault.tls.gateways.<id>.*}, see {@link
   * io.gatevault.tls.TlsProperties}); an http:// admin-url on another machine needs that gateway's
   * {@code allow-plaintext}.
   *
   * @param tlsByGatewayId the TLS settings of a gateway by its id
   */
  public ConfiguredGatewayDirectory(
      CaptureProperties properties, Function<String, TlsSettings> tlsByGatewayId) {
    this(properties, adapterFactory(properties, tlsByGatewayId));
  }

  private static BiFunction<CaptureProperties.Gateway, Integer, GatewayAdapter> adapterFactory(
      CaptureProperties properties, Function<String, TlsSettings> tlsByGatewayId) {
    GatewayHttpClients clients =
        new GatewayHttpClients(properties.requestTimeout(), System::getenv);
    return (gateway, index) ->
        clients.adapter(
            gateway.descriptor(),
            "gatevault.capture.gateways[" + index + "].admin-url",
            tlsByGatewayId.apply(gateway.id()));
  }

  private ConfiguredGatewayDirectory(
      CaptureProperties properties,
      BiFunction<CaptureProperties.Gateway, Integer, GatewayAdapter> adapterFor) {
    for (int i = 0; i < properties.gateways().size(); i++) {
      CaptureProperties.Gateway gateway = properties.gateways().get(i);
      try {
        adapters.put(gateway.id(), adapterFor.apply(gateway, i));
        if (gateway.redactsSecrets()) {
          redactions.put(
              gateway.id(), GatewayAdapters.sensitiveDataRules(gateway.type()).classifier());
        }
      } catch (TlsConfigurationException tls) {
        throw tls;
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
