package io.gatevault.messaging.registry;

/**
 * Base of every failure reported by a {@link SchemaRegistryClient}. Carries the HTTP status and the
 * registry's {@code error_code} when the registry answered, and says whether retrying can help.
 */
public class SchemaRegistryException extends RuntimeException {

  private final int httpStatus;
  private final int errorCode;

  public SchemaRegistryException(String message, int httpStatus, int errorCode) {
    super(message);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  public SchemaRegistryException(String message, Throwable cause) {
    super(message, cause);
    this.httpStatus = 0;
    this.errorCode = 0;
  }

  /** HTTP status of the registry's answer, 0 when the registry did not answer. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The registry's {@code error_code}, 0 when the registry did not answer or sent none. */
  public int errorCode() {
    return errorCode;
  }

  /** True when the same request may succeed later (registry down, overloaded, timing out). */
  public boolean isRetriable() {
    return false;
  }
}
