package io.gatevault.messaging.registry;

/**
 * The registry refused the compatibility level (error 42203). Permanent: retrying the same request
 * cannot help.
 */
public class InvalidCompatibilityLevelException extends SchemaRegistryException {

  public InvalidCompatibilityLevelException(String message, int httpStatus, int errorCode) {
    super(message, httpStatus, errorCode);
  }
}
