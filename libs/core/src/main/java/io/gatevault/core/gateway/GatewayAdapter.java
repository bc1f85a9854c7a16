package io.gatevault.core.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatevault.core.config.ConfigEntity;
import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.config.ContentHash;

/**
 * Port to one API gateway's administration interface: read its whole configuration into the
 * canonical model, put a configuration back, and check it.
 *
 * <p>Implementations sort every failure into {@link GatewayUnreachableException} (transient: worth
 * retrying) or {@link GatewayResponseRejectedException} (permanent: the gateway answered, but
 * refused or gave something unusable), with messages that name the gateway, the URL and what to do.
 */
public interface GatewayAdapter {

  /** Which gateway this adapter talks to. */
  GatewayDescriptor gateway();

  /**
   * Reads the gateway's whole configuration.
   *
   * @return the configuration as entities plus the gateway's native document
   * @throws GatewayUnreachableException when the gateway could not be reached or timed out
   * @throws GatewayResponseRejectedException when the gateway's answer is not a usable
   *     configuration
   */
  ConfigSnapshot dump();

  /**
   * Replaces the gateway's configuration with the snapshot's native configuration. A gateway that
   * refuses the configuration keeps the one it had (adapters for gateways without atomic loads must
   * say otherwise in their documentation).
   *
   * @throws GatewayUnreachableException when the gateway could not be reached or timed out
   * @throws GatewayResponseRejectedException when the gateway refused the configuration, or the
   *     snapshot is of another gateway type
   */
  void apply(ConfigSnapshot snapshot);

  /**
   * The configuration a gateway of this type runs when it holds exactly these entities: the native
   * document rebuilt from them, on the base snapshot's document (for what no entity covers, and
   * where the gateway's format needs it, e.g. the order of entities with ids of their own). This is
   * how a point-in-time restore turns replayed entities into something {@link #apply} can load. A
   * pure function: the gateway is not contacted.
   *
   * <p>For the entities of a dump, the composed document is the dumped one, byte for byte
   * (canonical JSON): {@code compose(s, s.entities()).nativeConfig().equals(s.nativeConfig())}.
   *
   * @param base a snapshot of this gateway type (the one replay started from)
   * @param entities the entities wanted, keys unique
   * @throws GatewayResponseRejectedException when the base is of another gateway type
   * @throws IllegalArgumentException naming the entity, when the entities cannot form a document of
   *     this type (an unknown entity type, a reference to an entity that is not there)
   */
  ConfigSnapshot compose(ConfigSnapshot base, java.util.List<ConfigEntity> entities);

  /** Checks the gateway without throwing: reachable, version, config hash. */
  ProbeResult probe();

  /**
   * Hex SHA-256 of the running configuration, comparable with {@link ConfigSnapshot#configHash()};
   * cheaper than a full {@link #dump()} where the gateway allows.
   *
   * @throws GatewayUnreachableException when the gateway could not be reached or timed out
   * @throws GatewayResponseRejectedException when the gateway's answer is not a configuration
   */
  String configHash();

  /**
   * The {@link #configHash()} a gateway running this native configuration would report: how a
   * restore knows what to expect after it put supplied secret values into a redacted backup. Most
   * adapters hash the whole canonical document; one that leaves target-owned parts out overrides
   * this.
   */
  default ContentHash configHashOf(JsonNode nativeConfig) {
    return ContentHash.ofJson(nativeConfig);
  }
}
