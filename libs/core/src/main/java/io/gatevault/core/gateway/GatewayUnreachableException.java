package io.gatevault.core.gateway;

/** The gateway could not be reached or did not answer in time: transient, worth retrying. */
public final class GatewayUnreachableException extends GatewayAccessException {

  public GatewayUnreachableException(String gatewayId, String message, Throwable cause) {
    super(gatewayId, message, cause);
  }

  @Override
  public boolean isRetriable() {
    return true;
  }
}
