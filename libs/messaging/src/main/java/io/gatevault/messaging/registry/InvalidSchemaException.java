package io.gatevault.messaging.registry;

/**
 * The registry could not parse the schema or does not support its type (error 42201). Permanent:
 * retrying the same request cannot help.
 */
public class InvalidSchemaException extends SchemaRegistryException {

  public InvalidSchemaException(String message, int httpStatus, int errorCode) {
    super(message, httpStatus, errorCode);
  }
}
