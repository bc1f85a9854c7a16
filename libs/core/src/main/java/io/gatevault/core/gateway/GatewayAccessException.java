package io.gatevault.core.gateway;

/**
 * A gateway could not give us its configuration. Subclasses say whether trying again can help, so
 * that retries happen only where they make sense (and only in one layer, the consumer's).
 */
public abstract sealed class GatewayAccessException extends RuntimeException
    permits GatewayUnreachableException, GatewayResponseRejectedException {

  private final String gatewayId;

  protected GatewayAccessException(String gatewayId, String message, Throwable cause) {
    super(message, cause);
    this.gatewayId = gatewayId;
  }

  /** The gateway that failed. */
  public String gatewayId() {
    return gatewayId;
  }

  /** True when the same request may succeed later (network, timeout, overload). */
  public abstract boolean isRetriable();
}
