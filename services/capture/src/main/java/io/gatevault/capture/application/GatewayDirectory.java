package io.gatevault.capture.application;

import io.gatevault.core.config.SensitiveDataClassifier;
import io.gatevault.core.gateway.GatewayAdapter;
import java.util.Optional;
import java.util.Set;

/** Port: the gateways this capture instance knows, each with the adapter that reads it. */
public interface GatewayDirectory {

  /** The adapter for gateway {@code gatewayId}, if it is configured. */
  Optional<GatewayAdapter> find(String gatewayId);

  /**
   * The classifier that redacts this gateway's secrets from its snapshots, or empty when its
   * secrets are kept (sealed with the rest).
   */
  Optional<SensitiveDataClassifier> secretRedaction(String gatewayId);

  /** Ids of every configured gateway, for error messages. */
  Set<String> knownGatewayIds();
}
