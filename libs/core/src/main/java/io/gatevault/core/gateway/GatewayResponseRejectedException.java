package io.gatevault.core.gateway;

/**
 * The gateway answered, but not with a configuration we can back up (error status, not the expected
 * format): permanent, retrying the same request gives the same answer.
 */
public final class GatewayResponseRejectedException extends GatewayAccessException {

  public GatewayResponseRejectedException(String gatewayId, String message) {
    super(gatewayId, message, null);
  }

  public GatewayResponseRejectedException(String gatewayId, String message, Throwable cause) {
    super(gatewayId, message, cause);
  }

  @Override
  public boolean isRetriable() {
    return false;
  }
}
