package io.gatevault.restore.application;

import io.gatevault.core.gateway.GatewayAdapter;
import java.util.Optional;
import java.util.Set;

/** Port: the gateways restore may write to, each with its adapter. */
public interface GatewayDirectory {

  /** The adapter for gateway {@code gatewayId}, if it is configured. */
  Optional<GatewayAdapter> find(String gatewayId);

  /** Ids of every configured gateway, for error messages. */
  Set<String> knownGatewayIds();
}
