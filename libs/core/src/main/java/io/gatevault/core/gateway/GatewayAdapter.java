package io.gatevault.core.gateway;

/**
 * Port to one API gateway's administration interface.
 *
 * <p>This first version only dumps the gateway's configuration as the bytes the gateway returns;
 * the canonical configuration model (entities, dependency order, diff) arrives with the adapters
 * for Kong, Caddy and the cloud gateways. Implementations sort every failure into {@link
 * GatewayUnreachableException} (transient: worth retrying) or {@link
 * GatewayResponseRejectedException} (permanent: the gateway answered, but not with a configuration
 * we can back up).
 */
public interface GatewayAdapter {

  /** Which gateway this adapter talks to. */
  GatewayDescriptor gateway();

  /**
   * Reads the gateway's whole configuration.
   *
   * @return the configuration document exactly as the gateway returned it
   * @throws GatewayUnreachableException when the gateway could not be reached or timed out
   * @throws GatewayResponseRejectedException when the gateway's answer is not a usable
   *     configuration
   */
  byte[] dump();
}
