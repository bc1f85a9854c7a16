package io.gatevault.messaging.registry;

/**
 * The registry could not be reached, timed out, or answered with a server error on every attempt.
 * Retriable: the caller may try again later, the request itself was not judged wrong.
 */
public class SchemaRegistryUnavailableException extends SchemaRegistryException {

  public SchemaRegistryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public SchemaRegistryUnavailableException(String message, int httpStatus, int errorCode) {
    super(message, httpStatus, errorCode);
  }

  @Override
  public boolean isRetriable() {
    return true;
  }
}
